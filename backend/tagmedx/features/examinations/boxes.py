"""Business rules of single boxes: add, change and remove one box of the caller's examination.

Each write first takes the reading's write lock by raising its version (repository.bump_version);
only then does it check the caller's precondition against the version it replaced, read the box and
judge the new geometry, so two sessions changing one box at once queue up, and the second sees the
first's change: a PATCH changes only the fields it sends, and the box it leaves lies inside the image
whatever was written in between. A refused write rolls back with the request, the version's bump
included.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access
from tagmedx.errors import NotFound
from tagmedx.features.audit.service import record
from tagmedx.features.examinations import repository, rules
from tagmedx.features.examinations.preconditions import EntityTags, PreconditionFailed, etag
from tagmedx.features.examinations.repository import Bumped, SampleContext
from tagmedx.features.examinations.schemas import BoxChanged, BoxCreate, BoxPatch
from tagmedx.models import Box, Examination, SetType

GEOMETRY = ("x", "y", "width", "height")


class BoxGone(NotFound):
    code = "box_not_found"
    detail = "This box was removed meanwhile (another session of the reading). Reload the reading."


@dataclass(frozen=True)
class Condition:
    """What a box write requires of its reading: its ETag (If-Match), its `version`, both or neither
    (an unconditional write)."""

    if_match: EntityTags | None = None
    version: int | None = None

    def check(self, examination_id: int, current: int, created_at: datetime) -> None:
        tag = etag(examination_id, current, created_at)
        if self.if_match is not None and not self.if_match.match(tag, weak=False):
            raise PreconditionFailed(
                f"The reading is now at {tag}, not at the ETag you sent (If-Match). "
                "Reload it and apply your change again."
            )
        if self.version is not None and self.version != current:
            raise rules.StaleVersion(
                f"This examination was changed elsewhere: the current version is {current}, you sent "
                f"{self.version}. Reload it and apply your change again."
            )


async def _editable(session: AsyncSession, access: Access[Any], examination_id: int) -> SampleContext:
    """The sample's context, once the caller is the author and may still change the examination."""
    author_id, context = await repository.examination_context(session, examination_id)
    if author_id != access.user.id:
        raise rules.NotAuthor()
    rules.check_may_edit(access.role, access.user.id, context)
    if context.set_type is not SetType.detection:
        raise rules.BoxesNotAllowed()
    return context


@dataclass(frozen=True)
class Written:
    """A box as a write left it, and the reading's new ETag."""

    box: BoxChanged
    etag: str


async def _lock_reading(session: AsyncSession, examination_id: int, condition: Condition) -> Bumped:
    """Raise the reading's version (its write lock from now on) and check `condition` against the
    version this replaces; the new version."""
    bumped = await repository.bump_version(session, examination_id)
    if bumped is None:
        raise rules.ExaminationNotFound("This examination was deleted meanwhile.")
    condition.check(examination_id, bumped.version - 1, bumped.created_at)
    return bumped


def _changed(box: Box, bumped: Bumped, **values: Any) -> Written:
    fields = {name: getattr(box, name) for name in ("id", "label_id", *GEOMETRY, "comment")}
    changed = BoxChanged(
        **(fields | values), examination_id=box.examination_id, examination_version=bumped.version
    )
    return Written(changed, etag(box.examination_id, bumped.version, bumped.created_at))


async def _audit(session: AsyncSession, access: Access[Any], action: str, box: BoxChanged) -> None:
    await record(
        session,
        action=action,
        user_id=access.user.id,
        group_id=access.group_id,
        object_type="box",
        object_id=box.id,
        detail={
            "examination_id": box.examination_id,
            "version": box.examination_version,
            "label_id": box.label_id,
        },
    )


async def create_box(
    session: AsyncSession, access: Access[Examination], body: BoxCreate, if_match: EntityTags | None
) -> Written:
    examination_id = access.obj.id
    context = await _editable(session, access, examination_id)
    await rules.check_labels(session, context, [body.label_id])
    values = rules.fit_box(body.model_dump(exclude={"version"}), context)
    bumped = await _lock_reading(session, examination_id, Condition(if_match, body.version))
    created = _changed(await repository.insert_box(session, examination_id, values), bumped)
    await _audit(session, access, "box.create", created.box)
    return created


async def update_box(
    session: AsyncSession, access: Access[Box], body: BoxPatch, if_match: EntityTags | None
) -> Written:
    examination_id = access.obj.examination_id
    context = await _editable(session, access, examination_id)
    changes = body.changes()
    if "label_id" in changes:
        await rules.check_labels(session, context, [changes["label_id"]])
    bumped = await _lock_reading(session, examination_id, Condition(if_match, body.version))
    box = await repository.locked_box(session, access.obj.id)  # as it is now, not as the guard read it
    if box is None:
        raise BoxGone()
    current = {name: getattr(box, name) for name in GEOMETRY}
    fitted = rules.fit_box(current | changes, context)
    written = changes | {
        name: fitted[name] for name in GEOMETRY if name in changes or fitted[name] != current[name]
    }
    await repository.update_box(session, box.id, written)
    changed = _changed(box, bumped, **written)
    await _audit(session, access, "box.update", changed.box)
    return changed


async def delete_box(
    session: AsyncSession, access: Access[Box], if_match: EntityTags | None, version: int | None
) -> None:
    box = access.obj
    await _editable(session, access, box.examination_id)
    bumped = await _lock_reading(session, box.examination_id, Condition(if_match, version))
    if not await repository.delete_box(session, box.id):
        raise BoxGone()
    await _audit(session, access, "box.delete", _changed(box, bumped).box)

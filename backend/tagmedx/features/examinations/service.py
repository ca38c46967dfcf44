"""Business rules of examinations: read, save a whole reading atomically, delete, review."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access, Action, can, may_delete_examination
from tagmedx.errors import Forbidden
from tagmedx.features.audit.service import record
from tagmedx.features.examinations import repository, rules
from tagmedx.features.examinations.preconditions import EntityTags, PreconditionFailed, etag
from tagmedx.features.examinations.repository import SaveAccess, SaveContext
from tagmedx.features.examinations.rules import ExaminationNotFound, StaleVersion
from tagmedx.features.examinations.schemas import Author, BoxOut, ExaminationIn, ExaminationOut
from tagmedx.models import Box, Examination, Sample
from tagmedx.models.base import utcnow
from tagmedx.pagination import Page, PageParams

OVERWRITE_ATTEMPTS = 3  # a save without a version retries when a concurrent save changed the row


@dataclass(frozen=True)
class NotModified:
    """The answer to a GET whose If-None-Match names the reading's current ETag."""

    etag: str


def box_out(box: Box) -> BoxOut:
    return BoxOut(
        id=box.id,
        label_id=box.label_id,
        x=box.x,
        y=box.y,
        width=box.width,
        height=box.height,
        comment=box.comment,
    )


def examination_out(
    examination: Examination, author: Author, label_ids: list[int], boxes: Sequence[Box]
) -> ExaminationOut:
    return ExaminationOut(
        id=examination.id,
        sample_id=examination.sample_id,
        set_id=examination.set_id,
        user_id=examination.user_id,
        author=author,
        tentative=examination.tentative,
        bad_quality=examination.bad_quality,
        comment=examination.comment,
        label_ids=label_ids,
        boxes=[box_out(box) for box in boxes],
        version=examination.version,
        created_at=examination.created_at,
        updated_at=examination.updated_at,
    )


def _caller(access: Access[Sample]) -> Author:
    return Author(name=access.user.name, surname=access.user.surname, role=access.role)


async def _load(session: AsyncSession, examination: Examination, author: Author) -> ExaminationOut:
    labels = await repository.label_ids_of(session, [examination.id])
    boxes = await repository.boxes_of(session, [examination.id])
    return examination_out(examination, author, labels[examination.id], boxes[examination.id])


async def get_my_examination(
    session: AsyncSession, access: Access[Sample], if_none_match: EntityTags | None = None
) -> ExaminationOut | NotModified:
    """The caller's reading, or NotModified (without reading its labels and boxes) when its ETag is
    one of `if_none_match`."""
    examination = await repository.find_examination(session, access.obj.id, access.user.id)
    if examination is None:
        raise ExaminationNotFound()
    tag = etag(examination.id, examination.version, examination.created_at)
    if if_none_match is not None and if_none_match.match(tag, weak=True):
        return NotModified(tag)
    return await _load(session, examination, _caller(access))


async def save_examination(
    session: AsyncSession, saving: SaveAccess, reading: ExaminationIn, if_match: EntityTags | None = None
) -> ExaminationOut:
    """Create or replace the caller's whole reading of the sample: flags, comment, labels and boxes.

    Five statements whatever the reading holds (tests/perf/test_statement_counts.py): the sample's
    guard, which reads everything the rules need as well (dependencies.guard_save), the examination's
    row, emptying it, its new contents, the audit record.
    """
    access, found = saving.access, saving.context
    label_ids = list(dict.fromkeys(reading.label_ids))
    wanted = {*label_ids, *(box.label_id for box in reading.boxes)}
    known = found.known_labels if wanted == saving.counted_labels else None
    context = found.sample
    rules.check_may_edit(access.role, access.user.id, context)
    rules.check_reading_shape(context, label_ids=label_ids, box_count=len(reading.boxes))
    await rules.check_labels(session, context, wanted, known=known)
    boxes = [rules.fit_box(box.model_dump(), context, index=i) for i, box in enumerate(reading.boxes)]
    if if_match is not None:
        _check_if_match(if_match, found)
    examination = await _write_examination(session, access, found, reading, conditional=if_match is not None)
    created = found.examination_id is None
    if not created:
        await repository.delete_contents(session, examination.id, context.set_type)
    await repository.insert_labels(session, examination.id, label_ids)
    saved_boxes = await repository.insert_boxes(session, examination.id, boxes)
    await record(
        session,
        action="examination.save",
        user_id=access.user.id,
        group_id=access.group_id,
        object_type="examination",
        object_id=examination.id,
        detail={
            "sample_id": context.sample_id,
            "version": examination.version,
            "boxes": len(boxes),
            "labels": len(label_ids),
            "created": created,
            # the labels the reading holds (chosen or on boxes), for the audit story (features/audit/story.py)
            "label_ids": sorted({box["label_id"] for box in boxes} | set(label_ids)),
        },
    )
    # built from what was just written (no second read): labels by id, boxes in the order sent
    return examination_out(examination, _caller(access), sorted(label_ids), saved_boxes)


def _check_if_match(if_match: EntityTags, found: SaveContext | Examination) -> None:
    """PreconditionFailed unless the reading as read (by the save's guard, or the delete) is at one
    of the If-Match tags: the write is then conditional on that version, so it still is when the
    write lands."""
    if isinstance(found, Examination):
        current: str | None = etag(found.id, found.version, found.created_at)
    elif found.examination_id is None or found.version is None or found.created_at is None:
        current = None
    else:
        current = etag(found.examination_id, found.version, found.created_at)
    if not if_match.match(current, weak=False):
        where = f"is now at {current}" if current else "does not exist"
        raise PreconditionFailed(
            f"This reading {where}: it does not match the If-Match you sent. Reload it and apply your "
            "changes again."
        )


async def _write_examination(
    session: AsyncSession,
    access: Access[Sample],
    found: SaveContext,
    reading: ExaminationIn,
    *,
    conditional: bool,
) -> Examination:
    """The examination's row inserted, or updated under the version check: as it now is in the
    database. `conditional`: the caller's If-Match held for `found`, so a concurrent change is a 412."""
    fields = {
        "tentative": reading.tentative,
        "bad_quality": reading.bad_quality,
        "comment": reading.comment or "",
    }
    context = found.sample
    owner = {"sample_id": context.sample_id, "set_id": context.set_id, "user_id": access.user.id}
    for _attempt in range(OVERWRITE_ATTEMPTS):
        if found.examination_id is None:
            if reading.version:
                raise StaleVersion(
                    f"You sent version {reading.version}, but this examination no longer exists. "
                    "Save again without a version to create it."
                )
            try:
                return await repository.insert_examination(session, {**owner, **fields})
            except sa.exc.IntegrityError as error:  # a concurrent save created it first
                raise StaleVersion() from error
        assert found.version is not None and found.created_at is not None
        if reading.version == 0:
            raise StaleVersion(
                f"You sent version 0 (create only), but this examination exists at version {found.version}. "
                "Reload it and apply your changes again."
            )
        if reading.version is not None and reading.version != found.version:
            raise _stale(reading.version, found.version)
        # the version read is the condition, so the answer knows the version written without a read
        now = utcnow()
        if await repository.update_examination(session, found.examination_id, found.version, fields, now):
            return Examination(
                id=found.examination_id,
                **owner,
                **fields,
                version=found.version + 1,
                created_at=found.created_at,
                updated_at=now,
            )
        if conditional:
            raise PreconditionFailed()
        current = await repository.find_examination(session, context.sample_id, access.user.id)
        if reading.version is not None or current is None:  # a concurrent save or delete won
            raise _stale(reading.version, current.version if current else None)
        # no version sent (overwrite): overwrite the concurrent save's result
        found = replace(
            found, examination_id=current.id, version=current.version, created_at=current.created_at
        )
    raise StaleVersion()


def _stale(sent: int | None, current: int | None) -> StaleVersion:
    return StaleVersion(
        f"This examination was changed elsewhere: the current version is {current}, you sent {sent}. "
        "Reload it and apply your changes again."
    )


async def delete_examination(
    session: AsyncSession, access: Access[Sample], user_id: int | None, if_match: EntityTags | None = None
) -> None:
    """Delete the caller's examination of the sample, or (admins) another reader's with `user_id`;
    with `if_match`, only while it is at one of those tags (checked by the DELETE itself)."""
    author_id = user_id if user_id is not None else access.user.id
    if author_id != access.user.id and not can(access.role, Action.annotate_any):
        raise Forbidden("Only an admin deletes another reader's examination.")
    examination = await repository.find_examination(session, access.obj.id, author_id)
    if examination is None:
        raise ExaminationNotFound("This reader has no examination of this sample.")
    if not may_delete_examination(access.role, user_id=access.user.id, author_id=examination.user_id):
        raise Forbidden()
    context = await repository.sample_context(session, access.obj.id)
    if context.package_ready and not can(access.role, Action.annotate_any):
        raise rules.PackageReady()
    if if_match is not None:
        _check_if_match(if_match, examination)
    condition = examination.version if if_match is not None else None
    if not await repository.delete_examination(session, examination.id, condition):
        raise PreconditionFailed() if if_match is not None else ExaminationNotFound()
    await record(
        session,
        action="examination.delete",
        user_id=access.user.id,
        group_id=access.group_id,
        object_type="examination",
        object_id=examination.id,
        detail={"sample_id": examination.sample_id, "author_id": author_id, "version": examination.version},
    )


async def list_examinations(
    session: AsyncSession, access: Access[Sample], page: PageParams
) -> Page[ExaminationOut]:
    rows, cursor = await repository.page_of_sample(session, access.obj.id, access.group_id, page)
    ids = [row[0].id for row in rows]
    labels = await repository.label_ids_of(session, ids)
    boxes = await repository.boxes_of(session, ids)
    items = [
        examination_out(
            examination,
            Author(name=name, surname=surname, role=role),
            labels[examination.id],
            boxes[examination.id],
        )
        for examination, name, surname, role in rows
    ]
    return Page[ExaminationOut](items=items, next_cursor=cursor)

"""Business rules of single boxes: add, change and remove one box of the caller's examination."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access
from tagmedx.features.audit.service import record
from tagmedx.features.examinations import repository, rules
from tagmedx.features.examinations.repository import SampleContext
from tagmedx.features.examinations.schemas import BoxChanged, BoxIn, BoxPatch
from tagmedx.models import Box, Examination, SetType


async def _editable(session: AsyncSession, access: Access[Any], examination: Examination) -> SampleContext:
    """The sample's context, once the caller is the author and may still change the examination."""
    if examination.user_id != access.user.id:
        raise rules.NotAuthor()
    context = await repository.examination_context(session, examination.id)
    rules.check_may_edit(access.role, access.user.id, context)
    if context.set_type is not SetType.detection:
        raise rules.BoxesNotAllowed()
    return context


def _changed(box: Box, version: int) -> BoxChanged:
    return BoxChanged(
        id=box.id,
        label_id=box.label_id,
        x=box.x,
        y=box.y,
        width=box.width,
        height=box.height,
        comment=box.comment,
        examination_id=box.examination_id,
        examination_version=version,
    )


async def _audit(session: AsyncSession, access: Access[Any], action: str, box: Box, version: int) -> None:
    await record(
        session,
        action=action,
        user_id=access.user.id,
        group_id=access.group_id,
        object_type="box",
        object_id=box.id,
        detail={"examination_id": box.examination_id, "version": version, "label_id": box.label_id},
    )


async def create_box(session: AsyncSession, access: Access[Examination], body: BoxIn) -> BoxChanged:
    context = await _editable(session, access, access.obj)
    await rules.check_labels(session, context, [body.label_id])
    box_id = await repository.insert_box(session, access.obj.id, rules.fit_box(body.model_dump(), context))
    version = await repository.bump_version(session, access.obj.id)
    box = await repository.get_box(session, box_id)
    await _audit(session, access, "box.create", box, version)
    return _changed(box, version)


async def update_box(session: AsyncSession, access: Access[Box], body: BoxPatch) -> BoxChanged:
    box = access.obj
    examination = await repository.get_examination(session, box.examination_id)
    context = await _editable(session, access, examination)
    changes = body.changes()
    if "label_id" in changes:
        await rules.check_labels(session, context, [changes["label_id"]])
    current = {"x": box.x, "y": box.y, "width": box.width, "height": box.height}
    geometry = rules.fit_box({**current, **changes}, context)
    await repository.update_box(session, box.id, {**changes, **{key: geometry[key] for key in current}})
    version = await repository.bump_version(session, examination.id)
    box = await repository.get_box(session, box.id)
    await _audit(session, access, "box.update", box, version)
    return _changed(box, version)


async def delete_box(session: AsyncSession, access: Access[Box]) -> None:
    box = access.obj
    examination = await repository.get_examination(session, box.examination_id)
    await _editable(session, access, examination)
    await repository.delete_box(session, box.id)
    version = await repository.bump_version(session, examination.id)
    await _audit(session, access, "box.delete", box, version)

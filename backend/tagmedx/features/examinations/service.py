"""Business rules of examinations: read, save a whole reading atomically, delete, review."""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access, Action, can, may_delete_examination
from tagmedx.errors import Forbidden
from tagmedx.features.audit.service import record
from tagmedx.features.examinations import repository, rules
from tagmedx.features.examinations.repository import SampleContext
from tagmedx.features.examinations.rules import ExaminationNotFound, StaleVersion
from tagmedx.features.examinations.schemas import Author, BoxOut, ExaminationIn, ExaminationOut
from tagmedx.models import Box, Examination, Sample
from tagmedx.pagination import Page, PageParams


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


async def get_my_examination(session: AsyncSession, access: Access[Sample]) -> ExaminationOut:
    examination = await repository.find_examination(session, access.obj.id, access.user.id)
    if examination is None:
        raise ExaminationNotFound()
    return await _load(session, examination, _caller(access))


async def save_examination(
    session: AsyncSession, access: Access[Sample], reading: ExaminationIn
) -> ExaminationOut:
    """Create or replace the caller's whole reading of the sample: flags, comment, labels and boxes."""
    context = await repository.sample_context(session, access.obj.id)
    rules.check_may_edit(access.role, access.user.id, context)
    label_ids = list(dict.fromkeys(reading.label_ids))
    rules.check_reading_shape(context, label_ids=label_ids, box_count=len(reading.boxes))
    await rules.check_labels(session, context, [*label_ids, *(box.label_id for box in reading.boxes)])
    boxes = [rules.fit_box(box.model_dump(), context, index=i) for i, box in enumerate(reading.boxes)]
    examination_id, created = await _write_examination(session, access, context, reading)
    await repository.insert_labels(session, examination_id, label_ids)
    saved_boxes = await repository.insert_boxes(session, examination_id, boxes)
    examination = await repository.get_examination(session, examination_id)
    await record(
        session,
        action="examination.save",
        user_id=access.user.id,
        group_id=access.group_id,
        object_type="examination",
        object_id=examination_id,
        detail={
            "sample_id": context.sample_id,
            "version": examination.version,
            "boxes": len(boxes),
            "labels": len(label_ids),
            "created": created,
        },
    )
    # built from what was just written (no second read): labels by id, boxes in the order sent
    return examination_out(examination, _caller(access), sorted(label_ids), saved_boxes)


async def _write_examination(
    session: AsyncSession, access: Access[Sample], context: SampleContext, reading: ExaminationIn
) -> tuple[int, bool]:
    """The examination's row, inserted or updated under the version check, emptied of labels and boxes."""
    fields = {
        "tentative": reading.tentative,
        "bad_quality": reading.bad_quality,
        "comment": reading.comment or "",
    }
    existing = await repository.find_examination(session, context.sample_id, access.user.id)
    if existing is None:
        if reading.version:
            raise StaleVersion(
                f"You sent version {reading.version}, but this examination no longer exists. "
                "Save again without a version to create it."
            )
        values = {"sample_id": context.sample_id, "set_id": context.set_id, "user_id": access.user.id}
        try:
            return await repository.insert_examination(session, {**values, **fields}), True
        except sa.exc.IntegrityError as error:  # a concurrent save created it first
            raise StaleVersion() from error
    if reading.version == 0:
        raise StaleVersion(
            f"You sent version 0 (create only), but this examination exists at version {existing.version}. "
            "Reload it and apply your changes again."
        )
    if reading.version is not None and reading.version != existing.version:
        raise _stale(reading.version, existing.version)
    if not await repository.update_examination(session, existing.id, reading.version, fields):
        current = await repository.find_examination(session, context.sample_id, access.user.id)
        raise _stale(reading.version, current.version if current else None)
    await repository.delete_contents(session, existing.id)
    return existing.id, False


def _stale(sent: int | None, current: int | None) -> StaleVersion:
    return StaleVersion(
        f"This examination was changed elsewhere: the current version is {current}, you sent {sent}. "
        "Reload it and apply your changes again."
    )


async def delete_examination(session: AsyncSession, access: Access[Sample], user_id: int | None) -> None:
    """Delete the caller's examination of the sample, or (admins) another reader's with `user_id`."""
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
    await repository.delete_examination(session, examination.id)
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

"""Rules for labels: unique names and shortcuts in a set, default shortcuts 1..9 then 0, no deleting
a label that annotations use."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.errors import Conflict
from tagmedx.features.audit.service import record
from tagmedx.features.labels import repository
from tagmedx.features.labels.schemas import LabelCreate, LabelOut, LabelUpdate
from tagmedx.models import Label
from tagmedx.pagination import Page, PageParams

DEFAULT_SHORTCUTS = "1234567890"


class LabelNameTaken(Conflict):
    code = "label_name_taken"
    detail = "This set already has a label with this name."


class ShortcutTaken(Conflict):
    code = "shortcut_taken"
    detail = "Another label of this set already uses this shortcut."


class LabelInUse(Conflict):
    code = "label_in_use"
    detail = "This label is used by annotations; remove them first."


def to_out(label: Label) -> LabelOut:
    return LabelOut(
        id=label.id,
        set_id=label.set_id,
        name=label.name,
        description=label.description,
        color=label.color,
        shortcut=label.shortcut,
    )


async def list_labels(session: AsyncSession, *, set_id: int, params: PageParams) -> Page[LabelOut]:
    labels, next_cursor = await repository.list_page(session, set_id, params)
    return Page[LabelOut](items=[to_out(label) for label in labels], next_cursor=next_cursor)


async def create(
    session: AsyncSession, *, set_id: int, group_id: int, user_id: int, body: LabelCreate
) -> LabelOut:
    if await repository.name_taken(session, set_id, body.name):
        raise LabelNameTaken(f'This set already has a label named "{body.name}".')
    shortcut = body.shortcut
    if body.wants_default_shortcut:
        shortcut = next_free_shortcut(await repository.shortcuts(session, set_id))
    elif shortcut is not None and await repository.shortcut_taken(session, set_id, shortcut):
        raise _shortcut_taken(shortcut)
    label = Label(
        set_id=set_id, name=body.name, description=body.description, color=body.color, shortcut=shortcut
    )
    session.add(label)
    async with _unique_violations(shortcut):
        await repository.flush(session)
    await record(
        session,
        action="label.create",
        user_id=user_id,
        group_id=group_id,
        object_type="label",
        object_id=label.id,
        detail={"set_id": set_id, "name": label.name, "color": label.color, "shortcut": label.shortcut},
    )
    return to_out(label)


def next_free_shortcut(taken: set[str]) -> str | None:
    """The first digit of 1..9, 0 not yet used in the set, or None when all ten are."""
    return next((key for key in DEFAULT_SHORTCUTS if key not in taken), None)


async def update(
    session: AsyncSession, *, label: Label, group_id: int, user_id: int, body: LabelUpdate
) -> LabelOut:
    changes = {field: value for field, value in body.changes().items() if getattr(label, field) != value}
    name = changes.get("name")
    if isinstance(name, str) and await repository.name_taken(session, label.set_id, name, except_id=label.id):
        raise LabelNameTaken(f'This set already has a label named "{name}".')
    shortcut = changes.get("shortcut")
    if isinstance(shortcut, str) and await repository.shortcut_taken(
        session, label.set_id, shortcut, except_id=label.id
    ):
        raise _shortcut_taken(shortcut)
    if changes:
        before = {field: getattr(label, field) for field in changes}
        for field, value in changes.items():
            setattr(label, field, value)
        async with _unique_violations(label.shortcut):
            await repository.flush(session)
        await record(
            session,
            action="label.update",
            user_id=user_id,
            group_id=group_id,
            object_type="label",
            object_id=label.id,
            detail={"set_id": label.set_id, "before": before, "after": changes},
        )
    return to_out(label)


async def delete(session: AsyncSession, *, label: Label, group_id: int, user_id: int) -> None:
    boxes, chosen = await repository.usage(session, label.id)
    if boxes or chosen:
        raise LabelInUse(
            f"This label is used by {_count(boxes, 'box', 'boxes')} and "
            f"{_count(chosen, 'classification', 'classifications')}; "
            "change or delete those annotations first."
        )
    try:
        await repository.delete(session, label)
    except sa.exc.IntegrityError as error:  # an annotation used it between the check and the delete
        raise LabelInUse() from error
    await record(
        session,
        action="label.delete",
        user_id=user_id,
        group_id=group_id,
        object_type="label",
        object_id=label.id,
        detail={"set_id": label.set_id, "name": label.name},
    )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _shortcut_taken(shortcut: str) -> ShortcutTaken:
    return ShortcutTaken(f'Another label of this set already uses the shortcut "{shortcut}".')


@asynccontextmanager
async def _unique_violations(shortcut: str | None) -> AsyncIterator[None]:
    """Turn a unique-constraint race (another request saved the same name or shortcut first) into 409."""
    try:
        yield
    except sa.exc.IntegrityError as error:
        if shortcut is not None and "shortcut" in str(error.orig).lower():
            raise _shortcut_taken(shortcut) from error
        if "name" in str(error.orig).lower():
            raise LabelNameTaken() from error
        raise

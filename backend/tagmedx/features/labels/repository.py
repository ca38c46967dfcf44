"""Every SQL statement of the labels feature."""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Box, ExaminationLabel, Label
from tagmedx.pagination import PageParams, fetch_page


async def list_page(
    session: AsyncSession, set_id: int, params: PageParams
) -> tuple[Sequence[Label], str | None]:
    statement = sa.select(Label).where(Label.set_id == set_id)
    rows, next_cursor = await fetch_page(session, statement, Label.id, params)
    return [row[0] if isinstance(row, sa.Row) else row for row in rows], next_cursor


async def name_taken(session: AsyncSession, set_id: int, name: str, *, except_id: int | None = None) -> bool:
    """Whether another label of the set has this name, compared without case."""
    condition = sa.and_(Label.set_id == set_id, sa.func.lower(Label.name) == name.lower())
    if except_id is not None:
        condition = sa.and_(condition, Label.id != except_id)
    return bool(await session.scalar(sa.select(sa.exists().where(condition))))


async def shortcuts(session: AsyncSession, set_id: int) -> set[str]:
    rows = await session.scalars(
        sa.select(Label.shortcut).where(Label.set_id == set_id, Label.shortcut.is_not(None))
    )
    return {shortcut for shortcut in rows if shortcut is not None}


async def shortcut_taken(
    session: AsyncSession, set_id: int, shortcut: str, *, except_id: int | None = None
) -> bool:
    condition = sa.and_(Label.set_id == set_id, Label.shortcut == shortcut)
    if except_id is not None:
        condition = sa.and_(condition, Label.id != except_id)
    return bool(await session.scalar(sa.select(sa.exists().where(condition))))


async def flush(session: AsyncSession) -> None:
    await session.flush()


async def usage(session: AsyncSession, label_id: int) -> tuple[int, int]:
    """How many boxes and how many classification choices use the label, in one statement."""
    boxes = sa.select(sa.func.count()).select_from(Box).where(Box.label_id == label_id).scalar_subquery()
    chosen = (
        sa.select(sa.func.count())
        .select_from(ExaminationLabel)
        .where(ExaminationLabel.label_id == label_id)
        .scalar_subquery()
    )
    row = (await session.execute(sa.select(boxes, chosen))).one()
    return int(row[0]), int(row[1])


async def delete(session: AsyncSession, label: Label) -> None:
    await session.delete(label)
    await session.flush()

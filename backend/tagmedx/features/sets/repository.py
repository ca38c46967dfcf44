"""Every SQL statement of the sets feature."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    Box,
    Examination,
    ExaminationLabel,
    Label,
    Package,
    Sample,
    Set,
    SetType,
)
from tagmedx.pagination import PageParams, fetch_page


@dataclass(frozen=True)
class Counts:
    samples: int = 0
    packages: int = 0


async def add(session: AsyncSession, item: Set) -> Set:
    session.add(item)
    await session.flush()
    return item


async def list_page(
    session: AsyncSession,
    group_id: int,
    params: PageParams,
    *,
    name_contains: str | None = None,
    set_type: SetType | None = None,
) -> tuple[Sequence[Set], str | None]:
    statement = sa.select(Set).where(Set.group_id == group_id)
    if name_contains:
        pattern = "%" + _escape_like(name_contains.lower()) + "%"
        statement = statement.where(sa.func.lower(Set.name).like(pattern, escape="\\"))
    if set_type is not None:
        statement = statement.where(Set.type == set_type)
    rows, next_cursor = await fetch_page(session, statement, Set.id, params)
    return entities(rows), next_cursor


def entities(rows: Sequence[Any]) -> list[Any]:
    """The models of `select(Model)` rows (fetch_page hands back Row objects for whole entities)."""
    return [row[0] if isinstance(row, sa.Row) else row for row in rows]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def counts(session: AsyncSession, set_ids: Sequence[int]) -> dict[int, Counts]:
    """Samples and packages per set in one grouped query (every sample lies in a package)."""
    if not set_ids:
        return {}
    statement = (
        sa.select(Package.set_id, sa.func.count(sa.distinct(Package.id)), sa.func.count(Sample.id))
        .outerjoin(Sample, Sample.package_id == Package.id)
        .where(Package.set_id.in_(set_ids))
        .group_by(Package.set_id)
    )
    rows = await session.execute(statement)
    return {set_id: Counts(samples=samples, packages=packages) for set_id, packages, samples in rows}


async def has_samples(session: AsyncSession, set_id: int) -> bool:
    statement = sa.select(sa.exists().where(Sample.set_id == set_id))
    return bool(await session.scalar(statement))


async def has_multi_label_readings(session: AsyncSession, set_id: int) -> bool:
    """Does some reading of the set choose two or more labels?"""
    several = (
        sa.select(ExaminationLabel.examination_id)
        .join(Examination, Examination.id == ExaminationLabel.examination_id)
        .where(Examination.set_id == set_id)
        .group_by(ExaminationLabel.examination_id)
        .having(sa.func.count() > 1)
    )
    return bool(await session.scalar(sa.select(sa.exists(several))))


async def delete_sets(session: AsyncSession, condition: sa.ColumnElement[bool]) -> dict[str, int]:
    """Delete the sets matching `condition` (on `Set`) with everything in them; rows deleted per table.

    Children go first, explicitly: boxes and chosen labels refer to labels with ON DELETE RESTRICT,
    so leaving it to the database's cascades would depend on the order it visits them.
    """
    set_ids = sa.select(Set.id).where(condition).scalar_subquery()
    examination_ids = sa.select(Examination.id).where(Examination.set_id.in_(set_ids)).scalar_subquery()
    statements = {
        "boxes": sa.delete(Box).where(Box.examination_id.in_(examination_ids)),
        "examination_labels": sa.delete(ExaminationLabel).where(
            ExaminationLabel.examination_id.in_(examination_ids)
        ),
        "examinations": sa.delete(Examination).where(Examination.set_id.in_(set_ids)),
        "samples": sa.delete(Sample).where(Sample.set_id.in_(set_ids)),
        "packages": sa.delete(Package).where(Package.set_id.in_(set_ids)),
        "labels": sa.delete(Label).where(Label.set_id.in_(set_ids)),
        "sets": sa.delete(Set).where(condition),
    }
    deleted: dict[str, int] = {}
    for table, statement in statements.items():
        result = await session.execute(statement.execution_options(synchronize_session=False))
        deleted[table] = int(result.rowcount)  # type: ignore[attr-defined]
    return deleted

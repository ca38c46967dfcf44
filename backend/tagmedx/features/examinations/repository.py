"""Every SQL statement of examinations and boxes."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    Box,
    Examination,
    ExaminationLabel,
    Label,
    Membership,
    Package,
    Sample,
    Set,
    SetType,
    User,
)
from tagmedx.models.base import utcnow
from tagmedx.pagination import PageParams, fetch_page


@dataclass(frozen=True)
class SampleContext:
    """What the rules need to know about the sample being annotated."""

    sample_id: int
    set_id: int
    set_type: SetType
    width: int
    height: int
    assignee_id: int | None
    package_ready: bool


_CONTEXT_COLUMNS = (
    Sample.id,
    Sample.set_id,
    Set.type,
    Sample.width,
    Sample.height,
    Package.assignee_id,
    Package.is_ready,
)


def _context_statement() -> sa.Select[Any]:
    return (
        sa.select(*_CONTEXT_COLUMNS)
        .join(Set, Set.id == Sample.set_id)
        .join(Package, Package.id == Sample.package_id)
    )


def _context(row: Any) -> SampleContext:
    return SampleContext(
        sample_id=row[0],
        set_id=row[1],
        set_type=SetType(row[2]),
        width=row[3],
        height=row[4],
        assignee_id=row[5],
        package_ready=bool(row[6]),
    )


async def sample_context(session: AsyncSession, sample_id: int) -> SampleContext:
    row = (await session.execute(_context_statement().where(Sample.id == sample_id))).one()
    return _context(row)


async def examination_context(session: AsyncSession, examination_id: int) -> SampleContext:
    statement = _context_statement().join(Examination, Examination.sample_id == Sample.id)
    row = (await session.execute(statement.where(Examination.id == examination_id))).one()
    return _context(row)


async def labels_in_set(session: AsyncSession, set_id: int, label_ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(label_ids))
    if not wanted:
        return set()
    statement = sa.select(Label.id).where(Label.set_id == set_id, Label.id.in_(wanted))
    return set((await session.execute(statement)).scalars())


async def find_examination(session: AsyncSession, sample_id: int, user_id: int) -> Examination | None:
    statement = (
        sa.select(Examination)
        .where(Examination.sample_id == sample_id, Examination.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_examination(session: AsyncSession, examination_id: int) -> Examination:
    statement = (
        sa.select(Examination)
        .where(Examination.id == examination_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one()


async def insert_examination(session: AsyncSession, values: dict[str, Any]) -> int:
    """A new examination at version 1; a concurrent insert of the same reading raises IntegrityError."""
    examination = Examination(version=1, **values)
    session.add(examination)
    await session.flush([examination])
    return examination.id


async def update_examination(
    session: AsyncSession, examination_id: int, expected_version: int | None, values: dict[str, Any]
) -> bool:
    """Bump the version and set `values`, only if the version is still `expected_version` (when given).

    The condition is checked by the database, so of two concurrent saves of one version exactly one wins.
    """
    statement = sa.update(Examination).where(Examination.id == examination_id)
    if expected_version is not None:
        statement = statement.where(Examination.version == expected_version)
    statement = statement.values(version=Examination.version + 1, updated_at=utcnow(), **values)
    result = await session.execute(statement.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def delete_contents(session: AsyncSession, examination_id: int) -> None:
    await session.execute(
        sa.delete(ExaminationLabel).where(ExaminationLabel.examination_id == examination_id)
    )
    await session.execute(
        sa.delete(Box)
        .where(Box.examination_id == examination_id)
        .execution_options(synchronize_session=False)
    )


async def insert_labels(session: AsyncSession, examination_id: int, label_ids: Sequence[int]) -> None:
    if label_ids:
        rows = [{"examination_id": examination_id, "label_id": label_id} for label_id in label_ids]
        await session.execute(sa.insert(ExaminationLabel), rows)


async def insert_boxes(
    session: AsyncSession, examination_id: int, boxes: Sequence[dict[str, Any]]
) -> list[Box]:
    """Insert the boxes in one statement; the saved boxes (with their ids), in the given order.

    RETURNING (SQLite 3.35+, MariaDB 10.5+) hands back the ids, so the answer to a save needs no
    second read of what it just wrote.
    """
    if not boxes:
        return []
    now = utcnow()
    rows = [{**box, "examination_id": examination_id, "created_at": now, "updated_at": now} for box in boxes]
    # One multi-row INSERT numbers its rows in VALUES order on SQLite and InnoDB, so the sorted ids
    # match the rows. (sort_by_parameter_order=True would make SQLAlchemy insert row by row.)
    ids = sorted((await session.execute(sa.insert(Box).returning(Box.id), rows)).scalars().all())
    return [Box(id=box_id, **row) for box_id, row in zip(ids, rows, strict=True)]


async def label_ids_of(session: AsyncSession, examination_ids: Sequence[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if examination_ids:
        statement = (
            sa.select(ExaminationLabel.examination_id, ExaminationLabel.label_id)
            .where(ExaminationLabel.examination_id.in_(examination_ids))
            .order_by(ExaminationLabel.examination_id, ExaminationLabel.label_id)
        )
        for examination_id, label_id in await session.execute(statement):
            found[examination_id].append(label_id)
    return found


async def boxes_of(session: AsyncSession, examination_ids: Sequence[int]) -> dict[int, list[Box]]:
    found: dict[int, list[Box]] = defaultdict(list)
    if examination_ids:
        statement = (
            sa.select(Box)
            .where(Box.examination_id.in_(examination_ids))
            .order_by(Box.id)
            .execution_options(populate_existing=True)
        )
        for box in (await session.execute(statement)).scalars():
            found[box.examination_id].append(box)
    return found


async def page_of_sample(
    session: AsyncSession, sample_id: int, group_id: int, page: PageParams
) -> tuple[Sequence[Any], str | None]:
    """Every examination of the sample with its author's name and role in the group (null if they left)."""
    statement = (
        sa.select(Examination, User.name, User.surname, Membership.role)
        .join(User, User.id == Examination.user_id)
        .outerjoin(
            Membership,
            sa.and_(Membership.user_id == Examination.user_id, Membership.group_id == group_id),
        )
        .where(Examination.sample_id == sample_id)
    )
    return await fetch_page(session, statement, Examination.id, page)


async def delete_examination(session: AsyncSession, examination_id: int) -> None:
    await session.execute(
        sa.delete(Examination)
        .where(Examination.id == examination_id)
        .execution_options(synchronize_session=False)
    )


async def bump_version(session: AsyncSession, examination_id: int) -> int:
    await session.execute(
        sa.update(Examination)
        .where(Examination.id == examination_id)
        .values(version=Examination.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    statement = sa.select(Examination.version).where(Examination.id == examination_id)
    return int((await session.execute(statement)).scalar_one())


async def insert_box(session: AsyncSession, examination_id: int, values: dict[str, Any]) -> int:
    box = Box(examination_id=examination_id, **values)
    session.add(box)
    await session.flush([box])
    return box.id


async def update_box(session: AsyncSession, box_id: int, values: dict[str, Any]) -> None:
    await session.execute(
        sa.update(Box)
        .where(Box.id == box_id)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )


async def get_box(session: AsyncSession, box_id: int) -> Box:
    statement = sa.select(Box).where(Box.id == box_id).execution_options(populate_existing=True)
    return (await session.execute(statement)).scalar_one()


async def delete_box(session: AsyncSession, box_id: int) -> None:
    await session.execute(sa.delete(Box).where(Box.id == box_id).execution_options(synchronize_session=False))

"""Every SQL statement of examinations and boxes."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access, Extension
from tagmedx.db import SHORT_WRITE
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
    multi_label: bool  # the set's: may a classification reading choose several labels


_CONTEXT_COLUMNS = (
    Sample.id,
    Sample.set_id,
    Set.type,
    Sample.width,
    Sample.height,
    Package.assignee_id,
    Package.is_ready,
    Set.multi_label,
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
        multi_label=bool(row[7]),
    )


async def sample_context(session: AsyncSession, sample_id: int) -> SampleContext:
    row = (await session.execute(_context_statement().where(Sample.id == sample_id))).one()
    return _context(row)


@dataclass(frozen=True)
class SaveContext:
    """Read with the guard before a save: the sample's context, the caller's current examination (if any) and
    how many of the labels the reading names belong to the sample's set."""

    sample: SampleContext
    examination_id: int | None
    version: int | None
    created_at: datetime | None
    known_labels: int


@dataclass(frozen=True)
class SaveAccess:
    """What the save's guard hands the save: the caller's access and the SaveContext it read."""

    access: Access[Sample]
    context: SaveContext
    counted_labels: frozenset[int]  # the label ids context.known_labels counts


def _extend_for_save(with_labels: bool) -> Callable[[sa.Select[Any], Any], sa.Select[Any]]:
    """Adds to the sample guard's statement (the Sample, its Set joined) what a save's rules need: the
    set's type and multi_label, the package's assignee and state, the caller's examination, how many
    of `label_ids` belong to the set."""

    def extend(statement: sa.Select[Any], caller_id: Any) -> sa.Select[Any]:
        known: Any = sa.literal(0)
        if with_labels:
            known = (
                sa.select(sa.func.count(Label.id))
                .where(Label.set_id == Sample.set_id, Label.id.in_(sa.bindparam("label_ids", expanding=True)))
                .scalar_subquery()
            )
        return (
            statement.add_columns(
                Set.type,
                Set.multi_label,
                Package.assignee_id,
                Package.is_ready,
                Examination.id,
                Examination.version,
                Examination.created_at,
                known,
            )
            .join(Package, Package.id == Sample.package_id)
            .outerjoin(
                Examination, sa.and_(Examination.sample_id == Sample.id, Examination.user_id == caller_id)
            )
        )

    return extend


_SAVE_GUARD = {with_labels: Extension(8, _extend_for_save(with_labels)) for with_labels in (False, True)}


def save_guard(label_ids: Iterable[int]) -> tuple[Extension, dict[str, Any]]:
    """The sample guard's extension for a save naming `label_ids`, and its parameters."""
    wanted = sorted(set(label_ids))
    if not wanted:
        return _SAVE_GUARD[False], {}
    return _SAVE_GUARD[True], {"label_ids": wanted}


def save_context(access: Access[Sample]) -> SaveContext:
    """The SaveContext of a sample guard that ran with save_guard's extension."""
    sample = access.obj
    set_type, multi_label, assignee_id, is_ready, examination_id, version, created_at, known = access.extra
    return SaveContext(
        sample=SampleContext(
            sample_id=sample.id,
            set_id=sample.set_id,
            set_type=SetType(set_type),
            width=sample.width,
            height=sample.height,
            assignee_id=assignee_id,
            package_ready=bool(is_ready),
            multi_label=bool(multi_label),
        ),
        examination_id=examination_id,
        version=version,
        created_at=created_at,
        known_labels=int(known),
    )


async def examination_context(session: AsyncSession, examination_id: int) -> tuple[int, SampleContext]:
    """The examination's author and its sample's context, in one statement."""
    statement = (
        _context_statement()
        .add_columns(Examination.user_id)
        .join(Examination, Examination.sample_id == Sample.id)
        .where(Examination.id == examination_id)
    )
    row = (await session.execute(statement)).one()
    return row.user_id, _context(row)


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


async def insert_examination(session: AsyncSession, values: dict[str, Any]) -> Examination:
    """A new examination at version 1; a concurrent insert of the same reading raises IntegrityError."""
    examination = Examination(version=1, **values)
    session.add(examination)
    await session.flush([examination])
    return examination


# The save's writes: Core statements on the tables, built once (no ORM unit of work, no per-call
# building or cache-key work; docs/PERFORMANCE.md).
_EXAMINATIONS = cast(sa.Table, Examination.__table__)
_BOXES = cast(sa.Table, Box.__table__)
_LABELS = cast(sa.Table, ExaminationLabel.__table__)
_UPDATE_EXAMINATION = (
    sa.update(_EXAMINATIONS)
    .where(_EXAMINATIONS.c.id == sa.bindparam("e_id"), _EXAMINATIONS.c.version == sa.bindparam("e_version"))
    .values(
        version=_EXAMINATIONS.c.version + 1,
        updated_at=sa.bindparam("e_now"),
        tentative=sa.bindparam("e_tentative"),
        bad_quality=sa.bindparam("e_bad_quality"),
        comment=sa.bindparam("e_comment"),
    )
    .execution_options(**SHORT_WRITE)
)
_DELETE_CONTENTS = {
    SetType.classification: sa.delete(_LABELS)
    .where(_LABELS.c.examination_id == sa.bindparam("e_id"))
    .execution_options(**SHORT_WRITE),
    SetType.detection: sa.delete(_BOXES)
    .where(_BOXES.c.examination_id == sa.bindparam("e_id"))
    .execution_options(**SHORT_WRITE),
}
_INSERT_LABELS = sa.insert(_LABELS).execution_options(**SHORT_WRITE)
_INSERT_BOXES = sa.insert(_BOXES).returning(_BOXES.c.id).execution_options(**SHORT_WRITE)


async def update_examination(
    session: AsyncSession, examination_id: int, version: int, values: dict[str, Any], now: datetime
) -> bool:
    """Bump the version from `version` and set `values` (tentative, bad_quality, comment), only if the
    version is still `version`: the database checks it, so of two concurrent saves exactly one wins."""
    params = {"e_id": examination_id, "e_version": version, "e_now": now}
    params.update({f"e_{name}": value for name, value in values.items()})
    result = await session.execute(_UPDATE_EXAMINATION, params)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def delete_contents(session: AsyncSession, examination_id: int, set_type: SetType) -> None:
    """Empty the examination of what its set's type allows: labels (classification) or boxes
    (detection). A set's type changes only while it has no samples, so it never holds the other."""
    await session.execute(_DELETE_CONTENTS[set_type], {"e_id": examination_id})


async def insert_labels(session: AsyncSession, examination_id: int, label_ids: Sequence[int]) -> None:
    if label_ids:
        rows = [{"examination_id": examination_id, "label_id": label_id} for label_id in label_ids]
        await session.execute(_INSERT_LABELS, rows)


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
    rows = [
        {"comment": "", **box, "examination_id": examination_id, "created_at": now, "updated_at": now}
        for box in boxes
    ]
    # One multi-row INSERT numbers its rows in VALUES order on SQLite and InnoDB, so the sorted ids
    # match the rows. (sort_by_parameter_order=True would make SQLAlchemy insert row by row.)
    ids = sorted((await session.execute(_INSERT_BOXES, rows)).scalars().all())
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


async def delete_examination(session: AsyncSession, examination_id: int, version: int | None) -> bool:
    """Delete the examination (only while it is at `version`, unless that is None); whether it went."""
    statement = sa.delete(Examination).where(Examination.id == examination_id)
    if version is not None:
        statement = statement.where(Examination.version == version)
    result = await session.execute(statement.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Bumped:
    """An examination's version after a change, and when the examination was made (its ETag's parts)."""

    version: int
    created_at: datetime


async def bump_version(session: AsyncSession, examination_id: int) -> Bumped | None:
    """Raise the examination's version; the new one (None when the examination is gone).

    The UPDATE comes first, so from it on the transaction holds the examination's write lock (the
    row's on MariaDB, the database's on SQLite): every change of a reading starts with it, so what
    the caller reads next about the reading and its boxes stays as read until the commit."""
    await session.execute(
        sa.update(Examination)
        .where(Examination.id == examination_id)
        .values(version=Examination.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    statement = sa.select(Examination.version, Examination.created_at).where(Examination.id == examination_id)
    row = (await session.execute(statement)).one_or_none()
    return None if row is None else Bumped(version=int(row.version), created_at=row.created_at)


async def insert_box(session: AsyncSession, examination_id: int, values: dict[str, Any]) -> Box:
    box = Box(examination_id=examination_id, **values)
    session.add(box)
    await session.flush([box])
    return box


async def locked_box(session: AsyncSession, box_id: int) -> Box | None:
    """The box as it is now, locked until the commit (FOR UPDATE on MariaDB; on SQLite the
    transaction already holds the write lock), or None when it is gone."""
    statement = (
        sa.select(Box).where(Box.id == box_id).with_for_update().execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def update_box(session: AsyncSession, box_id: int, values: dict[str, Any]) -> None:
    """Set only `values` (the fields a PATCH sent, and a side clamped into the image)."""
    await session.execute(
        sa.update(Box)
        .where(Box.id == box_id)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )


async def delete_box(session: AsyncSession, box_id: int) -> bool:
    result = await session.execute(
        sa.delete(Box).where(Box.id == box_id).execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]

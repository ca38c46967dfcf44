"""Every SQL statement of samples."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.hints import force_index, through_id_range
from tagmedx.models import DicomDates, Examination, Group, Package, Sample, Set
from tagmedx.pagination import PageParams, fetch_page


@dataclass(frozen=True)
class GroupDeidentification:
    uid_secret: str
    shift_dates: bool  # the group's DICOM dates are shifted per patient rather than removed


async def group_deidentification(session: AsyncSession, group_id: int) -> GroupDeidentification:
    statement = sa.select(Group.dicom_uid_secret, Group.dicom_dates).where(Group.id == group_id)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        return GroupDeidentification("", shift_dates=False)
    return GroupDeidentification(row.dicom_uid_secret or "", row.dicom_dates is DicomDates.shift)


async def lock_set(session: AsyncSession, set_id: int) -> int | None:
    """Serialise uploads and deletes within one set until the commit; the set's package size.

    MySQL/MariaDB: SELECT ... FOR UPDATE on the set row. SQLite: a no-op write, which takes the
    database's write lock at once (so the reads that follow cannot go stale before our writes).
    """
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(
            sa.text("UPDATE sets SET package_size = package_size WHERE id = :id"), {"id": set_id}
        )
        statement = sa.select(Set.package_size).where(Set.id == set_id)
    else:
        statement = sa.select(Set.package_size).where(Set.id == set_id).with_for_update()
    size: int | None = await session.scalar(statement)
    return size


async def existing_samples(session: AsyncSession, set_id: int, hashes: Sequence[str]) -> dict[str, int]:
    """content_sha256 -> sample id, for those of `hashes` already in the set."""
    if not hashes:
        return {}
    rows = await session.execute(
        sa.select(Sample.content_sha256, Sample.id).where(
            Sample.set_id == set_id, Sample.content_sha256.in_(sorted(set(hashes)))
        )
    )
    return {sha: sample_id for sha, sample_id in rows.tuples()}


async def open_packages(session: AsyncSession, set_id: int, package_size: int) -> list[tuple[int, int]]:
    """(package id, sample count) of the set's unassigned, not-ready packages with room, oldest first."""
    count = sa.func.count(Sample.id)
    rows = await session.execute(
        sa.select(Package.id, count)
        .outerjoin(Sample, Sample.package_id == Package.id)
        .where(
            Package.set_id == set_id,
            Package.assignee_id.is_(None),
            Package.is_ready == sa.false(),
        )
        .group_by(Package.id)
        .having(count < package_size)
        .order_by(Package.id)
    )
    return [(package_id, int(samples)) for package_id, samples in rows.tuples()]


async def add_packages(session: AsyncSession, set_id: int, count: int) -> list[int]:
    packages = [Package(set_id=set_id, assignee_id=None, is_ready=False) for _ in range(count)]
    session.add_all(packages)
    await session.flush()
    return [package.id for package in packages]


async def add_samples(session: AsyncSession, samples: list[Sample]) -> None:
    session.add_all(samples)
    await session.flush()


@dataclass(frozen=True)
class SampleFilters:
    package_id: int | None = None
    annotated: bool | None = None
    tentative: bool | None = None
    bad_quality: bool | None = None
    annotated_by_me: bool | None = None
    suspected_text: bool | None = None


def _first_examination(*conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
    """The id of one matching examination of the sample, or NULL.

    A correlated scalar subquery rather than EXISTS: MariaDB turns EXISTS into a semi-join that
    materialises every examination of the table for each page (15 ms at 75k, growing with the
    table); this form is probed row by row through the (sample_id, user_id) index and stops at the
    page's LIMIT (1-3 ms at any size; SQLite plans both alike). See docs/PERFORMANCE.md.
    """
    return (
        sa.select(Examination.id)
        .where(Examination.sample_id == Sample.id, *conditions)
        .limit(1)
        .scalar_subquery()
    )


def _filter_conditions(filters: SampleFilters, user_id: int) -> list[sa.ColumnElement[bool]]:
    wanted: list[tuple[bool | None, sa.ScalarSelect[int]]] = [
        (filters.annotated, _first_examination()),
        (filters.tentative, _first_examination(Examination.tentative == sa.true())),
        (filters.bad_quality, _first_examination(Examination.bad_quality == sa.true())),
        (filters.annotated_by_me, _first_examination(Examination.user_id == user_id)),
    ]
    conditions: list[sa.ColumnElement[bool]] = [
        probe.is_not(None) if value else probe.is_(None) for value, probe in wanted if value is not None
    ]
    if filters.package_id is not None:
        conditions.append(Sample.package_id == filters.package_id)
    if filters.suspected_text is not None:
        conditions.append(Sample.suspected_text == filters.suspected_text)
    return conditions


# What a page shows of each sample (schemas.sample_out), as plain rows: half the columns, and none of
# the ORM's per-object bookkeeping (a third of a page's cost at 100 samples; docs/PERFORMANCE.md).
PAGE_COLUMNS = (
    Sample.id,
    Sample.set_id,
    Sample.number,
    Sample.package_id,
    Sample.filename,
    Sample.format,
    Sample.width,
    Sample.height,
    Sample.frames,
    Sample.size_bytes,
    Sample.created_at,
    Sample.dicom,
    Sample.burned_in_annotation_risk,
    Sample.text_scan_status,
    Sample.suspected_text,
    Sample.pixel_revision,
    Sample.files_missing,
)


async def list_samples(
    session: AsyncSession,
    set_id: int,
    filters: SampleFilters,
    user_id: int,
    params: PageParams,
    offset: int = 0,
) -> tuple[list[sa.Row[Any]], str | None]:
    statement = sa.select(*PAGE_COLUMNS).where(Sample.set_id == set_id, *_filter_conditions(filters, user_id))
    statement = through_id_range(statement, filters.package_id)
    rows, next_cursor = await fetch_page(session, statement.offset(offset or None), Sample.id, params)
    return list(rows), next_cursor


async def count_samples(
    session: AsyncSession, set_id: int, filters: SampleFilters, user_id: int, below_number: int | None
) -> int:
    """The set's samples matching `filters` (numbered below `below_number`, if given: a range of the
    index of (set, number), unless one package is asked for)."""
    conditions = [Sample.set_id == set_id, *_filter_conditions(filters, user_id)]
    statement = sa.select(sa.func.count()).select_from(Sample)
    if below_number is not None:
        conditions.append(Sample.number < below_number)
        if filters.package_id is None:
            statement = force_index(statement, Sample, "ix_samples_set_id_number")
    return int(await session.scalar(statement.where(*conditions)) or 0)


async def delete_sample(session: AsyncSession, sample_id: int) -> None:
    await session.execute(sa.delete(Sample).where(Sample.id == sample_id))


async def delete_package_if_empty(session: AsyncSession, package_id: int) -> bool:
    """Delete the package when no sample is left in it; whether it was deleted."""
    result = await session.execute(
        sa.delete(Package).where(
            Package.id == package_id,
            ~sa.exists().where(Sample.package_id == package_id),
        )
    )
    return bool(getattr(result, "rowcount", 0))

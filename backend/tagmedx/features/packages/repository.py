"""Every SQL statement of packages."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import member_group_ids
from tagmedx.models import Examination, Group, Membership, Package, Sample, Set, User
from tagmedx.pagination import PageParams, fetch_page

CLAIM_CANDIDATES = 20
CLAIM_ROUNDS = 50


@dataclass(frozen=True)
class PackageFilters:
    assignee_id: int | None = None
    status: str | None = None
    is_ready: bool | None = None


def _counts() -> tuple[Any, Any]:
    """Sample and annotated counts of each package, as subqueries correlated with the package row.

    They run for the page's packages only: grouped counts over the whole set cost 110 ms (SQLite)
    and 160 ms (MariaDB) a page at 100k samples and grew with the set (docs/PERFORMANCE.md).
    """
    samples = sa.select(sa.func.count(Sample.id)).where(Sample.package_id == Package.id).scalar_subquery()
    annotated = (
        sa.select(sa.func.count(sa.distinct(Sample.id)))
        .join(Examination, Examination.sample_id == Sample.id)
        .where(
            Sample.package_id == Package.id,
            sa.or_(Package.assignee_id.is_(None), Examination.user_id == Package.assignee_id),
        )
        .scalar_subquery()
    )
    return samples, annotated


def _summary(*extra: Any) -> sa.Select[Any]:
    """Packages with their assignee's name and their counts, in one statement."""
    samples, annotated = _counts()
    return sa.select(
        Package,
        User.name.label("assignee_name"),
        User.surname.label("assignee_surname"),
        samples.label("sample_count"),
        annotated.label("annotated_count"),
        *extra,
    ).outerjoin(User, User.id == Package.assignee_id)


def _filtered(statement: sa.Select[Any], filters: PackageFilters) -> sa.Select[Any]:
    if filters.assignee_id is not None:
        statement = statement.where(Package.assignee_id == filters.assignee_id)
    if filters.is_ready is not None:
        statement = statement.where(Package.is_ready.is_(filters.is_ready))
    if filters.status == "unassigned":
        statement = statement.where(Package.assignee_id.is_(None), Package.is_ready.is_(False))
    elif filters.status == "in_progress":
        statement = statement.where(Package.assignee_id.is_not(None), Package.is_ready.is_(False))
    elif filters.status == "ready":
        statement = statement.where(Package.is_ready.is_(True))
    return statement


async def list_of_set(
    session: AsyncSession, set_id: int, filters: PackageFilters, page: PageParams
) -> tuple[Sequence[Any], str | None]:
    statement = _summary().where(Package.set_id == set_id)
    return await fetch_page(session, _filtered(statement, filters), Package.id, page)


def _with_set_and_group(statement: sa.Select[Any]) -> sa.Select[Any]:
    return statement.join(Set, Set.id == Package.set_id).join(Group, Group.id == Set.group_id)


_SET_AND_GROUP = (
    Set.name.label("set_name"),
    Set.type.label("set_type"),
    Set.multi_label.label("set_multi_label"),
    Set.group_id.label("group_id"),
    Group.name.label("group_name"),
)


def _read_by(user_id: int) -> Any:
    """How many samples of the package hold a reading of `user_id` (correlated with the package row)."""
    return (
        sa.select(sa.func.count(Examination.id))
        .join(Sample, Sample.id == Examination.sample_id)
        .where(Sample.package_id == Package.id, Examination.user_id == user_id)
        .scalar_subquery()
    )


async def list_my_work(
    session: AsyncSession, user_id: int, filters: PackageFilters, page: PageParams
) -> tuple[Sequence[Any], str | None]:
    """The packages assigned to `user_id`, and the ready ones they read that are someone else's now."""
    handed_on = sa.and_(
        Package.is_ready.is_(True),
        Package.id.in_(
            sa.select(Sample.package_id)
            .join(Examination, Examination.sample_id == Sample.id)
            .where(Examination.user_id == user_id)
        ),
    )
    statement = _with_set_and_group(_summary(*_SET_AND_GROUP, _read_by(user_id).label("read_by_me"))).where(
        sa.or_(Package.assignee_id == user_id, handed_on), Set.group_id.in_(member_group_ids(user_id))
    )
    return await fetch_page(session, _filtered(statement, filters), Package.id, page)


async def summary_of(session: AsyncSession, package_id: int) -> Any:
    statement = _with_set_and_group(_summary(*_SET_AND_GROUP))
    statement = statement.where(Package.id == package_id).execution_options(populate_existing=True)
    return (await session.execute(statement)).one()


async def samples_of(session: AsyncSession, package_id: int, user_id: int) -> Sequence[Any]:
    """(id, number, filename, annotated_by_me) of every sample in the package, ordered by id."""
    mine = sa.exists().where(Examination.sample_id == Sample.id, Examination.user_id == user_id)
    statement = (
        sa.select(Sample.id, Sample.number, Sample.filename, mine.label("annotated_by_me"))
        .where(Sample.package_id == package_id)
        .order_by(Sample.id)
    )
    return (await session.execute(statement)).all()


async def is_member(session: AsyncSession, group_id: int, user_id: int) -> bool:
    statement = sa.select(Membership.id).where(Membership.group_id == group_id, Membership.user_id == user_id)
    return (await session.execute(statement)).first() is not None


async def update_package(session: AsyncSession, package_id: int, values: dict[str, Any]) -> None:
    await session.execute(
        sa.update(Package)
        .where(Package.id == package_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def _claim_candidates(session: AsyncSession, set_id: int) -> Sequence[int]:
    has_samples = sa.exists().where(Sample.package_id == Package.id)
    statement = (
        sa.select(Package.id)
        .where(
            Package.set_id == set_id,
            Package.assignee_id.is_(None),
            Package.is_ready.is_(False),
            has_samples,
        )
        .order_by(Package.id)
        .limit(CLAIM_CANDIDATES)
    )
    return (await session.execute(statement)).scalars().all()


async def _take(session: AsyncSession, package_id: int, user_id: int) -> bool:
    """Assign the package only if it is still free: the database decides who wins."""
    result = await session.execute(
        sa.update(Package)
        .where(
            Package.id == package_id,
            Package.assignee_id.is_(None),
            Package.is_ready.is_(False),
        )
        .values(assignee_id=user_id)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def claim_next(session: AsyncSession, set_id: int, user_id: int) -> int | None:
    """The id of the lowest free package of the set, now assigned to `user_id`; None when none is left.

    Each candidate is taken with a conditional UPDATE (`... WHERE assignee_id IS NULL`), so two
    concurrent claims can never both win the same package; a loser moves on to the next candidate.
    """
    for _ in range(CLAIM_ROUNDS):
        candidates = await _claim_candidates(session, set_id)
        if not candidates:
            return None
        for candidate in candidates:
            if await _take(session, candidate, user_id):
                return candidate
    return None


async def count_samples(session: AsyncSession, package_id: int) -> int:
    statement = sa.select(sa.func.count(Sample.id)).where(Sample.package_id == package_id)
    return int((await session.execute(statement)).scalar_one())


async def delete_package(session: AsyncSession, package_id: int) -> None:
    """The package and its samples (their examinations and boxes follow by foreign-key cascade)."""
    await session.execute(
        sa.delete(Sample).where(Sample.package_id == package_id).execution_options(synchronize_session=False)
    )
    await session.execute(
        sa.delete(Package).where(Package.id == package_id).execution_options(synchronize_session=False)
    )

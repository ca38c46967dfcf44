"""Every SQL statement of the overview: one grouped read per kind of count, over the caller's sets."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Action, groups_where_may
from tagmedx.models import Examination, Group, Package, Sample, Set, User


async def managed_sets(session: AsyncSession, user_id: int) -> Sequence[Any]:
    """(group_id, group_name, set_id, set_name, type) of the groups the user may review, sets newest first;
    a group without sets comes once with set_id None."""
    statement = (
        sa.select(
            Group.id.label("group_id"),
            Group.name.label("group_name"),
            Set.id.label("set_id"),
            Set.name.label("set_name"),
            Set.type.label("set_type"),
        )
        .outerjoin(Set, Set.group_id == Group.id)
        .where(Group.id.in_(groups_where_may(user_id, Action.review_examinations)))
        .order_by(Group.name, Group.id, Set.id.desc())
    )
    return (await session.execute(statement)).all()


def _flagged(flag: Any) -> Any:
    return sa.func.count(sa.distinct(sa.case((flag, Examination.sample_id))))


async def sample_counts(session: AsyncSession, set_ids: list[int]) -> dict[int, Any]:
    """set id -> (samples, suspected_text, files_missing)."""
    statement = (
        sa.select(
            Sample.set_id,
            sa.func.count().label("samples"),
            sa.func.count(sa.case((Sample.suspected_text.is_(True), 1))).label("suspected_text"),
            sa.func.count(sa.case((Sample.files_missing.is_(True), 1))).label("files_missing"),
        )
        .where(Sample.set_id.in_(set_ids))
        .group_by(Sample.set_id)
    )
    return {row.set_id: row for row in await session.execute(statement)}


async def reading_counts(session: AsyncSession, set_ids: list[int]) -> dict[int, Any]:
    """set id -> (annotated, tentative, bad_quality): samples with such a reading."""
    statement = (
        sa.select(
            Examination.set_id,
            sa.func.count(sa.distinct(Examination.sample_id)).label("annotated"),
            _flagged(Examination.tentative.is_(True)).label("tentative"),
            _flagged(Examination.bad_quality.is_(True)).label("bad_quality"),
        )
        .where(Examination.set_id.in_(set_ids))
        .group_by(Examination.set_id)
    )
    return {row.set_id: row for row in await session.execute(statement)}


async def package_counts(session: AsyncSession, set_ids: list[int]) -> dict[int, Any]:
    """set id -> (unassigned, in_progress, ready)."""
    assigned = Package.assignee_id.is_not(None)
    statement = (
        sa.select(
            Package.set_id,
            sa.func.count(sa.case((sa.and_(~assigned, Package.is_ready.is_(False)), 1))).label("unassigned"),
            sa.func.count(sa.case((sa.and_(assigned, Package.is_ready.is_(False)), 1))).label("in_progress"),
            sa.func.count(sa.case((Package.is_ready.is_(True), 1))).label("ready"),
        )
        .where(Package.set_id.in_(set_ids))
        .group_by(Package.set_id)
    )
    return {row.set_id: row for row in await session.execute(statement)}


async def open_packages(session: AsyncSession, set_ids: list[int]) -> Sequence[Any]:
    """The in-progress packages with their assignee's name and last save in them (or their last change)."""
    last_save = (
        sa.select(sa.func.max(Examination.updated_at))
        .join(Sample, Sample.id == Examination.sample_id)
        .where(Sample.package_id == Package.id, Examination.user_id == Package.assignee_id)
        .scalar_subquery()
    )
    statement = (
        sa.select(
            Package.id,
            Package.number,
            Package.set_id,
            Package.assignee_id,
            Package.updated_at,
            last_save.label("last_save"),
            User.title,
            User.name,
            User.surname,
        )
        .join(User, User.id == Package.assignee_id)
        .where(Package.set_id.in_(set_ids), Package.is_ready.is_(False))
        .order_by(Package.id)
    )
    return (await session.execute(statement)).all()

"""Every SQL statement of the statistics feature: aggregates only, a fixed number per request."""

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
)


def _count(column: Any, *conditions: Any) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count(column)).where(*conditions).scalar_subquery()


def _group_set_ids(group_id: int) -> sa.Select[tuple[int]]:
    return sa.select(Set.id).where(Set.group_id == group_id)


async def group_totals(session: AsyncSession, group_id: int, user_id: int | None) -> sa.Row[Any]:
    """(sets, samples, annotated_samples, packages, ready_packages); the last three of one user if given."""
    set_ids = _group_set_ids(group_id)
    examined: list[Any] = [Examination.set_id.in_(set_ids)]
    packages: list[Any] = [Package.set_id.in_(set_ids)]
    if user_id is not None:
        examined.append(Examination.user_id == user_id)
        packages.append(Package.assignee_id == user_id)
    statement = sa.select(
        _count(Set.id, Set.group_id == group_id),
        _count(Sample.id, Sample.set_id.in_(set_ids)),
        _count(Examination.sample_id.distinct(), *examined),
        _count(Package.id, *packages),
        _count(Package.id, Package.is_ready.is_(True), *packages),
    )
    return (await session.execute(statement)).one()


async def member_totals(session: AsyncSession, group_id: int, user_id: int | None) -> list[sa.Row[Any]]:
    """(user_id, annotated_samples, ready_packages) for each member, by user id."""
    set_ids = _group_set_ids(group_id)
    annotated = _count(
        Examination.sample_id.distinct(),
        Examination.set_id.in_(set_ids),
        Examination.user_id == Membership.user_id,
    )
    ready = _count(
        Package.id,
        Package.set_id.in_(set_ids),
        Package.assignee_id == Membership.user_id,
        Package.is_ready.is_(True),
    )
    statement = (
        sa.select(Membership.user_id, annotated, ready)
        .where(Membership.group_id == group_id)
        .order_by(Membership.user_id)
    )
    if user_id is not None:
        statement = statement.where(Membership.user_id == user_id)
    return list((await session.execute(statement)).all())


async def is_member(session: AsyncSession, group_id: int, user_id: int) -> bool:
    statement = sa.select(Membership.id).where(Membership.group_id == group_id, Membership.user_id == user_id)
    return (await session.scalar(statement)) is not None


async def set_totals(session: AsyncSession, set_id: int) -> sa.Row[Any]:
    """(samples, annotated_samples, packages, assigned_packages, ready_packages) of one set."""
    statement = sa.select(
        _count(Sample.id, Sample.set_id == set_id),
        _count(Examination.sample_id.distinct(), Examination.set_id == set_id),
        _count(Package.id, Package.set_id == set_id),
        _count(Package.id, Package.set_id == set_id, Package.assignee_id.is_not(None)),
        _count(Package.id, Package.set_id == set_id, Package.is_ready.is_(True)),
    )
    return (await session.execute(statement)).one()


async def label_counts(session: AsyncSession, set_id: int, set_type: SetType) -> list[sa.Row[Any]]:
    """(label_id, count) for every label of the set: boxes for detection, choices for classification.

    One counting subquery a label reads only that label's index range; a join grouped by label
    sorted every box of the set first (80 ms instead of 7 ms at 300k boxes on SQLite).
    """
    if set_type is SetType.detection:
        used = sa.select(sa.func.count()).where(Box.label_id == Label.id)
    else:
        used = sa.select(sa.func.count()).where(ExaminationLabel.label_id == Label.id)
    statement = sa.select(Label.id, used.scalar_subquery()).where(Label.set_id == set_id).order_by(Label.id)
    return list((await session.execute(statement)).all())


async def annotator_counts(session: AsyncSession, set_id: int) -> list[sa.Row[Any]]:
    """(user_id, annotated_samples) for everyone with an examination in the set."""
    statement = (
        sa.select(Examination.user_id, sa.func.count(Examination.sample_id.distinct()))
        .where(Examination.set_id == set_id)
        .group_by(Examination.user_id)
        .order_by(Examination.user_id)
    )
    return list((await session.execute(statement)).all())

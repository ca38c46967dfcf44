"""Every SQL statement of the members feature."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Membership, Package, Role, Set, User

MEMBER_COLUMNS = (
    Membership.user_id,
    User.email,
    User.name,
    User.surname,
    User.title,
    User.specialization,
    User.practice_start_year,
    Membership.role,
    Membership.joined_at,
)


def list_statement(group_id: int, *, role: Role | None) -> sa.Select[Any]:
    """The group's members with their profile, for keyset pagination on Membership.user_id."""
    statement = (
        sa.select(*MEMBER_COLUMNS)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group_id)
    )
    if role is not None:
        statement = statement.where(Membership.role == role)
    return statement


async def get_member(session: AsyncSession, group_id: int, user_id: int) -> sa.Row[Any] | None:
    statement = list_statement(group_id, role=None).where(Membership.user_id == user_id)
    return (await session.execute(statement)).one_or_none()


async def lock_admins(session: AsyncSession, group_id: int) -> set[int]:
    """The user ids of the group's admins, their membership rows locked until the transaction ends.

    On MySQL/MariaDB this serialises every role change and removal in the group, so two admins
    demoting each other cannot both succeed. SQLite ignores FOR UPDATE (it has one writer at a time);
    `count_admins` after the change covers it there.
    """
    statement = (
        sa.select(Membership.user_id)
        .where(Membership.group_id == group_id, Membership.role == Role.admin)
        .order_by(Membership.id)
        .with_for_update()
    )
    return set((await session.execute(statement)).scalars())


async def count_admins(session: AsyncSession, group_id: int) -> int:
    statement = sa.select(sa.func.count(Membership.id)).where(
        Membership.group_id == group_id, Membership.role == Role.admin
    )
    return int(await session.scalar(statement) or 0)


async def set_role(session: AsyncSession, group_id: int, user_id: int, role: Role) -> None:
    await session.execute(
        sa.update(Membership)
        .where(Membership.group_id == group_id, Membership.user_id == user_id)
        .values(role=role)
        .execution_options(synchronize_session=False)
    )


async def delete_member(session: AsyncSession, group_id: int, user_id: int) -> None:
    await session.execute(
        sa.delete(Membership)
        .where(Membership.group_id == group_id, Membership.user_id == user_id)
        .execution_options(synchronize_session=False)
    )


async def unassign_open_packages(session: AsyncSession, group_id: int, user_id: int) -> int:
    """Return the member's not-ready packages in the group's sets to the pool; how many were."""
    result = await session.execute(
        sa.update(Package)
        .where(
            Package.assignee_id == user_id,
            Package.is_ready.is_(False),
            Package.set_id.in_(sa.select(Set.id).where(Set.group_id == group_id)),
        )
        .values(assignee_id=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)

"""Member rules: roles change and members leave, but a group never loses its last admin."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access, may_remove_member
from tagmedx.errors import Conflict, Forbidden, NotFound
from tagmedx.features.audit.service import record
from tagmedx.features.members import repository
from tagmedx.features.members.schemas import MemberOut
from tagmedx.models import Group, Membership, Role
from tagmedx.pagination import Page, PageParams, fetch_page, to_page


class MemberNotFound(NotFound):
    code = "member_not_found"
    detail = "This user is not a member of the group."


class LastAdmin(Conflict):
    code = "last_admin"
    detail = "A group needs at least one admin: make another member admin first, or delete the group."


class NoLongerAdmin(Forbidden):
    detail = "You are no longer an admin of this group."


def member_out(row: Any) -> MemberOut:
    return MemberOut.model_validate(row._mapping, from_attributes=False)


async def list_members(
    session: AsyncSession, group_id: int, params: PageParams, *, role: Role | None
) -> Page[MemberOut]:
    statement = repository.list_statement(group_id, role=role)
    rows, cursor = await fetch_page(session, statement, Membership.user_id, params)
    return to_page(rows, cursor, member_out)


async def _member(session: AsyncSession, group_id: int, user_id: int) -> MemberOut:
    row = await repository.get_member(session, group_id, user_id)
    if row is None:
        raise MemberNotFound(f"User {user_id} is not a member of this group.")
    return member_out(row)


async def _keep_an_admin(session: AsyncSession, group_id: int) -> None:
    """Checked after the change, inside its transaction: the guarantee where FOR UPDATE is a no-op."""
    if await repository.count_admins(session, group_id) < 1:
        raise LastAdmin()


async def change_role(session: AsyncSession, access: Access[Group], user_id: int, role: Role) -> MemberOut:
    group_id, caller_id = access.group_id, access.user.id
    await _member(session, group_id, user_id)
    admins = await repository.lock_admins(session, group_id)
    if caller_id not in admins:
        raise NoLongerAdmin()
    was_admin = user_id in admins
    if was_admin == (role is Role.admin):
        return await _member(session, group_id, user_id)
    if was_admin and len(admins) <= 1:
        raise LastAdmin("You are the group's only admin: make another member admin first.")
    await repository.set_role(session, group_id, user_id, role)
    await _keep_an_admin(session, group_id)
    previous = Role.admin if was_admin else Role.annotator
    await record(
        session,
        action="member.role_change",
        user_id=caller_id,
        group_id=group_id,
        object_type="user",
        object_id=user_id,
        detail={"from": previous.value, "to": role.value},
    )
    return await _member(session, group_id, user_id)


async def remove_member(session: AsyncSession, access: Access[Group], user_id: int) -> None:
    group_id, caller_id = access.group_id, access.user.id
    if not may_remove_member(access.role, user_id=caller_id, member_user_id=user_id):
        raise Forbidden("Only an admin can remove other members.")
    target = await _member(session, group_id, user_id)
    admins = await repository.lock_admins(session, group_id)
    leaving = caller_id == user_id
    if not leaving and caller_id not in admins:
        raise NoLongerAdmin()
    if user_id in admins and len(admins) <= 1:
        raise LastAdmin("The group's only admin cannot leave: make another member admin first.")
    await repository.delete_member(session, group_id, user_id)
    await _keep_an_admin(session, group_id)
    unassigned = await repository.unassign_open_packages(session, group_id, user_id)
    await record(
        session,
        action="member.leave" if leaving else "member.remove",
        user_id=caller_id,
        group_id=group_id,
        object_type="user",
        object_id=user_id,
        detail={"role": target.role.value, "unassigned_packages": unassigned},
    )

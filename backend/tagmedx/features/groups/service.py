"""Group rules: creation with a strong join code, joining, renaming, rotating the code, deletion."""

import secrets
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Action, can
from tagmedx.errors import Conflict, NotFound
from tagmedx.features.audit.service import record
from tagmedx.features.groups import join_codes, repository
from tagmedx.features.groups.schemas import GroupCreate, GroupOut, GroupUpdate, JoinCodeOut
from tagmedx.features.samples.files import queue_files_of
from tagmedx.models import DicomDates, Group, Role, User
from tagmedx.pagination import Page, PageParams, fetch_page, to_page

CODE_ATTEMPTS = 5


class JoinCodeNotFound(NotFound):
    code = "join_code_not_found"
    detail = "No group has this join code. Ask the group's admin for the current one."


class JoinCodeExhausted(Conflict):
    code = "join_code_unavailable"
    detail = "Could not find an unused join code. Try again."


def new_join_code() -> str:
    """A code to dictate: `7KQ2-MX9P-4TZA`, 60 random bits (features/groups/join_codes.py)."""
    return join_codes.new_code()


def group_out(group: Group, role: Role, member_count: int) -> GroupOut:
    return GroupOut(
        id=group.id,
        name=group.name,
        description=group.description,
        role=role,
        join_code=group.join_code if can(role, Action.view_join_code) else None,
        member_count=member_count,
        dicom_dates=group.dicom_dates,
        created_at=group.created_at,
        updated_at=group.updated_at,
    )


async def _group_for(session: AsyncSession, group_id: int, user_id: int) -> GroupOut:
    row = await repository.group_with_role(session, group_id, user_id)
    if row is None:
        raise NotFound(f"Group {group_id} was not found.", code="group_not_found")
    return group_out(row[0], Role(row[1]), int(row[2]))


async def create_group(session: AsyncSession, user: User, body: GroupCreate) -> GroupOut:
    user_id = user.id
    for _ in range(CODE_ATTEMPTS):
        group_id = await repository.insert_group(
            session,
            name=body.name,
            description=body.description or "",
            join_code=new_join_code(),
            dicom_uid_secret=secrets.token_hex(32),
            dicom_dates=body.dicom_dates or DicomDates.remove,
        )
        if group_id is not None:
            break
    else:
        raise JoinCodeExhausted()
    await repository.add_member_if_absent(session, group_id, user_id, Role.admin)
    await record(
        session,
        action="group.create",
        user_id=user_id,
        group_id=group_id,
        object_type="group",
        object_id=group_id,
        detail={"name": body.name},
    )
    return await _group_for(session, group_id, user_id)


async def list_groups(
    session: AsyncSession,
    user: User,
    params: PageParams,
    *,
    search: str | None,
    role: Role | None,
    newest_first: bool = False,
) -> Page[GroupOut]:
    statement = repository.list_statement(user.id, search=search, role=role)
    rows, cursor = await fetch_page(session, statement, Group.id, params, descending=newest_first)
    return to_page(rows, cursor, lambda row: group_out(row[0], Role(row[1]), int(row[2])))


async def get_group(session: AsyncSession, user: User, group_id: int) -> GroupOut:
    return await _group_for(session, group_id, user.id)


async def update_group(session: AsyncSession, user: User, group: Group, body: GroupUpdate) -> GroupOut:
    values: dict[str, Any] = {}
    if "name" in body.model_fields_set:
        values["name"] = body.name
    if "description" in body.model_fields_set:
        values["description"] = body.description or ""
    if "dicom_dates" in body.model_fields_set:
        values["dicom_dates"] = body.dicom_dates
    changed = {key: value for key, value in values.items() if getattr(group, key) != value}
    if changed:
        await repository.update_group(session, group.id, changed)
        await record(
            session,
            action="group.update",
            user_id=user.id,
            group_id=group.id,
            object_type="group",
            object_id=group.id,
            detail={"fields": sorted(changed)},
        )
    return await _group_for(session, group.id, user.id)


async def join_group(session: AsyncSession, user: User, join_code: str) -> GroupOut:
    user_id = user.id
    group_id = await repository.find_group_id_by_join_code(session, join_codes.lookup_forms(join_code))
    if group_id is None:
        raise JoinCodeNotFound()
    if await repository.add_member_if_absent(session, group_id, user_id, Role.annotator):
        await record(
            session,
            action="member.join",
            user_id=user_id,
            group_id=group_id,
            object_type="user",
            object_id=user_id,
            detail={"role": Role.annotator.value},
        )
    return await _group_for(session, group_id, user_id)


async def rotate_join_code(session: AsyncSession, user: User, group: Group) -> JoinCodeOut:
    for _ in range(CODE_ATTEMPTS):
        code = new_join_code()
        if await repository.set_join_code(session, group.id, code):
            break
    else:
        raise JoinCodeExhausted()
    await record(
        session,
        action="group.join_code_rotate",
        user_id=user.id,
        group_id=group.id,
        object_type="group",
        object_id=group.id,
    )
    return JoinCodeOut(join_code=code)


async def delete_group(
    session: AsyncSession,
    user: User,
    group: Group,
) -> None:
    """Delete the group with everything in it, its samples' files queued for the reclaimer (the
    controller runs it after the response)."""
    group_id, name = group.id, group.name
    await queue_files_of(session, group_id=group_id)
    await repository.delete_group_tree(session, group_id)
    await record(
        session,
        action="group.delete",
        user_id=user.id,
        group_id=group_id,
        object_type="group",
        object_id=group_id,
        detail={"name": name},
    )

"""Routes of /api/groups/{group_id}/members: list, change a role, remove or leave."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status

from tagmedx.authz import Access, Action, GroupMember, guard
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.members import service
from tagmedx.features.members.schemas import MemberOut, MemberUpdate
from tagmedx.ids import MAX_ID
from tagmedx.models import Group, Role
from tagmedx.pagination import Page, Pagination

router = APIRouter(tags=["members"])

MemberManager = Annotated[Access[Group], Depends(guard("group_id", Action.manage_members))]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="The member's user id")]


@router.get(
    "/groups/{group_id}/members",
    response_model=Page[MemberOut],
    responses=error_responses(NotAuthenticated, NotFound),
    summary="The group's members with their profile and role, by user id",
)
async def list_members(
    access: GroupMember,
    session: Session,
    page: Pagination,
    role: Annotated[Role | None, Query(description="Only members with this role")] = None,
) -> Page[MemberOut]:
    return await service.list_members(session, access.group_id, page, role=role)


@router.patch(
    "/groups/{group_id}/members/{user_id}",
    response_model=MemberOut,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound, service.LastAdmin),
    summary="Change a member's role (admin); demoting the last admin answers 409 last_admin",
)
async def change_role(
    user_id: UserId, body: MemberUpdate, access: MemberManager, session: Session
) -> MemberOut:
    return await service.change_role(session, access, user_id, body.role)


@router.delete(
    "/groups/{group_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound, service.LastAdmin),
    summary="Remove a member (admin) or leave (yourself); their open packages return to the pool",
)
async def remove_member(user_id: UserId, access: GroupMember, session: Session) -> Response:
    await service.remove_member(session, access, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

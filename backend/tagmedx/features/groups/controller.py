"""Routes of /api/groups: create, list, read, change, delete, join by code, rotate the join code."""

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status
from starlette.convertors import StringConvertor, register_url_convertor

from tagmedx.authz import GroupAdmin, GroupMember
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.features.groups import service
from tagmedx.features.groups.schemas import GroupCreate, GroupOut, GroupUpdate, JoinCodeOut, JoinRequest
from tagmedx.features.samples.files import reclaim_after_response
from tagmedx.models import Role
from tagmedx.pagination import Page, Pagination
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["groups"])


class GroupIdSegment(StringConvertor):
    """`{group_id:group}` (the OpenAPI path stays /groups/{group_id}): any segment but `join`, which
    is a route of its own, so GET or PATCH /groups/join answers 405 with Allow: POST rather than a 422
    about a group_id "join". Every other segment still meets the id's validation (/groups/abc: 422)."""

    regex = "(?!join$)[^/]+"


register_url_convertor("group", GroupIdSegment())


class CsrfFailed(Forbidden):
    detail = "A cookie-authenticated change needs the CSRF header."


@router.post(
    "/groups",
    status_code=status.HTTP_201_CREATED,
    response_model=GroupOut,
    responses=error_responses(NotAuthenticated, CsrfFailed),
    summary="Create a group; the caller becomes its admin",
)
async def create_group(body: GroupCreate, session: Session, user: CurrentUser) -> GroupOut:
    return await service.create_group(session, user, body)


@router.get(
    "/groups",
    response_model=Page[GroupOut],
    responses=error_responses(NotAuthenticated),
    summary="The caller's groups, each with the caller's role",
)
async def list_groups(
    session: Session,
    user: CurrentUser,
    page: Pagination,
    q: Annotated[str | None, Query(max_length=200, description="Part of the group's name")] = None,
    role: Annotated[Role | None, Query(description="Only groups where the caller has this role")] = None,
    sort: Annotated[
        Literal["id", "-id"], Query(description="`id`: oldest first (default); `-id`: newest first")
    ] = "id",
) -> Page[GroupOut]:
    search = q.strip() if q else None
    return await service.list_groups(
        session, user, page, search=search, role=role, newest_first=sort == "-id"
    )


@router.post(
    "/groups/join",
    response_model=GroupOut,
    responses=error_responses(NotAuthenticated, CsrfFailed, service.JoinCodeNotFound),
    summary="Join a group by its code (as annotator; a member keeps their role)",
)
async def join_group(body: JoinRequest, session: Session, user: CurrentUser) -> GroupOut:
    return await service.join_group(session, user, body.join_code)


@router.get(
    "/groups/{group_id:group}",
    response_model=GroupOut,
    responses=error_responses(NotAuthenticated, NotFound),
    summary="One group (join_code only for admins)",
)
async def get_group(access: GroupMember, session: Session) -> GroupOut:
    return await service.get_group(session, access.user, access.obj.id)


@router.patch(
    "/groups/{group_id:group}",
    response_model=GroupOut,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
    summary="Rename or describe a group (admin)",
)
async def update_group(body: GroupUpdate, access: GroupAdmin, session: Session) -> GroupOut:
    return await service.update_group(session, access.user, access.obj, body)


@router.delete(
    "/groups/{group_id:group}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
    summary="Delete a group and everything in it (admin)",
)
async def delete_group(
    access: GroupAdmin,
    session: Session,
    storage: AppStorage,
    request: Request,
    background: BackgroundTasks,
) -> Response:
    await service.delete_group(session, access.user, access.obj)
    reclaim_after_response(background, request.app.state.sessionmaker, storage)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/groups/{group_id}/join-code",
    response_model=JoinCodeOut,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
    summary="Replace the join code; the old one stops working (admin)",
)
async def rotate_join_code(access: GroupAdmin, session: Session) -> JoinCodeOut:
    return await service.rotate_join_code(session, access.user, access.obj)

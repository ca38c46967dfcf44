"""Routes of sets: create and list them in a group, read, change and delete one."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status

from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.samples.files import reclaim_after_response
from tagmedx.features.sets import service
from tagmedx.features.sets.dependencies import GroupSetManager, GroupSetViewer, SetAdmin, SetMember
from tagmedx.features.sets.schemas import SetCreate, SetOut, SetUpdate
from tagmedx.models import SetType
from tagmedx.pagination import Page, Pagination
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["sets"])
_ERRORS = (NotAuthenticated, Forbidden, NotFound)


@router.post(
    "/groups/{group_id}/sets",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(*_ERRORS),
    summary="Create a set in a group (admin)",
)
async def create_set(body: SetCreate, access: GroupSetManager, session: Session) -> SetOut:
    return await service.create(session, group_id=access.group_id, user_id=access.user.id, body=body)


@router.get(
    "/groups/{group_id}/sets",
    responses=error_responses(*_ERRORS),
    summary="List the sets of a group (member)",
)
async def list_sets(
    access: GroupSetViewer,
    session: Session,
    page: Pagination,
    q: Annotated[str | None, Query(max_length=200, description="Name contains (any case)")] = None,
    type: Annotated[SetType | None, Query(description="Only sets of this type")] = None,
) -> Page[SetOut]:
    return await service.list_sets(
        session, group_id=access.group_id, params=page, name_contains=q, set_type=type
    )


@router.get("/sets/{set_id}", responses=error_responses(*_ERRORS), summary="Read a set (member)")
async def read_set(access: SetMember, session: Session) -> SetOut:
    return await service.describe(session, access.obj)


@router.patch(
    "/sets/{set_id}",
    responses=error_responses(*_ERRORS, service.SetHasSamples, service.MultiLabelInUse),
    summary="Change a set (admin)",
    description=(
        "Only the fields sent change; `description: null` clears it. `type` changes only while the set "
        "has no samples (else 409 `set_has_samples`); `multi_label` becomes false only while no reading "
        "chooses several labels (else 409 `multi_label_in_use`). A new `package_size` applies to "
        "packages filled from now on; existing packages keep their samples."
    ),
)
async def update_set(body: SetUpdate, access: SetAdmin, session: Session) -> SetOut:
    return await service.update(session, item=access.obj, user_id=access.user.id, body=body)


@router.delete(
    "/sets/{set_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(*_ERRORS),
    summary="Delete a set with its labels, packages, samples and examinations (admin)",
)
async def delete_set(
    access: SetAdmin,
    session: Session,
    storage: AppStorage,
    request: Request,
    background_tasks: BackgroundTasks,
) -> Response:
    await service.delete(session, item=access.obj, user_id=access.user.id)
    reclaim_after_response(background_tasks, request.app.state.sessionmaker, storage)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

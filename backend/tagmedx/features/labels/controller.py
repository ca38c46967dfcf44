"""Routes of labels: create and list them in a set, change and delete one."""

from fastapi import APIRouter, Response, status

from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.labels import service
from tagmedx.features.labels.dependencies import LabelAdmin
from tagmedx.features.labels.schemas import LabelCreate, LabelOut, LabelUpdate
from tagmedx.features.sets.dependencies import SetAdmin, SetMember
from tagmedx.pagination import Page, Pagination

router = APIRouter(tags=["labels"])
_ERRORS = (NotAuthenticated, Forbidden, NotFound)


@router.post(
    "/sets/{set_id}/labels",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(*_ERRORS, service.LabelNameTaken),
    summary="Create a label in a set (admin)",
    description=(
        "409 `label_name_taken` when the set has a label of that name (any case), 409 `shortcut_taken` "
        "when another label uses the shortcut. Without `shortcut` the label gets the next free digit "
        "1..9, then 0."
    ),
)
async def create_label(body: LabelCreate, access: SetAdmin, session: Session) -> LabelOut:
    return await service.create(
        session, set_id=access.obj.id, group_id=access.group_id, user_id=access.user.id, body=body
    )


@router.get(
    "/sets/{set_id}/labels",
    responses=error_responses(*_ERRORS),
    summary="List the labels of a set, by id (member)",
)
async def list_labels(access: SetMember, session: Session, page: Pagination) -> Page[LabelOut]:
    return await service.list_labels(session, set_id=access.obj.id, params=page)


@router.patch(
    "/labels/{label_id}",
    responses=error_responses(*_ERRORS, service.LabelNameTaken),
    summary="Change a label (admin)",
    description="Only the fields sent change; `shortcut: null` removes the shortcut. 409 as for creating.",
)
async def update_label(body: LabelUpdate, access: LabelAdmin, session: Session) -> LabelOut:
    return await service.update(
        session, label=access.obj, group_id=access.group_id, user_id=access.user.id, body=body
    )


@router.delete(
    "/labels/{label_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(*_ERRORS, service.LabelInUse),
    summary="Delete a label that no annotation uses (admin)",
    description="409 `label_in_use` (with the counts) while boxes or classifications use it.",
)
async def delete_label(access: LabelAdmin, session: Session) -> Response:
    await service.delete(session, label=access.obj, group_id=access.group_id, user_id=access.user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

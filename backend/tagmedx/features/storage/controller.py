"""Routes of stored files: a group's storage figures (admins)."""

from typing import Annotated

from fastapi import APIRouter, Depends

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.storage import service
from tagmedx.features.storage.schemas import GroupStorageOut, MissingSampleOut
from tagmedx.models import Group

router = APIRouter(tags=["storage"])

GroupStorageViewer = Annotated[Access[Group], Depends(guard("group_id", Action.view_storage))]


@router.get(
    "/groups/{group_id}/storage",
    response_model=GroupStorageOut,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
    summary="The group's stored files: samples, bytes, samples with missing files (admin)",
)
async def group_storage(access: GroupStorageViewer, session: Session) -> GroupStorageOut:
    figures = await service.group_storage(session, access.group_id)
    missing = [
        MissingSampleOut(sample_id=m.sample_id, set_id=m.set_id, filename=m.filename) for m in figures.missing
    ]
    return GroupStorageOut(samples=figures.samples, bytes=figures.bytes, missing=missing)

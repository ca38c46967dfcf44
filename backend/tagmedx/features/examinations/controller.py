"""Routes of examinations and boxes."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    error_responses,
    rule_or_validation_error,
)
from tagmedx.features.examinations import boxes, service
from tagmedx.features.examinations.dependencies import SampleSaver
from tagmedx.features.examinations.schemas import (
    BoxChanged,
    BoxIn,
    BoxPatch,
    ExaminationIn,
    ExaminationOut,
)
from tagmedx.ids import MAX_ID
from tagmedx.models import Box, Examination, Sample
from tagmedx.pagination import Page, Pagination

router = APIRouter(tags=["examinations"])

SampleMember = Annotated[Access[Sample], Depends(guard("sample_id", Action.view_samples))]
SampleReviewer = Annotated[Access[Sample], Depends(guard("sample_id", Action.review_examinations))]
ExaminationMember = Annotated[Access[Examination], Depends(guard("examination_id", Action.view_samples))]
BoxMember = Annotated[Access[Box], Depends(guard("box_id", Action.view_samples))]

# 422: FastAPI's validation error, or a broken rule (`label_not_in_set`, `box_outside_image`,
# `boxes_not_allowed`, `label_ids_not_allowed`) with the usual {detail, code} body.
_CHANGE_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound, Conflict) | rule_or_validation_error(
    "The body is not valid, or breaks a rule of the sample's set (see `code`)"
)


@router.get(
    "/samples/{sample_id}/examination",
    response_model=ExaminationOut,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def get_my_examination(session: Session, access: SampleMember) -> ExaminationOut:
    """The caller's examination of the sample; 404 `examination_not_found` when they have none."""
    return await service.get_my_examination(session, access)


@router.put("/samples/{sample_id}/examination", response_model=ExaminationOut, responses=_CHANGE_ERRORS)
async def save_examination(session: Session, saving: SampleSaver, body: ExaminationIn) -> ExaminationOut:
    """Save the caller's whole reading atomically (created at version 1, replaced after).

    Send the `version` you edited: if the server holds a newer one the answer is 409 `stale_version`
    and nothing changes. Classification sets take `label_ids`, detection sets take `boxes`.
    """
    return await service.save_examination(session, saving, body)


@router.delete(
    "/samples/{sample_id}/examination",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound, Conflict),
)
async def delete_examination(
    session: Session,
    access: SampleMember,
    user_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Admins: delete this reader's examination")
    ] = None,
) -> None:
    await service.delete_examination(session, access, user_id)


@router.get(
    "/samples/{sample_id}/examinations",
    response_model=Page[ExaminationOut],
    responses=error_responses(BadRequest, NotAuthenticated, Forbidden, NotFound),
)
async def list_examinations(
    session: Session, access: SampleReviewer, page: Pagination
) -> Page[ExaminationOut]:
    """Every reader's examination of the sample, with the author's name and role (admins)."""
    return await service.list_examinations(session, access, page)


@router.post(
    "/examinations/{examination_id}/boxes",
    status_code=status.HTTP_201_CREATED,
    response_model=BoxChanged,
    responses=_CHANGE_ERRORS,
)
async def create_box(session: Session, access: ExaminationMember, body: BoxIn) -> BoxChanged:
    """Add one box to the caller's examination; bumps its version (returned as `examination_version`)."""
    return await boxes.create_box(session, access, body)


@router.patch("/boxes/{box_id}", response_model=BoxChanged, responses=_CHANGE_ERRORS)
async def update_box(session: Session, access: BoxMember, body: BoxPatch) -> BoxChanged:
    """Change some fields of one of the caller's boxes; bumps the examination's version."""
    return await boxes.update_box(session, access, body)


@router.delete("/boxes/{box_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_CHANGE_ERRORS)
async def delete_box(session: Session, access: BoxMember) -> None:
    """Remove one of the caller's boxes; bumps the examination's version."""
    await boxes.delete_box(session, access)

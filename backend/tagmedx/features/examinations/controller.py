"""Routes of examinations and boxes."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    error_responses,
    rule_or_validation_error,
)
from tagmedx.features.examinations import boxes, preconditions, service
from tagmedx.features.examinations.dependencies import SampleSaver
from tagmedx.features.examinations.preconditions import IfMatch, IfNoneMatch, PreconditionFailed, etag
from tagmedx.features.examinations.schemas import (
    BoxChanged,
    BoxCreate,
    BoxPatch,
    ExaminationIn,
    ExaminationOut,
)
from tagmedx.features.examinations.service import NotModified
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
_CHANGE_ERRORS = error_responses(
    NotAuthenticated, Forbidden, NotFound, Conflict, PreconditionFailed
) | rule_or_validation_error("The body is not valid, or breaks a rule of the sample's set (see `code`)")
_ETAG: dict[str, Any] = {"ETag": {"description": "The reading's entity tag", "schema": {"type": "string"}}}


def _tagged(status_code: int, description: str | None = None) -> dict[int | str, dict[str, Any]]:
    """`responses=` entry of an answer that carries the reading's ETag."""
    return {status_code: {"headers": _ETAG} | ({"description": description} if description else {})}


_CONDITIONAL = (
    " Conditional: send the reading's ETag in `If-Match` (412 `precondition_failed` when the reading "
    "changed since) or its `version` (409 `stale_version`). With neither, the write is an "
    "unconditional replace: it lands whatever the reading's current version."
)


@router.get(
    "/samples/{sample_id}/examination",
    response_model=ExaminationOut,
    responses=_tagged(200)
    | _tagged(304, "If-None-Match names the reading's current ETag: no body")
    | error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def get_my_examination(
    session: Session, access: SampleMember, response: Response, if_none_match: IfNoneMatch = None
) -> ExaminationOut | Response:
    """The caller's examination of the sample, with its `ETag`; 404 `examination_not_found` when they
    have none."""
    found = await service.get_my_examination(session, access, preconditions.parse(if_none_match))
    if isinstance(found, NotModified):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": found.etag})
    response.headers["ETag"] = etag(found.id, found.version, found.created_at)
    return found


@router.put(
    "/samples/{sample_id}/examination",
    response_model=ExaminationOut,
    responses=_tagged(200) | _CHANGE_ERRORS,
)
async def save_examination(
    session: Session, saving: SampleSaver, body: ExaminationIn, response: Response, if_match: IfMatch = None
) -> ExaminationOut:
    """Save the caller's whole reading atomically (created at version 1, replaced after).

    Send the `version` you edited (0: create only): if the server holds another one the answer is
    409 `stale_version` and nothing changes; or the reading's ETag in `If-Match` (412
    `precondition_failed`). With neither, the save replaces whatever the server holds.
    Classification sets take `label_ids` (one only unless the set's `multi_label` is true: 422
    `single_label`), detection sets take `boxes`.
    """
    saved = await service.save_examination(session, saving, body, preconditions.parse(if_match))
    response.headers["ETag"] = etag(saved.id, saved.version, saved.created_at)
    return saved


@router.delete(
    "/samples/{sample_id}/examination",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound, Conflict, PreconditionFailed),
)
async def delete_examination(
    session: Session,
    access: SampleMember,
    user_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Admins: delete this reader's examination")
    ] = None,
    if_match: IfMatch = None,
) -> None:
    """Delete the examination; with `If-Match`, only while it is at that ETag (else 412). Without it
    the delete is unconditional."""
    await service.delete_examination(session, access, user_id, preconditions.parse(if_match))


@router.get(
    "/samples/{sample_id}/examinations",
    response_model=Page[ExaminationOut],
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def list_examinations(
    session: Session, access: SampleReviewer, page: Pagination
) -> Page[ExaminationOut]:
    """Every reader's examination of the sample, with the author's name and role (admins)."""
    return await service.list_examinations(session, access, page)


def _with_etag(written: boxes.Written, response: Response) -> BoxChanged:
    response.headers["ETag"] = written.etag
    return written.box


@router.post(
    "/examinations/{examination_id}/boxes",
    status_code=status.HTTP_201_CREATED,
    response_model=BoxChanged,
    responses=_tagged(201) | _CHANGE_ERRORS,
    description="Add one box to the caller's examination; bumps its version (returned as "
    "`examination_version`, and as the reading's `ETag`)." + _CONDITIONAL,
)
async def create_box(
    session: Session, access: ExaminationMember, body: BoxCreate, response: Response, if_match: IfMatch = None
) -> BoxChanged:
    changed = await boxes.create_box(session, access, body, preconditions.parse(if_match))
    return _with_etag(changed, response)


@router.patch(
    "/boxes/{box_id}",
    response_model=BoxChanged,
    responses=_tagged(200) | _CHANGE_ERRORS,
    description="Change the fields sent of one of the caller's boxes (the others stay as they are "
    "when the change lands); bumps the examination's version." + _CONDITIONAL,
)
async def update_box(
    session: Session, access: BoxMember, body: BoxPatch, response: Response, if_match: IfMatch = None
) -> BoxChanged:
    changed = await boxes.update_box(session, access, body, preconditions.parse(if_match))
    return _with_etag(changed, response)


@router.delete(
    "/boxes/{box_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=_CHANGE_ERRORS,
    description="Remove one of the caller's boxes; bumps the examination's version."
    + _CONDITIONAL.replace("its `version`", "its `version` (query)"),
)
async def delete_box(
    session: Session,
    access: BoxMember,
    if_match: IfMatch = None,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="The reading's version you edited (409 when stale)")
    ] = None,
) -> None:
    await boxes.delete_box(session, access, preconditions.parse(if_match), version)

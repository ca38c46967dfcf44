"""Routes of exports: a set or one package as COCO JSON, CSV, YOLO or Pascal VOC, streamed."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses, rule_or_validation_error
from tagmedx.features.exports import service
from tagmedx.features.exports.schemas import ExportFormat, ExportScope
from tagmedx.models import Package, Set

router = APIRouter(tags=["exports"])

SetExporter = Annotated[Access[Set], Depends(guard("set_id", Action.export))]
PackageExporter = Annotated[Access[Package], Depends(guard("package_id", Action.export))]
FormatQuery = Annotated[
    ExportFormat, Query(alias="format", description="coco (JSON), csv, yolo (ZIP) or voc (ZIP)")
]
ScopeQuery = Annotated[
    ExportScope, Query(description="ready: only samples of packages marked ready; all: every sample")
]
_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound) | rule_or_validation_error(
    "The query is not valid, or `format_needs_detection_set`: " + service.FormatNeedsBoxes.detail
)
_DESCRIPTION = """A download (`Content-Disposition: attachment`), streamed chunk by chunk:

- `coco`: COCO JSON (`application/json`): `images` (every sample in scope, real width/height,
  `file_name`, `package_id`, `modality` for DICOM), `categories` (the set's labels, `id` = label id),
  `annotations` (one per box with `bbox: [x, y, w, h]` in pixels, `area`, `annotator`, `tentative`,
  `bad_quality`, `comment`, `examination_id`; classification: one per chosen label, no `bbox`), and
  `examinations` (every reading, also those without findings).
- `csv`: `text/csv; charset=utf-8`, detection: one row per box; classification: one row per
  (sample, reader), unread samples once with empty reader columns. Text cells starting with
  = + - @ are prefixed with `'` (formula injection).
- `yolo`, `voc` (detection sets only, else 422): a ZIP without the images; its README.txt explains
  the layout (YOLO: normalised `class cx cy w h`; VOC: 1-based inclusive pixel corners).
"""


def _response(download: service.Download) -> StreamingResponse:
    return StreamingResponse(
        download.body,
        media_type=download.media_type,
        headers={"Content-Disposition": download.content_disposition, "Cache-Control": "no-store"},
    )


@router.get(
    "/sets/{set_id}/export",
    response_class=StreamingResponse,
    responses={**_ERRORS, 200: {"content": {"application/json": {}, "text/csv": {}, "application/zip": {}}}},
    summary="Export a set (admin)",
    description=_DESCRIPTION,
)
async def export_set(
    access: SetExporter,
    session: Session,
    request: Request,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
) -> StreamingResponse:
    asked = service.ExportRequest(access.user.id, access.group_id, export_format, scope)
    download = await service.export_set(session, request.app.state.sessionmaker, access.obj, asked)
    return _response(download)


@router.get(
    "/packages/{package_id}/export",
    response_class=StreamingResponse,
    responses={**_ERRORS, 200: {"content": {"application/json": {}, "text/csv": {}, "application/zip": {}}}},
    summary="Export one package (admin)",
    description=_DESCRIPTION,
)
async def export_package(
    access: PackageExporter,
    session: Session,
    request: Request,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
) -> StreamingResponse:
    asked = service.ExportRequest(access.user.id, access.group_id, export_format, scope)
    download = await service.export_package(session, request.app.state.sessionmaker, access.obj, asked)
    return _response(download)

"""Routes of exports: a set or one package as COCO JSON, CSV, YOLO or Pascal VOC, streamed, with or
without the images; and a check of an export's options that downloads nothing."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import (
    Forbidden,
    NotAuthenticated,
    NotFound,
    StorageFull,
    error_responses,
    rule_or_validation_error,
)
from tagmedx.features.exports import service
from tagmedx.features.exports.schemas import ExportCheckOut, ExportFormat, ExportScope
from tagmedx.models import Package, Set
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["exports"])

SetExporter = Annotated[Access[Set], Depends(guard("set_id", Action.export))]
PackageExporter = Annotated[Access[Package], Depends(guard("package_id", Action.export))]
FormatQuery = Annotated[
    ExportFormat, Query(alias="format", description="coco (JSON), csv, yolo (ZIP) or voc (ZIP)")
]
ScopeQuery = Annotated[
    ExportScope, Query(description="ready: only samples of packages marked ready; all: every sample")
]
ImagesQuery = Annotated[
    bool,
    Query(description="true: a ZIP (for every format) with every image at the resolution of the coordinates"),
]
_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound) | rule_or_validation_error(
    "The query is not valid, or `format_needs_detection_set`: " + service.FormatNeedsBoxes.detail
)
# A download records its event in the audit trail first: a full disk refuses it (507).
_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/csv": {}, "application/zip": {}}},
    **error_responses(StorageFull),
}
_DESCRIPTION = """A download (`Content-Disposition: attachment`), streamed chunk by chunk.

Every format names each image once, the same way: `<sample id>_<name as uploaded, without folders
or extension>.png` (`.jpg` for JPEG; a DICOM is a PNG rendering), never a path, never a duplicate;
the uploaded name is kept beside it (`original_filename`).

- `coco`: COCO JSON (`application/json`): `images` (every sample in scope, real width/height,
  `file_name`, `original_filename`, `package_id`, `modality` for DICOM), `categories` (the set's
  labels, `id` = label id), `annotations` (one per box with `bbox: [x, y, w, h]` in pixels, `area`,
  `annotator`, `tentative`, `bad_quality`, `comment`, `examination_id`; classification: one per
  chosen label, no `bbox`), and `examinations` (every reading, also those without findings).
- `csv`: `text/csv; charset=utf-8`, one row per box (detection) or per chosen label
  (classification); a reading without any gets one row with those columns empty, an unread sample
  one row with empty reader columns. Cells are raw text, never rewritten, and every text cell is
  quoted: import the file into a spreadsheet (LibreOffice: "Format quoted field as text"; Excel:
  Data > From Text/CSV) rather than opening it, since a cell may start with = + - @.
- `yolo` (Ultralytics layout: `data.yaml`, `labels/`), `voc` (`Annotations/`, `labelmap.txt`,
  `ImageSets/Main/all.txt`): detection sets only, else 422; a ZIP whose README.txt explains it
  (YOLO: normalised `class cx cy w h`; VOC: 1-based inclusive pixel corners).

`images=true`: a ZIP for every format (COCO: `annotations/instances_default.json`, or
`labels_default.json` for classification; CSV: `annotations.csv`) holding every image at exactly
the `width` x `height` its coordinates are in, as `images/<file_name>` (`JPEGImages/` for VOC):
DICOM frame 0 rendered as an 8-bit PNG with its default window (colour as RGB), PNG and JPEG as
uploaded. An image whose stored file cannot be read is left out and listed in `missing.txt`.
"""


def _request(
    access: Access[Any], export_format: ExportFormat, scope: ExportScope, images: bool
) -> service.ExportRequest:
    return service.ExportRequest(access.user.id, access.group_id, export_format, scope, images)


def _response(download: service.Download) -> StreamingResponse:
    return StreamingResponse(
        download.body,
        media_type=download.media_type,
        headers={"Content-Disposition": download.content_disposition, "Cache-Control": "no-store"},
    )


def _check(plan: service.ExportPlan) -> ExportCheckOut:
    return ExportCheckOut(file_name=plan.unicode_name, media_type=plan.media_type)


@router.get(
    "/sets/{set_id}/export",
    response_class=StreamingResponse,
    responses={**_ERRORS, **_DOWNLOAD},
    summary="Export a set (admin)",
    description=_DESCRIPTION,
)
async def export_set(
    access: SetExporter,
    session: Session,
    storage: AppStorage,
    request: Request,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
    images: ImagesQuery = False,
) -> StreamingResponse:
    streams = service.Streams(request.app.state.sessionmaker, storage)
    asked = _request(access, export_format, scope, images)
    return _response(await service.export_set(session, streams, access.obj, asked))


@router.get(
    "/packages/{package_id}/export",
    response_class=StreamingResponse,
    responses={**_ERRORS, **_DOWNLOAD},
    summary="Export one package (admin)",
    description=_DESCRIPTION,
)
async def export_package(
    access: PackageExporter,
    session: Session,
    storage: AppStorage,
    request: Request,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
    images: ImagesQuery = False,
) -> StreamingResponse:
    streams = service.Streams(request.app.state.sessionmaker, storage)
    asked = _request(access, export_format, scope, images)
    return _response(await service.export_package(session, streams, access.obj, asked))


@router.get(
    "/sets/{set_id}/export/check",
    response_model=ExportCheckOut,
    responses=_ERRORS,
    summary="Check a set's export before downloading it (admin)",
    description="The same query and the same refusals as the export, answered as JSON, so a client "
    "can show an error before it starts a download. Exports nothing and records nothing.",
)
async def check_set_export(
    access: SetExporter,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
    images: ImagesQuery = False,
) -> ExportCheckOut:
    return _check(service.plan_set(access.obj, _request(access, export_format, scope, images)))


@router.get(
    "/packages/{package_id}/export/check",
    response_model=ExportCheckOut,
    responses=_ERRORS,
    summary="Check a package's export before downloading it (admin)",
    description="As `GET /api/sets/{set_id}/export/check`, for `GET /api/packages/{package_id}/export`.",
)
async def check_package_export(
    access: PackageExporter,
    session: Session,
    export_format: FormatQuery = ExportFormat.coco,
    scope: ScopeQuery = ExportScope.ready,
    images: ImagesQuery = False,
) -> ExportCheckOut:
    asked = _request(access, export_format, scope, images)
    return _check(await service.plan_package(session, access.obj, asked))

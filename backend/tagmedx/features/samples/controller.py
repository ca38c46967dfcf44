"""Routes of samples: upload, list, read, delete, and the stored images."""

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from tagmedx import idempotency
from tagmedx.db import Session
from tagmedx.errors import (
    ErrorBody,
    Forbidden,
    NotAuthenticated,
    NotFound,
    error_responses,
    rule_or_validation_error,
)
from tagmedx.features.audit.service import count_image_view_later
from tagmedx.features.auth.dependencies import AppSettings
from tagmedx.features.redaction.dependencies import AppTextScanner
from tagmedx.features.samples import service, serving
from tagmedx.features.samples.dependencies import (
    SampleDeleter,
    SampleExporter,
    SampleViewer,
    SetUploader,
    SetViewer,
    UploadTracker,
)
from tagmedx.features.samples.errors import FileMissing, NoPixels, StorageFailed, StorageReadFailed
from tagmedx.features.samples.files import reclaim_after_response
from tagmedx.features.samples.repository import SampleFilters
from tagmedx.features.samples.schemas import (
    Rejection,
    SampleCount,
    SampleOut,
    UploadRefused,
    UploadResult,
    sample_out,
)
from tagmedx.ids import MAX_ID
from tagmedx.pagination import Page, Pagination
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["samples"])
MAX_OFFSET = 10_000_000

_READ_ERRORS = error_responses(NotAuthenticated, Forbidden, NotFound)
_REFUSED: dict[int | str, dict[str, Any]] = {
    status: {"model": UploadRefused, "description": description}
    for status, description in (
        (409, "The only file is already in the set"),
        (413, "The only file (or archive) is too large"),
        (415, "The only file is not a PNG, JPEG, DICOM or ZIP"),
    )
}
_REFUSED |= rule_or_validation_error(
    "The form is not valid, or the only file is damaged, or none of several files could be added "
    "(no_valid_files), or the Idempotency-Key was used for another upload (idempotency_key_reused)",
    UploadRefused.__name__,
    ErrorBody.__name__,
)
_REFUSED[409] = {
    "description": "The only file is already in the set, or a request with this Idempotency-Key is still "
    "being processed (idempotency_in_progress, with Retry-After: send it again then for its answer)",
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [
                    {"$ref": f"#/components/schemas/{UploadRefused.__name__}"},
                    {"$ref": f"#/components/schemas/{ErrorBody.__name__}"},
                ]
            }
        }
    },
}


@router.post(
    "/sets/{set_id}/samples",
    status_code=201,
    response_model=UploadResult,
    responses={
        **error_responses(NotAuthenticated, Forbidden, NotFound, StorageFailed),
        **_REFUSED,
        200: {"model": UploadResult, "description": "Nothing was created, but samples were repaired"},
    },
    summary="Upload images (PNG, JPEG, DICOM, or ZIP archives of them)",
)
async def upload_samples(
    idempotent: idempotency.IdempotencyGuard,
    request: Request,
    written: UploadTracker,
    access: SetUploader,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    background: BackgroundTasks,
    scanner: AppTextScanner,
    response: Response,
    files: Annotated[
        list[UploadFile], File(min_length=1, description="One or more PNG, JPEG, DICOM or ZIP files")
    ],
) -> UploadResult | JSONResponse:
    """Each file is judged by its content, never its name. New samples fill the set's open
    packages (unassigned, not ready) up to its package size, then new packages. Files that cannot
    be added are listed in `rejected`; when none was added the answer is an error with the same list.
    An image already in the set whose stored files are missing is not a duplicate: its files are
    written again and it is listed in `repaired` (200 when the upload only repaired samples).
    A retry with the same `Idempotency-Key` answers the first result again and adds nothing (409
    `idempotency_in_progress` while the first is still being processed)."""
    request_hash = idempotency.fingerprint(access.obj.id, [(item.filename, item.size) for item in files])
    replay = await idempotent.start(access.user.id, request_hash)
    if replay is not None:
        return replay
    outcome = await service.upload_samples(session, storage, settings, access, files, written)
    rejected = [Rejection(filename=r.filename, detail=r.detail, code=r.code) for r in outcome.rejected]
    if outcome.created or outcome.repaired:
        result = UploadResult(
            created=[sample_out(sample) for sample in outcome.created],
            repaired=[sample_out(sample) for sample in outcome.repaired],
            rejected=rejected,
        )
        response.status_code = 201 if outcome.created else 200  # only repairs: nothing was created
        if await idempotent.keep(session, response.status_code, result):
            background.add_task(idempotency.prune_expired, request.app.state.sessionmaker)
        background.add_task(scanner.wake)  # after the commit: the new samples wait for OCR
        return result
    return _refused(outcome.rejected, rejected)


def _refused(refusals: list[Any], rejected: list[Rejection]) -> JSONResponse:
    if len(refusals) == 1:
        status, detail, code = refusals[0].status, refusals[0].detail, refusals[0].code
    else:
        status, code = 422, "no_valid_files"
        detail = f"None of the {len(refusals)} files could be added; each reason is listed in 'rejected'."
    body = UploadRefused(detail=detail, code=code, rejected=rejected)
    return JSONResponse(body.model_dump(), status_code=status)


@router.get(
    "/sets/{set_id}/samples",
    response_model=Page[SampleOut],
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def list_samples(
    access: SetViewer,
    session: Session,
    page: Pagination,
    package_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only this package's samples")
    ] = None,
    annotated: Annotated[
        bool | None, Query(description="With (true) or without (false) any examination")
    ] = None,
    tentative: Annotated[bool | None, Query(description="With (or without) a tentative examination")] = None,
    bad_quality: Annotated[bool | None, Query(description="With (or without) a bad-quality flag")] = None,
    annotated_by_me: Annotated[bool | None, Query(description="With (or without) my examination")] = None,
    suspected_text: Annotated[
        bool | None, Query(description="With (or without) text found by OCR in the pixels")
    ] = None,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_OFFSET,
            description="Skip this many matching samples (after `cursor`, if sent): for a grid that jumps "
            "to a position (GET .../samples/count tells where a sample number is). Reading on from a "
            "page, `next_cursor` is faster",
        ),
    ] = 0,
) -> Page[SampleOut]:
    filters = SampleFilters(package_id, annotated, tentative, bad_quality, annotated_by_me, suspected_text)
    rows, next_cursor = await service.list_samples(session, access, filters, page, offset)
    return Page[SampleOut](items=[sample_out(row) for row in rows], next_cursor=next_cursor)


@router.get(
    "/sets/{set_id}/samples/count",
    response_model=SampleCount,
    responses=error_responses(NotAuthenticated, Forbidden, NotFound),
)
async def count_samples(
    access: SetViewer,
    session: Session,
    package_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only this package's samples")
    ] = None,
    annotated: Annotated[bool | None, Query(description="As in GET .../samples")] = None,
    tentative: Annotated[bool | None, Query(description="As in GET .../samples")] = None,
    bad_quality: Annotated[bool | None, Query(description="As in GET .../samples")] = None,
    annotated_by_me: Annotated[bool | None, Query(description="As in GET .../samples")] = None,
    suspected_text: Annotated[bool | None, Query(description="As in GET .../samples")] = None,
    below_number: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_ID,
            description="Count only samples numbered below this: the position (0-based) "
            "of sample #below_number, or of the next one after it, among those matching",
        ),
    ] = None,
) -> SampleCount:
    """How many samples of the set match the filters of GET .../samples: a grid's total, and with
    `below_number` where to jump to find a sample by its number."""
    filters = SampleFilters(package_id, annotated, tentative, bad_quality, annotated_by_me, suspected_text)
    return SampleCount(count=await service.count_samples(session, access, filters, below_number))


@router.get("/samples/{sample_id}", response_model=SampleOut, responses=_READ_ERRORS)
async def get_sample(access: SampleViewer) -> SampleOut:
    return sample_out(access.obj)


@router.delete("/samples/{sample_id}", status_code=204, responses=_READ_ERRORS)
async def delete_sample(
    access: SampleDeleter,
    session: Session,
    storage: AppStorage,
    request: Request,
    background: BackgroundTasks,
) -> Response:
    """Removes the sample with its examinations; a package left empty goes too; then its files,
    unless another sample (e.g. in another set) uses the same content."""
    await service.delete_sample(session, access)
    reclaim_after_response(background, request.app.state.sessionmaker, storage)
    return Response(status_code=204)


def _binary(
    media_types: tuple[str, ...], description: str, headers: dict[str, Any] | None = None
) -> dict[int | str, Any]:
    ok: dict[str, Any] = {
        "description": description,
        "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in media_types},
    }
    if headers:
        ok["headers"] = headers
    return {
        200: ok,
        304: {"description": "Not modified (If-None-Match matched the ETag)"},
        **error_responses(NotAuthenticated, Forbidden, NotFound, StorageReadFailed),
    }


_IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")


@router.get(
    "/samples/{sample_id}/image",
    response_class=Response,
    responses=_binary(_IMAGE_TYPES, "The display rendition (a DICOM rendered with its default window)"),
)
async def get_image(
    access: SampleViewer, storage: AppStorage, request: Request, background: BackgroundTasks
) -> Response:
    # the audit trail's daily count, after the answer: an image opens while the database is busy or full
    background.add_task(
        count_image_view_later, request.app.state.sessionmaker, access.group_id, access.user.id
    )
    return await serving.serve_rendition(request, storage, access.obj, "image")


@router.get(
    "/samples/{sample_id}/thumbnail",
    response_class=Response,
    responses=_binary(_IMAGE_TYPES, "A small JPEG or WebP, longest side at most 256 px"),
)
async def get_thumbnail(access: SampleViewer, storage: AppStorage, request: Request) -> Response:
    return await serving.serve_rendition(request, storage, access.obj, "thumbnail")


@router.get(
    "/samples/{sample_id}/original",
    response_class=Response,
    responses=_binary(
        ("image/png", "image/jpeg", "application/dicom"),
        "The stored original as an attachment (a DICOM de-identified on upload); admins only",
    ),
)
async def get_original(access: SampleExporter, storage: AppStorage, request: Request) -> Response:
    return await serving.serve_rendition(request, storage, access.obj, "original")


_PIXELS_DESCRIPTION = (
    "Full-depth pixel values of a DICOM sample after the modality LUT (rescale slope/intercept), "
    "for window/level in the browser. The body is a little-endian, C-order array of shape "
    "(X-Pixel-Rows, X-Pixel-Columns, X-Pixel-Channels) with values of type X-Pixel-Dtype, sent with "
    "`Content-Encoding: gzip` (browsers and HTTP clients inflate it transparently). The real value of "
    "a pixel is the stored value plus X-Pixel-Offset (e.g. Hounsfield units for CT). "
    "X-Window-Center/X-Window-Width give the default window in the same units; MONOCHROME1 "
    "(X-Photometric) is displayed inverted. PNG and JPEG samples answer 404 `no_pixels`."
)


@router.get(
    "/samples/{sample_id}/pixels",
    response_class=Response,
    description=_PIXELS_DESCRIPTION,
    responses=_binary(
        ("application/octet-stream",),
        "gzip-encoded pixel array (see the description)",
        {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in serving.PIXEL_HEADERS.items()
        },
    )
    | {404: {"model": ErrorBody, "description": f"{NoPixels.detail} Or: {FileMissing.detail}"}},
)
async def get_pixels(access: SampleViewer, storage: AppStorage, request: Request) -> Response:
    return await serving.serve_pixels(request, storage, access.obj)

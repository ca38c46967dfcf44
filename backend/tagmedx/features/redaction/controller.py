"""Routes of redaction: the text OCR found in a sample's pixels, masking rectangles, scanning again."""

from fastapi import APIRouter, BackgroundTasks, Request

from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated, NotFound, error_responses, rule_or_validation_error
from tagmedx.features.auth.dependencies import AppSettings
from tagmedx.features.redaction import service
from tagmedx.features.redaction.dependencies import AppTextScanner, SampleRedactor
from tagmedx.features.redaction.errors import MaskedMeanwhile
from tagmedx.features.redaction.schemas import MaskRequest, ScanQueued, TextRegionOut, TextRegionsOut
from tagmedx.features.samples import files
from tagmedx.features.samples.dependencies import UploadTracker
from tagmedx.features.samples.errors import StorageFailed
from tagmedx.features.samples.schemas import SampleOut, sample_out
from tagmedx.storage.factory import AppStorage

router = APIRouter(tags=["redaction"])

_GUARDED = error_responses(NotAuthenticated, Forbidden, NotFound)


@router.get("/samples/{sample_id}/text-regions", response_model=TextRegionsOut, responses=_GUARDED)
async def get_text_regions(access: SampleRedactor, session: Session) -> TextRegionsOut:
    """Where OCR found text in the sample's pixels (admins: the text may be patient data). OCR is a
    help, not a guarantee: stylised, tiny or low-contrast text can be missed."""
    regions = await service.text_regions(session, access.obj)
    return TextRegionsOut(
        status=access.obj.text_scan_status.value,
        suspected_text=access.obj.suspected_text,
        regions=[TextRegionOut.model_validate(region) for region in regions],
    )


@router.post(
    "/samples/{sample_id}/mask",
    response_model=SampleOut,
    responses={
        **_GUARDED,
        **error_responses(MaskedMeanwhile, StorageFailed),
        **rule_or_validation_error(
            "A rectangle is empty or leaves the image (region_outside_image), the list is empty, "
            "or the file cannot be rewritten (cannot_mask)"
        ),
    },
    summary="Mask rectangles of the stored pixels (DICOM, PNG, JPEG)",
)
async def mask_sample(
    written: UploadTracker,
    access: SampleRedactor,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    scanner: AppTextScanner,
    request: Request,
    background: BackgroundTasks,
    body: MaskRequest,
) -> SampleOut:
    """Sets every rectangle of every frame to black (DICOM: the darkest stored value), stores the file
    anew (DICOM uncompressed, with BurnedInAnnotation NO and the Clean Pixel Data Option; PNG
    losslessly; JPEG with its own quantization tables), derives display, thumbnail and pixels again,
    removes the files that held the unmasked pixels, and scans the image again."""
    outcome = await service.mask_sample(session, storage, settings, access, body.regions, written.written)
    written.kept = {outcome.sample.original_key, outcome.sample.display_key, outcome.sample.thumbnail_key}
    if outcome.sample.pixels_key:
        written.kept.add(outcome.sample.pixels_key)
    files.schedule_file_cleanup(background, request.app.state.sessionmaker, storage, outcome.old_keys)
    background.add_task(scanner.wake)
    return sample_out(outcome.sample)


@router.post(
    "/samples/{sample_id}/text-regions/scan",
    status_code=202,
    response_model=ScanQueued,
    responses=_GUARDED,
    summary="Scan the sample's pixels for text again",
)
async def scan_again(
    access: SampleRedactor,
    session: Session,
    scanner: AppTextScanner,
    background: BackgroundTasks,
) -> ScanQueued:
    """Queues the sample for OCR again, e.g. after a failed scan; answers at once, the scan runs in
    the background (follow it with GET .../text-regions)."""
    status = await service.scan_again(session, access, scanner.enabled)
    background.add_task(scanner.wake)
    return ScanQueued(status=status.value)

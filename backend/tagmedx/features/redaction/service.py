"""Business rules of redaction: the text regions of a sample, masking its pixels, scanning it again."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from typing import Any

import anyio
from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access
from tagmedx.config import Settings
from tagmedx.features.audit.service import record_for
from tagmedx.features.redaction import repository
from tagmedx.features.redaction.errors import CannotMask, MaskedMeanwhile, RegionOutsideImage
from tagmedx.features.redaction.schemas import MaskRegion
from tagmedx.features.samples.errors import FileMissing, StorageFailed
from tagmedx.features.samples.processing import image_limiter
from tagmedx.imaging import ImageLimits, ImageRejected, ProcessedImage, process_upload
from tagmedx.imaging.burned_in import Rect, inside
from tagmedx.imaging.masking import mask_dicom, mask_raster
from tagmedx.models import Sample, SampleFormat, TextRegion, TextScanStatus
from tagmedx.storage import Storage, StorageError, StorageKeyNotFound, make_storage_key

AUDITED_RECTANGLES = 100


async def text_regions(session: AsyncSession, sample: Sample) -> list[TextRegion]:
    return await repository.regions_of(session, sample.id)


def to_rects(regions: list[MaskRegion], width: int, height: int) -> list[Rect]:
    """Whole-pixel rectangles covering the requested ones; 422 when one leaves the image."""
    rects = []
    for region in regions:
        left, top = math.floor(region.x), math.floor(region.y)
        right, bottom = math.ceil(region.x + region.width), math.ceil(region.y + region.height)
        rects.append(Rect(left, top, right - left, bottom - top))
    if not inside(rects, width, height):
        raise RegionOutsideImage(
            f"Every rectangle must lie inside the image of {width} x {height} pixels "
            "(x, y >= 0, x + width <= image width, y + height <= image height)."
        )
    return rects


@dataclass(frozen=True)
class _Stored:
    key: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class MaskOutcome:
    sample: Sample
    old_keys: set[str]  # files that held the unmasked pixels, to remove once nothing refers to them


async def mask_sample(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    access: Access[Sample],
    regions: list[MaskRegion],
    written: set[str],
) -> MaskOutcome:
    """Rewrite the stored pixels with the rectangles blanked, derive display, thumbnail and pixels
    again, point the sample at the new files and queue it for another scan. `written` collects the
    keys stored, so that a request that fails removes them."""
    sample = access.obj
    rects = to_rects(regions, sample.width, sample.height)
    original = await _read(storage, sample.original_key)
    limits = ImageLimits(max_file_bytes=settings.max_file_bytes, max_pixels=settings.max_image_pixels)
    image = await to_thread.run_sync(_mask, sample.format, original, rects, limits, limiter=image_limiter())
    files = _files(image)
    written.update(file.key for file in files)
    await _store(storage, files)
    old_keys = {sample.original_key, sample.display_key, sample.thumbnail_key, sample.pixels_key}
    if not await repository.replace_pixels(session, sample.id, sample.original_key, _values(image, files)):
        raise MaskedMeanwhile()
    await record_for(
        session,
        access,
        action="sample.mask",
        object_type="sample",
        object_id=sample.id,
        detail={
            "set_id": sample.set_id,
            "rectangles": [[r.x, r.y, r.width, r.height] for r in rects[:AUDITED_RECTANGLES]],
            "count": len(rects),
        },
    )
    await session.refresh(sample)
    new_keys = {file.key for file in files}
    return MaskOutcome(sample, {key for key in old_keys if key} - new_keys)


def _mask(
    image_format: SampleFormat, original: bytes, rects: list[Rect], limits: ImageLimits
) -> ProcessedImage:
    """The masked file, and its renditions made by the upload pipeline. A DICOM goes through it
    de-identified already, so only its renditions are kept: its de-identification is not applied twice
    (that would replace its UIDs again); the stored original is the masked file itself."""
    try:
        if image_format is SampleFormat.dicom:
            masked = mask_dicom(original, rects)
        else:
            masked = mask_raster(original, image_format.value, rects)
        del original
        limits = ImageLimits(max(limits.max_file_bytes, len(masked)), limits.max_pixels)
        processed = process_upload(masked, uid_secret=b"", limits=limits)
    except ImageRejected as rejected:
        raise CannotMask(rejected.detail) from None
    return _with_original(processed, masked)


def _with_original(image: ProcessedImage, original: bytes) -> ProcessedImage:
    return dataclasses.replace(image, original=original)


def _files(image: ProcessedImage) -> list[_Stored]:
    items = [
        (image.original, "original", image.original_media_type),
        (image.display, "display", image.display_media_type),
        (image.thumbnail, "thumbnail", image.thumbnail_media_type),
    ]
    if image.pixels is not None:
        items.append((image.pixels, "pixels", "application/octet-stream"))
    return [
        _Stored(make_storage_key(hashlib.sha256(data).hexdigest(), kind), data, media)
        for data, kind, media in items
    ]


def _values(image: ProcessedImage, files: list[_Stored]) -> dict[str, Any]:
    by_kind = {file.key.rsplit("/", 1)[-1]: file for file in files}
    return {
        "original_key": by_kind["original"].key,
        "original_media_type": by_kind["original"].media_type,
        "display_key": by_kind["display"].key,
        "display_media_type": by_kind["display"].media_type,
        "thumbnail_key": by_kind["thumbnail"].key,
        "thumbnail_media_type": by_kind["thumbnail"].media_type,
        "pixels_key": by_kind["pixels"].key if "pixels" in by_kind else None,
        "pixel_info": image.pixel_info.as_dict() if image.pixel_info else None,
        "dicom": image.dicom.as_dict() if image.dicom else None,
        "burned_in_annotation_risk": bool(image.dicom and image.dicom.burned_in_annotation_risk),
    }


async def _read(storage: Storage, key: str) -> bytes:
    try:
        return await storage.get(key)
    except StorageKeyNotFound:
        raise FileMissing() from None
    except StorageError as error:
        raise StorageFailed() from error


async def _store(storage: Storage, files: list[_Stored]) -> None:
    try:
        async with anyio.create_task_group() as group:
            for file in files:
                group.start_soon(storage.put, file.key, file.data, file.media_type)
    except* StorageError as failures:
        raise StorageFailed() from failures.exceptions[0]


async def scan_again(session: AsyncSession, access: Access[Sample], ocr_enabled: bool) -> TextScanStatus:
    """Queue the sample for another scan (after a failure, or once OCR was turned on), recorded."""
    await repository.requeue(session, access.obj.id)
    await record_for(
        session,
        access,
        action="sample.rescan",
        object_type="sample",
        object_id=access.obj.id,
        detail={"set_id": access.obj.set_id},
    )
    return TextScanStatus.pending if ocr_enabled else TextScanStatus.not_scanned

"""One candidate through the imaging pipeline, in a worker thread, and its renditions into storage."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import anyio
from anyio import CapacityLimiter, to_thread

from tagmedx.features.samples.errors import StorageFailed
from tagmedx.features.samples.intake import Candidate, Refusal, read_candidate
from tagmedx.features.storage.reservations import FileHold
from tagmedx.features.storage.service import FileFacts
from tagmedx.imaging import ImageLimits, ImageRejected, process_upload
from tagmedx.models import Sample, SampleFormat
from tagmedx.storage import Storage, StorageError, make_storage_key

WORKER_THREADS = 3
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


def image_limiter() -> CapacityLimiter:
    """The limiter that bounds concurrent image work (decoding, hashing) in this event loop."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(WORKER_THREADS)
    return limiter


@dataclass(frozen=True)
class StoredFile:
    key: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Draft:
    """The row of a processed sample, minus its set and package; `files` are dropped once stored."""

    values: dict[str, Any]
    files: tuple[StoredFile, ...]
    candidate: Candidate

    @property
    def content_sha256(self) -> str:
        return str(self.values["content_sha256"])

    def storage_keys(self) -> set[str]:
        return {file.key for file in self.files}

    def to_sample(self, set_id: int, package_id: int) -> Sample:
        return Sample(set_id=set_id, package_id=package_id, **self.values)

    def without_files(self) -> Draft:
        empty = tuple(StoredFile(file.key, b"", file.media_type) for file in self.files)
        return Draft(self.values, empty, self.candidate)


async def prepare(
    candidate: Candidate, uid_secret: bytes, limits: ImageLimits, *, shift_dates: bool = False
) -> Draft | Refusal:
    """Process one candidate in a worker thread; `shift_dates`: the group's DICOM date option."""
    work = functools.partial(_prepare, candidate, uid_secret, limits, shift_dates=shift_dates)
    return await to_thread.run_sync(work, limiter=image_limiter())


async def store(storage: Storage, draft: Draft, hold: FileHold) -> Draft:
    """Reserve a draft's files, then write them all at once (before any row refers to them), and
    forget their bytes (the hold keeps them when it checks the files at its claim). The reservation
    keeps the reclaimer off them until the upload commits."""
    await hold.reserve(
        [FileFacts(file.key, len(file.data), file.media_type) for file in draft.files],
        {file.key: file.data for file in draft.files},
    )
    try:
        async with anyio.create_task_group() as group:
            for file in draft.files:
                group.start_soon(storage.put, file.key, file.data, file.media_type)
    except* StorageError as failures:
        raise StorageFailed() from failures.exceptions[0]
    return draft.without_files()


def _prepare(
    candidate: Candidate, uid_secret: bytes, limits: ImageLimits, *, shift_dates: bool
) -> Draft | Refusal:
    try:
        data = read_candidate(candidate)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        return candidate.refuse(f"The file cannot be read ({error}).", "corrupt", 422)
    try:
        image = process_upload(data, uid_secret=uid_secret, limits=limits, shift_dates=shift_dates)
    except ImageRejected as rejected:
        return candidate.refuse(rejected.detail, rejected.code, rejected.status)
    del data
    original = _file(image.original, "original", image.original_media_type)
    display = _file(image.display, "display", image.display_media_type)
    thumbnail = _file(image.thumbnail, "thumbnail", image.thumbnail_media_type)
    stored = [original, display, thumbnail]
    pixels = None
    if image.pixels is not None:
        pixels = _file(image.pixels, "pixels", "application/octet-stream")
        stored.append(pixels)
    values: dict[str, Any] = {
        "filename": candidate.filename,
        "format": SampleFormat(image.format),
        "width": image.width,
        "height": image.height,
        "frames": image.frames,
        "size_bytes": candidate.size,
        "content_sha256": candidate.sha256,
        "original_key": original.key,
        "original_media_type": original.media_type,
        "display_key": display.key,
        "display_media_type": display.media_type,
        "thumbnail_key": thumbnail.key,
        "thumbnail_media_type": thumbnail.media_type,
        "pixels_key": pixels.key if pixels else None,
        "pixel_info": image.pixel_info.as_dict() if image.pixel_info else None,
        "modality": image.dicom.modality[:16] if image.dicom and image.dicom.modality else None,
        "dicom": image.dicom.as_dict() if image.dicom else None,
        "burned_in_annotation_risk": bool(image.dicom and image.dicom.burned_in_annotation_risk),
    }
    return Draft(values, tuple(stored), candidate)


def _file(data: bytes, kind: str, media_type: str) -> StoredFile:
    return StoredFile(make_storage_key(hashlib.sha256(data).hexdigest(), kind), data, media_type)

"""Serving a sample's stored files: exact media type, ETag from the content-addressed key, 304s,
and headers that stop browsers from sniffing or running anything."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from tagmedx.features.samples.errors import FileMissing, NoPixels, StorageReadFailed
from tagmedx.features.storage.reclaimer import Reclaimer
from tagmedx.models import Sample, SampleFormat
from tagmedx.storage import Storage, StorageError, StorageKeyNotFound
from tagmedx.storage.cache import FileCache

Rendition = Literal["image", "thumbnail", "original"]
# Kept by the browser but asked again every time (a 304 while the ETag holds): a copy that lasted
# (`max-age`, `immutable`) opened after logout on a shared workstation, without asking the server.
CACHE_CONTROL = "private, no-cache"
DOWNLOAD_EXTENSIONS = {SampleFormat.png: ".png", SampleFormat.jpeg: ".jpg", SampleFormat.dicom: ".dcm"}
_EXTENSION = re.compile(r"[A-Za-z0-9]{0,9}[A-Za-z][A-Za-z0-9]{0,9}")  # has a letter: `55` of a UID is none
# Controls, format characters (a right-to-left override) and what Windows refuses in a file name.
_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]+')
MAX_STEM = 120
PIXEL_HEADERS = {
    "X-Pixel-Dtype": "uint16, float32 or uint8: the type of each stored value (little-endian)",
    "X-Pixel-Rows": "rows of the array",
    "X-Pixel-Columns": "columns of the array",
    "X-Pixel-Channels": "values per pixel (1 for monochrome, 3 for RGB)",
    "X-Pixel-Offset": "add to every stored value to get the real (modality) value",
    "X-Window-Center": "default window centre in modality units (absent for colour images)",
    "X-Window-Width": "default window width in modality units (absent for colour images)",
    "X-Modality": "DICOM modality (CT, MR, CR, ...)",
    "X-Photometric": "photometric interpretation of the original (MONOCHROME1 is shown inverted)",
}


def etag_of(key: str) -> str:
    """Keys are `ab/<sha256>/<kind>`: the content hash and the kind identify the bytes exactly."""
    return '"' + "-".join(key.split("/")[-2:]) + '"'


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def _headers(etag: str) -> dict[str, str]:
    return {
        "ETag": etag,
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    }


async def serve_rendition(request: Request, storage: Storage, sample: Sample, kind: Rendition) -> Response:
    if kind == "image":
        key, media_type = sample.display_key, sample.display_media_type
    elif kind == "thumbnail":
        key, media_type = sample.thumbnail_key, sample.thumbnail_media_type
    else:
        return await _serve_original(request, storage, sample)
    headers = _headers(etag_of(key))
    if _matches(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    cache: FileCache = request.app.state.file_cache
    body = cache.get(key)
    if body is None:
        body = await _get(request, storage, key)
        cache.put(key, body)
    return Response(body, media_type=media_type, headers=headers)


async def serve_pixels(request: Request, storage: Storage, sample: Sample) -> Response:
    if sample.pixels_key is None or sample.pixel_info is None:
        raise NoPixels()
    headers = _headers(etag_of(sample.pixels_key)) | _pixel_headers(sample)
    headers["Access-Control-Expose-Headers"] = ", ".join([*PIXEL_HEADERS, "ETag"])
    if _matches(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    body = await _get(request, storage, sample.pixels_key)
    headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/octet-stream", headers=headers)


def _pixel_headers(sample: Sample) -> dict[str, str]:
    info: dict[str, Any] = sample.pixel_info or {}
    dicom: dict[str, Any] = sample.dicom or {}
    values = {
        "X-Pixel-Dtype": info.get("dtype"),
        "X-Pixel-Rows": info.get("rows"),
        "X-Pixel-Columns": info.get("columns"),
        "X-Pixel-Channels": info.get("channels"),
        "X-Pixel-Offset": _number(info.get("offset")),
        "X-Window-Center": _number(dicom.get("window_center")),
        "X-Window-Width": _number(dicom.get("window_width")),
        "X-Modality": sample.modality or dicom.get("modality"),
        "X-Photometric": dicom.get("photometric"),
    }
    return {name: _ascii(value) for name, value in values.items() if value is not None and value != ""}


def _number(value: Any) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _ascii(value: Any) -> str:
    return "".join(character for character in str(value) if 32 <= ord(character) < 127)


async def _serve_original(request: Request, storage: Storage, sample: Sample) -> Response:
    headers = _headers(etag_of(sample.original_key))
    headers["Content-Disposition"] = _attachment(download_name(sample))
    if _matches(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    chunks = storage.stream(sample.original_key)
    try:
        first = await anext(chunks)
    except StopAsyncIteration:
        first = b""
    except StorageKeyNotFound:
        raise _missing(request, sample.original_key) from None
    except StorageError as error:
        raise StorageReadFailed() from error
    return StreamingResponse(_chain(first, chunks), media_type=sample.original_media_type, headers=headers)


async def _chain(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if first:
        yield first
    async for chunk in rest:
        yield chunk


def download_name(sample: Sample) -> str:
    """The uploaded name's stem, made safe, with the extension of the format we detected: never the
    uploaded extension, so a PNG with HTML appended, uploaded as `x.html`, saves as `x.png` and no
    browser or file manager opens it as a page."""
    name = sample.filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem and _EXTENSION.fullmatch(extension)):
        stem = name  # no extension (DICOM files are often named by a UID: 1.2.840.113619.2.55)
    stem = _NOT_IN_FILE_NAMES.sub("_", stem).strip(" .")[:MAX_STEM].strip(" .")
    return f"{stem or f'sample-{sample.id}'}{DOWNLOAD_EXTENSIONS[sample.format]}"


def _attachment(name: str) -> str:
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def _get(request: Request, storage: Storage, key: str) -> bytes:
    try:
        return await storage.get(key)
    except StorageKeyNotFound:
        raise _missing(request, key) from None
    except StorageError as error:
        raise StorageReadFailed() from error


def _missing(request: Request, key: str) -> FileMissing:
    """The file is gone: the reclaimer confirms it and flags the samples using it (`files_missing`),
    so lists show them as missing and an upload of the same image repairs them."""
    reclaimer: Reclaimer = request.app.state.reclaimer
    reclaimer.report_missing([key])
    return FileMissing()

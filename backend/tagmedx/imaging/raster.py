"""PNG and JPEG uploads: validate, measure, make the display image and the thumbnail.

Pixels are kept as stored: EXIF orientation is NOT applied (box coordinates are stored-pixel
coordinates). So that browsers do not rotate the display image either, an EXIF block carrying a
non-trivial orientation is dropped from the display copy (losslessly, by removing the segment).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from .encode import DISPLAY_MAX_SIDE, make_display, make_thumbnail, to_viewable
from .errors import ImageLimits, ImageRejected, check_pixel_count, corrupt

RasterFormat = Literal["png", "jpeg"]

_BROWSER_SAFE_MODES: dict[str, frozenset[str]] = {
    "png": frozenset({"1", "L", "LA", "P", "RGB", "RGBA"}),
    "jpeg": frozenset({"L", "RGB"}),
}
_PILLOW_FORMAT = {"png": "PNG", "jpeg": "JPEG"}
_MEDIA_TYPE = {"png": "image/png", "jpeg": "image/jpeg"}
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class RasterResult:
    width: int
    height: int
    display: bytes
    display_media_type: str
    thumbnail: bytes


def process_raster(data: bytes, fmt: RasterFormat, limits: ImageLimits) -> RasterResult:
    """Validate a PNG or JPEG and derive its display image and thumbnail."""
    name = fmt.upper()
    image = _open_header(data, fmt)
    width, height = image.size
    check_pixel_count(width, height, 1, limits)
    if fmt == "png":
        check_png_chunks(data)
    mode = image.mode
    reencode = max(width, height) > DISPLAY_MAX_SIDE or mode not in _BROWSER_SAFE_MODES[fmt]
    try:
        if fmt == "jpeg":
            target = DISPLAY_MAX_SIDE if reencode else 256
            image.draft(mode if mode in ("L", "RGB") else None, (target, target))
        image.load()
        viewable = to_viewable(image)
        orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
        if reencode:
            display, display_media_type = make_display(viewable, as_jpeg=fmt == "jpeg")
        else:
            display, display_media_type = data, _MEDIA_TYPE[fmt]
            if orientation not in (1, None):
                display = strip_jpeg_exif(data) if fmt == "jpeg" else strip_png_exif(data)
        thumbnail = make_thumbnail(viewable)
    except ImageRejected:
        raise
    except Image.DecompressionBombError as error:
        raise _bomb(error) from None
    except Exception as error:
        raise corrupt(
            f"The {name} file is damaged or truncated and cannot be decoded ({_reason(error)})."
        ) from None
    return RasterResult(width, height, display, display_media_type, thumbnail)


# Our own budget (ImageLimits.max_pixels, checked from the header before anything is decoded) is the
# guard; Pillow's fixed one would refuse with its own wording and ignore TAGMEDX_MAX_IMAGE_PIXELS.
Image.MAX_IMAGE_PIXELS = None


def _open_header(data: bytes, fmt: RasterFormat) -> Image.Image:
    """Open lazily: Pillow reads only the header here, nothing is decoded or allocated."""
    try:
        return Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[fmt]])
    except Image.DecompressionBombError as error:
        raise _bomb(error) from None
    except Exception as error:
        raise corrupt(
            f"The {fmt.upper()} header is damaged or incomplete, so the image cannot be read "
            f"({_reason(error)})."
        ) from None


def _bomb(error: Exception) -> ImageRejected:
    return ImageRejected(
        f"The image declares too many pixels to be decoded safely ({error}).",
        code="too_many_pixels",
        status=413,
    )


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]


# --- PNG structure -------------------------------------------------------------------------


@dataclass(frozen=True)
class PngChunk:
    kind: bytes
    start: int  # offset of the length field
    end: int  # offset just after the CRC


def check_png_chunks(data: bytes) -> list[PngChunk]:
    """Walk the chunks: every length in bounds, every CRC right, IHDR first, IDAT and IEND present.

    Pillow skips the CRC of image data, so a damaged IDAT would otherwise go unnoticed.
    """
    view = memoryview(data)
    chunks: list[PngChunk] = []
    position = 8
    while True:
        if position + 12 > len(data):
            raise corrupt("The PNG file is truncated: it ends before its final IEND chunk.")
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            raise corrupt(
                f"The PNG file is truncated: its {_chunk_name(kind)} chunk declares {length} bytes "
                "but the file ends early."
            )
        (expected_crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(view[position + 4 : end - 4]) != expected_crc:
            raise corrupt(f"The PNG file is damaged: the checksum of its {_chunk_name(kind)} chunk is wrong.")
        if not chunks and kind != b"IHDR":
            raise corrupt("The PNG file is damaged: it does not start with an IHDR chunk.")
        chunks.append(PngChunk(kind, position, end))
        if kind == b"IEND":
            break
        position = end
    if not any(chunk.kind == b"IDAT" for chunk in chunks):
        raise corrupt("The PNG file holds no image data (no IDAT chunk).")
    return chunks


def _chunk_name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalpha() else repr(kind)


def strip_png_exif(data: bytes) -> bytes:
    """The same PNG without its eXIf chunk (so that no viewer applies an orientation)."""
    chunks = check_png_chunks(data)
    parts = [data[:8]]
    parts += [data[chunk.start : chunk.end] for chunk in chunks if chunk.kind != b"eXIf"]
    return b"".join(parts) + data[chunks[-1].end :]


# --- JPEG structure ------------------------------------------------------------------------

_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})
_START_OF_SCAN = 0xDA
_APP1 = 0xE1


def strip_jpeg_exif(data: bytes) -> bytes:
    """The same JPEG without its EXIF (APP1 'Exif') segments; the compressed scan is untouched."""
    out = bytearray(data[:2])
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise corrupt("The JPEG file is damaged: a marker was expected before the image data.")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE_MARKERS:
            out += data[position : position + 2]
            position += 2
            continue
        if marker == _START_OF_SCAN:
            break
        (length,) = struct.unpack_from(">H", data, position + 2)
        segment_end = position + 2 + length
        is_exif = marker == _APP1 and data[position + 4 : position + 10] == b"Exif\x00\x00"
        if not is_exif:
            out += data[position:segment_end]
        position = segment_end
    out += data[position:]
    return bytes(out)

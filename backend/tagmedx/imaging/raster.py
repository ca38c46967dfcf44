"""PNG and JPEG uploads: validate, measure, make the display image and the thumbnail.

EXIF orientation is applied once, here: an upload whose EXIF (or XMP) orientation is not 1 is stored
upright, without an orientation tag, so the original, display, thumbnail, width, height and hence box
coordinates share one frame whether a reader honours EXIF or not. A PNG is re-encoded losslessly; a
JPEG with its own quantization tables and chroma subsampling, which keeps the generation loss small
(measured in tests/imaging/test_raster.py). Any other upload is stored byte for byte.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any, Literal

from PIL import Image, ImageOps
from PIL.JpegImagePlugin import JpegImageFile, get_sampling

from .encode import DISPLAY_MAX_SIDE, make_display, make_thumbnail, to_viewable
from .errors import ImageLimits, ImageRejected, check_pixel_count, corrupt
from .structure import PNG_BASE_CHUNKS, PNG_MAX_OTHER_CHUNKS, allowed_units, check_jpeg_steps, too_complex

RasterFormat = Literal["png", "jpeg"]

_BROWSER_SAFE_MODES: dict[str, frozenset[str]] = {
    "png": frozenset({"1", "L", "LA", "P", "RGB", "RGBA"}),
    "jpeg": frozenset({"L", "RGB"}),
}
_PILLOW_FORMAT = {"png": "PNG", "jpeg": "JPEG"}
_MEDIA_TYPE = {"png": "image/png", "jpeg": "image/jpeg"}
_EXIF_ORIENTATION = 0x0112
_TRANSPOSED = frozenset(range(2, 9))  # orientations 2-8 flip or rotate; 1 (and any invalid value) do not


@dataclass(frozen=True)
class RasterResult:
    width: int  # upright, like every output
    height: int
    original: bytes  # the upload itself, or its upright re-encoding
    display: bytes
    display_media_type: str
    thumbnail: bytes


def process_raster(data: bytes, fmt: RasterFormat, limits: ImageLimits) -> RasterResult:
    """Validate a PNG or JPEG, make it upright, and derive its display image and thumbnail."""
    name = fmt.upper()
    if fmt == "png":  # before Pillow, which walks the chunks before IDAT in Python
        check_png_chunks(data)
    else:
        check_jpeg_steps(data)
    image = _open_header(data, fmt)
    width, height = image.size
    check_pixel_count(width, height, 1, limits)
    mode = image.mode
    reencode = max(width, height) > DISPLAY_MAX_SIDE or mode not in _BROWSER_SAFE_MODES[fmt]
    try:
        if exif_orientation(image) in _TRANSPOSED:  # a PNG is decoded here: eXIf may follow IDAT
            image, original = upright_jpeg(image) if isinstance(image, JpegImageFile) else upright_png(image)
            width, height = image.size
        else:
            if fmt == "jpeg":  # only the display and thumbnail are needed: decode at a reduced scale
                target = DISPLAY_MAX_SIDE if reencode else 256
                image.draft(mode if mode in ("L", "RGB") else None, (target, target))
            image.load()
            original = data
        viewable = to_viewable(image)
        if reencode:
            display, display_media_type = make_display(viewable, as_jpeg=fmt == "jpeg")
        else:
            display, display_media_type = original, _MEDIA_TYPE[fmt]
        thumbnail = make_thumbnail(viewable)
    except ImageRejected:
        raise
    except Image.DecompressionBombError as error:
        raise _bomb(error) from None
    except Exception as error:
        raise corrupt(
            f"The {name} file is damaged or truncated and cannot be decoded ({_reason(error)})."
        ) from None
    return RasterResult(width, height, original, display, display_media_type, thumbnail)


def exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) as Pillow reads it, XMP tiff:Orientation included; 1 if none."""
    value = image.getexif().get(_EXIF_ORIENTATION, 1)
    return value if isinstance(value, int) else 1


def upright_jpeg(image: JpegImageFile) -> tuple[Image.Image, bytes]:
    """The upright image and its JPEG: the upload's quantization tables and subsampling, its ICC
    profile, resolution and EXIF/XMP less the orientation."""
    upright = ImageOps.exif_transpose(image)
    options: dict[str, Any] = {"qtables": image.quantization, "progressive": "progressive" in image.info}
    subsampling = get_sampling(image)
    if subsampling >= 0:
        options["subsampling"] = subsampling
    buffer = io.BytesIO()
    upright.save(buffer, format="JPEG", **options, **_kept_metadata(upright, ("dpi", "xmp")))
    return upright, buffer.getvalue()


def upright_png(image: Image.Image) -> tuple[Image.Image, bytes]:
    """The upright image and its lossless PNG: same mode and bit depth, palette and transparency,
    ICC profile, resolution and EXIF less the orientation (text chunks are not carried over)."""
    upright = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    upright.save(buffer, format="PNG", **_kept_metadata(upright, ("dpi", "transparency")))
    return upright, buffer.getvalue()


def _kept_metadata(image: Image.Image, keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        key: image.info[key]
        for key in ("icc_profile", "exif", *keys)
        if image.info.get(key) not in (None, b"")
    }


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
    allowed, others = allowed_units(PNG_BASE_CHUNKS, len(data)), 0
    while True:
        if len(chunks) > allowed or others > PNG_MAX_OTHER_CHUNKS:
            holds = (
                f"more than {allowed:,} chunks"
                if len(chunks) > allowed
                else (f"more than {PNG_MAX_OTHER_CHUNKS:,} chunks besides its image data")
            )
            raise too_complex("PNG", f"it holds {holds}")
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
        others += kind != b"IDAT"
        if kind == b"IEND":
            break
        position = end
    if not any(chunk.kind == b"IDAT" for chunk in chunks):
        raise corrupt("The PNG file holds no image data (no IDAT chunk).")
    return chunks


def _chunk_name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalpha() else repr(kind)

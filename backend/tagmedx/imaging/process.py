"""The entry point: one upload in, a ProcessedImage (or an ImageRejected) out.

Pure and thread-safe: no module-level mutable state, no global setting changed at call time.
"""

from __future__ import annotations

from .dicom import process_dicom
from .errors import ImageLimits, ImageRejected
from .raster import process_raster
from .results import ProcessedImage
from .sniff import describe_content, sniff_format

_DEFAULT_LIMITS = ImageLimits()
_SNIFF_BYTES = 1024


def process_upload(
    data: bytes, *, uid_secret: bytes, limits: ImageLimits = _DEFAULT_LIMITS, shift_dates: bool = False
) -> ProcessedImage:
    """Validate and process one PNG, JPEG or DICOM file, judged by its content only.

    `shift_dates` de-identifies DICOM with the profile's Modified Dates option (deidentify.py).
    Raises ImageRejected (and nothing else) for anything that cannot be accepted.
    """
    _check_size(data, limits)
    fmt = sniff_format(data[:_SNIFF_BYTES])
    if fmt is None:
        raise _unsupported(data)
    if fmt == "zip":
        raise ImageRejected(
            "This is a ZIP archive: its images must be unpacked and uploaded one by one.",
            code="unsupported_type",
            status=415,
        )
    try:
        if fmt == "dicom":
            return process_dicom(data, uid_secret, limits, shift_dates=shift_dates)
        result = process_raster(data, fmt, limits)
    except ImageRejected:
        raise
    except MemoryError:
        raise ImageRejected(
            "The image is too large to be processed.", code="too_many_pixels", status=413
        ) from None
    except Exception as error:  # the last line of defence: nothing but ImageRejected escapes
        reason = (str(error).strip() or type(error).__name__)[:200]
        raise ImageRejected(
            f"The {fmt.upper()} file is damaged and cannot be processed ({reason}).",
            code="corrupt",
            status=422,
        ) from None
    media_type = "image/png" if fmt == "png" else "image/jpeg"
    return ProcessedImage(
        format=fmt,
        width=result.width,
        height=result.height,
        frames=1,
        original=result.original,
        original_media_type=media_type,
        display=result.display,
        display_media_type=result.display_media_type,
        thumbnail=result.thumbnail,
        thumbnail_media_type="image/jpeg",
    )


def _check_size(data: bytes, limits: ImageLimits) -> None:
    if len(data) == 0:
        raise ImageRejected("The file is empty.", code="empty", status=422)
    if len(data) > limits.max_file_bytes:
        raise ImageRejected(
            f"The file is too large: {len(data):,} bytes, at most {limits.max_file_bytes:,} are accepted.",
            code="too_large",
            status=413,
        )


def _unsupported(data: bytes) -> ImageRejected:
    what = describe_content(data[:_SNIFF_BYTES])
    if what:
        detail = f"This looks like {what}, not a PNG, JPEG or DICOM image."
    elif len(data) < 8:
        detail = f"The file is only {len(data)} byte(s) long: it is not a PNG, JPEG or DICOM image."
    else:
        detail = "This file is not a PNG, JPEG or DICOM image (its content is not recognised)."
    return ImageRejected(detail, code="unsupported_type", status=415)

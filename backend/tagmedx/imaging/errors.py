"""The one exception of the imaging pipeline, and the limits it enforces."""

from __future__ import annotations

from dataclasses import dataclass


class ImageRejected(Exception):
    """An upload that cannot be accepted.

    `detail` is a human sentence for the user, `code` a machine code ('unsupported_type', 'empty',
    'too_large', 'too_many_pixels', 'too_complex', 'corrupt', 'no_pixels', 'unsupported_transfer_syntax'),
    `status` the HTTP status a caller should use (413, 415 or 422).
    """

    def __init__(self, detail: str, code: str, status: int = 415) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.status = status

    def __repr__(self) -> str:
        return f"ImageRejected({self.detail!r}, code={self.code!r}, status={self.status})"


def corrupt(detail: str) -> ImageRejected:
    return ImageRejected(detail, code="corrupt", status=422)


@dataclass(frozen=True)
class ImageLimits:
    """Upper bounds checked before anything is decoded."""

    max_file_bytes: int = 300 * 1024 * 1024
    max_pixels: int = 50_000_000


def check_pixel_count(width: int, height: int, frames: int, limits: ImageLimits) -> None:
    """Refuse images whose declared size (from the header) exceeds the pixel budget."""
    total = width * height * max(frames, 1)
    if total > limits.max_pixels:
        raise ImageRejected(
            f"The image is too large: {width} x {height} pixels"
            + (f" x {frames} frames" if frames > 1 else "")
            + f" ({total:,} pixels; at most {limits.max_pixels:,} are accepted).",
            code="too_many_pixels",
            status=413,
        )

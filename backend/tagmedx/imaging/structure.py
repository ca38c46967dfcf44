"""Bounds on the parsing a file's structure may cost, checked before (or while) a parser walks it.

Pixels are decoded in C, within the pixel budget; but pydicom reads data elements, and Pillow PNG
chunks and JPEG markers, one at a time in Python, holding the GIL. A file stuffed with empty elements,
tiny chunks or padding bytes cost about a second per MiB: a 300 MiB DICOM of zeros took four minutes.
Real images hold a few hundred to a few hundred thousand such units, almost all their bytes being
pixels: a base amount plus one unit per KiB of the file keeps any file's parsing within seconds and
refuses no real image.
"""

from __future__ import annotations

import io

from .errors import ImageRejected

BYTES_PER_UNIT = 1024
DICOM_BASE_READS = 200_000  # pydicom reads a data element in one to three reads
PNG_BASE_CHUNKS = 10_000
PNG_MAX_OTHER_CHUNKS = 10_000  # chunks other than IDAT: metadata, which Pillow walks in Python
JPEG_MAX_STEPS = 100_000  # marker segments, fill and stray bytes before the first scan


def allowed_units(base: int, size: int) -> int:
    return base + size // BYTES_PER_UNIT


def too_complex(what: str, holds: str) -> ImageRejected:
    return ImageRejected(
        f"The {what} file is refused: {holds}, far more than an image of its size needs (a file stuffed "
        "like this only makes the server parse it for minutes).",
        code="too_complex",
        status=422,
    )


class TooManyReads(Exception):
    """Raised by BoundedReader.read, through the parser, once it was called more often than allowed."""


class BoundedReader(io.BytesIO):
    """The file for a parser that reads one structure unit at a time (pydicom: each data element's
    tag, length and value): `read` raises TooManyReads past `allowed` calls."""

    def __init__(self, data: bytes, allowed: int) -> None:
        super().__init__(data)
        self.allowed = allowed
        self.reads = 0

    def read(self, size: int | None = -1) -> bytes:
        self.reads += 1
        if self.reads > self.allowed:
            raise TooManyReads
        return super().read(size)


def check_jpeg_steps(data: bytes) -> None:
    """Walk the markers before the first scan (SOS) as Pillow does, counting its loop's steps: one per
    marker segment, per 0xFF fill byte and per stray byte it skips. Refuse past JPEG_MAX_STEPS; a real
    JPEG takes a few dozen. What this walk cannot follow, Pillow refuses."""
    position, steps = 2, 0
    while position < len(data) - 1 and steps <= JPEG_MAX_STEPS:
        if data[position] != 0xFF:  # stray bytes: Pillow skips them one at a time
            following = data.find(b"\xff", position)
            if following == -1:
                return
            steps += following - position
            position = following
            continue
        marker = data[position + 1]
        steps += 1
        if marker == 0xDA:  # start of scan: the rest is decoded in C
            return
        if marker in (0x00, 0x01, 0xFF) or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 1 if marker == 0xFF else 2
        elif position + 4 <= len(data):
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        else:
            return
    if steps > JPEG_MAX_STEPS:
        raise too_complex(
            "JPEG", f"it holds more than {JPEG_MAX_STEPS:,} markers and padding bytes before its image"
        )

"""Recognise a file by its content (magic bytes), never by its name."""

from __future__ import annotations

from typing import Literal

Format = Literal["png", "jpeg", "dicom", "zip"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
DICOM_PREAMBLE_LENGTH = 128
DICOM_PREFIX = b"DICM"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def sniff_format(head: bytes) -> Format | None:
    """The format of a file from its first bytes (at least 132 for DICOM), or None.

    DICOM is recognised as a Part 10 file: a 128-byte preamble followed by 'DICM'.
    """
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(JPEG_SIGNATURE):
        return "jpeg"
    end = DICOM_PREAMBLE_LENGTH + len(DICOM_PREFIX)
    if head[DICOM_PREAMBLE_LENGTH:end] == DICOM_PREFIX:
        return "dicom"
    if head.startswith(ZIP_SIGNATURES):
        return "zip"
    return None


# (prefix, name) tried in order on the raw head.
_MAGIC_NAMES: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "a JPEG 2000 image"),
    (b"\xff\x4f\xff\x51", "a JPEG 2000 codestream"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x00\x00\x01\x00", "an icon (ICO) file"),
    (b"8BPS", "a Photoshop (PSD) file"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
)


def describe_content(head: bytes) -> str | None:
    """A human name for what an unsupported file looks like ('an SVG image', 'a PDF document')."""
    for prefix, name in _MAGIC_NAMES:
        if head.startswith(prefix):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if head[:4] == b"RIFF":
        return "a RIFF (audio/video) file"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "a HEIC/HEIF image"
        if brand in (b"avif", b"avis"):
            return "an AVIF image"
        return "an MP4/QuickTime video"
    if _looks_like_raw_dicom(head):
        return "a DICOM data set without the DICOM Part 10 file header (no 'DICM' at byte 128)"
    return _describe_text(head)


def _looks_like_raw_dicom(head: bytes) -> bool:
    """A DICOM data set written without preamble: starts with a group 0x0002 or 0x0008 tag."""
    return len(head) >= 8 and head[0:2] in (b"\x02\x00", b"\x08\x00") and head[3] == 0


def _describe_text(head: bytes) -> str | None:
    sample = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not sample:
        return None
    if sample.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in sample:
        return "an HTML page"
    if b"<svg" in sample:
        return "an SVG drawing"
    if sample.startswith(b"<?xml") or sample.startswith(b"<"):
        return "an XML document"
    if sample.startswith((b"{", b"[")):
        return "a JSON/text file"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(32 <= c < 127 or c in (9, 10, 13) for c in sample[:256]):
        return "a text file"
    return None

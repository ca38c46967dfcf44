"""Burned-in text: which images to look at, and where OCR (tesseract) sees text in their pixels.

Pure and thread-safe, no HTTP, no database. `find_text` runs the `tesseract` program (through
pytesseract, one subprocess per image, 0.3-2 s): call it in a worker thread, never on the event loop.

Which images are scanned (`needs_text_scan`):
- a DICOM whose Burned In Annotation (0028,0301) is not "NO" (absent counts as not "NO"), every
  ultrasound (Modality US) and every Secondary Capture (SOP classes 1.2.840.10008.5.1.4.1.1.7.*),
  and a DICOM whose pixels we cleaned (Clean Pixel Data Option, 113101), to check what remains;
- every PNG and JPEG: in this product they are exports and screenshots of viewers, which carry the
  viewer's overlays (name, ID, dates) more often than not, and nothing in the file tells otherwise.

What is read: the picture as a person sees it (a DICOM's display rendering with its default
window; for multi-frame files the first frame), made into what tesseract reads best: grayscale,
light-on-dark inverted to dark-on-light (burned-in text on US/CT is white on black), small images
enlarged so that 8-12 px overlay text reaches the size tesseract was trained on.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image, ImageOps
from pydicom import dcmread
from pydicom.errors import InvalidDicomError

from .encode import to_viewable

SECONDARY_CAPTURE_PREFIX = "1.2.840.10008.5.1.4.1.1.7"
CLEAN_PIXEL_DATA_CODE = "113101"
# Tesseract's work grows with the pixels: larger pictures are read at this size (text on them is large).
MAX_OCR_SIDE = 4096
# Pictures up to this size are read at twice their size: overlay text of 8-12 px is then legible.
UPSCALE_BELOW_SIDE = 1600
OCR_TIMEOUT_SECONDS = 120
OCR_NICENESS = 10  # tesseract runs at a lower priority than the server
# --psm 3: automatic page segmentation (it found every overlay of the test images, and less speckle
# than --psm 11, "sparse text"); --oem 1: the LSTM engine.
_TESSERACT_CONFIG = "--psm 3 --oem 1"
# A line of text is reported when one of its words has at least this confidence (0-100) and two
# letters or digits; speckle that tesseract mistakes for letters stays below it.
ANCHOR_CONFIDENCE = 60.0
_MIN_ANCHOR_CHARACTERS = 2
# Masks should cover a glyph's anti-aliased edge: each region grows by this share of its height.
_PADDING_SHARE = 0.15
MAX_WORD_GAP = 1.5
_MIN_PADDING = 2


@dataclass(frozen=True)
class Rect:
    """A rectangle of image pixels: `x`, `y` its top-left corner, `width` and `height` positive."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


@dataclass(frozen=True)
class FoundText:
    """A line of text OCR found: where (pixels of the full-resolution image), what, how sure (0-1)."""

    rect: Rect
    text: str
    confidence: float


def tesseract_available() -> bool:
    """Whether the `tesseract` program can be run here."""
    return shutil.which(str(pytesseract.pytesseract.tesseract_cmd)) is not None


def needs_text_scan(image_format: str, original: bytes | None = None) -> bool:
    """Whether an image is to be scanned for burned-in text (see the module docstring).

    `original` is the stored DICOM file (only its header is parsed); PNG and JPEG need none."""
    if image_format != "dicom":
        return True
    if original is None:
        return True
    try:
        dataset = dcmread(io.BytesIO(original), stop_before_pixels=True)
    except (InvalidDicomError, OSError, ValueError, EOFError):
        return True
    burned_in = str(dataset.get("BurnedInAnnotation") or "").strip().upper()
    modality = str(dataset.get("Modality") or "").strip().upper()
    sop_class = str(dataset.get("SOPClassUID") or "")
    cleaned = any(
        str(item.get("CodeValue") or "") == CLEAN_PIXEL_DATA_CODE
        for item in dataset.get("DeidentificationMethodCodeSequence") or []
    )
    return burned_in != "NO" or modality == "US" or sop_class.startswith(SECONDARY_CAPTURE_PREFIX) or cleaned


def decode_picture(data: bytes) -> Image.Image:
    """A stored PNG or JPEG (an original or a display rendering) as an 8-bit 'L' or 'RGB' picture."""
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        return to_viewable(opened).copy()


def prepare_for_ocr(picture: Image.Image) -> tuple[Image.Image, float]:
    """The grayscale, dark-text-on-light picture tesseract reads, and its scale to the input."""
    gray = picture.convert("L")
    longest = max(gray.size)
    scale = 1.0
    if longest > MAX_OCR_SIDE:
        scale = MAX_OCR_SIDE / longest
    elif longest <= UPSCALE_BELOW_SIDE:
        scale = 2.0
    if scale != 1.0:
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
    if float(np.median(np.asarray(gray))) < 128:  # mostly dark: the text is light on dark
        gray = ImageOps.invert(gray)
    return gray, scale


def find_text(picture: Image.Image, full_size: tuple[int, int]) -> list[FoundText]:
    """Lines of text in `picture`, as rectangles of the full-resolution image of `full_size`
    (width, height), which `picture` may show smaller (a display rendering of a large image).

    Raises RuntimeError when tesseract fails or takes longer than OCR_TIMEOUT_SECONDS."""
    prepared, scale = prepare_for_ocr(picture)
    with tempfile.TemporaryDirectory(prefix="tagmedx-ocr-") as folder:
        # Handed over as an uncompressed BMP: the PNG pytesseract would write costs this process
        # 20-30 ms of CPU an image, the BMP under 1 ms.
        path = os.path.join(folder, "picture.bmp")
        prepared.save(path, format="BMP")
        words = pytesseract.image_to_data(
            path,
            lang="eng",
            config=_TESSERACT_CONFIG,
            nice=OCR_NICENESS,
            timeout=OCR_TIMEOUT_SECONDS,
            output_type=pytesseract.Output.DICT,
        )
    factor_x = full_size[0] / (picture.width * scale)
    factor_y = full_size[1] / (picture.height * scale)
    found = []
    for line in _lines(words):
        rect = _to_image(line.rect, factor_x, factor_y, full_size)
        if rect is not None:
            found.append(FoundText(rect, line.text, line.confidence))
    return found


@dataclass(frozen=True)
class _Word:
    text: str
    confidence: float
    rect: Rect


def _lines(data: dict[str, list[object]]) -> list[FoundText]:
    """Tesseract's words grouped by line; a line counts when it has an anchor word."""
    lines: dict[tuple[object, ...], list[_Word]] = {}
    for index, raw_text in enumerate(data["text"]):
        text = str(raw_text).strip()
        confidence = float(str(data["conf"][index]))
        if not text or confidence < 0 or not any(character.isalnum() for character in text):
            continue
        key = (
            data["page_num"][index],
            data["block_num"][index],
            data["par_num"][index],
            data["line_num"][index],
        )
        rect = Rect(*(int(str(data[name][index])) for name in ("left", "top", "width", "height")))
        lines.setdefault(key, []).append(_Word(text, confidence, rect))
    found = []
    for words in lines.values():
        for run in _runs(words):
            anchors = [word for word in run if _is_anchor(word)]
            if anchors:
                confidence = round(max(word.confidence for word in anchors) / 100.0, 3)
                text = " ".join(word.text for word in run)
                found.append(FoundText(bounding(word.rect for word in run), text, confidence))
    return found


def _runs(words: list[_Word]) -> list[list[_Word]]:
    """A line's words split where the gap between two is wider than MAX_WORD_GAP line heights:
    two overlays on one baseline (a name left, a date right) are two regions, not a band across
    the image, and speckle read as letters between them is left out."""
    ordered = sorted(words, key=lambda word: word.rect.x)
    height = max(word.rect.height for word in ordered)
    runs = [[ordered[0]]]
    for word in ordered[1:]:
        if word.rect.x - runs[-1][-1].rect.right > MAX_WORD_GAP * height:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _is_anchor(word: _Word) -> bool:
    characters = sum(character.isalnum() for character in word.text)
    return word.confidence >= ANCHOR_CONFIDENCE and characters >= _MIN_ANCHOR_CHARACTERS


def bounding(rects: Iterable[Rect]) -> Rect:
    items = list(rects)
    left = min(rect.x for rect in items)
    top = min(rect.y for rect in items)
    right = max(rect.right for rect in items)
    bottom = max(rect.bottom for rect in items)
    return Rect(left, top, right - left, bottom - top)


def _to_image(rect: Rect, factor_x: float, factor_y: float, full_size: tuple[int, int]) -> Rect | None:
    """A rectangle of the OCR picture in full-resolution pixels, padded, clipped to the image."""
    padding = max(_MIN_PADDING, round(rect.height * factor_y * _PADDING_SHARE))
    left = max(0, int(np.floor(rect.x * factor_x)) - padding)
    top = max(0, int(np.floor(rect.y * factor_y)) - padding)
    right = min(full_size[0], int(np.ceil(rect.right * factor_x)) + padding)
    bottom = min(full_size[1], int(np.ceil(rect.bottom * factor_y)) + padding)
    if right <= left or bottom <= top:
        return None
    return Rect(left, top, right - left, bottom - top)


def inside(rects: Sequence[Rect], width: int, height: int) -> bool:
    """Every rectangle is non-empty and lies inside a `width` x `height` image."""
    return all(
        r.width > 0 and r.height > 0 and r.x >= 0 and r.y >= 0 and r.right <= width and r.bottom <= height
        for r in rects
    )

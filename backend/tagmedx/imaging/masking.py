"""Masking rectangles of an image's stored pixels, so that what they showed is gone from the file.

Pure and thread-safe, no HTTP, no database; the caller derives the display image, thumbnail and
pixels again from the file returned here (with `process_upload`).

DICOM: every frame is decoded (pydicom), the rectangles are set to the darkest stored value (the
smallest value Bits Stored allows, the largest for MONOCHROME1, 0 for RGB, the palette entry closest
to black for PALETTE COLOR), and the file is written uncompressed (Explicit VR Little Endian) with
Number of Frames kept, a colour file decoded from YBR as RGB, Burned In Annotation "NO", and the Clean
Pixel Data Option (113101) added to the De-identification Method (Code Sequence). The SOP Instance UID
is kept: it was already replaced on upload, and readings, exports and structured reports refer to it.

PNG is written again losslessly (same mode, palette and transparency, ICC profile and resolution);
JPEG with the original's quantization tables and chroma subsampling (Pillow's quality="keep"), so
the pixels outside the rectangles change only by one more round of the same quantization.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.pixels.decoders.base import get_decoder
from pydicom.pixels.processing import apply_color_lut
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import UID, ExplicitVRLittleEndian

from .burned_in import CLEAN_PIXEL_DATA_CODE, Rect
from .errors import ImageRejected

CLEAN_PIXEL_DATA_MEANING = "Clean Pixel Data Option"
CLEAN_PIXEL_DATA_METHOD = "TagMedX: Clean Pixel Data Option, rectangles masked"
# Elements that describe an encapsulated encoding or the old values' range, wrong once rewritten.
_STALE_AFTER_REWRITE = (
    "ExtendedOffsetTable",
    "ExtendedOffsetTableLengths",
    "SmallestImagePixelValue",
    "LargestImagePixelValue",
)


def cannot_mask(reason: str) -> ImageRejected:
    return ImageRejected(f"The image cannot be masked: {reason}.", code="cannot_mask", status=422)


# ------------------------------------------------------------------------------------------ DICOM


def mask_dicom(data: bytes, rects: Sequence[Rect]) -> bytes:
    """The DICOM file with every frame's `rects` set to the darkest value, written uncompressed."""
    dataset = dcmread(io.BytesIO(data))
    if "PixelData" not in dataset:
        raise cannot_mask("the DICOM file holds no Pixel Data")
    syntax = UID(str(dataset.file_meta.TransferSyntaxUID))
    frames_declared = "NumberOfFrames" in dataset
    try:
        array, meta = get_decoder(syntax).as_array(dataset, as_rgb=True)  # type: ignore[arg-type]
    except Exception as error:
        raise cannot_mask(f"its pixel data cannot be decoded ({str(error)[:200]})") from None
    photometric = str(meta.get("photometric_interpretation") or dataset.PhotometricInterpretation)
    frames = int(dataset.get("NumberOfFrames") or 1)
    samples = int(dataset.get("SamplesPerPixel") or 1)
    array = array.reshape((frames, int(dataset.Rows), int(dataset.Columns), samples))
    value = _darkest(dataset, photometric, int(meta.get("bits_stored") or dataset.BitsStored), array.dtype)
    for rect in rects:
        array[:, rect.y : rect.bottom, rect.x : rect.right, :] = value
    if not syntax.is_little_endian:  # every element decoded, so that it can be written little-endian
        for _element in dataset.iterall():
            pass
        dataset.set_original_encoding(False, True)
    _write_pixels(dataset, array, photometric, frames_declared)
    _record_cleaning(dataset)
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _darkest(dataset: Dataset, photometric: str, bits_stored: int, dtype: np.dtype[Any]) -> int:
    signed = bool(np.issubdtype(dtype, np.signedinteger))
    low: int = -(2 ** (bits_stored - 1)) if signed else 0
    high: int = 2 ** (bits_stored - 1) - 1 if signed else 2**bits_stored - 1
    if photometric == "MONOCHROME1":
        return high
    if photometric == "PALETTE COLOR":
        colours = apply_color_lut(np.arange(low, high + 1, dtype=dtype), dataset).astype(np.float64)
        luminance = colours @ np.array([0.299, 0.587, 0.114])
        return int(low + int(np.argmin(luminance)))
    return low


def _write_pixels(dataset: Dataset, array: NDArray[Any], photometric: str, frames_declared: bool) -> None:
    """Native little-endian Pixel Data of `array` (frames, rows, columns, samples)."""
    frames, _, _, samples = array.shape
    raw = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
    dataset.PixelData = raw + (b"\x00" if len(raw) % 2 else b"")
    dataset["PixelData"].VR = "OW" if array.dtype.itemsize > 1 else "OB"
    dataset.BitsAllocated = array.dtype.itemsize * 8  # 1-bit data is decoded (and kept) as bytes
    dataset.PhotometricInterpretation = photometric  # YBR decoded to RGB stays RGB
    if samples > 1:
        dataset.PlanarConfiguration = 0
    if frames_declared or frames > 1:
        dataset.NumberOfFrames = frames
    for keyword in _STALE_AFTER_REWRITE:
        if keyword in dataset:
            delattr(dataset, keyword)
    dataset.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian


def _record_cleaning(dataset: Dataset) -> None:
    """Burned In Annotation "NO", and the Clean Pixel Data Option in the De-identification Method."""
    dataset.BurnedInAnnotation = "NO"
    codes = list(dataset.get("DeidentificationMethodCodeSequence") or [])
    if not any(str(item.get("CodeValue") or "") == CLEAN_PIXEL_DATA_CODE for item in codes):
        code = Dataset()
        code.CodeValue = CLEAN_PIXEL_DATA_CODE
        code.CodingSchemeDesignator = "DCM"
        code.CodeMeaning = CLEAN_PIXEL_DATA_MEANING
        codes.append(code)
    dataset.DeidentificationMethodCodeSequence = DicomSequence(codes)
    method = dataset.get("DeidentificationMethod")
    values = [str(item) for item in _values(method)]
    if CLEAN_PIXEL_DATA_METHOD not in values:
        values.append(CLEAN_PIXEL_DATA_METHOD)
    dataset.DeidentificationMethod = values if len(values) > 1 else values[0]


def _values(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


# ----------------------------------------------------------------------------------------- raster


def mask_raster(data: bytes, image_format: str, rects: Sequence[Rect]) -> bytes:
    """The PNG or JPEG with `rects` filled with black, encoded again (see the module docstring)."""
    image = Image.open(io.BytesIO(data), formats=["PNG" if image_format == "png" else "JPEG"])
    image.load()
    fill = _black(image)
    for rect in rects:
        image.paste(fill, (rect.x, rect.y, rect.right, rect.bottom))
    buffer = io.BytesIO()
    kept = {name: image.info[name] for name in ("icc_profile", "dpi", "exif") if image.info.get(name)}
    if image_format == "png":
        if "transparency" in image.info:
            kept["transparency"] = image.info["transparency"]
        image.save(buffer, format="PNG", **kept)
    else:
        image.save(
            buffer, format="JPEG", quality="keep", progressive=bool(image.info.get("progressive")), **kept
        )
    return buffer.getvalue()


def _black(image: Image.Image) -> int | tuple[int, ...]:
    """Opaque black in the image's own mode (the darkest palette entry for palette images)."""
    mode = image.mode
    if mode == "P":
        palette = np.asarray(image.getpalette() or [0, 0, 0], dtype=np.float64).reshape(-1, 3)
        return int(np.argmin(palette @ np.array([0.299, 0.587, 0.114])))
    if mode in ("RGBA", "RGBa"):
        return (0, 0, 0, 255)
    if mode in ("LA", "La"):
        return (0, 255)
    if mode == "CMYK":
        return (0, 0, 0, 255)
    if mode == "RGB":
        return (0, 0, 0)
    return 0  # 1, L, I and the 16-bit grey modes

"""From decoded DICOM pixels to values and an 8-bit picture: modality LUT, VOI window, colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydicom.dataset import Dataset
from pydicom.pixels.processing import apply_color_lut, apply_modality_lut, convert_color_space

AUTO_PERCENTILES = (0.5, 99.5)
_AUTO_SAMPLE_TARGET = 1_000_000
CT_PRESETS: tuple[tuple[str, float, float], ...] = (
    ("Soft tissue", 40.0, 400.0),
    ("Lung", -600.0, 1500.0),
    ("Bone", 400.0, 1800.0),
    ("Brain", 40.0, 80.0),
)


@dataclass(frozen=True)
class Window:
    center: float
    width: float
    function: str = "LINEAR"


def functional_value(dataset: Dataset, sequence: str, keyword: str) -> Any:
    """An attribute at the top level or, for enhanced multi-frame objects, in the shared or the
    first per-frame functional group (`sequence` names the functional group macro)."""
    if keyword in dataset:
        return dataset[keyword].value
    for groups in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
        for group in dataset.get(groups) or []:
            for item in group.get(sequence) or []:
                if keyword in item:
                    return item[keyword].value
            break  # only the first per-frame item describes the first frame
    return None


def rescale(dataset: Dataset) -> tuple[float, float]:
    slope = functional_value(dataset, "PixelValueTransformationSequence", "RescaleSlope")
    intercept = functional_value(dataset, "PixelValueTransformationSequence", "RescaleIntercept")
    return (float(slope) if slope not in (None, "") else 1.0,
            float(intercept) if intercept not in (None, "") else 0.0)  # fmt: skip


def modality_values(frame: NDArray[Any], dataset: Dataset) -> NDArray[Any]:
    """Stored values -> modality values (e.g. Hounsfield units), PS3.3 C.11.1."""
    if dataset.get("ModalityLUTSequence") or "RescaleSlope" in dataset:
        return apply_modality_lut(frame, dataset)
    slope, intercept = rescale(dataset)
    if slope == 1.0 and intercept == 0.0:
        return frame
    return frame.astype(np.float64) * slope + intercept


def multi_values(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


def file_windows(dataset: Dataset) -> list[tuple[Window, str | None]]:
    """The windows the file declares, with their explanations, first one first."""
    sequence = "FrameVOILUTSequence"
    centers = multi_values(functional_value(dataset, sequence, "WindowCenter"))
    widths = multi_values(functional_value(dataset, sequence, "WindowWidth"))
    explanations = multi_values(functional_value(dataset, sequence, "WindowCenterWidthExplanation"))
    function = str(functional_value(dataset, sequence, "VOILUTFunction") or "LINEAR").upper()
    windows: list[tuple[Window, str | None]] = []
    for index, (center, width) in enumerate(zip(centers, widths, strict=False)):
        try:
            window = Window(float(center), float(width), function)
        except (TypeError, ValueError):
            continue
        if window.width <= 0 or not np.isfinite([window.center, window.width]).all():
            continue
        explanation = str(explanations[index]) if index < len(explanations) else None
        windows.append((window, explanation or None))
    return windows


def auto_window(values: NDArray[Any]) -> Window:
    """A window spanning the 0.5th to 99.5th percentile of the values (sampled when large)."""
    step = max(1, int(np.sqrt(values.size / _AUTO_SAMPLE_TARGET)))
    sample = np.asarray(values[::step, ::step], dtype=np.float64)
    sample = sample[np.isfinite(sample)]
    if sample.size == 0:
        return Window(0.0, 1.0)
    low, high = (float(v) for v in np.percentile(sample, AUTO_PERCENTILES))
    if high <= low:
        low, high = float(sample.min()), float(sample.max())
    if high <= low:
        high = low + 1.0
    return Window((low + high) / 2.0, high - low)


def apply_window(values: NDArray[Any], window: Window) -> NDArray[np.uint8]:
    """Map values to 0..255 with the VOI LUT function of PS3.3 C.11.2.1.2 (LINEAR by default)."""
    x = np.asarray(values, dtype=np.float32)
    c, w = window.center, window.width
    if window.function == "SIGMOID":
        y = 255.0 / (1.0 + np.exp(-4.0 * (x - np.float32(c)) / np.float32(w)))
    elif window.function == "LINEAR_EXACT":
        y = ((x - c) / w + 0.5) * 255.0
    else:  # LINEAR, C.11.2.1.2.1
        w = max(w, 1.0)
        y = ((x - (c - 0.5)) / max(w - 1.0, 1e-9) + 0.5) * 255.0
    result: NDArray[np.uint8] = np.rint(np.clip(y, 0.0, 255.0)).astype(np.uint8)
    return result


def render_monochrome(values: NDArray[Any], window: Window, photometric: str) -> NDArray[np.uint8]:
    """Window the modality values; MONOCHROME1 is inverted so that high values are bright."""
    return invert_if_monochrome1(apply_window(values, window), photometric)


def invert_if_monochrome1(picture: NDArray[np.uint8], photometric: str) -> NDArray[np.uint8]:
    if photometric == "MONOCHROME1":
        return np.subtract(255, picture, dtype=np.uint8)
    return picture


def to_rgb8(frame: NDArray[Any], dataset: Dataset, photometric: str) -> NDArray[np.uint8]:
    """A (rows, columns, 3) uint8 RGB array from a colour frame (RGB, YBR_* or PALETTE COLOR)."""
    if photometric == "PALETTE COLOR":
        colour = apply_color_lut(frame, _palette_tables(dataset))
        if colour.dtype.itemsize > 1:
            return (colour >> (8 * (colour.dtype.itemsize - 1))).astype(np.uint8)
        return colour.astype(np.uint8)
    if photometric.startswith("YBR_") and photometric not in ("YBR_ICT", "YBR_RCT"):
        frame = convert_color_space(frame, photometric, "RGB")
    if frame.ndim == 2:
        frame = np.stack([frame] * 3, axis=-1)
    if frame.dtype == np.uint8:
        return frame
    bits = int(dataset.get("BitsStored") or frame.dtype.itemsize * 8)
    scale = 255.0 / float(2**bits - 1)
    return np.rint(np.clip(frame.astype(np.float64) * scale, 0, 255)).astype(np.uint8)


_PALETTE_COLOURS = ("Red", "Green", "Blue", "Alpha")


def _palette_tables(dataset: Dataset) -> Dataset:
    """The palette for apply_color_lut, whose pydicom 3.0 version reads (non-segmented) table data in
    the machine's byte order: a big-endian file's colours came out byte-swapped, nearly black. For
    such a file, a copy holding the tables in little-endian order."""
    if dataset.original_encoding[1] is not False or "RedPaletteColorLookupTableData" not in dataset:
        return dataset
    tables = Dataset()
    for colour in _PALETTE_COLOURS:
        descriptor, data = (
            f"{colour}PaletteColorLookupTableDescriptor",
            f"{colour}PaletteColorLookupTableData",
        )
        if descriptor in dataset:
            tables[descriptor] = dataset[descriptor]
        if data in dataset:
            swapped = np.frombuffer(dataset[data].value, dtype=">u2").astype("<u2").tobytes()
            tables.add_new(data, "OW", swapped)
    return tables

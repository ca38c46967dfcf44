"""A file's VOI LUT (PS3.3 C.11.2): the nonlinear lookup table some X-ray and mammography files ship in
place of, or beside, a window, read once into a table of 0..1 outputs.

The display image and the thumbnail follow the table exactly. The editor windows the full-depth pixels
linearly, so it starts from the table's equivalent window: the input range over which the table climbs
from 0.5 % to 99.5 % of its output.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydicom.dataset import Dataset
from pydicom.pixels.processing import apply_voi

from .dicom_render import Window

_EDGES = (0.005, 0.995)


@dataclass(frozen=True)
class VoiLut:
    first_mapped: int
    table: NDArray[np.float32]  # output of each input from first_mapped on, scaled to 0..1
    explanation: str | None
    window: Window  # the linear window closest to the table (_closest_window)

    def apply(self, values: NDArray[Any]) -> NDArray[np.uint8]:
        """Modality values to 0..255 through the table; inputs outside it take its first or last entry."""
        index = np.rint(np.asarray(values, dtype=np.float64)) - self.first_mapped
        index = np.clip(index, 0, self.table.size - 1).astype(np.intp)
        result: NDArray[np.uint8] = np.rint(self.table[index] * 255.0).astype(np.uint8)
        return result


def _closest_window(first_mapped: int, table: NDArray[np.float32]) -> Window:
    """Where the table climbs from 0.5 % to 99.5 % of its output, as a linear window."""
    inside = np.nonzero((table > _EDGES[0]) & (table < _EDGES[1]))[0]
    if inside.size == 0:  # a step: all of it at once
        inside = np.arange(table.size)
    low = first_mapped + int(inside[0])
    high = first_mapped + int(inside[-1]) + 1
    return Window((low + high) / 2.0, float(max(high - low, 1)))


def file_lut(dataset: Dataset) -> VoiLut | None:
    """The first VOI LUT of the file, or None when it has none or one that cannot be read."""
    sequence = dataset.get("VOILUTSequence")
    if not sequence:
        return None
    item = sequence[0]
    try:
        if item["LUTData"].VR == "UN":  # written by a tool that lost the VR: 16-bit words, like OW
            item["LUTData"].VR = "OW"
        entries, first_mapped = (int(value) for value in list(item.LUTDescriptor)[:2])
        inputs = np.arange(first_mapped, first_mapped + (entries or 2**16), dtype=np.int64)
        outputs = apply_voi(inputs, dataset).astype(np.float64)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, NotImplementedError, struct.error):
        return None  # damaged: the file's windows or the automatic one are used instead
    if outputs.size != inputs.size:
        return None
    low, high = float(outputs.min()), float(outputs.max())
    if high <= low:
        return None
    explanation = str(item.get("LUTExplanation") or "").strip() or None
    table = ((outputs - low) / (high - low)).astype(np.float32)
    return VoiLut(first_mapped, table, explanation, _closest_window(first_mapped, table))

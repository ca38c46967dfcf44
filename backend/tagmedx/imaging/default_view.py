"""The window a DICOM opens with, chosen in one place for the display image and for exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydicom.dataset import Dataset

from . import dicom_render as render
from .voi_lut import VoiLut, file_lut


@dataclass(frozen=True)
class DefaultView:
    picture: NDArray[np.uint8]  # 8-bit grey, MONOCHROME1 already inverted
    window: render.Window  # for a VOI LUT: its closest linear window, where the editor starts
    declared: list[tuple[render.Window, str | None]]  # the file's own windows, first one first
    lut: VoiLut | None  # the file's VOI LUT, when it has a readable one


def default_view(values: NDArray[Any], dataset: Dataset, photometric: str) -> DefaultView:
    """Modality values shown with the file's first window, else its VOI LUT, else the 0.5th-99.5th
    percentile. With a window and a LUT, PS3.3 C.8.11.3.1.5 lets viewers choose: the window."""
    declared = render.file_windows(dataset)
    lut = file_lut(dataset)
    if declared:
        window = declared[0][0]
        picture = render.render_monochrome(values, window, photometric)
    elif lut is not None:
        window = lut.window
        picture = render.invert_if_monochrome1(lut.apply(values), photometric)
    else:
        window = render.auto_window(values)
        picture = render.render_monochrome(values, window, photometric)
    return DefaultView(picture, window, declared, lut)

"""A file's VOI LUT Sequence: the display follows the table exactly, the editor starts from its closest
linear window, a declared window still comes first, and a damaged table falls back to the automatic
window instead of failing the upload."""

from __future__ import annotations

import io

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from tagmedx.imaging import ProcessedImage, process_upload

from .helpers import SECRET, make_dicom

ENTRIES = 4096
GAMMA_TABLE = np.rint(65535 * np.sqrt(np.arange(ENTRIES) / (ENTRIES - 1))).astype(int)


def with_lut(
    table: np.ndarray = GAMMA_TABLE,
    *,
    descriptor: list[int] | None = None,
    photometric: str = "MONOCHROME2",
    window: tuple[float, float] | None = None,
    explanation: str = "GAMMA 0.5",
    vr: str = "US",
) -> bytes:
    """A 16x16 DX image of the values 0..255 (x 16, so 0..4080) with a VOI LUT Sequence."""
    pixels = (np.arange(256, dtype="<u2") * 16).tobytes()
    dataset = pydicom.dcmread(io.BytesIO(make_dicom(pixel_data=pixels)))
    dataset.Modality = "DX"
    dataset.PhotometricInterpretation = photometric
    item = Dataset()
    item.LUTDescriptor = descriptor or [ENTRIES, 0, 16]
    if vr == "US":
        item.LUTData = [int(value) for value in table]
    else:  # OW, or UN as some tools write it: little-endian 16-bit words
        item.LUTData = np.asarray(table, dtype="<u2").tobytes()
    item["LUTData"].VR = vr
    item.LUTExplanation = explanation
    dataset.VOILUTSequence = Sequence([item])
    if window is not None:
        dataset.WindowCenter, dataset.WindowWidth = window
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def display(result: ProcessedImage) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(result.display))).reshape(-1)


def test_the_display_follows_the_table_and_the_editor_starts_from_its_closest_window() -> None:
    result = process_upload(with_lut(), uid_secret=SECRET)
    info = result.dicom
    assert info is not None and info.window_source == "file"
    inputs = np.arange(256) * 16
    expected = np.rint(GAMMA_TABLE[inputs] / 65535 * 255).astype(np.uint8)
    assert np.array_equal(display(result), expected)  # not a straight line: sqrt lifts the dark end
    assert display(result)[16] == 64  # input 256 of 4095: sqrt gives a quarter, a linear window 1/16
    # sqrt climbs past 0.5 % at input 1 and reaches 99.5 % at 4055 (0.995**2 * 4095 = 4054.2)
    assert (info.window_center, info.window_width) == (2028.0, 4054.0)
    assert info.window_presets[0] == {
        "name": "GAMMA 0.5",
        "center": 2028.0,
        "width": 4054.0,
        "source": "file",
        "explanation": "the file's VOI LUT, as the closest linear window",
    }
    assert all(preset["source"] != "auto" for preset in info.window_presets)


@pytest.mark.parametrize("vr", ["OW", "UN"])
def test_a_table_stored_as_words_reads_the_same(vr: str) -> None:
    words = display(process_upload(with_lut(vr=vr), uid_secret=SECRET))
    assert np.array_equal(words, display(process_upload(with_lut(), uid_secret=SECRET)))


def test_monochrome1_with_a_table_is_inverted() -> None:
    plain = display(process_upload(with_lut(), uid_secret=SECRET))
    inverted = display(process_upload(with_lut(photometric="MONOCHROME1"), uid_secret=SECRET))
    assert np.array_equal(inverted, 255 - plain)


def test_a_declared_window_comes_first_and_the_table_is_offered_beside_it() -> None:
    result = process_upload(with_lut(window=(2048.0, 4096.0)), uid_secret=SECRET)
    info = result.dicom
    assert info is not None and (info.window_center, info.window_width) == (2048.0, 4096.0)
    assert [preset["name"] for preset in info.window_presets] == ["File", "GAMMA 0.5"]
    shown = display(result).astype(int)
    assert abs(shown[128] - 128) <= 1  # linear: input 2048 in the middle


@pytest.mark.parametrize(
    ("table", "descriptor"),
    [
        (np.zeros(ENTRIES, dtype=int), None),  # flat: no picture in it
        (GAMMA_TABLE, [ENTRIES, 0, 9]),  # 9 bits an entry: not a depth the standard allows
        (GAMMA_TABLE[:100], None),  # 100 entries where the descriptor says 4096
    ],
)
def test_an_unusable_table_falls_back_to_the_automatic_window(
    table: np.ndarray, descriptor: list[int] | None
) -> None:
    info = process_upload(with_lut(table, descriptor=descriptor), uid_secret=SECRET).dicom
    assert info is not None and info.window_source == "auto"
    assert info.window_presets[0]["name"] == "Auto"

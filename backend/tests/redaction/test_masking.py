"""Masking stored pixels, read back by pydicom, dcmtk's dcm2pnm and Pillow."""

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian

from tagmedx.imaging.burned_in import Rect
from tagmedx.imaging.masking import CLEAN_PIXEL_DATA_METHOD, mask_dicom, mask_raster
from tests.redaction import images

RECT = Rect(8, 6, 180, 24)


def _frames(dataset: Dataset) -> np.ndarray:
    """(frames, rows, columns, samples) of the dataset's pixel data."""
    array = dataset.pixel_array
    frames = int(dataset.get("NumberOfFrames") or 1)
    samples = int(dataset.SamplesPerPixel)
    return array.reshape((frames, int(dataset.Rows), int(dataset.Columns), samples))


def _inside(array: np.ndarray, rect: Rect) -> np.ndarray:
    return array[..., rect.y : rect.bottom, rect.x : rect.right, :]


def dcm2pnm(data: bytes, tmp_path: Path, frame: int = 1) -> np.ndarray:
    """Frame `frame` (1-based) as dcmtk renders it (no window: the full range), as an array."""
    source, target = tmp_path / "masked.dcm", tmp_path / f"frame{frame}.pgm"
    source.write_bytes(data)
    subprocess.run(
        ["dcm2pnm", "--frame", str(frame), str(source), str(target)], check=True, capture_output=True
    )
    return np.asarray(Image.open(target))


def _check_clean(dataset: Dataset) -> None:
    assert dataset.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    assert dataset.BurnedInAnnotation == "NO"
    codes = [
        (item.CodeValue, item.CodingSchemeDesignator) for item in dataset.DeidentificationMethodCodeSequence
    ]
    assert ("113101", "DCM") in codes
    assert CLEAN_PIXEL_DATA_METHOD in _methods(dataset)


def _methods(dataset: Dataset) -> list[str]:
    value = dataset.DeidentificationMethod
    return [value] if isinstance(value, str) else [str(item) for item in value]


@pytest.mark.parametrize("rgb", [False, True], ids=["monochrome2", "rgb"])
def test_an_ultrasound_is_masked_in_every_frame(rgb: bool, tmp_path: Path) -> None:
    frames = np.stack([np.asarray(images.us_picture(rgb=rgb, seed=seed).picture) for seed in range(3)])
    data = images.dicom_of(frames, sop_class=images.US_MULTIFRAME_STORAGE, frames=3)
    before = dcmread(io.BytesIO(data))
    masked = dcmread(io.BytesIO(mask_dicom(data, [RECT])))
    _check_clean(masked)
    assert masked.NumberOfFrames == 3 and masked.SOPInstanceUID == before.SOPInstanceUID
    after = _frames(masked)
    assert np.all(_inside(after, RECT) == 0)
    outside = np.ones(after.shape[1:3], bool)
    outside[RECT.y : RECT.bottom, RECT.x : RECT.right] = False
    assert np.array_equal(after[:, outside], _frames(before)[:, outside])  # nothing else changed
    for frame in (1, 3):
        rendered = dcm2pnm(mask_dicom(data, [RECT]), tmp_path, frame)
        region = rendered[RECT.y : RECT.bottom, RECT.x : RECT.right]
        assert region.min() == region.max() == 0


def test_monochrome1_is_masked_with_the_largest_value() -> None:
    pixels = np.full((32, 32), 100, np.uint16)
    data = images.dicom_of(pixels, photometric="MONOCHROME1", modality="CR", burned_in="YES")
    masked = dcmread(io.BytesIO(mask_dicom(data, [Rect(0, 0, 4, 4)])))
    assert np.all(masked.pixel_array[:4, :4] == 2**16 - 1) and masked.pixel_array[5, 5] == 100


def test_a_jpeg_compressed_colour_file_is_written_uncompressed_as_rgb(tmp_path: Path) -> None:
    data = Path(str(get_testdata_file("SC_rgb_jpeg_dcmtk.dcm"))).read_bytes()
    rect = Rect(10, 10, 30, 20)
    out = mask_dicom(data, [rect])
    masked = dcmread(io.BytesIO(out))
    _check_clean(masked)
    assert masked.PhotometricInterpretation == "RGB"
    assert np.all(_inside(_frames(masked), rect) == 0)
    region = dcm2pnm(out, tmp_path)[rect.y : rect.bottom, rect.x : rect.right]
    assert region.min() == region.max() == 0


def test_a_big_endian_file_is_written_little_endian() -> None:
    data = Path(str(get_testdata_file("MR_small_bigendian.dcm"))).read_bytes()
    reference = dcmread(get_testdata_file("MR_small.dcm"))
    masked = dcmread(io.BytesIO(mask_dicom(data, [Rect(0, 0, 64, 2)])))
    _check_clean(masked)
    assert np.all(masked.pixel_array[:2] == -(2**15))  # signed 16-bit: the smallest value
    assert np.array_equal(masked.pixel_array[2:], reference.pixel_array[2:])
    assert masked.PatientName == reference.PatientName


def test_cleaning_twice_records_the_option_once() -> None:
    data, _ = images.us_dicom()
    twice = dcmread(io.BytesIO(mask_dicom(mask_dicom(data, [RECT]), [Rect(0, 0, 2, 2)])))
    assert [item.CodeValue for item in twice.DeidentificationMethodCodeSequence].count("113101") == 1
    assert _methods(twice).count(CLEAN_PIXEL_DATA_METHOD) == 1


def test_a_png_is_masked_losslessly() -> None:
    picture = images.screenshot().picture
    out = Image.open(io.BytesIO(mask_raster(images.encode(picture, "PNG"), "png", [RECT])))
    assert out.format == "PNG" and out.mode == "RGB"
    after, before = np.asarray(out), np.asarray(picture)
    assert np.all(after[RECT.y : RECT.bottom, RECT.x : RECT.right] == 0)
    after_copy = after.copy()
    after_copy[RECT.y : RECT.bottom, RECT.x : RECT.right] = before[RECT.y : RECT.bottom, RECT.x : RECT.right]
    assert np.array_equal(after_copy, before)


def test_a_palette_png_is_masked_with_its_darkest_colour() -> None:
    picture = images.screenshot().picture.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    out = Image.open(io.BytesIO(mask_raster(images.encode(picture, "PNG"), "png", [RECT])))
    assert out.mode == "P"
    region = np.asarray(out.convert("RGB"))[RECT.y : RECT.bottom, RECT.x : RECT.right]
    assert len(np.unique(region.reshape(-1, 3), axis=0)) == 1 and region.max() < 40


def test_a_jpeg_keeps_its_quantization_tables() -> None:
    original = images.encode(images.screenshot().picture, "JPEG", quality=85)
    out = mask_raster(original, "jpeg", [Rect(16, 16, 160, 32)])  # on 8 x 8 block edges
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(out))
    assert after.format == "JPEG" and after.quantization == before.quantization
    region = np.asarray(after)[16:48, 16:176]
    assert region.max() <= 8  # black, up to JPEG's rounding
    assert (
        np.abs(np.asarray(after).astype(int)[100:, 200:] - np.asarray(before).astype(int)[100:, 200:]).mean()
        < 2
    )

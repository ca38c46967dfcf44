"""DICOM display: modality LUT, VOI window, MONOCHROME1, colour, multi-frame, compressed syntaxes."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.pixels import apply_modality_lut

from tagmedx.imaging import ProcessedImage, decode_pixels, process_upload
from tagmedx.imaging.dicom_render import Window, apply_window

from .helpers import SECRET, dicom_bytes, dicom_path


def process(name: str) -> ProcessedImage:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return process_upload(dicom_bytes(name), uid_secret=SECRET)


def display_array(result: ProcessedImage) -> np.ndarray:
    image = Image.open(io.BytesIO(result.display))
    assert image.format == "PNG" and result.display_media_type == "image/png"
    return np.asarray(image)


def test_monochrome1_chest_xray_shows_lungs_dark_and_mediastinum_bright() -> None:
    result = process("RG1_UNCR.dcm")
    assert result.dicom is not None
    assert result.dicom.photometric == "MONOCHROME1" and result.dicom.invert
    assert (result.dicom.window_center, result.dicom.window_width) == (15000.0, 30000.0)
    picture = display_array(result).astype(float)
    rows, columns = picture.shape
    band = slice(int(rows * 0.30), int(rows * 0.55))
    mediastinum = picture[band, int(columns * 0.46) : int(columns * 0.54)].mean()
    left_lung = picture[band, int(columns * 0.20) : int(columns * 0.35)].mean()
    right_lung = picture[band, int(columns * 0.65) : int(columns * 0.80)].mean()
    assert mediastinum > left_lung + 20
    assert mediastinum > right_lung + 20
    # MONOCHROME1: a higher stored value is darker on screen
    assert result.pixels is not None and result.pixel_info is not None
    values = decode_pixels(result.pixels, result.pixel_info)[..., 0]
    assert np.corrcoef(values.ravel(), picture.ravel())[0, 1] < -0.9


def test_ct_window_maps_hounsfield_units_as_center_and_width_say() -> None:
    result = process("693_UNCR.dcm")
    info = result.dicom
    assert info is not None and info.modality == "CT"
    center, width = info.window_center, info.window_width
    assert (center, width) == (40.0, 100.0)
    assert result.pixels is not None and result.pixel_info is not None
    hounsfield = decode_pixels(result.pixels, result.pixel_info)[..., 0]
    picture = display_array(result).astype(int)
    assert picture.shape == hounsfield.shape

    assert np.all(picture[hounsfield <= center - width / 2] == 0)
    assert np.all(picture[hounsfield >= center + width / 2] == 255)
    at_center = picture[hounsfield == center]
    assert at_center.size > 0 and np.all(np.abs(at_center - 128) <= 1)
    inside = (hounsfield > center - width / 2) & (hounsfield < center + width / 2)
    expected = ((hounsfield[inside] - (center - 0.5)) / (width - 1) + 0.5) * 255
    assert np.max(np.abs(picture[inside] - expected)) <= 1


def test_linear_window_function_edges() -> None:
    values = np.array([[-1000.0, -10.0, 40.0, 90.0, 1000.0]])
    mapped = apply_window(values, Window(40.0, 100.0))
    # PS3.3 C.11.2.1.2.1: ((40 - 39.5) / 99 + 0.5) * 255 = 128.8
    assert mapped.tolist() == [[0, 0, 129, 255, 255]]


def test_ct_presets_and_file_window_with_explanation() -> None:
    info = process("693_UNCR.dcm").dicom
    assert info is not None
    names = [preset["name"] for preset in info.window_presets]
    assert names[0] not in ("Soft tissue", "Lung", "Bone", "Brain")
    assert info.window_presets[0]["center"] == 40.0
    standard = {p["name"]: (p["center"], p["width"]) for p in info.window_presets}
    assert standard["Soft tissue"] == (40.0, 400.0)
    assert standard["Lung"] == (-600.0, 1500.0)
    assert standard["Bone"] == (400.0, 1800.0)
    assert standard["Brain"] == (40.0, 80.0)
    mr = process("MR-SIEMENS-DICOM-WithOverlays.dcm").dicom
    assert mr is not None
    assert [(p["center"], p["width"]) for p in mr.window_presets] == [(450, 790), (200, 443)]
    assert not any(p["name"] == "Lung" for p in mr.window_presets)


def test_auto_window_when_the_file_has_none() -> None:
    result = process("CT_small.dcm")
    info = result.dicom
    assert info is not None and info.window_source == "auto"
    assert info.window_center is not None and info.window_width is not None
    assert result.pixels is not None and result.pixel_info is not None
    values = decode_pixels(result.pixels, result.pixel_info)
    low, high = np.percentile(values, [0.5, 99.5])
    assert info.window_center == pytest.approx((low + high) / 2)
    assert info.window_width == pytest.approx(high - low)
    assert info.window_presets[0]["name"] == "Auto"
    picture = display_array(result)
    assert picture.min() == 0 and picture.max() == 255


@pytest.mark.parametrize("name", ["CT_small.dcm", "693_UNCR.dcm", "MR_small.dcm", "RG3_UNCR.dcm"])
def test_pixels_hold_exactly_the_modality_lut_of_the_first_frame(name: str) -> None:
    result = process(name)
    assert result.pixels is not None and result.pixel_info is not None
    info = result.pixel_info
    dataset = pydicom.dcmread(dicom_path(name))
    expected = apply_modality_lut(dataset.pixel_array, dataset)
    assert (info.rows, info.columns, info.channels) == (dataset.Rows, dataset.Columns, 1)
    assert info.dtype == "uint16"
    decoded = decode_pixels(result.pixels, info)[..., 0]
    assert np.array_equal(decoded, expected)


def test_ct_pixels_use_uint16_with_a_negative_offset() -> None:
    result = process("CT_small.dcm")
    assert result.pixel_info is not None
    assert result.pixel_info.dtype == "uint16" and result.pixel_info.offset < 0
    assert result.dicom is not None
    assert (result.dicom.rescale_slope, result.dicom.rescale_intercept) == (1.0, -1024.0)


def test_fractional_slope_gives_float32_pixels() -> None:
    result = process("MR2_UNCR.dcm")
    assert result.pixel_info is not None and result.pixels is not None
    assert result.pixel_info.dtype == "float32" and result.pixel_info.offset == 0
    dataset = pydicom.dcmread(dicom_path("MR2_UNCR.dcm"))
    expected = apply_modality_lut(dataset.pixel_array, dataset).astype(np.float32)
    decoded = decode_pixels(result.pixels, result.pixel_info)[..., 0]
    assert np.array_equal(decoded.astype(np.float32), expected)


def test_multi_frame_keeps_its_frame_count_and_shows_the_first_frame() -> None:
    result = process("emri_small_RLE.dcm")
    assert result.frames == 10 and result.dicom is not None and result.dicom.frames == 10
    assert result.pixel_info is not None and result.pixels is not None
    dataset = pydicom.dcmread(dicom_path("emri_small.dcm"))
    first = dataset.pixel_array[0]
    assert np.array_equal(decode_pixels(result.pixels, result.pixel_info)[..., 0], first)


@pytest.mark.parametrize(
    "name",
    [
        "US1_UNCR.dcm",  # RGB
        "SC_ybr_full_uncompressed.dcm",  # YBR_FULL
        "SC_ybr_full_422_uncompressed.dcm",  # YBR_FULL_422
        "SC_rgb_jpeg_dcmtk.dcm",  # JPEG Baseline, YBR_FULL
        "SC_rgb_dcmtk_+eb+cy+np.dcm",  # JPEG Baseline, YBR_FULL_422
        "US1_J2KR.dcm",  # JPEG 2000 lossless, YBR_RCT
        "SC_rgb_rle.dcm",  # RLE
        "SC_rgb_16bit.dcm",  # 16-bit RGB
    ],
)
def test_colour_images_render_as_rgb(name: str) -> None:
    result = process(name)
    picture = display_array(result)
    assert picture.ndim == 3 and picture.shape[2] == 3
    assert result.pixel_info is not None
    assert result.pixel_info.dtype == "uint8" and result.pixel_info.channels == 3
    assert result.dicom is not None and result.dicom.window_center is None


def test_ybr_and_rgb_versions_of_the_same_image_look_alike() -> None:
    rgb = display_array(process("SC_rgb.dcm")).astype(int)
    for name in ("SC_ybr_full_uncompressed.dcm", "SC_rgb_jpeg_dcmtk.dcm"):
        other = display_array(process(name)).astype(int)
        assert np.abs(rgb - other).mean() < 8, name


def test_rgb_pixels_match_the_decoded_rgb() -> None:
    result = process("SC_rgb.dcm")
    assert result.pixels is not None and result.pixel_info is not None
    dataset = pydicom.dcmread(dicom_path("SC_rgb.dcm"))
    assert np.array_equal(decode_pixels(result.pixels, result.pixel_info), dataset.pixel_array)


def test_palette_colour_renders_as_rgb() -> None:
    picture = display_array(process("OBXXXX1A.dcm"))
    assert picture.shape == (600, 800, 3)
    assert picture.std() > 10


@pytest.mark.parametrize(
    ("compressed", "uncompressed"),
    [
        ("MR_small_RLE.dcm", "MR_small.dcm"),
        ("MR_small_jp2klossless.dcm", "MR_small.dcm"),
        ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm"),
        ("RG3_J2KR.dcm", "RG3_UNCR.dcm"),
    ],
)
def test_lossless_compressed_syntaxes_decode_to_the_same_values(compressed: str, uncompressed: str) -> None:
    a, b = process(compressed), process(uncompressed)
    assert a.pixels is not None and a.pixel_info is not None
    assert b.pixels is not None and b.pixel_info is not None
    assert np.array_equal(decode_pixels(a.pixels, a.pixel_info), decode_pixels(b.pixels, b.pixel_info))
    assert np.array_equal(display_array(a), display_array(b))


def test_jpeg_baseline_multi_frame_ultrasound() -> None:
    result = process("color3d_jpeg_baseline.dcm")
    assert result.frames == 120
    assert (result.width, result.height) == (640, 480)
    assert display_array(result).shape == (480, 640, 3)


def test_display_and_thumbnail_bounds_for_dicom() -> None:
    result = process("RG1_UNCR.dcm")
    assert (result.width, result.height) == (1841, 1955)
    display = Image.open(io.BytesIO(result.display))
    thumbnail = Image.open(io.BytesIO(result.thumbnail))
    assert display.size == (1841, 1955)
    assert thumbnail.format == "JPEG" and max(thumbnail.size) == 256
    assert thumbnail.size[0] == pytest.approx(256 * 1841 / 1955, abs=1)

"""OCR of burned-in text on generated images: what is scanned, the preprocessing, and what is found."""

import io

import numpy as np
import pytest
from PIL import Image
from pydicom import dcmread
from pydicom.dataset import Dataset

from tagmedx.imaging.burned_in import (
    MAX_OCR_SIDE,
    Rect,
    find_text,
    needs_text_scan,
    prepare_for_ocr,
)
from tests.redaction import images

pytestmark = pytest.mark.usefixtures("tesseract")


def _regions(picture: Image.Image, full_size: tuple[int, int] | None = None) -> list[Rect]:
    return [found.rect for found in find_text(picture, full_size or picture.size)]


def _assert_found(boxes: list[Rect], regions: list[Rect]) -> None:
    """Each drawn text is covered by what OCR found, and by a region of about its size."""
    for box in boxes:
        assert images.covered(box, regions) >= 0.9, (box, regions)
        assert images.best_iou(box, regions) >= 0.25, (box, regions)


@pytest.mark.parametrize("rgb", [False, True], ids=["monochrome", "rgb"])
def test_white_text_on_an_ultrasound_like_image_is_found(rgb: bool) -> None:
    drawn = images.us_picture(rgb=rgb)
    found = find_text(drawn.picture, drawn.picture.size)
    _assert_found(drawn.boxes, [item.rect for item in found])
    assert any("12345678" in item.text for item in found)
    assert all(0.6 <= item.confidence <= 1.0 for item in found)


def test_dark_and_light_text_on_a_screenshot_are_found() -> None:
    drawn = images.screenshot()
    _assert_found(drawn.boxes, _regions(drawn.picture))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_clean_speckled_image_has_no_text(seed: int) -> None:
    assert _regions(images.us_picture(text=False, seed=seed).picture) == []


def test_a_clean_screenshot_has_no_text() -> None:
    assert _regions(images.screenshot(text=False).picture) == []


def test_regions_are_in_pixels_of_the_full_resolution_image() -> None:
    drawn = images.us_picture()  # the display rendering, at half the size of the image (1280 x 960)
    regions = _regions(drawn.picture, full_size=(1280, 960))
    doubled = [Rect(box.x * 2, box.y * 2, box.width * 2, box.height * 2) for box in drawn.boxes]
    _assert_found(doubled, regions)
    assert all(region.right <= 1280 and region.bottom <= 960 for region in regions)


def test_light_on_dark_pictures_are_inverted_and_small_ones_enlarged() -> None:
    prepared, scale = prepare_for_ocr(images.us_picture().picture)
    assert scale == 2.0 and prepared.size == (1280, 960) and prepared.mode == "L"
    assert np.median(np.asarray(prepared)) > 128  # the dark background became light
    light, _ = prepare_for_ocr(Image.new("RGB", (100, 100), (240, 240, 240)))
    assert np.median(np.asarray(light)) > 128  # a light one is left as it is


def test_very_large_pictures_are_read_at_a_bounded_size() -> None:
    prepared, scale = prepare_for_ocr(Image.new("L", (MAX_OCR_SIDE * 2, 100)))
    assert max(prepared.size) == MAX_OCR_SIDE and scale == 0.5


def _dataset(data: bytes) -> Dataset:
    return dcmread(io.BytesIO(data))


def _with(data: bytes, **attributes: object) -> bytes:
    dataset = _dataset(data)
    for keyword, value in attributes.items():
        if value is None:
            delattr(dataset, keyword)
        else:
            setattr(dataset, keyword, value)
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _ct(burned_in: str | None) -> bytes:
    pixels = np.zeros((8, 8), np.uint16)
    return images.dicom_of(pixels, sop_class=images.CT_IMAGE_STORAGE, modality="CT", burned_in=burned_in)


def test_which_images_are_scanned() -> None:
    assert needs_text_scan("png") and needs_text_scan("jpeg")
    assert not needs_text_scan("dicom", _ct("NO"))
    assert needs_text_scan("dicom", _ct(None))  # absent counts as not NO
    assert needs_text_scan("dicom", _ct("YES"))
    assert needs_text_scan("dicom", _with(_ct("NO"), Modality="US"))
    assert needs_text_scan("dicom", _with(_ct("NO"), SOPClassUID=images.SECONDARY_CAPTURE))
    assert needs_text_scan("dicom", b"not a dicom file")  # unreadable: look at it


def test_a_dicom_whose_pixels_were_cleaned_is_checked_again() -> None:
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "113101", "DCM", "Clean Pixel Data Option"
    assert needs_text_scan("dicom", _with(_ct("NO"), DeidentificationMethodCodeSequence=[code]))

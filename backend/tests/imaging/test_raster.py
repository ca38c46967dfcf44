"""PNG and JPEG uploads: sizes, byte reuse, modes that need converting."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tagmedx.imaging import ImageLimits, process_upload, sniff_format

from .helpers import SECRET, encode, gradient_rgb, noise_rgb


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_small_image_reuses_the_uploaded_bytes_for_display(fmt: str) -> None:
    data = encode(gradient_rgb(640, 480), fmt)

    result = process_upload(data, uid_secret=SECRET)

    assert result.format == fmt.lower()
    assert (result.width, result.height, result.frames) == (640, 480, 1)
    assert result.original is data
    assert result.display is data
    assert result.original_media_type == result.display_media_type == f"image/{fmt.lower()}"
    assert result.pixels is None and result.pixel_info is None and result.dicom is None


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_large_image_display_fits_2048_and_thumbnail_256_keeping_aspect(fmt: str) -> None:
    data = encode(gradient_rgb(3000, 1500), fmt)

    result = process_upload(data, uid_secret=SECRET)

    assert (result.width, result.height) == (3000, 1500)
    display = open_image(result.display)
    thumbnail = open_image(result.thumbnail)
    assert display.size == (2048, 1024)
    assert display.format == fmt
    assert result.display_media_type == f"image/{fmt.lower()}"
    assert thumbnail.format == "JPEG" and result.thumbnail_media_type == "image/jpeg"
    assert thumbnail.size == (256, 128)


def test_thumbnail_of_portrait_image() -> None:
    result = process_upload(encode(noise_rgb(300, 900), "JPEG"), uid_secret=SECRET)
    thumbnail = open_image(result.thumbnail)
    assert max(thumbnail.size) == 256
    assert thumbnail.size[0] == pytest.approx(256 / 3, abs=1)


def test_16_bit_grayscale_png_is_rescaled_not_saturated() -> None:
    # 12-bit data in a 16-bit PNG: a naive conversion clips everything above 255 to white.
    ramp = np.tile(np.linspace(0, 4095, 256).astype(np.uint16), (64, 1))
    data = encode(Image.fromarray(ramp), "PNG")
    assert open_image(data).mode.startswith("I")

    result = process_upload(data, uid_secret=SECRET)

    display = np.asarray(open_image(result.display))
    assert open_image(result.display).mode == "L"
    assert result.display_media_type == "image/png"
    row = display[0].astype(int)
    assert row[0] == 0 and row[-1] == 255
    assert np.all(np.diff(row) >= 0)
    assert np.count_nonzero(row == 255) <= 2  # a ramp, not a saturated block
    assert display.std() > 60
    thumbnail = np.asarray(open_image(result.thumbnail).convert("L"))
    assert thumbnail.std() > 60


def test_palette_png() -> None:
    image = gradient_rgb(200, 100).quantize(colors=16)
    assert image.mode == "P"
    result = process_upload(encode(image, "PNG"), uid_secret=SECRET)
    assert result.display == encode(image, "PNG")
    thumbnail = open_image(result.thumbnail)
    assert thumbnail.mode == "RGB" and thumbnail.size == (200, 100)
    assert np.asarray(thumbnail).std() > 30


def test_rgba_and_la_png_are_composited() -> None:
    rgba = gradient_rgb(120, 80).convert("RGBA")
    rgba.putalpha(128)
    la = Image.new("LA", (50, 40), (200, 255))
    for image in (rgba, la):
        result = process_upload(encode(image, "PNG"), uid_secret=SECRET)
        thumbnail = open_image(result.thumbnail)
        assert thumbnail.mode in ("L", "RGB")
        assert thumbnail.size == image.size


def test_large_rgba_png_display_is_reencoded_without_alpha() -> None:
    rgba = gradient_rgb(2500, 100).convert("RGBA")
    result = process_upload(encode(rgba, "PNG"), uid_secret=SECRET)
    display = open_image(result.display)
    assert display.size == (2048, 82) and display.mode == "RGB"


def test_cmyk_jpeg_display_is_converted_to_rgb() -> None:
    cmyk = gradient_rgb(300, 200).convert("CMYK")
    data = encode(cmyk, "JPEG")
    assert open_image(data).mode == "CMYK"

    result = process_upload(data, uid_secret=SECRET)

    display = open_image(result.display)
    assert display.mode == "RGB" and display.size == (300, 200)
    assert result.display_media_type == "image/jpeg"
    assert open_image(result.thumbnail).mode == "RGB"
    # colours survive: top-right of the gradient is red-dominant, bottom-left green-dominant
    pixels = np.asarray(display).astype(int)
    assert pixels[5, -5, 0] > pixels[5, -5, 1] + 100
    assert pixels[-5, 5, 1] > pixels[-5, 5, 0] + 100


def test_grayscale_and_one_bit_images() -> None:
    for image in (Image.new("L", (64, 32), 90), Image.new("1", (64, 32), 1)):
        result = process_upload(encode(image, "PNG"), uid_secret=SECRET)
        assert (result.width, result.height) == (64, 32)
        assert open_image(result.thumbnail).size == (64, 32)


def test_exif_orientation_is_not_applied_and_is_dropped_from_the_display() -> None:
    image = gradient_rgb(400, 200)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW" when displayed
    data = encode(image, "JPEG", exif=exif.tobytes())

    result = process_upload(data, uid_secret=SECRET)

    assert (result.width, result.height) == (400, 200)  # stored pixels, not rotated
    assert result.original is data
    display = open_image(result.display)
    assert display.size == (400, 200)
    assert display.getexif().get(0x0112) is None
    assert open_image(result.thumbnail).size == (256, 128)


def test_png_exif_orientation_is_dropped_from_the_display() -> None:
    exif = Image.Exif()
    exif[0x0112] = 8
    data = encode(gradient_rgb(100, 50), "PNG", exif=exif.tobytes())
    assert b"eXIf" in data
    result = process_upload(data, uid_secret=SECRET)
    assert b"eXIf" not in result.display
    assert open_image(result.display).size == (100, 50)


def test_sniff_format_by_magic_bytes_only() -> None:
    assert sniff_format(encode(noise_rgb(4, 4), "PNG")) == "png"
    assert sniff_format(encode(noise_rgb(4, 4), "JPEG")) == "jpeg"
    assert sniff_format(b"\x00" * 128 + b"DICM" + b"\x02\x00") == "dicom"
    assert sniff_format(b"PK\x03\x04rest") == "zip"
    assert sniff_format(b"<html></html>") is None
    assert sniff_format(b"") is None


def test_pixel_limit_is_configurable() -> None:
    data = encode(noise_rgb(100, 100), "PNG")
    process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_pixels=10_000))
    with pytest.raises(Exception) as info:
        process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_pixels=9_999))
    assert getattr(info.value, "code", None) == "too_many_pixels"

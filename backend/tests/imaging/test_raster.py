"""PNG and JPEG uploads: sizes, byte reuse, modes that need converting, EXIF orientation."""

from __future__ import annotations

import io

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image, ImageOps
from PIL.JpegImagePlugin import JpegImageFile, get_sampling

from tagmedx.imaging import ImageLimits, process_upload, sniff_format

from .helpers import SECRET, asymmetric_rgb, encode, gradient_rgb, noise_rgb, with_exif_orientation


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


ORIENTATIONS = range(1, 9)


def upright(data: bytes) -> Image.Image:
    """What a reader that honours EXIF shows: Pillow's exif_transpose of the upload."""
    return ImageOps.exif_transpose(open_image(data))


def difference(first: Image.Image, second: Image.Image) -> NDArray[np.int64]:
    assert first.size == second.size
    return np.abs(np.asarray(first).astype(np.int64) - np.asarray(second).astype(np.int64))


def test_the_test_picture_tells_every_orientation_apart() -> None:
    pictures = [
        upright(with_exif_orientation(asymmetric_rgb(64, 40), "PNG", value)) for value in ORIENTATIONS
    ]
    for index, first in enumerate(pictures):
        for second in pictures[index + 1 :]:
            assert first.size != second.size or difference(first, second).max() > 100


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_exif_orientation_is_applied_once_at_upload(fmt: str, orientation: int) -> None:
    data = with_exif_orientation(asymmetric_rgb(403, 211), fmt, orientation, quality=90)
    expected = upright(data)

    result = process_upload(data, uid_secret=SECRET)

    stored = open_image(result.original)
    assert (result.width, result.height) == expected.size == stored.size
    assert stored.format == fmt and stored.getexif().get(0x0112) in (None, 1)
    assert difference(upright(result.original), stored).max() == 0  # honouring EXIF or not: one picture
    if orientation == 1:
        assert result.original is data  # nothing to do: the upload byte for byte
    elif fmt == "PNG":
        assert difference(stored, expected).max() == 0  # lossless
    else:
        assert difference(stored, expected).mean() < 1.0  # one re-encoding with the upload's tables
    assert result.display == result.original
    thumbnail = open_image(result.thumbnail)
    assert (thumbnail.width > thumbnail.height) == (expected.width > expected.height)
    assert difference(thumbnail, expected.resize(thumbnail.size)).mean() < 12


def test_a_rotated_jpeg_keeps_its_quantization_tables_subsampling_and_metadata() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Camera maker"
    data = encode(
        asymmetric_rgb(320, 240), "JPEG", exif=exif.tobytes(), quality=83, subsampling=1, dpi=(300, 300)
    )
    source = open_image(data)

    stored = open_image(process_upload(data, uid_secret=SECRET).original)

    assert isinstance(stored, JpegImageFile) and isinstance(source, JpegImageFile)
    assert stored.quantization == source.quantization
    assert get_sampling(stored) == get_sampling(source) == 1
    assert stored.getexif().get(0x010F) == "Camera maker" and 0x0112 not in stored.getexif()
    assert stored.info["dpi"] == (300, 300)


def test_an_xmp_orientation_is_applied_and_removed_too() -> None:
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description tiff:Orientation="8"/>'
    xmp += b"</rdf:RDF></x:xmpmeta>"
    data = encode(asymmetric_rgb(120, 60), "JPEG", xmp=xmp)
    assert open_image(data).getexif().get(0x0112) == 8  # Pillow-based readers would rotate it

    result = process_upload(data, uid_secret=SECRET)

    assert (result.width, result.height) == (60, 120)
    assert b"tiff:Orientation" not in result.original
    assert open_image(result.original).getexif().get(0x0112) is None


@pytest.mark.parametrize(
    "image",
    [
        Image.fromarray(np.tile(np.arange(0, 4000, 40, dtype=np.uint16), (30, 1))),  # 16-bit grey
        gradient_rgb(100, 30).quantize(colors=12),  # palette
        gradient_rgb(100, 30).convert("RGBA"),
        gradient_rgb(100, 30).convert("LA"),
    ],
    ids=["16-bit", "palette", "rgba", "la"],
)
def test_a_rotated_png_keeps_its_mode_and_values(image: Image.Image) -> None:
    if image.mode == "P":
        image.info["transparency"] = 3
    data = with_exif_orientation(image, "PNG", 5)
    expected = upright(data)

    stored = open_image(process_upload(data, uid_secret=SECRET).original)

    assert stored.mode == expected.mode == open_image(data).mode
    assert stored.info.get("transparency") == expected.info.get("transparency")
    assert stored.size == (30, 100)
    np.testing.assert_array_equal(np.asarray(stored), np.asarray(expected))


def test_a_large_rotated_jpeg_has_an_upright_display_and_size() -> None:
    data = with_exif_orientation(asymmetric_rgb(3000, 1500), "JPEG", 6, quality=90)

    result = process_upload(data, uid_secret=SECRET)

    assert (result.width, result.height) == (1500, 3000)
    assert open_image(result.original).size == (1500, 3000)
    display = open_image(result.display)
    assert display.size == (1024, 2048) and display.getexif().get(0x0112) is None
    assert difference(display, upright(data).resize(display.size)).mean() < 3


def test_an_invalid_orientation_value_leaves_the_upload_untouched() -> None:
    data = with_exif_orientation(gradient_rgb(50, 20), "JPEG", 9)
    result = process_upload(data, uid_secret=SECRET)
    assert result.original is data and (result.width, result.height) == (50, 20)


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

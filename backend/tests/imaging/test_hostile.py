"""Hostile and broken uploads: each raises ImageRejected with the right status and a clear detail."""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from collections.abc import Callable

import pytest
from pydicom.encaps import encapsulate
from pydicom.uid import MPEG4HP41, JPEGLSLossless

from tagmedx.imaging import ImageLimits, ImageRejected, process_upload

from .helpers import (
    SECRET,
    dicom_bytes,
    dicom_pixel_length,
    encode,
    jpeg_with_size,
    make_dicom,
    noise_rgb,
    png_header_only,
)


def png_bytes() -> bytes:
    return encode(noise_rgb(64, 48), "PNG")


def jpeg_bytes() -> bytes:
    return encode(noise_rgb(64, 48), "JPEG")


def corrupt_idat_crc() -> bytes:
    data = bytearray(png_bytes())
    position = data.index(b"IDAT") + 4 + 10  # a byte inside the compressed image data
    data[position] ^= 0xFF
    return bytes(data)


def zip_of_png() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.png", png_bytes())
    return buffer.getvalue()


def dicm_then_garbage() -> bytes:
    return b"\x00" * 128 + b"DICM" + os.urandom(64) + b"\xff" * 300


def dicom_header_only() -> bytes:
    return dicom_bytes("CT_small.dcm")[:132]


def synthetic_jpeg_ls() -> bytes:
    frame = b"\xff\xd8\xff\xf7" + b"\x00" * 30  # a JPEG-LS start, never decoded
    return make_dicom(8, 8, pixel_data=encapsulate([frame]), syntax=JPEGLSLossless)


def mpeg4_dicom() -> bytes:
    return make_dicom(8, 8, pixel_data=encapsulate([b"\x00\x00\x01\xb3" + bytes(30)]), syntax=MPEG4HP41)


def truncated_dicom_pixels() -> bytes:
    return make_dicom(64, 64, pixel_data=b"\x00\x01" * 100)


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"

# name -> (make the bytes, expected status, expected code, words the detail must contain)
CASES: dict[str, tuple[Callable[[], bytes], int, str, tuple[str, ...]]] = {
    "empty": (lambda: b"", 422, "empty", ("empty",)),
    "one byte": (lambda: b"\x89", 415, "unsupported_type", ("1 byte",)),
    "html named .png": (lambda: HTML, 415, "unsupported_type", ("HTML",)),
    "svg": (lambda: SVG, 415, "unsupported_type", ("SVG",)),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 415, "unsupported_type", ("PDF",)),
    "gif": (lambda: encode(noise_rgb(8, 8), "GIF"), 415, "unsupported_type", ("GIF",)),
    "bmp": (lambda: encode(noise_rgb(8, 8), "BMP"), 415, "unsupported_type", ("BMP",)),
    "tiff": (lambda: encode(noise_rgb(8, 8), "TIFF"), 415, "unsupported_type", ("TIFF",)),
    "webp": (lambda: encode(noise_rgb(8, 8), "WEBP"), 415, "unsupported_type", ("WebP",)),
    "random bytes": (lambda: bytes(range(7, 256)) * 4, 415, "unsupported_type", ("not",)),
    "plain text": (lambda: b"patient,label\n1,2\n", 415, "unsupported_type", ("text",)),
    "zip to process_upload": (zip_of_png, 415, "unsupported_type", ("ZIP",)),
    "dicom without preamble": (
        lambda: dicom_bytes("CT_small.dcm")[132:],
        415,
        "unsupported_type",
        ("DICOM", "header"),
    ),
    "truncated png": (lambda: png_bytes()[:200], 422, "corrupt", ("PNG", "truncated")),
    "png signature only": (lambda: png_bytes()[:8], 422, "corrupt", ("PNG",)),
    "png with bad idat crc": (corrupt_idat_crc, 422, "corrupt", ("IDAT", "checksum")),
    "truncated jpeg": (lambda: jpeg_bytes()[: len(jpeg_bytes()) // 2], 422, "corrupt", ("JPEG",)),
    "jpeg markers only": (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF", 422, "corrupt", ("JPEG",)),
    "png declaring 30000x30000": (
        lambda: png_header_only(30000, 30000),
        413,
        "too_many_pixels",
        ("too large", "pixels"),
    ),
    "png declaring 8000x8000": (
        lambda: png_header_only(8000, 8000),
        413,
        "too_many_pixels",
        ("8000 x 8000",),
    ),
    "jpeg declaring 65000x65000": (
        lambda: jpeg_with_size(65000, 65000),
        413,
        "too_many_pixels",
        ("pixels",),
    ),
    "jpeg declaring 9000x9000": (
        lambda: jpeg_with_size(9000, 9000),
        413,
        "too_many_pixels",
        ("9000 x 9000",),
    ),
    "DICM preamble then garbage": (dicm_then_garbage, 422, "corrupt", ("DICOM",)),
    "DICM header and nothing else": (dicom_header_only, 422, "corrupt", ("DICOM",)),
    "dicom without pixel data": (
        lambda: make_dicom(16, 16, with_pixels=False),
        422,
        "no_pixels",
        ("pixel data",),
    ),
    "dicom report (no image)": (
        lambda: dicom_bytes("test-SR.dcm"),
        422,
        "no_pixels",
        ("no image", "SR"),
    ),
    "dicom pixel data too short": (truncated_dicom_pixels, 422, "corrupt", ("shorter",)),
    "dicom truncated file": (lambda: dicom_bytes("MR_truncated.dcm"), 422, "corrupt", ("shorter",)),
    "dicom pixel length 0xFFFFFFF0": (
        lambda: dicom_pixel_length(0xFFFFFFF0),
        422,
        "corrupt",
        ("shorter", "4,294,967,280", "512"),
    ),
    "dicom pixel length one past the data": (lambda: dicom_pixel_length(514), 422, "corrupt", ("shorter",)),
    "dicom rows x columns over the limit": (
        lambda: make_dicom(20000, 20000, pixel_data=b"\x00" * 16),
        413,
        "too_many_pixels",
        ("20000 x 20000",),
    ),
    "dicom frames over the limit": (
        lambda: make_dicom(4000, 4000, pixel_data=b"\x00" * 16, frames=10),
        413,
        "too_many_pixels",
        ("frames",),
    ),
    "synthetic jpeg-ls dicom": (synthetic_jpeg_ls, 422, "corrupt", ("JPEG-LS", "damaged")),
    "mpeg-4 video dicom": (
        mpeg4_dicom,
        415,
        "unsupported_transfer_syntax",
        ("MPEG-4", "1.2.840.10008.1.2.4.102", "video"),
    ),
    "jpeg 2000 dicom cut short": (
        lambda: dicom_bytes("emri_small_jpeg_2k_lossless.dcm")[:3000],
        422,
        "corrupt",
        ("truncated",),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_rejected_cleanly(name: str) -> None:
    make, status, code, words = CASES[name]
    data = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ImageRejected) as info:
            process_upload(data, uid_secret=SECRET)
    rejection = info.value
    assert (rejection.status, rejection.code) == (status, code), rejection.detail
    assert rejection.detail.endswith("."), rejection.detail
    for word in words:
        assert word.lower() in rejection.detail.lower(), (word, rejection.detail)


def test_at_least_twenty_hostile_cases() -> None:
    assert len(CASES) >= 20


def test_huge_declared_png_is_refused_by_our_budget_from_the_header() -> None:
    data = png_header_only(30000, 30000)  # a header only: decoding would fail, so refusal came first
    with pytest.raises(ImageRejected) as info:
        process_upload(data, uid_secret=SECRET)
    assert info.value.status == 413
    assert "30000 x 30000" in info.value.detail
    assert "at most 50,000,000" in info.value.detail


def test_the_pixel_budget_is_ours_to_raise() -> None:
    data = png_header_only(20000, 10000)  # 200 MP: over Pillow's own fixed bomb limit
    with pytest.raises(ImageRejected) as info:
        process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_pixels=300_000_000))
    assert info.value.code != "too_many_pixels"  # allowed by the budget; the missing data is what fails


def test_file_over_the_byte_limit() -> None:
    data = png_bytes()
    with pytest.raises(ImageRejected) as info:
        process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_file_bytes=len(data) - 1))
    assert (info.value.status, info.value.code) == (413, "too_large")
    assert "too large" in info.value.detail
    process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_file_bytes=len(data)))


def test_dicom_over_the_pixel_limit_is_refused_before_decoding() -> None:
    data = dicom_bytes("RG1_UNCR.dcm")
    with pytest.raises(ImageRejected) as info:
        process_upload(data, uid_secret=SECRET, limits=ImageLimits(max_pixels=1_000_000))
    assert info.value.code == "too_many_pixels"


@pytest.mark.parametrize("seed", range(40))
def test_random_corruption_never_escapes_as_another_exception(seed: int) -> None:
    import random

    rng = random.Random(seed)
    sources = [png_bytes(), jpeg_bytes(), dicom_bytes("CT_small.dcm"), dicom_bytes("SC_rgb_rle.dcm")]
    sources += [dicom_bytes(name) for name in ("JPEG-LL.dcm", "JPGExtended.dcm", "JPEGLSNearLossless_16.dcm")]
    data = bytearray(sources[seed % len(sources)])
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if seed % 3 == 0:
        data = data[: rng.randrange(1, len(data))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            process_upload(bytes(data), uid_secret=SECRET)
        except ImageRejected as rejection:
            assert rejection.status in (413, 415, 422)
            assert rejection.detail

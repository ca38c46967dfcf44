"""Files stuffed with structure (empty DICOM elements, tiny PNG chunks, JPEG markers and padding)
are refused after a bounded number of parsing steps, counted, never timed; real files pass."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest
from PIL import Image

from tagmedx.imaging import ImageRejected, process_upload, raster
from tagmedx.imaging import dicom as dicom_module
from tagmedx.imaging.structure import DICOM_BASE_READS, JPEG_MAX_STEPS, PNG_MAX_OTHER_CHUNKS, BoundedReader

from .helpers import SECRET, encode, noise_rgb, png_chunk

MIB = 1 << 20


def rejection(data: bytes) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        process_upload(data, uid_secret=SECRET)
    return caught.value


@pytest.fixture
def pillow_opens(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The files Pillow was asked to open in this test."""
    opened: list[Any] = []
    original = Image.open

    def recording(*args: Any, **kwargs: Any) -> Image.Image:
        opened.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(raster.Image, "open", recording)
    return opened


def test_a_dicom_of_empty_elements_stops_after_its_allowed_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's payload: after 'DICM', 8 MiB of zeros are a million empty (0000,0000) elements,
    which pydicom read at about a second a MiB (a 300 MiB one: four minutes)."""
    readers: list[BoundedReader] = []

    class Recorded(BoundedReader):
        def __init__(self, data: bytes, allowed: int) -> None:
            super().__init__(data, allowed)
            readers.append(self)

    monkeypatch.setattr(dicom_module, "BoundedReader", Recorded)
    data = bytes(128) + b"DICM" + bytes(8 * MIB)
    refused = rejection(data)
    assert (refused.code, refused.status) == ("too_complex", 422)
    allowed = DICOM_BASE_READS + len(data) // 1024
    assert f"{allowed:,} reads" in refused.detail
    assert [reader.reads for reader in readers] == [allowed + 1]


def test_a_real_dicom_takes_a_few_hundred_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from .helpers import dicom_bytes

    readers: list[BoundedReader] = []

    class Recorded(BoundedReader):
        def __init__(self, data: bytes, allowed: int) -> None:
            super().__init__(data, allowed)
            readers.append(self)

    monkeypatch.setattr(dicom_module, "BoundedReader", Recorded)
    process_upload(dicom_bytes("CT_small.dcm"), uid_secret=SECRET)
    assert 0 < readers[0].reads < 1000 < readers[0].allowed


def _png_with(chunks: bytes) -> bytes:
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunks + idat + png_chunk(b"IEND", b"")


def test_a_png_stuffed_with_metadata_chunks_is_refused_before_pillow(pillow_opens: list[Any]) -> None:
    refused = rejection(_png_with(png_chunk(b"tEXt", b"") * (PNG_MAX_OTHER_CHUNKS + 10)))
    assert refused.code == "too_complex"
    assert "besides its image data" in refused.detail
    assert pillow_opens == []


def test_a_png_of_countless_empty_idat_chunks_is_refused(pillow_opens: list[Any]) -> None:
    refused = rejection(_png_with(png_chunk(b"IDAT", b"") * 20_000))
    assert refused.code == "too_complex"
    assert pillow_opens == []


def test_a_png_written_in_small_idat_chunks_is_accepted() -> None:
    """Image data split into 1 KiB chunks (some encoders write small ones) is well within the bound."""
    whole = encode(noise_rgb(256, 256), "PNG")
    chunks, position = [], 8
    while position < len(whole):
        (length,) = struct.unpack(">I", whole[position : position + 4])
        chunks.append((whole[position + 4 : position + 8], whole[position + 8 : position + 8 + length]))
        position += 12 + length
    stream = b"".join(payload for kind, payload in chunks if kind == b"IDAT")
    split = b"".join(png_chunk(b"IDAT", stream[i : i + 1024]) for i in range(0, len(stream), 1024))
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(*chunks[0]) + split + png_chunk(b"IEND", b"")
    assert data.count(b"IDAT") > 150
    assert process_upload(data, uid_secret=SECRET).width == 256


def _jpeg_with(stuffing: bytes) -> bytes:
    """A JPEG with `stuffing` after its JFIF segment (SOI, then APP0 of 16 bytes)."""
    whole = encode(noise_rgb(32, 32), "JPEG")
    assert whole[2:6] == b"\xff\xe0\x00\x10"
    return whole[:20] + stuffing + whole[20:]


@pytest.mark.parametrize(
    "stuffing",
    [b"\xff\xe1\x00\x02" * (JPEG_MAX_STEPS + 10), b"\xff" * (JPEG_MAX_STEPS + 10), bytes(2 * JPEG_MAX_STEPS)],
    ids=["empty APP1 segments", "fill bytes", "stray bytes"],
)
def test_a_jpeg_stuffed_before_its_image_is_refused_before_pillow(
    pillow_opens: list[Any], stuffing: bytes
) -> None:
    """Pillow walks these one at a time in Python: 8 MiB of them took it about six seconds."""
    refused = rejection(_jpeg_with(stuffing))
    assert refused.code == "too_complex"
    assert f"{JPEG_MAX_STEPS:,} markers" in refused.detail
    assert pillow_opens == []


def test_a_jpeg_with_a_few_fill_bytes_is_accepted() -> None:
    assert process_upload(_jpeg_with(b"\xff" * 16), uid_secret=SECRET).width == 32

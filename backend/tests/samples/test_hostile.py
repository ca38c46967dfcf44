"""A corpus of hostile and broken uploads: each refused with a clear reason, nothing stored, no 5xx."""

import functools
import io
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import AuditEvent, Package, Sample
from tests.conftest import make_settings

from .helpers import (
    count,
    dicom,
    gif,
    jpeg,
    make_world,
    png,
    png_declaring,
    stored_files,
    upload,
    zip_of,
    zip_with_info,
)

pytestmark = pytest.mark.anyio

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ZIP_FILES = 5
MAX_ZIP_UNCOMPRESSED = 40 * 1024 * 1024


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(
        database_url,
        tmp_path / "data",
        max_file_bytes=MAX_FILE_BYTES,
        max_zip_files=MAX_ZIP_FILES,
        max_zip_uncompressed_bytes=MAX_ZIP_UNCOMPRESSED,
    )


def _patch_flags(archive: bytes, flag: int) -> bytes:
    """Set a general-purpose flag bit in every local and central header (e.g. 0x1: encrypted)."""
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        while position != -1:
            (flags,) = struct.unpack_from("<H", data, position + offset)
            struct.pack_into("<H", data, position + offset, flags | flag)
            position = data.find(signature, position + 4)
    return bytes(data)


def _patch_sizes(archive: bytes, size: int) -> bytes:
    """Make every header lie: declare `size` uncompressed bytes (a bomb behind small headers)."""
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = data.find(signature)
        while position != -1:
            struct.pack_into("<I", data, position + offset, size)
            position = data.find(signature, position + 4)
    return bytes(data)


def _patch_method(archive: bytes, method: int) -> bytes:
    data = bytearray(archive)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        position = data.find(signature)
        while position != -1:
            struct.pack_into("<H", data, position + offset, method)
            position = data.find(signature, position + 4)
    return bytes(data)


@functools.cache
def _zeros_zip(megabytes: int) -> bytes:
    """`megabytes` MB of zeros deflated to a few hundred KB, written in chunks (never all in memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.png", "w") as entry,
    ):
        chunk = b"\x89PNG\r\n\x1a\n" + bytes((1 << 20) - 8)
        for _ in range(megabytes):
            entry.write(chunk)
            chunk = bytes(1 << 20)
    return buffer.getvalue()


def _symlink_zip() -> bytes:
    info = zipfile.ZipInfo("link.png")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return zip_with_info(info, b"/etc/passwd")


def _large_png() -> bytes:
    from PIL import Image

    rng = np.random.default_rng(3)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (1024, 1024, 3), dtype=np.uint8)).save(buffer, format="PNG")
    data = buffer.getvalue()
    assert len(data) > MAX_FILE_BYTES
    return data


def _jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(jpeg(16, 16))
    position = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, position + 5, height, width)
    return bytes(data)


def _random_bytes() -> bytes:
    return b"\x13\x37" + np.random.default_rng(11).integers(0, 256, 4096, dtype=np.uint8).tobytes()


def _garbage_dicom() -> bytes:
    return bytes(128) + b"DICM" + _random_bytes()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>x()</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/users/me')</script></body></html>"

# name, how to build the bytes, expected status, expected code, a word the detail must contain
CORPUS: list[tuple[str, Callable[[], bytes], int, str, str]] = [
    ("page.png", lambda: HTML, 415, "unsupported_type", "HTML"),
    ("drawing.png", lambda: SVG, 415, "unsupported_type", "SVG"),
    ("truncated.png", lambda: png(256, 256)[:400], 422, "corrupt", "PNG"),
    ("truncated.jpg", lambda: jpeg(256, 256)[:600], 422, "corrupt", "JPEG"),
    ("huge.png", lambda: png_declaring(30000, 30000), 413, "too_many_pixels", "pixels"),
    ("huge.jpg", lambda: _jpeg_declaring(30000, 30000), 413, "too_many_pixels", "pixels"),
    ("garbage.dcm", _garbage_dicom, 422, "corrupt", "DICOM"),
    ("plan.dcm", lambda: dicom("rtplan.dcm"), 422, "no_pixels", "Pixel Data"),
    ("escape.zip", lambda: zip_of({"../../evil.png": png()}), 422, "unsafe_zip", "outside"),
    ("backslash.zip", lambda: zip_of({"..\\..\\evil.png": png()}), 422, "unsafe_zip", "outside"),
    ("absolute.zip", lambda: zip_of({"/etc/cron.d/evil.png": png()}), 422, "unsafe_zip", "outside"),
    ("drive.zip", lambda: zip_of({"C:/Windows/evil.png": png()}), 422, "unsafe_zip", "outside"),
    ("symlink.zip", _symlink_zip, 422, "unsafe_zip", "symbolic link"),
    ("bomb.zip", lambda: _zeros_zip(200), 413, "too_large", "unpacks"),
    ("lying-bomb.zip", lambda: _patch_sizes(_zeros_zip(60), 4096), 422, "corrupt", "damaged"),
    (
        "many.zip",
        lambda: zip_of({f"{index}.png": png(8, 8, seed=index) for index in range(MAX_ZIP_FILES + 1)}),
        413,
        "too_many_files",
        "entries",
    ),
    ("nested.zip", lambda: zip_of({"inner.zip": zip_of({"a.png": png()})}), 415, "nested_zip", "inside"),
    (
        "encrypted.zip",
        lambda: _patch_flags(zip_of({"secret.png": png()}), 0x1),
        422,
        "encrypted",
        "encrypted",
    ),
    ("method.zip", lambda: _patch_method(zip_of({"odd.png": png()}), 99), 422, "corrupt", "method"),
    ("empty.zip", lambda: zip_of({}), 422, "empty", "no files"),
    (
        "only-junk.zip",
        lambda: zip_of({"__MACOSX/._a.png": b"x", ".DS_Store": b"x"}),
        422,
        "empty",
        "no files",
    ),
    ("broken.zip", lambda: b"PK\x03\x04" + _random_bytes(), 422, "corrupt", "ZIP"),
    ("empty.png", lambda: b"", 422, "empty", "empty"),
    ("random.png", _random_bytes, 415, "unsupported_type", "not"),
    ("animation.png", gif, 415, "unsupported_type", "GIF"),
    (
        "report.png",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        415,
        "unsupported_type",
        "PDF",
    ),
    ("big.png", _large_png, 413, "too_large", "too large"),
    ("raw.dcm", lambda: dicom("CT_small.dcm")[132:], 415, "unsupported_type", "DICOM"),
]


@pytest.mark.parametrize(
    ("name", "build", "status", "code", "word"), CORPUS, ids=[case[0] for case in CORPUS]
)
async def test_each_hostile_file_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    name: str,
    build: Callable[[], bytes],
    status: int,
    code: str,
    word: str,
) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, (name, build()))
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert word.lower() in body["detail"].lower()
    assert body["detail"].endswith((".", ")")) and len(body["detail"]) > 15
    assert len(body["rejected"]) == 1 and body["rejected"][0]["code"] == code
    assert await count(session, Sample) == 0
    assert await count(session, Package) == 0
    assert await count(session, AuditEvent, AuditEvent.action == "sample.upload") == 0
    assert stored_files(settings.data_dir / "images") == set()


async def test_the_whole_corpus_in_one_request_is_no_valid_files(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    items = [(name, build()) for name, build, *_ in CORPUS if name not in ("bomb.zip", "lying-bomb.zip")]
    response = await upload(client, world.admin, world.set_id, *items)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "no_valid_files"
    rejected = response.json()["rejected"]
    assert [item["filename"].split("/")[0] for item in rejected] == [
        name for name, _ in items
    ]  # upload order
    assert await count(session, Sample) == 0
    assert stored_files(settings.data_dir / "images") == set()


async def test_an_unsafe_entry_refuses_the_whole_archive(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    archive = zip_of({"good.png": png(), "../evil.png": png(seed=4)})
    response = await upload(client, world.admin, world.set_id, ("mixed.zip", archive))
    assert response.status_code == 422
    assert response.json()["rejected"][0]["filename"] == "mixed.zip"
    assert await count(session, Sample) == 0
    assert stored_files(settings.data_dir / "images") == set()


async def test_bad_entries_of_a_zip_are_listed_and_good_ones_stored(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    archive = zip_of(
        {
            "a/good.png": png(),
            "a/notes.txt": b"some notes about the study",
            "a/inner.zip": zip_of({"x.png": png(seed=2)}),
            "a/broken.jpg": jpeg()[:300],
        }
    )
    response = await upload(client, world.admin, world.set_id, ("study.zip", archive))
    assert response.status_code == 201, response.text
    body = response.json()
    assert [item["filename"] for item in body["created"]] == ["a/good.png"]
    codes = {item["filename"]: item["code"] for item in body["rejected"]}
    assert codes == {
        "study.zip/a/notes.txt": "unsupported_type",
        "study.zip/a/inner.zip": "nested_zip",
        "study.zip/a/broken.jpg": "corrupt",
    }


async def test_a_long_entry_name_is_shortened(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    name = "deep/" * 80 + "image.png"
    response = await upload(client, world.admin, world.set_id, ("long.zip", zip_of({name: png()})))
    assert response.status_code == 201, response.text
    filename = response.json()["created"][0]["filename"]
    assert len(filename) <= 255 and filename.endswith("image.png") and filename.startswith("deep/")

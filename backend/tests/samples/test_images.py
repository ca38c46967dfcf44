"""GET /api/samples/{id}/image, /thumbnail, /original and /pixels: bytes, headers, caching, access."""

import io
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pydicom
import pytest
from fastapi import FastAPI
from PIL import Image
from pydicom.pixels import apply_modality_lut
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings

from .helpers import World, dicom, dicom_path, jpeg, make_world, png, upload

pytestmark = pytest.mark.anyio

SAFE_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox",
    "cache-control": "private, no-cache",  # revalidated: no copy opens after logout without asking
}


async def _uploaded(client: httpx.AsyncClient, world: World, name: str, data: bytes) -> dict[str, Any]:
    response = await upload(client, world.admin, world.set_id, (name, data))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()["created"][0]
    return created


def _assert_safe(response: httpx.Response) -> None:
    for header, value in SAFE_HEADERS.items():
        assert response.headers[header] == value, header
    assert response.headers["etag"].startswith('"') and response.headers["etag"].endswith('"')


async def test_image_and_thumbnail_of_a_png(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "a.png", png(640, 320))
    image = await client.get(f"/api/samples/{sample['id']}/image", headers=world.annotator.headers)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    _assert_safe(image)
    assert Image.open(io.BytesIO(image.content)).size == (640, 320)

    thumbnail = await client.get(f"/api/samples/{sample['id']}/thumbnail", headers=world.annotator.headers)
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"] in ("image/jpeg", "image/webp")
    _assert_safe(thumbnail)
    assert max(Image.open(io.BytesIO(thumbnail.content)).size) <= 256
    assert thumbnail.headers["etag"] != image.headers["etag"]


async def test_jpeg_image_type(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "a.jpg", jpeg(100, 80))
    image = await client.get(f"/api/samples/{sample['id']}/image", headers=world.admin.headers)
    assert image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).format == "JPEG"


@pytest.mark.parametrize("kind", ["image", "thumbnail", "pixels", "original"])
async def test_if_none_match_answers_304(client: httpx.AsyncClient, session: AsyncSession, kind: str) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "ct.dcm", dicom("CT_small.dcm"))
    url = f"/api/samples/{sample['id']}/{kind}"
    first = await client.get(url, headers=world.admin.headers)
    assert first.status_code == 200
    etag = first.headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await client.get(url, headers={**world.admin.headers, "If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == SAFE_HEADERS["cache-control"]
    changed = await client.get(url, headers={**world.admin.headers, "If-None-Match": '"stale"'})
    assert changed.status_code == 200 and changed.content == first.content


async def test_pixels_are_the_modality_values(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "ct.dcm", dicom("CT_small.dcm"))
    response = await client.get(f"/api/samples/{sample['id']}/pixels", headers=world.annotator.headers)
    assert response.status_code == 200
    headers = response.headers
    assert headers["content-type"] == "application/octet-stream"
    assert headers["content-encoding"] == "gzip"
    _assert_safe(response)
    assert headers["x-modality"] == "CT"
    assert headers["x-photometric"] == "MONOCHROME2"
    assert float(headers["x-window-width"]) > 0 and "x-window-center" in headers
    for name in ("X-Pixel-Dtype", "X-Pixel-Rows", "X-Window-Center", "X-Modality", "X-Photometric"):
        assert name in headers["access-control-expose-headers"]
    rows, columns, channels = (int(headers[f"x-pixel-{part}"]) for part in ("rows", "columns", "channels"))
    stored = np.frombuffer(response.content, dtype=np.dtype(headers["x-pixel-dtype"]).newbyteorder("<"))
    values = stored.reshape(rows, columns, channels)[:, :, 0].astype(np.float64) + float(
        headers["x-pixel-offset"]
    )

    dataset = pydicom.dcmread(dicom_path("CT_small.dcm"))
    expected = apply_modality_lut(dataset.pixel_array, dataset).astype(np.float64)
    assert values.shape == expected.shape == (128, 128)
    np.testing.assert_array_equal(values, expected)
    assert values.min() < 0  # Hounsfield units survive: nothing was divided by the maximum


async def test_pixels_of_a_png_are_404_no_pixels(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "a.png", png())
    response = await client.get(f"/api/samples/{sample['id']}/pixels", headers=world.admin.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "no_pixels"


async def test_original_is_an_admin_only_attachment(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    data = png(seed=3)
    sample = await _uploaded(client, world, "scans/kidney left.png", data)
    url = f"/api/samples/{sample['id']}/original"
    response = await client.get(url, headers=world.admin.headers)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "kidney%20left.png" in response.headers["content-disposition"]
    _assert_safe(response)
    assert (await client.get(url, headers=world.annotator.headers)).status_code == 403

    ct = await _uploaded(client, world, "ct", dicom("CT_small.dcm"))
    original = await client.get(f"/api/samples/{ct['id']}/original", headers=world.admin.headers)
    assert original.headers["content-type"] == "application/dicom"
    assert 'filename="ct.dcm"' in original.headers["content-disposition"]
    stored = pydicom.dcmread(io.BytesIO(original.content))
    source = pydicom.dcmread(dicom_path("CT_small.dcm"))
    assert str(stored.get("PatientName", "")) != str(source.PatientName)
    assert str(stored.get("PatientID", "")) != str(source.PatientID)


@pytest.mark.parametrize("kind", ["image", "thumbnail", "pixels", "original"])
async def test_image_routes_answer_401_and_404(
    client: httpx.AsyncClient, session: AsyncSession, kind: str
) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "ct.dcm", dicom("CT_small.dcm"))
    url = f"/api/samples/{sample['id']}/{kind}"
    assert (await client.get(url)).status_code == 401
    outsider = await client.get(url, headers=world.outsider.headers)
    assert outsider.status_code == 404
    assert outsider.headers["content-type"] == "application/json"
    assert (await client.get(f"/api/samples/999999/{kind}", headers=world.admin.headers)).status_code == 404
    assert (await client.get(f"/api/samples/0/{kind}", headers=world.admin.headers)).status_code == 422


async def test_a_missing_file_is_404_not_500(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "a.png", png(seed=9))
    for path in (settings.data_dir / "images").rglob("*"):
        if path.is_file():
            Path(path).unlink()
    for kind in ("image", "original"):
        response = await client.get(f"/api/samples/{sample['id']}/{kind}", headers=world.admin.headers)
        assert response.status_code == 404
        assert response.json()["code"] == "file_missing"


async def test_openapi_documents_the_pixel_format(app: FastAPI) -> None:
    operation = app.openapi()["paths"]["/api/samples/{sample_id}/pixels"]["get"]
    assert "gzip" in operation["description"] and "X-Pixel-Offset" in operation["description"]
    ok = operation["responses"]["200"]
    assert ok["content"]["application/octet-stream"]["schema"] == {"type": "string", "format": "binary"}
    assert {"X-Pixel-Dtype", "X-Pixel-Rows", "X-Pixel-Columns", "X-Pixel-Channels", "X-Pixel-Offset"} <= set(
        ok["headers"]
    )
    assert {"X-Window-Center", "X-Window-Width", "X-Modality", "X-Photometric"} <= set(ok["headers"])
    upload_operation = app.openapi()["paths"]["/api/sets/{set_id}/samples"]["post"]
    assert {"201", "401", "403", "404", "413", "415", "422"} <= set(upload_operation["responses"])


async def test_renditions_are_read_from_storage_once_then_from_memory(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    sample = await _uploaded(client, world, "a.png", png(64, 48))
    storage = app.state.storage
    reads: list[str] = []
    original_get = storage.get

    async def counting_get(key: str) -> bytes:
        reads.append(key)
        return bytes(await original_get(key))

    monkeypatch.setattr(storage, "get", counting_get)
    for kind in ("thumbnail", "image"):
        first = await client.get(f"/api/samples/{sample['id']}/{kind}", headers=world.annotator.headers)
        again = await client.get(f"/api/samples/{sample['id']}/{kind}", headers=world.admin.headers)
        assert first.status_code == again.status_code == 200
        assert first.content == again.content
        _assert_safe(again)
    assert len(reads) == 2  # one read a rendition
    # the access check still runs on every request: a stranger gets 404, not the cached bytes
    stranger = await client.get(f"/api/samples/{sample['id']}/thumbnail", headers=world.outsider.headers)
    assert stranger.status_code == 404

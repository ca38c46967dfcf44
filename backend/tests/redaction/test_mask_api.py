"""POST /api/samples/{id}/mask: the unmasked pixels are gone from every stored file of the sample."""

import io
import subprocess
from pathlib import Path

import httpx
import numpy as np
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from PIL import Image
from pydicom import dcmread
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.imaging import PixelInfo, decode_pixels
from tagmedx.imaging.burned_in import Rect
from tagmedx.models import AuditEvent, Sample
from tests.redaction import images
from tests.redaction.scanning import running, scan_result
from tests.samples.helpers import make_world, stored_files, upload

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("tesseract")]


async def _sample(session: AsyncSession, sample_id: int) -> Sample:
    session.expire_all()
    sample = await session.get(Sample, sample_id)
    assert sample is not None
    return sample


def _keys(sample: Sample) -> set[str]:
    return {
        key
        for key in (sample.original_key, sample.display_key, sample.thumbnail_key, sample.pixels_key)
        if key
    }


def _uniform(array: np.ndarray, rect: Rect, *, inset: int = 0, tolerance: int = 0) -> bool:
    region = array[rect.y + inset : rect.bottom - inset, rect.x + inset : rect.right - inset]
    return region.size > 0 and int(region.max()) - int(region.min()) <= tolerance


def _scaled(rect: Rect, factor: float) -> Rect:
    left, top = int(np.ceil(rect.x * factor)), int(np.ceil(rect.y * factor))
    right, bottom = int(rect.right * factor), int(rect.bottom * factor)
    return Rect(left, top, right - left, bottom - top)


def _dcm2pnm(data: bytes, tmp_path: Path) -> np.ndarray:
    source, target = tmp_path / "stored.dcm", tmp_path / "stored.pgm"
    source.write_bytes(data)
    subprocess.run(["dcm2pnm", str(source), str(target)], check=True, capture_output=True)
    return np.asarray(Image.open(target))


async def test_masking_a_dicom_rewrites_every_stored_file(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, tmp_path: Path
) -> None:
    world = await make_world(session)
    data, boxes = images.us_dicom()
    async with running(app) as scanner:
        created = await upload(
            client, world.admin, world.set_id, ("us.dcm", data), content_type="application/dicom"
        )
        sample_id = created.json()["created"][0]["id"]
        found = await scan_result(client, scanner, sample_id, world.admin)
        regions = [{k: region[k] for k in ("x", "y", "width", "height")} for region in found["regions"]]  # type: ignore[union-attr]
        assert len(regions) >= 2
        before = await _sample(session, sample_id)
        old_keys = _keys(before)
        response = await client.post(
            f"/api/samples/{sample_id}/mask", json={"regions": regions}, headers=world.admin.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["pixel_revision"] == 1 and body["text_scan_status"] == "pending"
        after = await _sample(session, sample_id)
        rescanned = await scan_result(client, scanner, sample_id, world.admin)
    assert (
        rescanned["status"] == "done" and rescanned["regions"] == [] and rescanned["suspected_text"] is False
    )
    rects = [Rect(**region) for region in regions]
    assert all(images.covered(box, rects) == 1.0 for box in boxes)  # the admin masked what OCR found

    assert not old_keys & _keys(after)
    storage = app.state.storage
    for key in old_keys:
        assert not await storage.exists(key), key  # the unmasked pixels are gone
    assert stored_files(settings.data_dir / "images") == _keys(after)

    original = await storage.get(after.original_key)
    dataset = dcmread(io.BytesIO(original))
    assert dataset.BurnedInAnnotation == "NO"
    assert "113101" in [item.CodeValue for item in dataset.DeidentificationMethodCodeSequence]
    assert dataset.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert str(dataset.PatientName) != "Doe^Jane"  # still de-identified
    stored_pixels = dataset.pixel_array
    rendered = _dcm2pnm(original, tmp_path)
    display = np.asarray(Image.open(io.BytesIO(await storage.get(after.display_key))).convert("L"))
    thumbnail = np.asarray(Image.open(io.BytesIO(await storage.get(after.thumbnail_key))).convert("L"))
    assert after.pixel_info is not None and after.pixels_key is not None
    pixels = decode_pixels(await storage.get(after.pixels_key), PixelInfo(**after.pixel_info))[..., 0]
    factor = thumbnail.shape[1] / display.shape[1]
    for rect in rects:
        assert _uniform(stored_pixels, rect) and _uniform(rendered, rect)
        assert _uniform(display, rect) and _uniform(pixels, rect)
        assert _uniform(thumbnail, _scaled(rect, factor), inset=1, tolerance=12)  # a small JPEG
        assert int(stored_pixels[rect.y, rect.x]) == 0 and int(display[rect.y, rect.x]) == 0

    served = await client.get(f"/api/samples/{sample_id}/original", headers=world.admin.headers)
    assert served.content == original
    events = (await session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "sample.mask"))).all()
    assert len(events) == 1 and events[0].object_id == sample_id and events[0].user_id == world.admin.id
    assert events[0].detail is not None and events[0].detail["count"] == len(rects)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
async def test_masking_a_raster_image_replaces_its_original(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, fmt: str
) -> None:
    world = await make_world(session)
    drawn = images.screenshot()
    data = images.encode(drawn.picture, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    rects = [Rect(b.x - 4, b.y - 4, b.width + 8, b.height + 8) for b in drawn.boxes]
    async with running(app) as scanner:
        created = await upload(client, world.admin, world.set_id, ("shot." + fmt.lower(), data))
        sample_id = created.json()["created"][0]["id"]
        old_keys = _keys(await _sample(session, sample_id))
        body = {"regions": [r.__dict__ for r in rects]}
        response = await client.post(f"/api/samples/{sample_id}/mask", json=body, headers=world.admin.headers)
        assert response.status_code == 200, response.text
        rescanned = await scan_result(client, scanner, sample_id, world.admin)
    assert rescanned["status"] == "done" and rescanned["regions"] == []
    after = await _sample(session, sample_id)
    storage = app.state.storage
    for key in old_keys:
        assert not await storage.exists(key), key
    original = Image.open(io.BytesIO(await storage.get(after.original_key)))
    assert original.format == fmt and original.size == drawn.picture.size
    display = np.asarray(Image.open(io.BytesIO(await storage.get(after.display_key))).convert("L"))
    tolerance = 0 if fmt == "PNG" else 16
    for rect in rects:
        assert _uniform(np.asarray(original.convert("L")), rect, inset=1, tolerance=tolerance)
        assert _uniform(display, rect, inset=1, tolerance=tolerance)


async def test_bad_rectangles_are_refused(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    data, _ = images.us_dicom(text=False)  # 640 x 480
    created = await upload(
        client, world.admin, world.set_id, ("us.dcm", data), content_type="application/dicom"
    )
    sample_id = created.json()["created"][0]["id"]
    url = f"/api/samples/{sample_id}/mask"
    cases = {
        "region_outside_image": [{"x": 600, "y": 0, "width": 50, "height": 10}],
        "validation_error": [],
    }
    for code, regions in cases.items():
        response = await client.post(url, json={"regions": regions}, headers=world.admin.headers)
        assert response.status_code == 422 and response.json()["code"] == code, response.text
    for region in (
        {"x": 0, "y": 0, "width": 0, "height": 10},
        {"x": -1, "y": 0, "width": 5, "height": 5},
        {"x": 0, "y": 0, "width": 5},
        {"x": 0, "y": 0, "width": 5, "height": 5, "colour": "red"},
        {"x": "left", "y": 0, "width": 5, "height": 5},
    ):
        response = await client.post(url, json={"regions": [region]}, headers=world.admin.headers)
        assert response.status_code == 422 and response.json()["code"] == "validation_error", region
    assert (await client.post(url, headers=world.admin.headers)).status_code == 422
    edge = await client.post(url, json={"regions": [{"x": 630.5, "y": 470, "width": 9.5, "height": 10}]},
                             headers=world.admin.headers)  # fmt: skip
    assert edge.status_code == 200  # up to the last pixel, fractional edges widened
    assert (await _sample(session, sample_id)).pixel_revision == 1


async def test_only_a_groups_admin_reads_regions_and_masks(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    created = await upload(
        client, world.admin, world.set_id, ("a.png", images.encode(images.screenshot().picture, "PNG"))
    )
    sample_id = created.json()["created"][0]["id"]
    mask = {"regions": [{"x": 0, "y": 0, "width": 5, "height": 5}]}
    routes = [
        ("GET", f"/api/samples/{sample_id}/text-regions", None),
        ("POST", f"/api/samples/{sample_id}/mask", mask),
        ("POST", f"/api/samples/{sample_id}/text-regions/scan", None),
    ]
    for method, url, body in routes:
        assert (await client.request(method, url, json=body)).status_code == 401
        annotator = await client.request(method, url, json=body, headers=world.annotator.headers)
        assert annotator.status_code == 403 and annotator.json()["code"] == "forbidden"
        outsider = await client.request(method, url, json=body, headers=world.outsider.headers)
        assert outsider.status_code == 404 and outsider.json()["code"] == "sample_not_found"
        missing = await client.request(method, url.replace(f"/{sample_id}/", "/999999/"), json=body,
                                       headers=world.admin.headers)  # fmt: skip
        assert missing.status_code == 404
    assert (await _sample(session, sample_id)).pixel_revision == 0

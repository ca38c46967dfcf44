"""The OCR queue through the API: uploads are scanned in the background, admins read the regions."""

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.imaging.burned_in import Rect
from tagmedx.models import Sample
from tests.redaction import images
from tests.redaction.scanning import running, scan_result
from tests.samples.helpers import dicom, make_world, upload

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("tesseract")]
DICOM = "application/dicom"


def _rects(body: dict[str, object]) -> list[Rect]:
    regions = body["regions"]
    assert isinstance(regions, list)
    return [Rect(r["x"], r["y"], r["width"], r["height"]) for r in regions]


async def _upload_one(client: httpx.AsyncClient, person: object, set_id: int, name: str, data: bytes) -> dict:
    content_type = DICOM if name.endswith(".dcm") else "image/png"
    response = await upload(client, person, set_id, (name, data), content_type=content_type)  # type: ignore[arg-type]
    assert response.status_code == 201, response.text
    sample: dict = response.json()["created"][0]
    return sample


def _us(rgb: bool) -> tuple[bytes, list[Rect]]:
    return images.us_dicom(rgb=rgb)


def _png() -> tuple[bytes, list[Rect]]:
    drawn = images.screenshot()
    return images.encode(drawn.picture, "PNG"), drawn.boxes


KINDS = {
    "us-monochrome2.dcm": lambda: _us(False),
    "us-rgb.dcm": lambda: _us(True),
    "secondary-capture.dcm": images.secondary_capture,
    "screenshot.png": _png,
}


@pytest.mark.parametrize("name", list(KINDS))
async def test_text_drawn_in_the_pixels_is_found_after_the_upload(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, name: str
) -> None:
    world = await make_world(session)
    data, boxes = KINDS[name]()
    async with running(app) as scanner:
        sample = await _upload_one(client, world.admin, world.set_id, name, data)
        assert (
            sample["text_scan_status"] == "pending" and sample["suspected_text"] is False
        )  # not in the upload
        body = await scan_result(client, scanner, sample["id"], world.admin)
    assert body["status"] == "done" and body["suspected_text"] is True
    regions = _rects(body)
    for box in boxes:
        assert images.covered(box, regions) >= 0.9 and images.best_iou(box, regions) >= 0.25, (box, regions)
    assert any("12345678" in str(region["text"]) for region in body["regions"])  # type: ignore[union-attr]
    shown = (await client.get(f"/api/samples/{sample['id']}", headers=world.annotator.headers)).json()
    assert shown["suspected_text"] is True and shown["text_scan_status"] == "done"


async def test_clean_images_have_no_regions_and_dicoms_saying_no_are_not_read(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    ct_no = images.dicom_of(
        np.zeros((64, 64), np.uint16), sop_class=images.CT_IMAGE_STORAGE, modality="CT", burned_in="NO"
    )
    async with running(app) as scanner:
        clean_png = await _upload_one(
            client,
            world.admin,
            world.set_id,
            "clean.png",
            images.encode(images.screenshot(text=False).picture, "PNG"),
        )
        clean_ct = await _upload_one(client, world.admin, world.set_id, "ct.dcm", dicom("CT_small.dcm"))
        said_no = await _upload_one(client, world.admin, world.set_id, "ct-no.dcm", ct_no)
        png_body = await scan_result(client, scanner, clean_png["id"], world.admin)
        ct_body = await scan_result(client, scanner, clean_ct["id"], world.admin)
        no_body = await scan_result(client, scanner, said_no["id"], world.admin)
    assert png_body == {"status": "done", "suspected_text": False, "regions": []}
    assert ct_body == {"status": "done", "suspected_text": False, "regions": []}  # no BurnedInAnnotation
    assert no_body == {"status": "not_needed", "suspected_text": False, "regions": []}


async def test_the_list_of_samples_filters_on_suspected_text(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    text_png, _ = _png()
    async with running(app) as scanner:
        with_text = await _upload_one(client, world.admin, world.set_id, "text.png", text_png)
        clean = await _upload_one(
            client,
            world.admin,
            world.set_id,
            "clean.png",
            images.encode(images.screenshot(text=False).picture, "PNG"),
        )
        for sample in (with_text, clean):
            await scan_result(client, scanner, sample["id"], world.admin)
    url = f"/api/sets/{world.set_id}/samples"
    found = (await client.get(url, params={"suspected_text": "true"}, headers=world.annotator.headers)).json()
    assert [item["id"] for item in found["items"]] == [with_text["id"]]
    assert found["items"][0]["suspected_text"] is True
    none = (await client.get(url, params={"suspected_text": "false"}, headers=world.annotator.headers)).json()
    assert [item["id"] for item in none["items"]] == [clean["id"]]
    bad = await client.get(url, params={"suspected_text": "maybe"}, headers=world.admin.headers)
    assert bad.status_code == 422


async def test_pending_scans_are_resumed_when_the_server_starts(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    text_png, _ = _png()
    sample = await _upload_one(client, world.admin, world.set_id, "text.png", text_png)  # no scanner running
    regions = await client.get(f"/api/samples/{sample['id']}/text-regions", headers=world.admin.headers)
    assert regions.json()["status"] == "pending"
    async with running(app) as scanner:  # as after a restart: nothing woke it but its start
        body = await scan_result(client, scanner, sample["id"], world.admin)
    assert body["status"] == "done" and body["suspected_text"] is True


async def test_a_failed_scan_is_recorded_and_can_be_asked_again(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    text_png, _ = _png()
    sample = await _upload_one(client, world.admin, world.set_id, "text.png", text_png)
    stored = await session.get(Sample, sample["id"])
    assert stored is not None
    original = await app.state.storage.get(stored.original_key)
    await app.state.storage.delete(stored.original_key)  # the scanner cannot read the file
    async with running(app) as scanner:
        failed = await scan_result(client, scanner, sample["id"], world.admin)
        assert failed["status"] == "failed"
        await app.state.storage.put(stored.original_key, original, "image/png")
        again = await client.post(
            f"/api/samples/{sample['id']}/text-regions/scan", headers=world.admin.headers
        )
        assert again.status_code == 202 and again.json() == {"status": "pending"}
        body = await scan_result(client, scanner, sample["id"], world.admin)
    assert body["status"] == "done" and body["suspected_text"] is True

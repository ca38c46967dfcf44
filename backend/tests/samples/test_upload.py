"""POST /api/sets/{set_id}/samples: formats, ZIPs, batches, duplicates, permissions, audit."""

import io

import httpx
import pydicom
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.features.samples import repository
from tagmedx.models import AuditEvent, Package, Sample

from .helpers import add_set, count, dicom, jpeg, make_world, png, stored_files, upload, zip_of


async def test_png_jpeg_and_dicom_in_one_request(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    response = await upload(
        client,
        world.admin,
        world.set_id,
        ("scan.png", png()),
        ("photo.jpg", jpeg()),
        ("ct.dcm", dicom("CT_small.dcm")),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["rejected"] == []
    created = body["created"]
    assert [item["filename"] for item in created] == ["scan.png", "photo.jpg", "ct.dcm"]
    assert [item["format"] for item in created] == ["png", "jpeg", "dicom"]
    png_sample, _, ct = created
    assert (png_sample["width"], png_sample["height"], png_sample["frames"]) == (64, 48, 1)
    assert png_sample["size_bytes"] == len(png())
    assert png_sample["dicom"] is None and png_sample["burned_in_annotation_risk"] is False
    assert ct["dicom"]["modality"] == "CT"
    assert ct["dicom"]["window_width"] > 0
    assert (ct["width"], ct["height"]) == (128, 128)
    assert {"set_id", "package_id", "created_at", "id"} <= set(ct)
    assert all(item["set_id"] == world.set_id for item in created)
    assert len({item["package_id"] for item in created}) == 1
    assert await count(session, Sample, Sample.set_id == world.set_id) == 3
    # original, display, thumbnail for each; pixels for the DICOM only
    files = stored_files(settings.data_dir / "images")
    assert sum(name.endswith("/pixels") for name in files) == 1
    assert sum(name.endswith("/original") for name in files) == 3


async def test_the_stored_dicom_is_deidentified(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    source = pydicom.dcmread(io.BytesIO(dicom("CT_small.dcm")))
    assert source.PatientName  # the test file does carry a name and an id
    response = await upload(client, world.admin, world.set_id, ("ct.dcm", dicom("CT_small.dcm")))
    assert response.status_code == 201, response.text
    key = await session.scalar(sa.select(Sample.original_key))
    assert key is not None
    stored = pydicom.dcmread(settings.data_dir / "images" / key)
    assert str(stored.get("PatientName", "")) != str(source.PatientName)
    assert str(stored.get("PatientID", "")) != str(source.PatientID)
    assert "PatientName" not in response.text and str(source.PatientName) not in response.text


async def test_a_zip_of_several_images(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    archive = zip_of(
        {
            "study/a.png": png(seed=1),
            "study/b.jpg": jpeg(seed=2),
            "study/sub/c.dcm": dicom("MR_small.dcm"),
            "study/": b"",
            "__MACOSX/study/._a.png": b"junk",
            "study/.DS_Store": b"junk",
            "Thumbs.db": b"junk",
        }
    )
    response = await upload(
        client, world.admin, world.set_id, ("batch.zip", archive), content_type="application/zip"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["rejected"] == []
    assert [item["filename"] for item in body["created"]] == ["study/a.png", "study/b.jpg", "study/sub/c.dcm"]


async def test_a_mixed_batch_stores_the_good_files(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    response = await upload(
        client,
        world.admin,
        world.set_id,
        ("good.png", png()),
        ("evil.png", b"<html><script>alert(1)</script></html>"),
        ("half.jpg", jpeg()[:200]),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert [item["filename"] for item in body["created"]] == ["good.png"]
    reasons = {item["filename"]: item for item in body["rejected"]}
    assert reasons["evil.png"]["code"] == "unsupported_type"
    assert "HTML" in reasons["evil.png"]["detail"]
    assert reasons["half.jpg"]["code"] == "corrupt"
    assert await count(session, Sample) == 1


async def test_single_rejected_file_answers_with_its_own_status(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    cases = [
        (("notes.png", b"just some text, not an image at all"), 415, "unsupported_type"),
        (("half.png", png()[:100]), 422, "corrupt"),
        (("empty.png", b""), 422, "empty"),
    ]
    for item, status, code in cases:
        response = await upload(client, world.admin, world.set_id, item)
        assert response.status_code == status, response.text
        body = response.json()
        assert body["code"] == code
        assert body["detail"] == body["rejected"][0]["detail"]
        assert body["rejected"][0]["filename"] == item[0]
    assert await count(session, Sample) == 0


async def test_several_files_all_rejected(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, ("a.png", b"nope"), ("b.png", b""))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "no_valid_files"
    assert [item["filename"] for item in body["rejected"]] == ["a.png", "b.png"]


async def test_no_files_is_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    response = await client.post(f"/api/sets/{world.set_id}/samples", headers=world.admin.headers)
    assert response.status_code == 422
    response = await client.post(
        f"/api/sets/{world.set_id}/samples", data={"files": "not a file"}, headers=world.admin.headers
    )
    assert response.status_code == 422
    assert await count(session, Sample) == 0


async def test_duplicates_in_the_set_and_in_the_batch(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    first = await upload(client, world.admin, world.set_id, ("a.png", png(seed=5)))
    sample_id = first.json()["created"][0]["id"]
    before = stored_files(settings.data_dir / "images")
    again = await upload(client, world.admin, world.set_id, ("renamed.png", png(seed=5)))
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"
    assert f"sample {sample_id}" in again.json()["detail"]
    batch = await upload(client, world.admin, world.set_id, ("x.png", png(seed=6)), ("y.png", png(seed=6)))
    assert batch.status_code == 201
    assert [item["filename"] for item in batch.json()["created"]] == ["x.png"]
    assert batch.json()["rejected"][0]["code"] == "duplicate"
    assert "x.png" in batch.json()["rejected"][0]["detail"]
    # the same content in another set of the same group is fine
    second_set = await add_set(session, world.group_id)
    other = await upload(client, world.admin, second_set, ("again.png", png(seed=5)))
    assert other.status_code == 201
    assert before <= stored_files(settings.data_dir / "images")


async def test_a_duplicate_that_races_past_the_check_is_refused_by_the_constraint(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    assert (await upload(client, world.admin, world.set_id, ("a.png", png(seed=8)))).status_code == 201
    before = stored_files(settings.data_dir / "images")

    async def blind(*args: object) -> dict[str, int]:  # as if a writer bypassed the set's lock
        return {}

    monkeypatch.setattr(repository, "existing_samples", blind)
    response = await upload(client, world.admin, world.set_id, ("b.png", png(seed=8)), ("c.png", png(seed=9)))
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "duplicate"
    assert "same moment" in response.json()["detail"]
    assert await count(session, Sample) == 1
    assert stored_files(settings.data_dir / "images") == before  # c.png's files were removed again


async def test_upload_is_audited_once_per_request(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, ("a.png", png()), ("b.png", b"junk"))
    assert response.status_code == 201
    events = (
        (await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "sample.upload")))
        .scalars()
        .all()
    )
    assert len(events) == 1
    event = events[0]
    assert event.user_id == world.admin.id and event.group_id == world.group_id
    assert event.object_type == "set" and event.object_id == world.set_id
    assert event.detail == {"created": 1, "rejected": 1, "sample_ids": [response.json()["created"][0]["id"]]}


async def test_permissions(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    item = ("a.png", png())
    anonymous = await client.post(
        f"/api/sets/{world.set_id}/samples", files=[("files", ("a.png", png(), "image/png"))]
    )
    assert anonymous.status_code == 401
    assert (await upload(client, world.annotator, world.set_id, item)).status_code == 403
    assert (await upload(client, world.outsider, world.set_id, item)).status_code == 404
    assert (await upload(client, world.admin, world.other_set_id, item)).status_code == 404
    assert (await upload(client, world.admin, 999999, item)).status_code == 404
    assert await count(session, Sample) == 0
    assert await count(session, Package) == 0


async def test_storage_failure_leaves_nothing(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, app: object
) -> None:
    from fastapi import FastAPI

    from tagmedx.storage import StorageError

    assert isinstance(app, FastAPI)
    world = await make_world(session)
    storage = app.state.storage
    real_put = storage.put
    calls = 0

    async def failing_put(key: str, data: bytes, content_type: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise StorageError("disk full")
        await real_put(key, data, content_type)

    storage.put = failing_put
    try:
        response = await upload(client, world.admin, world.set_id, ("a.png", png()))
    finally:
        storage.put = real_put
    assert response.status_code == 503
    assert response.json()["code"] == "storage_unavailable"
    assert await count(session, Sample) == 0
    assert stored_files(settings.data_dir / "images") == set()

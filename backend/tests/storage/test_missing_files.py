"""Issue 21, item 2: a sample whose stored file is gone is seen as such (404 `file_missing`, the
`files_missing` flag in lists and the group's storage figures), and uploading the same image again
repairs it (its files written again, answered in `repaired`) instead of refusing a duplicate."""

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Sample
from tests.samples.helpers import World, make_world, png, upload, zip_of

RENDITIONS = ("image", "thumbnail", "original")


async def _remove_files(app: FastAPI, session: AsyncSession, sample_id: int) -> None:
    sample = await session.get_one(Sample, sample_id, populate_existing=True)
    await app.state.storage.delete_many([sample.original_key, sample.display_key, sample.thumbnail_key])
    app.state.file_cache = type(app.state.file_cache)(app.state.file_cache.max_bytes)  # forget copies


async def _run_reclaimer(app: FastAPI) -> None:
    """The server's reclaimer: started, settled after what it was woken for, stopped."""
    reclaimer = app.state.reclaimer
    reclaimer.start()
    try:
        await reclaimer.settled()
    finally:
        await reclaimer.stop()


async def _listed(client: httpx.AsyncClient, world: World) -> dict[int, bool]:
    page = await client.get(f"/api/sets/{world.set_id}/samples", headers=world.admin.headers)
    return {item["id"]: item["files_missing"] for item in page.json()["items"]}


async def _serves(client: httpx.AsyncClient, world: World, sample_id: int) -> list[int]:
    return [
        (await client.get(f"/api/samples/{sample_id}/{name}", headers=world.admin.headers)).status_code
        for name in RENDITIONS
    ]


async def test_a_missing_file_is_flagged_and_the_same_image_repairs_it(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=1)), ("b.png", png(seed=2)))
    broken, healthy = (item["id"] for item in created.json()["created"])
    await _remove_files(app, session, broken)

    missing = await client.get(f"/api/samples/{broken}/image", headers=world.admin.headers)
    assert missing.status_code == 404
    assert missing.json()["code"] == "file_missing"
    await _run_reclaimer(app)  # confirms what serving reported
    assert await _listed(client, world) == {broken: True, healthy: False}

    again = await upload(client, world.admin, world.set_id, ("a-again.png", png(seed=1)))
    assert again.status_code == 200, again.text  # nothing created: one sample repaired
    assert [item["id"] for item in again.json()["repaired"]] == [broken]
    assert again.json()["created"] == [] and again.json()["rejected"] == []
    assert await _serves(client, world, broken) == [200, 200, 200]
    assert await _listed(client, world) == {broken: False, healthy: False}

    duplicate = await upload(client, world.admin, world.set_id, ("b-again.png", png(seed=2)))
    assert duplicate.status_code == 409  # a healthy sample stays a duplicate
    assert duplicate.json()["code"] == "duplicate"


async def test_an_archive_repairs_what_is_broken_and_adds_what_is_new(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    images = {f"{index}.png": png(seed=10 + index) for index in range(3)}
    created = await upload(client, world.admin, world.set_id, ("first.zip", zip_of(images)))
    ids = [item["id"] for item in created.json()["created"]]
    await _remove_files(app, session, ids[1])  # not even served yet: the upload finds it out

    archive = zip_of(images | {"new.png": png(seed=99)})
    again = await upload(client, world.admin, world.set_id, ("again.zip", archive))
    assert again.status_code == 201, again.text
    assert [item["filename"] for item in again.json()["created"]] == ["new.png"]
    assert [item["id"] for item in again.json()["repaired"]] == [ids[1]]
    assert sorted(item["code"] for item in again.json()["rejected"]) == ["duplicate", "duplicate"]
    for sample_id in ids:
        assert await _serves(client, world, sample_id) == [200, 200, 200]


async def test_a_masked_sample_is_never_repaired_from_its_original(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Its files hold the masked pixels: the original upload would bring the text back."""
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=3)))
    sample_id = created.json()["created"][0]["id"]
    await session.execute(sa.update(Sample).where(Sample.id == sample_id).values(pixel_revision=1))
    await session.commit()
    await _remove_files(app, session, sample_id)
    again = await upload(client, world.admin, world.set_id, ("a.png", png(seed=3)))
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"


@pytest.mark.parametrize("rendition", RENDITIONS)
async def test_each_rendition_reports_its_missing_file(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, rendition: str
) -> None:
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=4)))
    sample_id = created.json()["created"][0]["id"]
    await _remove_files(app, session, sample_id)
    answer = await client.get(f"/api/samples/{sample_id}/{rendition}", headers=world.admin.headers)
    assert answer.status_code == 404
    assert answer.json()["code"] == "file_missing"
    await _run_reclaimer(app)
    assert await _listed(client, world) == {sample_id: True}

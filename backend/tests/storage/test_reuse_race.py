"""Issue 21, item 1: an import in flight keeps the files it wrote while a delete of the same images
elsewhere is cleaned up. The import into set B is paused after it wrote its files and before its
transaction takes the set's lock; meanwhile set A, holding the same images, is deleted and the
reclaimer runs to completion; then B commits, and every sample of B serves all its files."""

import anyio
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.samples import repository as samples_repository
from tagmedx.models import FileHolder, FileReservation, ReclaimRequest, Sample
from tagmedx.storage import StorageError
from tests.rows import count_rows
from tests.samples.helpers import add_set, make_world, png, stored_files, upload
from tests.storage.helpers import reclaim_everything, stored_keys

IMAGES = 12


def _images() -> list[tuple[str, bytes]]:
    return [(f"{index:02d}.png", png(40, 30, seed=index)) for index in range(IMAGES)]


def _pause_before_locking(monkeypatch: pytest.MonkeyPatch, set_id: int) -> tuple[anyio.Event, anyio.Event]:
    """The upload into `set_id` waits after writing its files, before its transaction begins."""
    paused, proceed = anyio.Event(), anyio.Event()
    real = samples_repository.lock_set

    async def lock_set(session: AsyncSession, locked_set_id: int) -> int | None:
        if locked_set_id == set_id:
            paused.set()
            await proceed.wait()
        return await real(session, locked_set_id)

    monkeypatch.setattr(samples_repository, "lock_set", lock_set)
    return paused, proceed


async def test_an_import_in_flight_keeps_its_files_across_a_deletes_cleanup(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    first = await upload(client, world.admin, world.set_id, *_images())
    assert first.status_code == 201, first.text
    set_b = await add_set(session, world.group_id)
    paused, proceed = _pause_before_locking(monkeypatch, set_b)
    answers: dict[str, httpx.Response] = {}

    async def upload_into_b() -> None:
        answers["b"] = await upload(client, world.admin, set_b, *_images())

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(upload_into_b)
        with anyio.fail_after(60):
            await paused.wait()
        deleted = await client.delete(f"/api/sets/{world.set_id}", headers=world.admin.headers)
        assert deleted.status_code == 204
        await reclaim_everything(app)  # the delete's own cleanup ran after its response; this too
        proceed.set()

    assert answers["b"].status_code == 201, answers["b"].text
    created = answers["b"].json()["created"]
    assert len(created) == IMAGES
    for sample in created:
        for rendition in ("image", "thumbnail", "original"):
            answer = await client.get(f"/api/samples/{sample['id']}/{rendition}", headers=world.admin.headers)
            assert answer.status_code == 200, (sample["filename"], rendition, answer.text)
    assert await count_rows(session, FileReservation) == 0
    assert await count_rows(session, FileHolder) == 0
    await reclaim_everything(app)
    assert stored_files(app.state.settings.data_dir / "images") == await stored_keys(
        session, Sample.set_id == set_b
    )


async def test_an_import_whose_lease_lapsed_fails_cleanly_and_leaves_nothing(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stalled past its lease (no heartbeat), the import's reservations are taken by the reclaimer;
    it then refuses to commit samples whose files may be gone."""
    world = await make_world(session)
    assert (await upload(client, world.admin, world.set_id, *_images())).status_code == 201
    set_b = await add_set(session, world.group_id)
    paused, proceed = _pause_before_locking(monkeypatch, set_b)
    answers: dict[str, httpx.Response] = {}

    async def upload_into_b() -> None:
        answers["b"] = await upload(client, world.admin, set_b, *_images())

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(upload_into_b)
        with anyio.fail_after(60):
            await paused.wait()
        assert (
            await client.delete(f"/api/sets/{world.set_id}", headers=world.admin.headers)
        ).status_code == 204
        await reclaim_everything(app, hours_later=1)  # as if the import had stalled for an hour
        proceed.set()

    assert answers["b"].status_code == 503, answers["b"].text
    assert answers["b"].json()["code"] == "upload_interrupted"
    assert await count_rows(session, Sample) == 0
    assert await count_rows(session, FileReservation) == 0
    assert await count_rows(session, FileHolder) == 0
    await reclaim_everything(app)
    assert stored_files(app.state.settings.data_dir / "images") == set()


async def test_a_one_image_upload_writes_again_what_a_reclaimer_took_before_its_claim(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A single small image reserves nothing before its writes: its claim locks its files' rows (the
    reclaimer then waits), looks at storage and writes again what a reclaimer deleted before. Here
    the reclaimer runs to completion between the writes and the claim, on the keys a delete of the
    same image queued: it deletes the files; the upload commits with them written again."""
    world = await make_world(session)
    image = ("one.png", png(40, 30, seed=99))
    assert (await upload(client, world.admin, world.set_id, image)).status_code == 201

    async def unavailable(keys: object) -> None:
        raise StorageError("down")

    with monkeypatch.context() as during_the_delete:  # its cleanup fails: the keys stay queued
        during_the_delete.setattr(app.state.storage, "delete_many", unavailable)
        answer = await client.delete(f"/api/sets/{world.set_id}", headers=world.admin.headers)
        assert answer.status_code == 204
    assert await count_rows(session, ReclaimRequest) == 3
    set_b = await add_set(session, world.group_id)
    paused, proceed = _pause_before_locking(monkeypatch, set_b)
    answers: dict[str, httpx.Response] = {}

    async def upload_into_b() -> None:
        answers["b"] = await upload(client, world.admin, set_b, image)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(upload_into_b)
        with anyio.fail_after(60):
            await paused.wait()
        assert (await reclaim_everything(app)).files == 3  # nothing held them: they went
        assert stored_files(app.state.settings.data_dir / "images") == set()
        proceed.set()

    assert answers["b"].status_code == 201, answers["b"].text
    sample_id = answers["b"].json()["created"][0]["id"]
    for rendition in ("image", "thumbnail", "original"):
        answer = await client.get(f"/api/samples/{sample_id}/{rendition}", headers=world.admin.headers)
        assert answer.status_code == 200
    assert (await reclaim_everything(app)).files == 0

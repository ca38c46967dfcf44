"""Issue 21, item 3: the reclaimer deletes what nothing uses and nothing holds, and only that: files of
a killed import once its lease ends, keys queued by a delete whose own cleanup never ran, files
without a row (adopted first); never a file a sample uses, an import holds, or while a backup holds
storage. The storage scan reports and repairs."""

import os
import time
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.storage import scan
from tagmedx.models import (
    FileHolder,
    FileReservation,
    Package,
    ReclaimRequest,
    Sample,
    StorageHold,
    StoredFile,
)
from tagmedx.models.base import utcnow
from tagmedx.storage import StorageError, make_storage_key
from tests.rows import count_rows, sample_row
from tests.samples.helpers import make_world, png, stored_files, upload
from tests.storage.helpers import reclaim_everything


def _key(seed: int, kind: str = "original") -> str:
    return make_storage_key(f"{seed:02x}" * 32, kind)


async def _file_with_row(app: FastAPI, session: AsyncSession, key: str) -> None:
    await app.state.storage.put(key, b"bytes of " + key.encode(), "image/png")
    session.add(StoredFile(key=key, size_bytes=9 + len(key), media_type="image/png"))
    await session.commit()


def _on_disk(app: FastAPI) -> set[str]:
    """Stored files, without the temporary files of writes."""
    return {name for name in stored_files(app.state.settings.data_dir / "images") if not name.endswith("~")}


async def test_a_killed_imports_files_go_once_its_lease_ends_and_a_live_ones_stay(
    app: FastAPI, session: AsyncSession
) -> None:
    dead, alive = _key(1), _key(2)
    for key in (dead, alive):
        await _file_with_row(app, session, key)
    session.add(FileHolder(holder="killed", expires_at=utcnow() - timedelta(seconds=1)))
    session.add(FileHolder(holder="running", expires_at=utcnow() + timedelta(minutes=1)))
    await session.flush()
    session.add(FileReservation(holder="killed", key=dead))
    session.add(FileReservation(holder="running", key=alive))
    session.add(ReclaimRequest(key=alive))  # even queued, it is held
    await session.commit()

    outcome = await reclaim_everything(app)
    assert outcome.files == 1
    assert _on_disk(app) == {alive}
    assert set(await session.scalars(sa.select(StoredFile.key))) == {alive}
    assert await count_rows(session, ReclaimRequest) == 0
    assert set(await session.scalars(sa.select(FileHolder.holder))) == {"running"}


async def test_a_queued_key_a_sample_uses_is_kept(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=1)))
    before = _on_disk(app)
    session.add_all(ReclaimRequest(key=key) for key in before)
    await session.commit()
    assert (await reclaim_everything(app)).files == 0
    assert _on_disk(app) == before
    answer = await client.get(
        f"/api/samples/{created.json()['created'][0]['id']}/image", headers=world.admin.headers
    )
    assert answer.status_code == 200


async def test_nothing_is_deleted_while_a_backup_holds_storage(app: FastAPI, session: AsyncSession) -> None:
    key = _key(3)
    await _file_with_row(app, session, key)
    session.add(ReclaimRequest(key=key))
    session.add(StorageHold(holder="backup", purpose="backup", expires_at=utcnow() + timedelta(minutes=1)))
    await session.commit()
    held = await reclaim_everything(app)
    assert held.held and held.files == 0
    assert _on_disk(app) == {key}
    assert await count_rows(session, ReclaimRequest) == 1  # still queued
    await session.execute(sa.delete(StorageHold))
    await session.commit()
    assert (await reclaim_everything(app)).files == 1
    assert _on_disk(app) == set()


async def test_an_expired_hold_holds_nothing(app: FastAPI, session: AsyncSession) -> None:
    key = _key(4)
    await _file_with_row(app, session, key)
    session.add(ReclaimRequest(key=key))
    session.add(StorageHold(holder="dead", purpose="backup", expires_at=utcnow() - timedelta(seconds=1)))
    await session.commit()
    assert (await reclaim_everything(app)).files == 1
    assert await count_rows(session, StorageHold) == 0


async def test_a_delete_queues_its_keys_in_its_own_transaction(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cleanup after the response fails (as if the server died then): the keys stay queued, and
    the reclaimer's next pass removes them."""
    world = await make_world(session)
    assert (await upload(client, world.admin, world.set_id, ("a.png", png(seed=5)))).status_code == 201
    files = _on_disk(app)
    storage = app.state.storage

    async def unavailable(keys: object) -> None:
        raise StorageError("down")

    monkeypatch.setattr(storage, "delete_many", unavailable)
    assert (await client.delete(f"/api/sets/{world.set_id}", headers=world.admin.headers)).status_code == 204
    assert set(await session.scalars(sa.select(ReclaimRequest.key))) == files
    monkeypatch.undo()
    assert (await reclaim_everything(app)).files == len(files)
    assert _on_disk(app) == set()
    assert await count_rows(session, StoredFile) == 0


async def test_every_delete_of_samples_queues_and_reclaims_their_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=1)
    created = await upload(
        client, world.admin, world.set_id, *[(f"{n}.png", png(seed=20 + n)) for n in range(3)]
    )
    sample, package_sample, _ = created.json()["created"]
    headers = world.admin.headers
    assert (await client.delete(f"/api/samples/{sample['id']}", headers=headers)).status_code == 204
    assert (
        await client.delete(f"/api/packages/{package_sample['package_id']}", headers=headers)
    ).status_code == 204
    assert len(_on_disk(app)) == 3  # one sample's three files left
    assert (await client.delete(f"/api/groups/{world.group_id}", headers=headers)).status_code == 204
    assert _on_disk(app) == set()
    assert await count_rows(session, StoredFile) == 0 and await count_rows(session, ReclaimRequest) == 0


async def test_the_scan_adopts_files_without_rows_and_keeps_those_a_sample_uses(
    app: FastAPI, session: AsyncSession
) -> None:
    world = await make_world(session)
    package = Package(set_id=world.set_id)
    session.add(package)
    await session.flush()
    legacy = sample_row(set_id=world.set_id, package_id=package.id, digest="ab" * 32)  # from before the rows
    session.add(legacy)
    await session.commit()
    storage = app.state.storage
    used = [legacy.original_key, legacy.display_key, legacy.thumbnail_key]
    stray = _key(6)  # an import of the code before the rows, killed
    for key in [*used, stray]:
        await storage.put(key, b"x" * 10, "image/png")
    root = app.state.settings.data_dir / "images"
    stale = root / "ab" / ".tmp-killed~"
    fresh = root / "ab" / ".tmp-writing~"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale, (old, old))

    report = await scan.check(app.state.sessionmaker, storage, repair=False)
    assert (report.files, report.orphans, report.orphan_bytes, report.missing) == (4, 1, 10, [])
    assert _on_disk(app) == {*used, stray}  # a report changes nothing
    report = await scan.check(app.state.sessionmaker, storage, repair=True)
    assert (report.reclaimed, report.temporaries_removed) == (1, 1)
    assert _on_disk(app) == set(used)
    assert not stale.exists() and fresh.exists()
    rows = dict((await session.execute(sa.select(StoredFile.key, StoredFile.size_bytes))).tuples().all())
    assert rows == dict.fromkeys(used, 10)  # adopted, and measured


async def test_the_scan_flags_samples_with_missing_files_and_unflags_them_when_they_are_back(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=7)), ("b.png", png(seed=8)))
    broken = created.json()["created"][0]["id"]
    sample = await session.get_one(Sample, broken)
    data = await app.state.storage.get(sample.thumbnail_key)
    await app.state.storage.delete(sample.thumbnail_key)

    report = await scan.check(app.state.sessionmaker, app.state.storage, repair=False)
    assert [(m.sample_id, m.keys) for m in report.missing] == [(broken, (sample.thumbnail_key,))]
    assert await count_rows(session, Sample, Sample.files_missing.is_(True)) == 0
    report = await scan.check(app.state.sessionmaker, app.state.storage, repair=True)
    assert [m.sample_id for m in report.missing] == [broken]
    assert await count_rows(session, Sample, Sample.files_missing.is_(True)) == 1
    assert "samples with missing files: 1" in report.lines()

    await app.state.storage.put(sample.thumbnail_key, data, "image/jpeg")  # restored by hand
    report = await scan.check(app.state.sessionmaker, app.state.storage, repair=True)
    assert report.missing == []
    assert await count_rows(session, Sample, Sample.files_missing.is_(True)) == 0


async def test_the_servers_reclaimer_works_when_woken_and_waits_less_for_a_lease_due_soon(
    app: FastAPI, session: AsyncSession
) -> None:
    reclaimer = app.state.reclaimer
    reclaimer.start()
    try:
        await reclaimer.settled()  # the start-up pass and scan
        key = _key(9)
        await _file_with_row(app, session, key)
        session.add(ReclaimRequest(key=key))
        session.add(StoredFile(key=_key(10, "display"), media_type="image/png"))
        await session.flush()
        session.add(FileHolder(holder="soon", expires_at=utcnow() + timedelta(seconds=5)))
        await session.flush()
        session.add(FileReservation(holder="soon", key=_key(10, "display")))
        await session.commit()
        reclaimer.wake()
        await reclaimer.settled()
        assert _key(9) not in _on_disk(app)
        assert await reclaimer._next_wait() <= 6  # not the 30 s period: the lease ends in 5 s
    finally:
        await reclaimer.stop()

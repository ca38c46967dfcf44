"""Issue 21, item 16: `backup` copies one snapshot of the database and exactly the files it uses,
none reclaimed meanwhile (its hold), and `restore` brings it back into a fresh database and data
folder, where every sample opens. The restore runs as an operator runs it: `python -m tagmedx`."""

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.storage import backup
from tagmedx.main import create_app
from tagmedx.models import Examination, Sample, StorageHold
from tests import mysql_server
from tests.conftest import BACKEND, empty_all_tables, make_settings, which_database
from tests.rows import count_rows
from tests.samples.helpers import add_set, make_world, png, stored_files, upload
from tests.storage.helpers import reclaim_everything


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of the run's kind, not migrated: what `restore` is given."""
    if which_database() == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored' / 'tagmedx.db'}"
        return
    name = f"tagmedx_restore_{secrets.token_hex(4)}"
    mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


def tagmedx(*arguments: str, data_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TAGMEDX_")}
    environment = clean | {
        "TAGMEDX_DATA_DIR": str(data_dir),
        "TAGMEDX_DATABASE_URL": url,
        "TAGMEDX_SECRET_KEY": "backup-test-" + "k" * 32,
    }
    return subprocess.run(
        [sys.executable, "-m", "tagmedx", *arguments],
        env=environment,
        cwd=BACKEND,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def test_a_backup_holds_its_files_through_a_delete_and_restores_into_a_fresh_place(
    app: FastAPI,
    client: httpx.AsyncClient,
    session: AsyncSession,
    tmp_path: Path,
    fresh_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = await make_world(session)
    kept_set = await add_set(session, world.group_id)
    doomed = await upload(client, world.admin, world.set_id, *[(f"d{n}.png", png(seed=n)) for n in range(3)])
    kept = await upload(client, world.admin, kept_set, *[(f"k{n}.png", png(seed=50 + n)) for n in range(3)])
    assert doomed.status_code == kept.status_code == 201
    sample_id = kept.json()["created"][0]["id"]
    session.add(Examination(sample_id=sample_id, set_id=kept_set, user_id=world.admin.id, comment="saved"))
    await session.commit()

    snapshot_taken, deleted = anyio.Event(), anyio.Event()
    copy_out = backup._copy_out

    async def copy_after_the_delete(*arguments: object) -> int:
        snapshot_taken.set()
        await deleted.wait()
        return await copy_out(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "_copy_out", copy_after_the_delete)
    destination = tmp_path / "backup"
    made: list[backup.Manifest] = []

    async def run_backup() -> None:
        made.append(await backup.backup(app.state.engine, app.state.storage, destination))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(run_backup)
        with anyio.fail_after(60):
            await snapshot_taken.wait()
        assert await count_rows(session, StorageHold) == 1
        answer = await client.delete(f"/api/sets/{world.set_id}", headers=world.admin.headers)
        assert answer.status_code == 204
        held = await reclaim_everything(app)
        assert held.held and held.files == 0  # the backup's hold: nothing is deleted yet
        deleted.set()

    manifest = made[0]
    assert manifest.files == 18 and manifest.missing == []  # 6 samples x (original, display, thumbnail)
    assert manifest.tables["samples"] == 6 and manifest.tables["examinations"] == 1
    assert (
        json.loads((destination / "manifest.json").read_text())["alembic_revision"]
        == manifest.alembic_revision
    )
    assert await count_rows(session, StorageHold) == 0
    assert (await reclaim_everything(app)).files == 9  # the hold gone, the deleted set's files go

    restored_dir = tmp_path / "restored"
    result = tagmedx("restore", str(destination), data_dir=restored_dir, url=fresh_url)
    assert result.returncode == 0, result.stderr
    assert "restored" in result.stdout
    assert stored_files(restored_dir / "images") == stored_files(destination / "files")
    restored = create_app(make_settings(fresh_url, restored_dir))
    try:
        transport = httpx.ASGITransport(app=restored, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            for item in [*doomed.json()["created"], *kept.json()["created"]]:
                for rendition in ("image", "thumbnail", "original"):
                    answer = await other.get(
                        f"/api/samples/{item['id']}/{rendition}", headers=world.admin.headers
                    )
                    assert answer.status_code == 200, (item["filename"], rendition, answer.text)
            reading = await other.get(f"/api/samples/{sample_id}/examination", headers=world.admin.headers)
            assert reading.status_code == 200 and reading.json()["comment"] == "saved"
    finally:
        await empty_all_tables(restored)
        await restored.state.engine.dispose()


async def test_restore_refuses_a_database_that_holds_data(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, database_url: str
) -> None:
    world = await make_world(session)
    assert (await upload(client, world.admin, world.set_id, ("a.png", png(seed=9)))).status_code == 201
    manifest = await backup.backup(app.state.engine, app.state.storage, tmp_path / "backup")
    assert manifest.files == 3
    result = tagmedx("restore", str(tmp_path / "backup"), data_dir=tmp_path / "other", url=database_url)
    assert result.returncode == 1
    assert "already holds data" in result.stderr
    assert await count_rows(session, Sample) == 1


async def test_a_backup_goes_into_a_new_folder_and_restore_needs_a_backup(
    app: FastAPI, tmp_path: Path, fresh_url: str
) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(backup.BackupError, match="not empty"):
        await backup.backup(app.state.engine, app.state.storage, tmp_path / "used")
    result = tagmedx("restore", str(tmp_path / "used"), data_dir=tmp_path / "other", url=fresh_url)
    assert result.returncode == 1
    assert "not a TagMedX backup" in result.stderr


async def test_the_snapshot_does_not_see_what_commits_after_it_began(
    app: FastAPI, session: AsyncSession
) -> None:
    """One read transaction: a row committed between two of its reads is not in the second."""
    world = await make_world(session)
    async with backup._snapshot(app.state.engine) as connection:
        before = (await connection.execute(sa.select(sa.func.count()).select_from(Sample))).scalar()
        await add_set(session, world.group_id)  # commits on another connection
        sets = (await connection.execute(sa.text("SELECT COUNT(*) FROM sets"))).scalar()
    assert before == 0 and sets == 2  # make_world's two sets, not the third

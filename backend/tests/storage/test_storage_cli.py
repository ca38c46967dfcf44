"""`python -m tagmedx storage check [--repair]` as an operator runs it: a real process beside the data."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import Sample
from tagmedx.storage import make_storage_key
from tests.rows import count_rows
from tests.samples.helpers import make_world, png, stored_files, upload
from tests.storage.test_backup import tagmedx


async def test_check_reports_and_repair_reclaims_orphans_and_flags_missing_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, database_url: str
) -> None:
    world = await make_world(session)
    created = await upload(client, world.admin, world.set_id, ("a.png", png(seed=1)), ("b.png", png(seed=2)))
    broken = await session.get_one(Sample, created.json()["created"][0]["id"])
    await app.state.storage.delete(broken.thumbnail_key)
    orphan = make_storage_key("0e" * 32, "original")  # as a killed import of older code left it
    await app.state.storage.put(orphan, b"o" * 7, "image/png")

    report = tagmedx("storage", "check", data_dir=settings.data_dir, url=database_url)
    assert report.returncode == 1, report.stderr
    assert "orphans (no sample uses them): 1 (7 bytes)" in report.stdout
    assert "samples with missing files: 1" in report.stdout
    assert f"sample {broken.id} (set {world.set_id}, a.png): {broken.thumbnail_key}" in report.stdout
    assert orphan in stored_files(settings.data_dir / "images")

    repaired = tagmedx("storage", "check", "--repair", data_dir=settings.data_dir, url=database_url)
    assert repaired.returncode == 1, repaired.stderr  # the missing file cannot come back by itself
    assert "1 orphan files reclaimed" in repaired.stdout and "1 samples flagged" in repaired.stdout
    assert orphan not in stored_files(settings.data_dir / "images")
    assert await count_rows(session, Sample, Sample.files_missing.is_(True)) == 1

    assert (await upload(client, world.admin, world.set_id, ("a.png", png(seed=1)))).status_code == 200
    clean = tagmedx("storage", "check", data_dir=settings.data_dir, url=database_url)
    assert clean.returncode == 0, clean.stdout
    assert "orphans (no sample uses them): 0 (0 bytes)" in clean.stdout


def test_the_commands_are_listed(settings: Settings, database_url: str) -> None:
    listed = tagmedx("--help", data_dir=settings.data_dir, url=database_url)
    for name in ("storage", "backup", "restore"):
        assert name in listed.stdout
    assert (
        "--repair"
        in tagmedx("storage", "check", "--help", data_dir=settings.data_dir, url=database_url).stdout
    )

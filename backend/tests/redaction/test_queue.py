"""The OCR queue's claims: one scanner per sample, stale claims taken over, voided results dropped;
and a server with OCR off."""

import asyncio
import hashlib
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.redaction import repository
from tagmedx.features.redaction import scanner as scanner_module
from tagmedx.features.redaction.repository import FoundRegion
from tagmedx.features.redaction.scanner import CLAIM_LEASE, TextScanner
from tagmedx.main import create_app
from tagmedx.models import Sample, TextRegion, TextScanStatus
from tests.conftest import empty_all_tables, make_settings
from tests.redaction import images
from tests.redaction.scanning import running, scan_result
from tests.samples.helpers import Person, make_world, upload

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def _pending_samples(client: httpx.AsyncClient, person: Person, set_id: int, count: int) -> list[int]:
    items = [(f"s{index}.png", images.encode(images.us_picture(seed=index, text=False).picture, "PNG"))
             for index in range(count)]  # fmt: skip
    response = await upload(client, person, set_id, *items)
    assert response.status_code == 201
    return [sample["id"] for sample in response.json()["created"]]


async def test_a_sample_is_claimed_by_one_scanner_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    [sample_id] = await _pending_samples(client, world.admin, world.set_id, 1)
    stale_before = NOW - CLAIM_LEASE
    assert await repository.claim(session, sample_id, "a" * 32, NOW, stale_before)
    assert not await repository.claim(session, sample_id, "b" * 32, NOW, stale_before)
    later = NOW + CLAIM_LEASE + timedelta(seconds=1)  # the first holder died: its claim went stale
    assert await repository.claim(session, sample_id, "c" * 32, later, later - CLAIM_LEASE)
    region = FoundRegion(1, 2, 3, 4, "DOE", 0.9)
    assert not await repository.finish(session, sample_id, "a" * 32, TextScanStatus.done, [region])
    assert await repository.finish(session, sample_id, "c" * 32, TextScanStatus.done, [region])
    await session.commit()
    stored = await session.get(Sample, sample_id)
    assert stored is not None and stored.text_scan_status is TextScanStatus.done and stored.suspected_text


async def test_a_scan_voided_meanwhile_stores_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    [sample_id] = await _pending_samples(client, world.admin, world.set_id, 1)
    assert await repository.claim(session, sample_id, "a" * 32, NOW, NOW - CLAIM_LEASE)
    await repository.requeue(session, sample_id)  # e.g. masked while the scan ran
    assert not await repository.finish(session, sample_id, "a" * 32, TextScanStatus.done,
                                       [FoundRegion(1, 2, 3, 4, "x", 0.9)])  # fmt: skip
    await session.commit()
    assert await session.scalar(sa.select(sa.func.count()).select_from(TextRegion)) == 0
    stored = await session.get(Sample, sample_id)
    assert stored is not None and stored.text_scan_status is TextScanStatus.pending


@pytest.fixture
async def second_process(settings_path: Path, app: FastAPI) -> AsyncIterator[FastAPI]:
    """Another server on the same database and files, with its own engine (as a second process)."""
    other = create_app(make_settings(app.state.settings.database_url, settings_path))
    try:
        yield other
    finally:
        await other.state.engine.dispose()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "data"


async def test_two_servers_draining_together_read_each_sample_once(
    app: FastAPI, second_process: FastAPI, client: httpx.AsyncClient, session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    world = await make_world(session)
    sample_ids = await _pending_samples(client, world.admin, world.set_id, 6)
    reads: Counter[str] = Counter()

    def counting_find(picture_bytes: bytes, width: int, height: int) -> list[FoundRegion]:
        reads[hashlib.sha256(picture_bytes).hexdigest()] += 1
        return []

    monkeypatch.setattr(scanner_module, "_find", counting_find)
    scanners = [
        TextScanner(server.state.sessionmaker, app.state.storage, enabled=True)
        for server in (app, second_process)
    ]
    counts = await asyncio.gather(*(scanner.drain() for scanner in scanners))
    assert sum(counts) == len(sample_ids) == sum(reads.values())
    assert len(reads) == len(sample_ids) and set(reads.values()) == {1}  # each image once
    session.expire_all()
    statuses = await session.scalars(sa.select(Sample.text_scan_status).where(Sample.id.in_(sample_ids)))
    assert set(statuses) == {TextScanStatus.done}


@pytest.fixture
async def ocr_off_app(database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    application = create_app(make_settings(database_url, tmp_path / "off", ocr="off"))
    try:
        yield application
    finally:
        await empty_all_tables(application)
        await application.state.engine.dispose()


async def test_with_ocr_off_samples_are_not_scanned_and_say_so(ocr_off_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=ocr_off_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        async with ocr_off_app.state.sessionmaker() as session:
            world = await make_world(session)
        [sample_id] = await _pending_samples(client, world.admin, world.set_id, 1)
        async with running(ocr_off_app) as scanner:
            assert scanner.enabled is False
            body = await scan_result(client, scanner, sample_id, world.admin)
            assert body == {"status": "not_scanned", "suspected_text": False, "regions": []}
            again = await client.post(
                f"/api/samples/{sample_id}/text-regions/scan", headers=world.admin.headers
            )
            assert again.status_code == 202 and again.json() == {"status": "not_scanned"}
            assert (await scan_result(client, scanner, sample_id, world.admin))["status"] == "not_scanned"
        shown = (await client.get(f"/api/samples/{sample_id}", headers=world.annotator.headers)).json()
        assert shown["text_scan_status"] == "not_scanned"

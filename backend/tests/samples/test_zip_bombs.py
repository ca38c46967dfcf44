"""ZIP bombs cost no more than the limits: refused before inflating when the headers declare too
much, and never inflated past what they declare; bzip2 and LZMA are not unpacked; all the archives of
an upload share one budget; /api/health answers while an upload inflates. Bytes are counted, never
time (tests/samples/bombs.py counts what zipfile's decompressors produce)."""

import io
import os
import threading
import zipfile
import zlib
from pathlib import Path

import anyio
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import Sample
from tests.conftest import make_settings

from .bombs import MIB, Inflation, RawEntry, deflated_zeros, inflation, zeros_crc, zip_around, zip_of_raw
from .helpers import count, make_world, png, stored_files, upload, zip_of

pytestmark = pytest.mark.anyio
__all__ = ["inflation"]  # the fixture

GIB = 1 << 30
DICOM_HEAD = bytes(128) + b"DICM"
PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def nothing_stored(settings: Settings) -> bool:
    return stored_files(settings.data_dir / "images") == set()


@pytest.mark.parametrize(
    "claimed_size",
    [GIB, 299 * MIB],
    ids=["headers that tell the truth", "headers that claim less, with the right CRC"],
)
async def test_a_1_gib_entry_in_a_1_mb_zip_is_refused_before_a_byte_is_inflated(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    inflation: Inflation,
    claimed_size: int,
) -> None:
    """The issue's bomb: a 1 MB archive holding a 1 GiB 'DICOM' of zeros. With headers claiming 299
    MiB (under the file limit) and the CRC of those bytes, it once passed as a 299 MiB image."""
    world = await make_world(session)
    stream = deflated_zeros(GIB, DICOM_HEAD)
    archive = zip_around(
        "scan.dcm", stream, claimed_size=claimed_size, crc=zeros_crc(claimed_size, DICOM_HEAD)
    )
    assert len(archive) < 1.1 * MIB

    response = await upload(client, world.admin, world.set_id, ("bomb.zip", archive))

    assert response.status_code == 413, response.text
    body = response.json()
    assert body["code"] == "zip_bomb"
    assert "100 times its own size" in body["detail"] and f"{len(archive):,}" in body["detail"]
    assert inflation.bytes == 0
    assert await count(session, Sample) == 0
    assert nothing_stored(settings)


async def test_headers_that_claim_less_cost_what_they_claim_not_what_the_stream_holds(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, inflation: Inflation
) -> None:
    world = await make_world(session)
    claimed = 8 * MIB  # within the archive's ratio allowance: only the bytes inflated can stop it
    archive = zip_around("scan.png", deflated_zeros(GIB, PNG_HEAD), claimed_size=claimed, crc=0x1234)

    response = await upload(client, world.admin, world.set_id, ("liar.zip", archive))

    assert response.status_code == 422, response.text
    assert response.json()["rejected"][0]["code"] == "corrupt"
    assert 0 < inflation.bytes <= claimed + MIB  # at most one read's chunk past the claim
    assert nothing_stored(settings)


async def test_a_bomb_within_the_ratio_is_stopped_by_the_parse_bound(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, inflation: Inflation
) -> None:
    """Padded with random bytes to pass the ratio, the archive still delivers 16 MiB of 'DICOM' zeros
    (right CRC): the DICOM reader stops after its allowed reads (tagmedx/imaging/structure.py)."""
    world = await make_world(session)
    padding = os.urandom(MIB)
    claimed = 16 * MIB
    archive = zip_of_raw(
        [
            RawEntry("padding.bin", padding, len(padding), zlib.crc32(padding), zipfile.ZIP_STORED),
            RawEntry("scan.dcm", deflated_zeros(GIB, DICOM_HEAD), claimed, zeros_crc(claimed, DICOM_HEAD)),
        ]
    )
    response = await upload(client, world.admin, world.set_id, ("padded.zip", archive))

    assert response.status_code == 422, response.text
    codes = {item["filename"]: item["code"] for item in response.json()["rejected"]}
    assert codes == {"padded.zip/padding.bin": "unsupported_type", "padded.zip/scan.dcm": "too_complex"}
    assert inflation.bytes <= 2 * (claimed + MIB)  # judged, then read again to be processed
    assert nothing_stored(settings)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
async def test_bzip2_and_lzma_entries_are_refused_without_inflating(
    client: httpx.AsyncClient,
    session: AsyncSession,
    settings: Settings,
    inflation: Inflation,
    method: int,
) -> None:
    """zipfile inflates these without bounding a read's output: 16 MiB of zeros are a few hundred bytes
    of bzip2 (a GiB under 2 KB), and the first read would inflate them all, whatever the headers claim."""
    world = await make_world(session)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive, archive.open("scan.png", "w") as entry:
        for _ in range(16):
            entry.write(bytes(MIB))
    response = await upload(client, world.admin, world.set_id, ("packed.zip", buffer.getvalue()))

    assert response.status_code == 415, response.text
    rejected = response.json()["rejected"][0]
    assert rejected["code"] == "unsupported_compression"
    assert "Deflate" in rejected["detail"]
    assert inflation.bytes == 0
    assert nothing_stored(settings)


@pytest.fixture
def settings(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    return make_settings(database_url, tmp_path / "data", **getattr(request, "param", {}))


@pytest.mark.parametrize(
    "settings", [{"max_zip_uncompressed_bytes": 6 * MIB, "max_zip_ratio": 10_000}], indirect=True
)
async def test_the_archives_of_one_upload_share_one_budget(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, inflation: Inflation
) -> None:
    """Each archive alone is under the limit; together they are not: the second is refused unread."""
    world = await make_world(session)
    first = zip_around("a.png", deflated_zeros(4 * MIB, PNG_HEAD), claimed_size=4 * MIB, crc=1)
    second = zip_around("b.png", deflated_zeros(4 * MIB, PNG_HEAD), claimed_size=4 * MIB, crc=2)

    response = await upload(client, world.admin, world.set_id, ("one.zip", first), ("two.zip", second))

    rejected = response.json()["rejected"]
    assert [item["filename"] for item in rejected] == ["one.zip/a.png", "two.zip"]
    assert rejected[0]["code"] == "corrupt"  # inflated (4 MiB), its CRC wrong
    assert rejected[1]["code"] == "too_large"
    assert "with the other archives of this upload" in rejected[1]["detail"]
    assert f"{6 * MIB:,}" in rejected[1]["detail"]
    assert inflation.bytes <= 4 * MIB + MIB
    assert nothing_stored(settings)


async def test_health_answers_while_an_upload_is_inflating(
    client: httpx.AsyncClient, session: AsyncSession, inflation: Inflation
) -> None:
    """The upload is held inside its first inflation (in its worker thread) until /api/health has
    answered: the event loop is never the one inflating."""
    world = await make_world(session)
    inflating, release = threading.Event(), threading.Event()

    def hold(_: Inflation) -> None:
        if not inflating.is_set():
            inflating.set()
            assert release.wait(60), "the test never released the upload"

    inflation.hooks.append(hold)
    outcome: dict[str, httpx.Response] = {}

    async def upload_archive() -> None:
        archive = zip_of({"scan.png": png(seed=7)})
        outcome["upload"] = await upload(client, world.admin, world.set_id, ("scans.zip", archive))

    async with anyio.create_task_group() as group:
        group.start_soon(upload_archive)
        assert await anyio.to_thread.run_sync(inflating.wait, 60)
        try:
            health = await client.get("/api/health")
            assert "upload" not in outcome  # still inflating
        finally:
            release.set()
    assert health.status_code == 200 and health.json()["status"] in ("ok", "degraded")
    assert outcome["upload"].status_code == 201, outcome["upload"].text

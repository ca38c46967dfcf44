"""The data folder's disk fills up. Uploads answer 507 `storage_full` (no Retry-After: it will not pass by
itself) with a message an administrator can act on; the log names the cause once per episode (errno,
path, free bytes); /api/health answers 200 with status `degraded` and storage `full`; no partial file
is left, every earlier sample stays readable, and once space is freed uploads work again without a
restart.

The real thing first: a tmpfs of a few MB mounted as the data folder (needs root, as on the CI
machine), the server in its own process. Where mounting is not allowed the test is skipped, and the
second test, which makes the local storage's writes fail with ENOSPC in process, still runs."""

import errno
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tagmedx.storage import local
from tagmedx.storage.local import LocalStorage
from tests import mysql_server
from tests.conftest import migrate, which_database
from tests.factories import make_group, make_user
from tests.faults.process import Arranged, ServerProcess, arrange, png

DISK_MB = 6
MIN_FREE_MB = 1


def noise_png(seed: int, side: int = 400) -> bytes:
    """A PNG that does not compress: a few hundred KB, more than a full disk has left."""
    from PIL import Image

    generator = random.Random(seed)
    image = Image.frombytes("RGB", (side, side), generator.randbytes(side * side * 3))
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def small_disk() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="tagmedx-disk-"))
    data = root / "data"
    data.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(data)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the simulated test covers it")
    try:
        yield root
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def database_url(small_disk: Path) -> Iterator[str]:
    """The database off the small disk: this test is about the image files."""
    if which_database() == "sqlite":
        (small_disk / "db").mkdir()
        url = f"sqlite+aiosqlite:///{small_disk / 'db' / 'tagmedx.db'}"
        migrate(url)
        yield url
        return
    name = f"tagmedx_disk_{os.getpid()}"
    mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        url = f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
        migrate(url)
        yield url
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture
def server(small_disk: Path, database_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(
        small_disk, TAGMEDX_DATABASE_URL=database_url, TAGMEDX_STORAGE_MIN_FREE_MB=str(MIN_FREE_MB)
    )
    process.start()
    try:
        process.wait_until_healthy()
        yield process
    finally:
        process.stop()


def sync_url(url: str) -> str:
    return url.replace("sqlite+aiosqlite", "sqlite").replace("mysql+asyncmy", "mysql+pymysql")


def fill(folder: Path) -> Path:
    """A file that takes every byte left on the disk (none, when the disk is full already: SQLite's
    write-ahead log may have taken the last of it)."""
    filler = folder / "filler.bin"
    block = b"\0" * (64 * 1024)
    try:
        with filler.open("wb") as handle:
            while True:
                handle.write(block)
                handle.flush()
    except OSError as error:
        assert error.errno == errno.ENOSPC
    return filler


def stored_files(images: Path) -> set[str]:
    return {str(path.relative_to(images)) for path in images.rglob("*") if path.is_file()}


def upload(http: httpx.Client, arranged: Arranged, name: str, body: bytes) -> httpx.Response:
    files = [("files", (name, body, "image/png"))]
    return http.post(f"/api/sets/{arranged.set_id}/samples", files=files, headers=arranged.admin)


def everything_readable(http: httpx.Client, arranged: Arranged) -> None:
    page = http.get(f"/api/sets/{arranged.set_id}/samples", headers=arranged.admin)
    assert page.status_code == 200, page.text
    for sample in page.json()["items"]:
        for rendition in ("image", "thumbnail", "original"):
            answer = http.get(f"/api/samples/{sample['id']}/{rendition}", headers=arranged.admin)
            assert answer.status_code == 200, (sample["id"], rendition, answer.text)


def test_a_full_disk_answers_507_says_so_in_health_and_recovers_without_a_restart(
    server: ServerProcess, database_url: str
) -> None:
    data = server.root / "data"
    images = data / "images"
    with httpx.Client(base_url=server.base, timeout=60) as http:
        arranged = arrange(http, sync_url(database_url), annotators=1)
        before = stored_files(images)
        everything_readable(http, arranged)
        filler = fill(data)
        try:
            refused = upload(http, arranged, "big.png", noise_png(1))
            assert refused.status_code == 507, refused.text
            assert refused.json()["code"] == "storage_full"
            assert set(refused.json()) == {"detail", "code"}
            assert "free space" in refused.json()["detail"]
            assert "retry-after" not in refused.headers
            again = upload(http, arranged, "small.png", png(7))
            assert again.status_code == 507, again.text
            assert stored_files(images) == before  # no partial or temporary file
            everything_readable(http, arranged)
            health = http.get("/api/health")
            assert health.status_code == 200, health.text
            assert health.json()["status"] == "degraded"
            assert health.json()["storage"] == "full"
            assert health.json()["storage_free_bytes"] < MIN_FREE_MB * 1024 * 1024
            assert "full" in health.json()["detail"]
        finally:
            filler.unlink(missing_ok=True)

        health = http.get("/api/health")
        assert health.json()["storage"] == "ok", health.text
        assert health.json()["status"] == "ok"
        accepted = upload(http, arranged, "big.png", noise_png(1))
        assert accepted.status_code == 201, accepted.text
        everything_readable(http, arranged)

    log = server.log()
    episodes = [line for line in log.splitlines() if "storage_full:" in line]
    assert len(episodes) == 1, log  # once per episode, not once per failed write
    assert "errno 28 ENOSPC" in episodes[0]
    assert str(images) in episodes[0]
    assert "bytes free" in episodes[0]
    assert "storage has room again" in log


async def send(client: httpx.AsyncClient, set_id: int, headers: dict[str, str], seed: int) -> httpx.Response:
    files = [("files", (f"{seed}.png", png(seed), "image/png"))]
    return await client.post(f"/api/sets/{set_id}/samples", files=files, headers=headers)


async def test_enospc_of_the_local_storage_is_507_logged_once_and_health_says_full(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The same, simulated in process: the local storage's writes fail as on a full disk, until they
    do not."""
    admin = await make_user(client)
    group = await make_group(client, admin)
    created = await client.post(
        f"/api/groups/{group['id']}/sets",
        json={"name": "S", "type": "classification", "package_size": 5},
        headers=admin.headers,
    )
    set_id = created.json()["id"]
    stored = await client.post(
        f"/api/sets/{set_id}/samples",
        files=[("files", ("a.png", png(1), "image/png"))],
        headers=admin.headers,
    )
    assert stored.status_code == 201, stored.text
    room = {"left": False}
    write = LocalStorage._write_atomically

    def maybe_no_room(path: Path, data: bytes) -> None:
        if not room["left"]:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        write(path, data)

    monkeypatch.setattr(LocalStorage, "_write_atomically", staticmethod(maybe_no_room))
    monkeypatch.setattr(local, "_free_bytes", lambda _root: 10**10 if room["left"] else 0)
    for seed in (2, 3):
        refused = await send(client, set_id, admin.headers, seed)
        assert refused.status_code == 507, refused.text
        assert refused.json()["code"] == "storage_full"
        assert "retry-after" not in refused.headers
    assert len([r for r in caplog.records if r.getMessage().startswith("storage_full:")]) == 1
    health = await client.get("/api/health")
    assert (health.status_code, health.json()["storage"], health.json()["status"]) == (
        200,
        "full",
        "degraded",
    )

    room["left"] = True
    accepted = await client.post(
        f"/api/sets/{set_id}/samples",
        files=[("files", ("2.png", png(2), "image/png"))],
        headers=admin.headers,
    )
    assert accepted.status_code == 201, accepted.text
    assert (await client.get("/api/health")).json()["storage"] in ("ok", "low")
    assert any("storage has room again" in r.getMessage() for r in caplog.records)


async def test_upload_routes_document_the_507(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/api/openapi.json")).json()
    upload = spec["paths"]["/api/sets/{set_id}/samples"]["post"]["responses"]
    assert "507" in upload
    assert "free space" in upload["507"]["description"]


@pytest.mark.skipif(which_database() != "sqlite", reason="SQLite's database file in the data folder")
def test_sqlite_in_a_full_data_folder_refuses_with_507_and_loses_nothing(small_disk: Path) -> None:
    """The default layout: the database file beside the images on the disk that fills up. A save
    either lands (SQLite reuses its write-ahead log's room) or answers 507 `storage_full`, never a
    500; reads go on; after space is freed every acknowledged save is there."""
    migrate(f"sqlite+aiosqlite:///{small_disk / 'data' / 'tagmedx.db'}")
    server = ServerProcess(small_disk, TAGMEDX_STORAGE_MIN_FREE_MB=str(MIN_FREE_MB))
    server.start()
    try:
        server.wait_until_healthy()
        with httpx.Client(base_url=server.base, timeout=60) as http:
            arranged = arrange(http, f"sqlite:///{small_disk / 'data' / 'tagmedx.db'}", annotators=1)
            acknowledged, answers = [], set()
            version = None

            def save(number: int) -> httpx.Response:
                nonlocal version
                body = {"tentative": False, "bad_quality": False, "label_ids": [arranged.label_id]}
                body |= {"comment": f"save {number} " + "x" * 2000} | (
                    {"version": version} if version else {}
                )
                answer = http.put(
                    f"/api/samples/{arranged.sample_id}/examination", json=body, headers=arranged.annotator
                )
                if answer.status_code == 200:
                    version = answer.json()["version"]
                    acknowledged.append(version)
                return answer

            assert save(0).status_code == 200
            filler = fill(small_disk / "data")
            try:
                for number in range(1, 40):
                    answer = save(number)
                    answers.add(answer.status_code)
                    assert answer.status_code in (200, 507), answer.text
                    if answer.status_code == 507:
                        assert answer.json()["code"] == "storage_full"
                        assert "retry-after" not in answer.headers
                assert upload(http, arranged, "big.png", noise_png(2)).status_code == 507
                everything_readable(http, arranged)
                mine = http.get(f"/api/samples/{arranged.sample_id}/examination", headers=arranged.annotator)
                assert mine.status_code == 200 and mine.json()["version"] == version
            finally:
                filler.unlink(missing_ok=True)
            assert save(99).status_code == 200
        print(f"\nfull data folder: saves answered {sorted(answers)}, {len(acknowledged)} acknowledged")
    finally:
        server.stop()
    import sqlite3

    with sqlite3.connect(small_disk / "data" / "tagmedx.db") as connection:
        rows = connection.execute(
            "SELECT json_extract(detail, '$.version') FROM audit_events WHERE action = 'examination.save' "
            "AND user_id = ?",
            (arranged.annotator_id,),
        ).fetchall()
    assert set(acknowledged) <= {int(version) for (version,) in rows}

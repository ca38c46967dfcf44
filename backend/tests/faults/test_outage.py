"""The database dies mid-run and comes back. A private MariaDB (temporary data folder, own port) and the
real app under uvicorn: 8 annotators save examinations in a loop; the server is killed with SIGKILL.
During the outage the API answers 503 at once (not a hang); after a restart on the same data folder it
recovers by itself within 5 s; every save it acknowledged with a 200 is in the database afterwards."""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pymysql
import pytest
import sqlalchemy as sa

from tagmedx.features.auth.tokens import hash_api_token, new_api_token
from tagmedx.models import ApiToken, User
from tagmedx.models.base import utcnow
from tests.conftest import BACKEND, migrate, which_database
from tests.faults.mariadb import PrivateMariaDB, available, free_port

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(which_database() != "mysql", reason="the fault test runs in the MySQL tier"),
    pytest.mark.skipif(not available(), reason="needs mariadbd and mariadb-install-db"),
]

ANNOTATORS = 8
MAX_SAVES_EACH = 400  # bounded even if something never stops it
RECOVERY_SECONDS = 5
OUTAGE_TIMEOUT = httpx.Timeout(8.0)  # an answer slower than this during the outage counts as a hang
DATABASE = "tagmedx_fault"


@dataclass
class Annotator:
    user_id: int
    headers: dict[str, str]
    sample_id: int = 0
    version: int | None = None
    acknowledged: list[int] = field(default_factory=list)  # versions answered with 200
    refused: list[int] = field(default_factory=list)  # statuses of failed saves


@pytest.fixture
def server() -> Iterator[PrivateMariaDB]:
    root = Path(tempfile.mkdtemp(prefix="tagmedx-fault-"))
    database = PrivateMariaDB(root)
    try:
        database.install()
        database.start()
        database.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        migrate(f"{database.url}/{DATABASE}?charset=utf8mb4")
        yield database
    finally:
        database.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def api(server: PrivateMariaDB) -> Iterator[str]:
    port = free_port()
    environment = os.environ | {
        "TAGMEDX_DATABASE_URL": f"{server.url}/{DATABASE}?charset=utf8mb4",
        "TAGMEDX_DATA_DIR": str(server.root / "files"),
        "TAGMEDX_SECRET_KEY": "fault-test-" + "k" * 40,
        "TAGMEDX_DEMO": "0",
    }
    command = [sys.executable, "-m", "uvicorn", "tagmedx.main:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    log = (server.root / "api.log").open("ab")
    process = subprocess.Popen(command, cwd=BACKEND, env=environment, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, (server.root / "api.log").read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def insert_user(server: PrivateMariaDB, number: int) -> tuple[int, dict[str, str]]:
    """Straight into the database with a personal API token (no slow password hashing)."""
    token = new_api_token()
    engine = sa.create_engine(f"mysql+pymysql://root@127.0.0.1:{server.port}/{DATABASE}")
    try:
        with engine.begin() as connection:
            user_id = connection.execute(
                sa.insert(User).values(
                    email=f"fault{number}@example.org", password_hash="!", name="Fault", surname=f"U{number}"
                )
            ).inserted_primary_key[0]
            connection.execute(
                sa.insert(ApiToken).values(
                    user_id=user_id,
                    name="fault",
                    token_hash=hash_api_token(token),
                    token_prefix=token[:8],
                    last_used_at=utcnow(),
                )
            )
    finally:
        engine.dispose()
    return int(user_id), {"Authorization": f"Bearer {token}"}


def png(seed: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (seed * 20 % 256, 40, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


async def arrange(http: httpx.AsyncClient, server: PrivateMariaDB) -> tuple[list[Annotator], int]:
    _, admin = insert_user(server, 0)
    group = (await http.post("/api/groups", json={"name": "Fault"}, headers=admin)).json()
    body = {"name": "Chest", "type": "classification", "package_size": 1}
    image_set = (await http.post(f"/api/groups/{group['id']}/sets", json=body, headers=admin)).json()
    label = await http.post(
        f"/api/sets/{image_set['id']}/labels", json={"name": "N", "color": "#ff0000"}, headers=admin
    )
    files = [("files", (f"{index}.png", png(index), "image/png")) for index in range(ANNOTATORS)]
    uploaded = await http.post(f"/api/sets/{image_set['id']}/samples", files=files, headers=admin)
    assert uploaded.status_code == 201, uploaded.text
    annotators = []
    for number in range(1, ANNOTATORS + 1):
        user_id, headers = insert_user(server, number)
        joined = await http.post("/api/groups/join", json={"join_code": group["join_code"]}, headers=headers)
        assert joined.status_code == 200
        claimed = await http.post(f"/api/sets/{image_set['id']}/packages/claim", headers=headers)
        assert claimed.status_code == 200, claimed.text
        package = (await http.get(f"/api/packages/{claimed.json()['id']}", headers=headers)).json()
        annotators.append(Annotator(user_id, headers, sample_id=package["samples"][0]["id"]))
    return annotators, label.json()["id"]


async def save_loop(http: httpx.AsyncClient, person: Annotator, label_id: int, stop: asyncio.Event) -> None:
    for number in range(MAX_SAVES_EACH):
        if stop.is_set():
            return
        body: dict[str, Any] = {
            "tentative": number % 2 == 0,
            "bad_quality": False,
            "comment": f"save {number}",
            "label_ids": [label_id],
        }
        if person.version is not None:
            body["version"] = person.version
        try:
            response = await http.put(
                f"/api/samples/{person.sample_id}/examination", json=body, headers=person.headers
            )
        except httpx.HTTPError:
            person.refused.append(0)
            await asyncio.sleep(0.05)
            continue
        if response.status_code == 200:
            person.version = response.json()["version"]
            person.acknowledged.append(person.version)
        else:
            person.refused.append(response.status_code)
            if response.status_code == 409:  # a save whose answer was lost did land: read the version
                mine = await http.get(f"/api/samples/{person.sample_id}/examination", headers=person.headers)
                if mine.status_code == 200:
                    person.version = mine.json()["version"]
            await asyncio.sleep(0.05)


async def wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return False


async def test_the_api_survives_the_database_dying_and_loses_no_acknowledged_save(
    server: PrivateMariaDB, api: str
) -> None:
    async with httpx.AsyncClient(base_url=api, timeout=OUTAGE_TIMEOUT) as http:
        annotators, label_id = await arrange(http, server)
        stop = asyncio.Event()
        loops = [asyncio.create_task(save_loop(http, person, label_id, stop)) for person in annotators]

        def total() -> int:
            return sum(len(person.acknowledged) for person in annotators)

        try:
            assert await wait_for(lambda: total() >= 5 * ANNOTATORS, 20), "the savers made no progress"
            server.kill()
            before_outage = total()

            asked = time.monotonic()
            health = await http.get("/api/health")  # a hang would raise a timeout instead
            answered_in = time.monotonic() - asked
            assert health.status_code == 503
            assert health.headers.get("retry-after")
            person = annotators[0]
            body = {
                "tentative": False,
                "bad_quality": False,
                "label_ids": [label_id],
                "version": person.version,
            }
            save = await http.put(
                f"/api/samples/{person.sample_id}/examination", json=body, headers=person.headers
            )
            assert save.status_code == 503, save.text
            assert save.json()["code"] == "database_unavailable"
            await asyncio.sleep(0.5)  # let the savers meet the outage too

            server.start()  # the same data folder: InnoDB recovers what was committed
            restarted = time.monotonic()
            recovered = False
            while time.monotonic() - restarted < RECOVERY_SECONDS:
                if (await http.get("/api/health")).status_code == 200:
                    recovered = True
                    break
                await asyncio.sleep(0.05)
            assert recovered, f"the API did not recover within {RECOVERY_SECONDS} s of the restart"
            recovered_in = time.monotonic() - restarted
            assert await wait_for(lambda: total() >= before_outage + 2 * ANNOTATORS, 20), "no saves after"
        finally:
            stop.set()
            await asyncio.gather(*loops, return_exceptions=True)

    assert any(503 in person.refused for person in annotators), "the savers never saw the outage"
    refusals = sorted({status for person in annotators for status in person.refused})
    print(
        f"\nfault test: {total()} saves acknowledged, refused with {refusals}; health 503 in "
        f"{answered_in:.3f} s during the outage; healthy {recovered_in:.2f} s after the restart"
    )
    stored = stored_saves(server)
    for person in annotators:
        missing = set(person.acknowledged) - stored.get(person.user_id, set())
        assert not missing, f"user {person.user_id}: acknowledged versions {sorted(missing)} were lost"
        assert max(stored[person.user_id]) >= max(person.acknowledged)


def stored_saves(server: PrivateMariaDB) -> dict[int, set[int]]:
    """user id -> the examination versions whose saves are in the database (audit events and rows)."""
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", database=DATABASE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, JSON_VALUE(detail, '$.version') FROM audit_events "
                "WHERE action = 'examination.save'"
            )
            saves: dict[int, set[int]] = {}
            for user_id, version in cursor.fetchall():
                saves.setdefault(int(user_id), set()).add(int(version))
            cursor.execute("SELECT user_id, version FROM examinations")
            for user_id, version in cursor.fetchall():
                assert int(version) in saves[int(user_id)]  # the row agrees with its trail
    finally:
        connection.close()
    return saves

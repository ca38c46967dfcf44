"""A retry that overlaps the first request, on two server processes sharing one database (issue 21,
item 6): the run's database (a SQLite file both processes open, or MariaDB) and one data folder.

Server A holds an upload (or a claim) inside its work (held_server.py: it waits on the test's Unix
socket); meanwhile the same request with the same Idempotency-Key, sent to B and to A again, answers
409 `idempotency_in_progress` with Retry-After and changes nothing. Once A is let go it answers, and
the retry answers the same. When A is killed (SIGKILL) inside its work, the key stays held until its
lease runs out (aged here in the database, as time would), then a retry on B does the work, once."""

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import IdempotencyKey, Package, Sample
from tagmedx.models.base import utcnow
from tests.conftest import BACKEND
from tests.faults.holds import DEADLINE_SECONDS
from tests.faults.mariadb import free_port
from tests.packages.helpers import insert_package, insert_set
from tests.samples.helpers import World, count, files_field, make_world, png

pytestmark = pytest.mark.anyio

IMAGES = [(f"scan-{number}.png", png(seed=number)) for number in range(1, 6)]


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]


class Holder:
    """The test's end of held_server.py's socket: who is inside, and letting them go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.arrived: asyncio.Queue[asyncio.StreamWriter] = asyncio.Queue()
        self.server: asyncio.Server | None = None

    async def listen(self) -> None:
        async def arrived(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self.arrived.put(writer)

        self.server = await asyncio.start_unix_server(arrived, path=str(self.path))

    async def entered(self) -> asyncio.StreamWriter:
        return await asyncio.wait_for(self.arrived.get(), DEADLINE_SECONDS)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.path.unlink(missing_ok=True)


def start(settings: Settings, socket_path: Path, log: Path) -> Server:
    port = free_port()
    environment = os.environ | {
        "TAGMEDX_DATABASE_URL": settings.database_url,
        "TAGMEDX_DATA_DIR": str(settings.data_dir),
        "TAGMEDX_SECRET_KEY": settings.secret_key,
        "TAGMEDX_DEMO": "0",
    }
    command = [sys.executable, "-m", "tests.faults.held_server", str(socket_path), str(port)]
    output = log.open("ab")
    process = subprocess.Popen(command, cwd=BACKEND, env=environment, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return Server(base, process)
        except httpx.HTTPError:
            time.sleep(0.1)  # the server is still starting: a readiness poll, not a race
    process.kill()
    raise AssertionError(f"the server did not start: {log.read_text()}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=15)


@dataclass
class Pair:
    a: Server
    b: Server
    holder: Holder  # holds A's first upload or claim


@pytest.fixture
def sockets() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="tmx-hold-"))  # short: a Unix socket path has ~100 bytes
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def pair(app: FastAPI, settings: Settings, sockets: Path, tmp_path: Path) -> AsyncIterator[Pair]:
    """Two servers on the run's database and one data folder (`app` empties the tables after them)."""
    holder = Holder(sockets / "a.sock")
    await holder.listen()
    a = await asyncio.to_thread(start, settings, holder.path, tmp_path / "a.log")
    try:
        b = await asyncio.to_thread(start, settings, sockets / "nobody.sock", tmp_path / "b.log")
    except BaseException:
        stop(a)
        raise
    try:
        yield Pair(a, b, holder)
    finally:
        await holder.stop()
        await asyncio.gather(asyncio.to_thread(stop, a), asyncio.to_thread(stop, b))


async def upload(server: Server, world: World, key: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base, timeout=DEADLINE_SECONDS) as http:
        return await http.post(
            f"/api/sets/{world.set_id}/samples",
            files=files_field(*IMAGES),
            headers=world.admin.headers | {"Idempotency-Key": key},
        )


async def claim(server: Server, world: World, set_id: int, key: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=server.base, timeout=DEADLINE_SECONDS) as http:
        return await http.post(
            f"/api/sets/{set_id}/packages/claim", headers=world.annotator.headers | {"Idempotency-Key": key}
        )


def in_progress(answer: httpx.Response) -> None:
    assert answer.status_code == 409, answer.text
    assert answer.json()["code"] == "idempotency_in_progress"
    assert int(answer.headers["retry-after"]) >= 1


async def test_an_upload_retried_while_the_first_runs_on_either_server(
    pair: Pair, session: AsyncSession
) -> None:
    world = await make_world(session)
    first = asyncio.create_task(upload(pair.a, world, "nightly-import-7"))
    inside = await pair.holder.entered()

    in_progress(await upload(pair.b, world, "nightly-import-7"))  # the other server
    in_progress(await upload(pair.a, world, "nightly-import-7"))  # the same server
    assert await count(session, Sample) == 0

    inside.write(b"go")
    answered = await first
    assert answered.status_code == 201, answered.text
    assert len(answered.json()["created"]) == len(IMAGES)
    for server in (pair.b, pair.a):
        again = await upload(server, world, "nightly-import-7")
        assert again.status_code == 201
        assert again.json() == answered.json()
        assert again.headers["idempotent-replayed"] == "true"
    assert await count(session, Sample) == len(IMAGES)


async def test_a_claim_retried_while_the_first_runs_on_either_server(
    pair: Pair, session: AsyncSession
) -> None:
    world = await make_world(session)
    space = await insert_set(session, world.group_id)
    for _ in range(3):
        await insert_package(session, space, samples=1)
    first = asyncio.create_task(claim(pair.a, world, space.set_id, "claim-click"))
    inside = await pair.holder.entered()

    in_progress(await claim(pair.b, world, space.set_id, "claim-click"))
    in_progress(await claim(pair.a, world, space.set_id, "claim-click"))

    inside.write(b"go")
    answered = await first
    assert answered.status_code == 200, answered.text
    again = await claim(pair.b, world, space.set_id, "claim-click")
    assert again.json() == answered.json()
    assert await count(session, Package, Package.assignee_id == world.annotator.id) == 1


async def test_a_server_killed_inside_an_upload_leaves_the_key_to_a_retry_once_its_lease_ran_out(
    pair: Pair, session: AsyncSession
) -> None:
    world = await make_world(session)
    first = asyncio.create_task(upload(pair.a, world, "killed-import"))
    await pair.holder.entered()
    pair.a.process.send_signal(signal.SIGKILL)
    pair.a.process.wait(timeout=DEADLINE_SECONDS)
    with pytest.raises(httpx.HTTPError):
        await first  # the client saw no answer: it will retry
    await pair.holder.stop()  # nobody holds requests any more

    in_progress(await upload(pair.b, world, "killed-import"))  # its lease still runs
    await session.execute(sa.update(IdempotencyKey).values(lease_until=utcnow() - timedelta(seconds=1)))
    await session.commit()
    retried = await upload(pair.b, world, "killed-import")
    assert retried.status_code == 201, retried.text
    replayed = await upload(pair.b, world, "killed-import")
    assert replayed.json() == retried.json()
    assert await count(session, Sample) == len(IMAGES)
    session.expire_all()
    kept = (await session.execute(sa.select(IdempotencyKey))).scalar_one()
    assert (kept.status_code, kept.owner, kept.lease_until) == (201, None, None)

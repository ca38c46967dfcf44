"""MariaDB stalls (SIGSTOP: its sockets stay open, nothing answers) in the middle of saves. The server in
its own process answers every request within its bounds: a save 503 `database_unavailable` after the
statement timeout (TAGMEDX_DATABASE_TIMEOUT_SECONDS) at most, /api/health 503 within its own 3 s; after
SIGCONT everything recovers by itself, and every save acknowledged with a 200 is in the database.

Bounds, not timings: the database stays stopped until the test has seen each answer, so an unbounded
wait shows as a client timeout (far longer than the server's bound), never as a slow pass."""

import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pymysql
import pytest

from tests.conftest import migrate, which_database
from tests.faults.mariadb import PrivateMariaDB, available
from tests.faults.process import Annotator, Arranged, ServerProcess, arrange, save_body

pytestmark = [
    pytest.mark.skipif(which_database() != "mysql", reason="the fault test runs in the MySQL tier"),
    pytest.mark.skipif(not available(), reason="needs mariadbd and mariadb-install-db"),
]

DATABASE = "tagmedx_stall"
STATEMENT_SECONDS = 4  # the server's bound for one answer of the database (default 10)
# A client that waits this long for an answer got none: the server's bound is a few seconds.
HANG = httpx.Timeout(STATEMENT_SECONDS + 3 + 20.0)
ANNOTATORS = 4
MAX_SAVES_EACH = 400
RECOVERY_DEADLINE = 60


@dataclass
class Saver:
    person: Annotator
    version: int | None = None
    acknowledged: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    hangs: int = 0


@pytest.fixture
def database() -> Iterator[PrivateMariaDB]:
    root = Path(tempfile.mkdtemp(prefix="tagmedx-stall-"))
    server = PrivateMariaDB(root)
    try:
        server.install()
        server.start()
        server.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        migrate(f"{server.url}/{DATABASE}?charset=utf8mb4")
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGCONT)
        server.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def api(database: PrivateMariaDB) -> Iterator[ServerProcess]:
    process = ServerProcess(
        database.root,
        TAGMEDX_DATABASE_URL=f"{database.url}/{DATABASE}?charset=utf8mb4",
        TAGMEDX_DATABASE_TIMEOUT_SECONDS=str(STATEMENT_SECONDS),
        TAGMEDX_WORKERS="1",
    )
    process.start()
    try:
        process.wait_until_healthy()
        yield process
    finally:
        process.stop()


def save_once(http: httpx.Client, arranged: Arranged, saver: Saver, number: int) -> httpx.Response:
    person = saver.person
    response = http.put(
        f"/api/samples/{person.sample_id}/examination",
        json=save_body(arranged, number, saver.version),
        headers=person.headers,
    )
    if response.status_code == 200:
        saver.version = response.json()["version"]
        saver.acknowledged.append(response.json()["version"])
    else:
        saver.statuses.append(response.status_code)
        if response.status_code == 409:  # a save whose answer was lost did land: read the version
            mine = http.get(f"/api/samples/{person.sample_id}/examination", headers=person.headers)
            if mine.status_code == 200:
                saver.version = mine.json()["version"]
    return response


def save_loop(base: str, arranged: Arranged, saver: Saver, stop: threading.Event) -> None:
    with httpx.Client(base_url=base, timeout=HANG) as http:
        for number in range(MAX_SAVES_EACH):
            if stop.is_set():
                return
            try:
                save_once(http, arranged, saver, number)
            except httpx.TimeoutException:
                saver.hangs += 1
            except httpx.HTTPError:
                saver.statuses.append(0)


def stored_saves(database: PrivateMariaDB) -> dict[int, set[int]]:
    connection = pymysql.connect(host="127.0.0.1", port=database.port, user="root", database=DATABASE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT user_id, JSON_VALUE(detail, '$.version') FROM audit_events "
                "WHERE action = 'examination.save'"
            )
            saves: dict[int, set[int]] = {}
            for user_id, version in cursor.fetchall():
                saves.setdefault(int(user_id), set()).add(int(version))
    finally:
        connection.close()
    return saves


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_stalled_mariadb_answers_503_within_the_bound_and_loses_no_acknowledged_save(
    database: PrivateMariaDB, api: ServerProcess
) -> None:
    sync_url = f"mysql+pymysql://root@127.0.0.1:{database.port}/{DATABASE}"
    with httpx.Client(base_url=api.base, timeout=HANG) as http:
        arranged = arrange(http, sync_url, annotators=ANNOTATORS)
        savers = [Saver(person) for person in arranged.annotators]
        stop = threading.Event()
        threads = [
            threading.Thread(target=save_loop, args=(api.base, arranged, saver, stop)) for saver in savers
        ]
        for thread in threads:
            thread.start()

        def total() -> int:
            return sum(len(saver.acknowledged) for saver in savers)

        try:
            assert wait_until(lambda: total() >= 5 * ANNOTATORS, 60), "the savers made no progress"
            assert database.process is not None
            database.process.send_signal(signal.SIGSTOP)
            try:
                health = http.get("/api/health", timeout=httpx.Timeout(3 + 10.0))
                assert health.status_code == 503, health.text
                assert health.json()["database"] == "unavailable"
                assert health.headers["retry-after"]
                extra = Saver(arranged.annotators[0])
                for number in range(2):  # a pooled connection's ping, then a new connection's handshake
                    stalled = save_once(http, arranged, extra, 1000 + number)
                    assert stalled.status_code == 503, stalled.text
                    assert stalled.json()["code"] == "database_unavailable"
                    assert stalled.headers["retry-after"]
                stalled_total = total()
                # every saver has met the stall with an answer (none waits on a frozen statement)
                assert wait_until(lambda: all(503 in saver.statuses for saver in savers), 60)
            finally:
                database.process.send_signal(signal.SIGCONT)
            assert wait_until(lambda: http.get("/api/health").status_code == 200, RECOVERY_DEADLINE)
            assert wait_until(lambda: total() >= stalled_total + 2 * ANNOTATORS, 60), "no saves after"
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)

    assert not any(saver.hangs for saver in savers), "a request got no answer within the bound"
    refusals = sorted({status for saver in savers for status in saver.statuses})
    print(f"\nstall test: {total()} saves acknowledged, refused with {refusals}")
    stored = stored_saves(database)
    for saver in savers:
        missing = set(saver.acknowledged) - stored.get(saver.person.user_id, set())
        assert not missing, f"user {saver.person.user_id}: acknowledged versions {sorted(missing)} were lost"

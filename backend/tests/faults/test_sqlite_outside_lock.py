"""Another process holds SQLite's write lock (the sqlite3 shell's BEGIN EXCLUSIVE, a backup script, the
project's own CLI). The server in its own process keeps answering what needs no write (health, the web
app's index.html, a sample's JSON and thumbnail: WAL readers never wait for a writer), a save answers
503 `database_busy` with Retry-After after its bounded wait instead of freezing the event loop, and
once the lock is released saves succeed again; nothing acknowledged is lost.

Bounds, not timings: the outside lock is held until the test lets it go, so whatever must answer
while it is held either does or the test fails (a frozen server answers nothing until the release)."""

import fcntl
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND, migrate, which_database
from tests.faults.process import Arranged, ServerProcess, arrange, save_body

pytestmark = pytest.mark.skipif(which_database() != "sqlite", reason="the SQLite tier's fault test")

LOCK_WAIT_SECONDS = 10  # the server's bound for a writer; a read must never come near it
READ_TIMEOUT = httpx.Timeout(5.0)  # a read slower than this while the lock is held counts as frozen
WRITE_TIMEOUT = httpx.Timeout(LOCK_WAIT_SECONDS + 30.0)
READ_ROUNDS = 3  # health, index.html, a sample, its thumbnail and image, its examination: 3 times


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    root = Path(tempfile.mkdtemp(prefix="tagmedx-lock-"))
    dist = root / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>TagMedX</title>")
    process = ServerProcess(
        root,
        TAGMEDX_FRONTEND_DIST=str(dist),
        TAGMEDX_WORKERS="1",  # reads and the waiting save share one event loop
        TAGMEDX_DATABASE_LOCK_WAIT_SECONDS=str(LOCK_WAIT_SECONDS),
    )
    migrate(f"sqlite+aiosqlite:///{database(process)}")
    process.start()
    try:
        process.wait_until_healthy()
        yield process
    finally:
        process.stop()


def flocked(path: Path) -> int:
    """The servers' writer lock, held as another process holds it (an open file with an flock on it)."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return descriptor


def database(server: ServerProcess) -> Path:
    return server.root / "data" / "tagmedx.db"


def sync_url(server: ServerProcess) -> str:
    return f"sqlite:///{database(server)}"


def save(http: httpx.Client, arranged: Arranged, number: int, version: int | None) -> httpx.Response:
    return http.put(
        f"/api/samples/{arranged.sample_id}/examination",
        json=save_body(arranged, number, version),
        headers=arranged.annotator,
        timeout=WRITE_TIMEOUT,
    )


def reads(http: httpx.Client, arranged: Arranged) -> list[int]:
    """What a doctor's browser asks for that needs no write (an image's view is counted after it was
    sent, or logged when it cannot be), each answered within READ_TIMEOUT."""
    answers = [
        http.get("/api/health"),
        http.get("/"),
        http.get(f"/api/samples/{arranged.sample_id}", headers=arranged.annotator),
        http.get(f"/api/samples/{arranged.sample_id}/thumbnail", headers=arranged.annotator),
        http.get(f"/api/samples/{arranged.sample_id}/image", headers=arranged.annotator),  # view: logged
        http.get(f"/api/samples/{arranged.sample_id}/examination", headers=arranged.annotator),
    ]
    return [answer.status_code for answer in answers]


def stored_versions(server: ServerProcess, user_id: int) -> set[int]:
    with sqlite3.connect(database(server)) as connection:
        rows = connection.execute(
            "SELECT json_extract(detail, '$.version') FROM audit_events "
            "WHERE action = 'examination.save' AND user_id = ?",
            (user_id,),
        ).fetchall()
    return {int(version) for (version,) in rows}


def test_an_outside_write_lock_never_freezes_the_server(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.base, timeout=READ_TIMEOUT) as http:
        arranged = arrange(http, sync_url(server))
        acknowledged: list[int] = []
        first = save(http, arranged, 0, None)
        assert first.status_code == 200, first.text
        acknowledged.append(first.json()["version"])

        outsider = sqlite3.connect(database(server), isolation_level=None, timeout=0)
        outsider.execute("BEGIN EXCLUSIVE")  # as `sqlite3 tagmedx.db` then BEGIN EXCLUSIVE would
        try:
            pending: list[httpx.Response] = []
            sent = threading.Event()

            def waiting_save() -> None:
                with httpx.Client(
                    base_url=server.base, event_hooks={"request": [lambda _r: sent.set()]}
                ) as own:
                    pending.append(save(own, arranged, 1, acknowledged[-1]))

            saver = threading.Thread(target=waiting_save)
            saver.start()
            assert sent.wait(30)
            asked = time.monotonic()
            for _ in range(READ_ROUNDS):
                assert reads(http, arranged) == [200] * 6
            reads_took = (time.monotonic() - asked) / READ_ROUNDS
            # answered while the save still waits for the lock: one event loop served both
            assert saver.is_alive(), "the save answered before the reads were done"
            saver.join(WRITE_TIMEOUT.read or 60)
            assert not saver.is_alive(), "the save waited without bound"
            (busy,) = pending
            assert busy.status_code == 503, busy.text
            assert busy.json()["code"] == "database_busy"
            assert set(busy.json()) == {"detail", "code"}
            assert int(busy.headers["retry-after"]) >= 1
            assert reads(http, arranged) == [200] * 6  # the lock is still held
        finally:
            outsider.rollback()
            outsider.close()

        after = save(http, arranged, 2, acknowledged[-1])
        assert after.status_code == 200, after.text
        acknowledged.append(after.json()["version"])
        print(f"\noutside lock: 6 reads in {reads_took * 1000:.1f} ms while a save waited")

    assert set(acknowledged) <= stored_versions(server, arranged.annotator_id)


def test_a_writer_of_another_process_holding_the_servers_lock_gets_503_not_a_freeze(
    server: ServerProcess,
) -> None:
    """The project's own CLI takes the server's writer lock (an flock beside the database) instead of
    SQLite's: the server's writers queue behind it, off the event loop, for their bounded wait."""
    with httpx.Client(base_url=server.base, timeout=READ_TIMEOUT) as http:
        arranged = arrange(http, sync_url(server))
        first = save(http, arranged, 0, None)
        assert first.status_code == 200, first.text
        cli = flocked(Path(f"{database(server)}.writer-lock"))
        try:
            busy = save(http, arranged, 1, first.json()["version"])
            assert busy.status_code == 503, busy.text
            assert busy.json()["code"] == "database_busy"
            assert busy.headers["retry-after"]
            assert reads(http, arranged) == [200] * 6
        finally:
            os.close(cli)
        again = save(http, arranged, 2, first.json()["version"])
        assert again.status_code == 200, again.text


def test_the_cli_waits_for_the_servers_writer_lock_instead_of_taking_sqlites(tmp_path: Path) -> None:
    """`python -m tagmedx migrate` takes the servers' writer lock before it touches the database: while a
    server's writer holds it, the command waits (and says so), then runs once it is let go."""
    process = ServerProcess(tmp_path)
    assert process.command("migrate").returncode == 0
    writer = flocked(Path(f"{database(process)}.writer-lock"))  # as a server's writer mid-transaction
    command = subprocess.Popen(
        [sys.executable, "-m", "tagmedx", "migrate"],
        cwd=BACKEND,
        env=process.environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert command.stderr is not None
        line = command.stderr.readline()  # blocks until the command has found the lock taken
        assert "waiting for the servers' writers" in line, line
        with sqlite3.connect(database(process), isolation_level=None, timeout=0) as other:
            other.execute("BEGIN IMMEDIATE")  # SQLite's own lock is free meanwhile
            other.rollback()
    finally:
        os.close(writer)
    assert command.wait(timeout=120) == 0, command.stderr.read()

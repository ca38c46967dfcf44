"""A server on a database whose schema is behind the code's (an upgrade without `migrate`), and errors
nothing handles. `serve` refuses to start, naming the command that fixes it; a replica started anyway
(uvicorn on its own, or before a migration finished) says so in /api/health (503) until the migration
is done, then is healthy without a restart. Every unexpected error answers JSON with an error id that
is also in the log line, never plain text or a reset connection; one in the middle of a streamed
answer ends the connection before the body is complete."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import mysql_server
from tests.conftest import BACKEND, migrate, which_database
from tests.faults.process import START_SECONDS, ServerProcess

OLD_REVISION = "0001"


@pytest.fixture
def root() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="tagmedx-schema-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database_url(root: Path) -> Iterator[str]:
    """An empty database: never migrated."""
    if which_database() == "sqlite":
        yield f"sqlite+aiosqlite:///{root / 'data' / 'tagmedx.db'}"
        return
    name = f"tagmedx_schema_{os.getpid()}"
    mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


def test_serve_refuses_a_database_that_was_never_migrated(root: Path, database_url: str) -> None:
    server = ServerProcess(root, TAGMEDX_DATABASE_URL=database_url)
    result = server.command("serve")
    assert result.returncode == 1, result.stderr
    assert "python -m tagmedx migrate" in result.stderr
    assert "behind" in result.stderr


def test_serve_refuses_a_schema_behind_the_code_and_starts_once_migrated(
    root: Path, database_url: str
) -> None:
    migrate(database_url, OLD_REVISION)
    server = ServerProcess(root, TAGMEDX_DATABASE_URL=database_url)
    refused = server.command("serve")
    assert refused.returncode == 1, refused.stderr
    assert OLD_REVISION in refused.stderr
    assert "python -m tagmedx migrate" in refused.stderr
    assert server.command("migrate").returncode == 0
    server.start()
    try:
        server.wait_until_healthy()
        assert httpx.get(f"{server.base}/api/health").json()["schema"] == "current"
    finally:
        server.stop()


class Replica:
    """`uvicorn <factory> --factory` alone, without the CLI's checks, as a replica or a hand-made unit
    file would start it."""

    def __init__(self, root: Path, database_url: str, factory: str = "tagmedx.main:create_app") -> None:
        self.settings = ServerProcess(root, TAGMEDX_DATABASE_URL=database_url)
        self.log_path = root / "replica.log"
        self.base = self.settings.base
        command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--port", str(self.settings.port)]
        log = self.log_path.open("ab")
        environment = self.settings.environment
        self.process = subprocess.Popen(
            command, cwd=BACKEND, env=environment, stdout=log, stderr=subprocess.STDOUT
        )

    def wait_until_answering(self) -> httpx.Response:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                return httpx.get(f"{self.base}/api/health", timeout=10)
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"the replica did not start\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def assert_internal_error(response: httpx.Response, log: str) -> None:
    assert response.status_code == 500, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "internal_error"
    assert re.fullmatch(r"[0-9a-f]{12}", body["error_id"])
    assert body["error_id"] in body["detail"]
    lines = [line for line in log.splitlines() if body["error_id"] in line]
    assert len(lines) == 1, log  # one log line carries the id (the traceback follows it)
    assert lines[0].startswith("internal_error") or "internal_error" in lines[0]


def test_a_replica_on_an_unmigrated_database_says_so_and_answers_json_until_migrated(
    root: Path, database_url: str
) -> None:
    replica = Replica(root, database_url)
    try:
        health = replica.wait_until_answering()
        assert health.status_code == 503, health.text
        assert health.json()["database"] == "ok"
        assert health.json()["schema"] == "behind"
        assert health.json()["status"] == "unavailable"
        assert "python -m tagmedx migrate" in health.json()["detail"]
        assert health.headers["retry-after"]

        credentials = {"email": "doctor@example.org", "password": "correct horse battery staple"}
        login = httpx.post(f"{replica.base}/api/auth/login", json=credentials)
        register = httpx.post(
            f"{replica.base}/api/auth/register", json=credentials | {"name": "Anna", "surname": "Nowak"}
        )
        assert_internal_error(login, replica.log())
        assert_internal_error(register, replica.log())

        migrate(database_url)  # the migration finishes while the replica runs
        healthy = httpx.get(f"{replica.base}/api/health")
        assert healthy.status_code == 200, healthy.text
        assert healthy.json()["schema"] == "current"
        assert httpx.post(f"{replica.base}/api/auth/login", json=credentials).status_code == 401
    finally:
        replica.stop()


def test_unexpected_errors_answer_json_with_an_id_in_the_log_and_a_broken_stream_ends_early(
    root: Path, database_url: str
) -> None:
    migrate(database_url)
    replica = Replica(root, database_url, factory="tests.faults.broken_app:create")
    try:
        assert replica.wait_until_answering().status_code == 200
        broken = httpx.get(f"{replica.base}/api/test-broken")
        assert_internal_error(broken, replica.log())
        assert broken.headers["x-content-type-options"] == "nosniff"  # still inside the security headers

        with pytest.raises(httpx.RemoteProtocolError):  # the body never completes: no file looks whole
            httpx.get(f"{replica.base}/api/test-broken-stream")
        assert "a bug in the middle of the answer" in replica.log()
        assert "internal_error" in replica.log()
    finally:
        replica.stop()

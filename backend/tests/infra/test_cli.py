"""`python -m tagmedx`: migrate, serve and schema-sql, run as an operator runs them (a real process)."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tagmedx.cli import schema_sql

START_DEADLINE_SECONDS = 60


def environment(data_dir: Path, **values: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("TAGMEDX_")}
    clean.update({"TAGMEDX_DATA_DIR": str(data_dir), "TAGMEDX_SECRET_KEY": "cli-test-" + "k" * 32})
    clean.update(values)
    return clean


def tagmedx(*arguments: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tagmedx", *arguments],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = tagmedx("--help", env=environment(tmp_path), cwd=tmp_path)
    assert result.returncode == 0
    for name in ("migrate", "serve", "schema-sql"):
        assert name in result.stdout


def test_an_unknown_command_is_refused(tmp_path: Path) -> None:
    result = tagmedx("explode", env=environment(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_migrate_creates_the_sqlite_database_in_the_data_dir_and_is_repeatable(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    for _ in range(2):
        result = tagmedx("migrate", env=environment(data_dir), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(data_dir / "tagmedx.db") as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert version
    assert {"users", "groups", "samples", "examinations", "boxes"} <= names


def test_migrate_reports_an_unreachable_database(tmp_path: Path) -> None:
    url = f"mysql+asyncmy://nobody@127.0.0.1:{free_port()}/tagmedx"
    result = tagmedx("migrate", env=environment(tmp_path, TAGMEDX_DATABASE_URL=url), cwd=tmp_path)
    assert result.returncode != 0
    assert "Can't connect" in result.stderr or "2003" in result.stderr


def test_schema_sql_prints_the_mysql_ddl(tmp_path: Path) -> None:
    result = tagmedx("schema-sql", env=environment(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == schema_sql()
    assert "CREATE TABLE `groups`" in result.stdout
    assert "DATETIME(6)" in result.stdout
    assert "INSERT INTO alembic_version" in result.stdout


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`python -m tagmedx migrate && serve` on a free port with a fresh data folder."""
    port = free_port()
    env = environment(tmp_path / "data", TAGMEDX_PORT=str(port), TAGMEDX_DEMO="1")
    assert tagmedx("migrate", env=env, cwd=tmp_path).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "tagmedx", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(url: str) -> tuple[int, bytes]:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except (urllib.error.URLError, OSError):  # refused, reset, or slow on a busy machine
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_health_and_the_openapi_document(server: str) -> None:
    status, body = wait_for(f"{server}/api/health")
    assert status == 200
    assert b'"database":"ok"' in body
    status, body = wait_for(f"{server}/api/openapi.json")
    assert status == 200
    assert b'"/api/health"' in body


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="one socket a worker needs SO_REUSEPORT")
def test_serve_with_two_workers_gives_each_a_socket_restarts_a_dead_one_and_stops(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    port = free_port()
    env = environment(tmp_path / "data", TAGMEDX_PORT=str(port), TAGMEDX_WORKERS="2")
    assert tagmedx("migrate", env=env, cwd=tmp_path).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "tagmedx", "serve"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/api/health")[0] == 200
        parent = psutil.Process(process.pid)

        def workers() -> list[Any]:
            found = []
            for child in parent.children():
                try:
                    if "resource_tracker" not in " ".join(child.cmdline()):
                        found.append(child)
                except psutil.Error:  # a dead worker not yet collected by the supervisor
                    pass
            return found

        def listeners() -> set[int]:
            """The workers with a socket of their own listening on the port."""
            found = set()
            for worker in workers():
                try:
                    connections = worker.net_connections(kind="tcp")
                except psutil.Error:
                    continue
                if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in connections):
                    found.add(worker.pid)
            return found

        # each worker listens on a socket of its own, all on the one port (a busy machine may take a
        # while to start the second one: wait for it, however long, within the start-up bound)
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while len(listeners()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        first = workers()
        assert len(first) == 2
        assert listeners() == {worker.pid for worker in first}
        first[0].kill()
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            now = workers()
            if len(now) == 2 and first[0].pid not in {worker.pid for worker in now}:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the dead worker was not started again")
        while len(listeners()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(10):  # new connections, whichever worker takes them, are answered
            assert wait_for(f"http://127.0.0.1:{port}/api/health")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert not [child for child in first if child.is_running() and child.status() != psutil.STATUS_ZOMBIE]

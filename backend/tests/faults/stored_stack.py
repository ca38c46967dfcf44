"""The real server in its own process for the tests of stored files (issue 21, items 1, 3 and 16): a
database of the run's kind, short leases and reclaim periods (so the waits stay short), an admin with a
group, ZIPs of distinct PNGs, and what is on disk against what the samples use."""

import io
import secrets
import shutil
import signal
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import sqlalchemy as sa
from PIL import Image

from tests import mysql_server
from tests.conftest import migrate, which_database
from tests.faults.process import ServerProcess, insert_user

LEASE = {
    "TAGMEDX_FILE_LEASE_SECONDS": "3",
    "TAGMEDX_FILE_LEASE_RENEW_SECONDS": "1",
    "TAGMEDX_RECLAIM_PERIOD_SECONDS": "1",
    "TAGMEDX_UNFINISHED_WRITE_SECONDS": "0",  # one server: a temporary file at its start has no writer
}
DEADLINE_SECONDS = 120
UPLOAD_TIMEOUT = httpx.Timeout(300.0)


def png(seed: int) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (48, 64, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def zip_of(count: int, first_seed: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for seed in range(first_seed, first_seed + count):
            archive.writestr(f"scan-{seed:04d}.png", png(seed))
    return buffer.getvalue()


@dataclass
class Stack:
    server: ServerProcess
    sync_url: str

    @property
    def images(self) -> Path:
        return self.server.root / "data" / "images"

    def files_on_disk(self) -> set[str]:
        return {p.relative_to(self.images).as_posix() for p in self.images.rglob("*") if p.is_file()}

    def keys_in_use(self) -> set[str]:
        engine = sa.create_engine(self.sync_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.text("SELECT original_key, display_key, thumbnail_key, pixels_key FROM samples")
                )
                return {key for row in rows for key in row if key}
        finally:
            engine.dispose()

    def kill(self) -> None:
        assert self.server.process is not None
        self.server.process.send_signal(signal.SIGKILL)
        self.server.process.wait(timeout=30)

    def restart(self) -> None:
        self.server.start()
        self.server.wait_until_healthy()


@contextmanager
def database() -> Iterator[tuple[str, str]]:
    """A fresh, empty database of the run's kind: its URL for the server, and a synchronous one."""
    if which_database() == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="tagmedx-db-"))
        try:
            yield f"sqlite+aiosqlite:///{folder / 'tagmedx.db'}", f"sqlite:///{folder / 'tagmedx.db'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"tagmedx_files_{secrets.token_hex(4)}"
    mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        url = f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
        yield (
            url,
            sa.engine.make_url(url).set(drivername="mysql+pymysql").render_as_string(hide_password=False),
        )
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


@contextmanager
def running_stack(*, start: bool = True) -> Iterator[Stack]:
    """A server on a fresh database and data folder; `start` False: neither migrated nor started
    (for `restore`, which wants them empty)."""
    root = Path(tempfile.mkdtemp(prefix="tagmedx-files-"))
    try:
        with database() as (url, sync_url):
            server = ServerProcess(root, TAGMEDX_DATABASE_URL=url, TAGMEDX_WORKERS="1", **LEASE)
            if start:
                migrate(url)
                server.start()
                server.wait_until_healthy()
            try:
                yield Stack(server, sync_url)
            finally:
                server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


class Admin:
    """A user with a group of their own (written into the database), or the one `headers` sign in."""

    def __init__(self, stack: Stack, headers: dict[str, str] | None = None) -> None:
        self.headers = headers or insert_user(stack.sync_url, 900)[1]
        self.http = httpx.Client(base_url=stack.server.base, headers=self.headers, timeout=UPLOAD_TIMEOUT)
        if headers is None:
            self.group_id = self.http.post("/api/groups", json={"name": "Files"}).json()["id"]

    def new_set(self) -> int:
        body = {"name": f"set {secrets.token_hex(3)}", "type": "detection", "package_size": 50}
        answer = self.http.post(f"/api/groups/{self.group_id}/sets", json=body)
        assert answer.status_code == 201, answer.text
        return int(answer.json()["id"])

    def upload(self, set_id: int, name: str, data: bytes) -> httpx.Response:
        return self.http.post(
            f"/api/sets/{set_id}/samples", files=[("files", (name, data, "application/zip"))]
        )

    def sample_ids(self, set_id: int) -> list[int]:
        """The set's samples; none when the set is not there (404)."""
        ids, cursor = [], None
        while True:
            params: dict[str, str | int] = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
            answer = self.http.get(f"/api/sets/{set_id}/samples", params=params)
            if answer.status_code == 404:
                return ids
            page = answer.json()
            ids += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                return ids

    def broken(
        self, sample_ids: list[int], names: tuple[str, ...] = ("image", "thumbnail", "original")
    ) -> list[tuple[int, str, int]]:
        """(sample, rendition, status) of every rendition of `names` that does not answer 200."""

        def renditions(sample_id: int) -> list[tuple[int, str, int]]:  # httpx.Client is thread-safe
            answers = [
                (name, self.http.get(f"/api/samples/{sample_id}/{name}").status_code) for name in names
            ]
            return [(sample_id, name, status) for name, status in answers if status != 200]

        with ThreadPoolExecutor(8) as pool:
            return [failure for found in pool.map(renditions, sample_ids) for failure in found]


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"not within {DEADLINE_SECONDS} s: {what}"
        time.sleep(0.2)

"""The server under test: `python -m tagmedx migrate` then `serve` on 127.0.0.1, a free port, a fresh data
folder and a fresh database (a SQLite file, or a scratch MariaDB/MySQL database created and dropped here)."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from tests.mysql_server import admin as mysql_admin
from tests.mysql_server import server_url

BACKEND = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`ocr`: TAGMEDX_OCR. Off unless asked: the scanner OCRs every uploaded PNG in the background
    (0.3-2 s of a CPU each), which would run during the workloads that follow the uploads."""

    def __init__(self, database: str, workers: int, ocr: str = "off") -> None:
        self.database = database
        self.workers = workers
        self.ocr = ocr
        self.data_dir = Path(tempfile.mkdtemp(prefix="tagmedx-bench-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.mysql_name: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.data_dir / "server.log"
        if database == "mysql":
            self.mysql_name = f"tagmedx_bench_{secrets.token_hex(4)}"
            self.database_url = f"{server_url()}/{self.mysql_name}?charset=utf8mb4"
        else:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'tagmedx.db'}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TAGMEDX_")}
        env.update(
            TAGMEDX_DATA_DIR=str(self.data_dir),
            TAGMEDX_DATABASE_URL=self.database_url,
            TAGMEDX_HOST="127.0.0.1",
            TAGMEDX_PORT=str(self.port),
            TAGMEDX_WORKERS=str(self.workers),
            TAGMEDX_DEMO="0",
            TAGMEDX_REGISTRATION="open",
            TAGMEDX_OCR=self.ocr,
        )
        return env

    def start(self) -> None:
        if self.mysql_name:
            mysql_admin(f"CREATE DATABASE {self.mysql_name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        # cwd: the data folder, so no stray .env file changes the settings under test
        subprocess.run(
            [sys.executable, "-m", "tagmedx", "migrate"], env=self.env(), cwd=self.data_dir, check=True
        )
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tagmedx", "serve"],
            env=self.env(),
            cwd=self.data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the server exited: see {self.log_path}\n{self.log_path.read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{self.base_url}/api/health", timeout=1).status_code == 200:
                    time.sleep(0.5 if self.workers > 1 else 0)  # let every worker finish booting
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not answer /api/health within 60 s")

    def processes(self) -> list[psutil.Process]:
        """The processes that serve requests: uvicorn's workers, or its only process (never a
        program one of them runs, such as tesseract for OCR)."""
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        children = root.children(recursive=True)
        workers = [
            child
            for child in children
            if child.name() == root.name() and "resource_tracker" not in " ".join(child.cmdline())
        ]
        return workers or [root]

    def sync_url(self) -> str:
        url = self.database_url.replace("+aiosqlite", "").replace("+asyncmy", "+pymysql")
        return url

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.mysql_name:
            mysql_admin(f"DROP DATABASE IF EXISTS {self.mysql_name}")
        shutil.rmtree(self.data_dir, ignore_errors=True)

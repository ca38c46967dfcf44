"""A private MariaDB server for fault tests: its own temporary data folder, port and socket."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pymysql


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def available() -> bool:
    return bool(shutil.which("mariadbd") and shutil.which("mariadb-install-db"))


class PrivateMariaDB:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket = root / "mysqld.sock"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mysql+asyncmy://root@127.0.0.1:{self.port}"

    def install(self) -> None:
        self.data.mkdir(parents=True)
        subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={self.data}",
                "--user=root",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                shutil.which("mariadbd") or "mariadbd",
                "--no-defaults",
                f"--datadir={self.data}",
                f"--port={self.port}",
                f"--socket={self.socket}",
                f"--pid-file={self.root / 'mysqld.pid'}",
                "--bind-address=127.0.0.1",
                "--user=root",
                "--skip-grant-tables",
                "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=16M",
                "--skip-log-bin",
            ],
            stdout=log,
            stderr=log,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log_tail()
            try:
                self.execute("SELECT 1")
                return
            except pymysql.err.OperationalError:
                time.sleep(0.1)
        raise AssertionError(f"the private MariaDB did not start\n{self.log_tail()}")

    def execute(self, sql: str) -> None:
        connection = pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=2)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def kill(self) -> None:
        """kill -9: no clean shutdown, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

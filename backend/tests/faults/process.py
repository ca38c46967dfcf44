"""The real server in a process of its own (`python -m tagmedx serve`), for tests that stall, lock or
starve what it depends on, and the data such a test arranges: users with API tokens written straight
into the database (no slow password hashing), a set with one label and a few images, a claimed package."""

import io
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

from tagmedx.features.auth.tokens import hash_api_token, new_api_token
from tagmedx.models import ApiToken, User
from tagmedx.models.base import utcnow
from tests.conftest import BACKEND
from tests.faults.mariadb import free_port

START_SECONDS = 60
STOP_SECONDS = 30


class ServerProcess:
    """`python -m tagmedx serve` with the given TAGMEDX_* settings; its output goes to `root/server.log`."""

    def __init__(self, root: Path, **settings: str) -> None:
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        clean = {key: value for key, value in os.environ.items() if not key.startswith("TAGMEDX_")}
        self.environment = clean | {
            "TAGMEDX_DATA_DIR": str(root / "data"),
            "TAGMEDX_SECRET_KEY": "fault-test-" + "k" * 40,
            "TAGMEDX_DEMO": "0",
            "TAGMEDX_PORT": str(self.port),
            **settings,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Another `python -m tagmedx` command with the server's settings (migrate, ...)."""
        return subprocess.run(
            [sys.executable, "-m", "tagmedx", *arguments],
            env=self.environment,
            cwd=BACKEND,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tagmedx", "serve"],
            cwd=BACKEND,
            env=self.environment,
            stdout=log,
            stderr=log,
        )

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, self.log()
            try:
                if httpx.get(f"{self.base}/api/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the server did not become healthy\n{self.log()}")

    def wait_for_exit(self, seconds: float = START_SECONDS) -> int:
        assert self.process is not None
        return self.process.wait(timeout=seconds)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_SECONDS)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-6000:] if path.exists() else ""


def insert_user(sync_url: str, number: int) -> tuple[int, dict[str, str]]:
    """A user with a personal API token, used just now (so reading does not write its last use)."""
    token = new_api_token()
    engine = sa.create_engine(sync_url)
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


def png(seed: int, size: tuple[int, int] = (32, 24)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (seed * 20 % 256, seed * 7 % 256, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Annotator:
    user_id: int
    headers: dict[str, str]
    sample_id: int


@dataclass
class Arranged:
    """A classification set with one label; each annotator claimed a package of one sample."""

    admin: dict[str, str]
    set_id: int
    label_id: int
    annotators: list[Annotator]

    @property
    def annotator(self) -> dict[str, str]:
        return self.annotators[0].headers

    @property
    def annotator_id(self) -> int:
        return self.annotators[0].user_id

    @property
    def sample_id(self) -> int:
        return self.annotators[0].sample_id


def arrange(http: httpx.Client, sync_url: str, annotators: int = 1) -> Arranged:
    _, admin = insert_user(sync_url, 0)
    group = http.post("/api/groups", json={"name": "Fault"}, headers=admin).json()
    body = {"name": "Chest", "type": "classification", "package_size": 1}
    image_set = http.post(f"/api/groups/{group['id']}/sets", json=body, headers=admin).json()
    label = http.post(
        f"/api/sets/{image_set['id']}/labels", json={"name": "N", "color": "#ff0000"}, headers=admin
    )
    files = [("files", (f"{index}.png", png(index), "image/png")) for index in range(annotators + 1)]
    uploaded = http.post(f"/api/sets/{image_set['id']}/samples", files=files, headers=admin)
    assert uploaded.status_code == 201, uploaded.text
    people = []
    for number in range(1, annotators + 1):
        user_id, headers = insert_user(sync_url, number)
        joined = http.post("/api/groups/join", json={"join_code": group["join_code"]}, headers=headers)
        assert joined.status_code == 200, joined.text
        claimed = http.post(f"/api/sets/{image_set['id']}/packages/claim", headers=headers)
        assert claimed.status_code == 200, claimed.text
        package = http.get(f"/api/packages/{claimed.json()['id']}", headers=headers).json()
        people.append(Annotator(user_id, headers, package["samples"][0]["id"]))
    return Arranged(admin=admin, set_id=image_set["id"], label_id=label.json()["id"], annotators=people)


def save_body(arranged: Arranged, number: int, version: int | None) -> dict[str, object]:
    body: dict[str, object] = {
        "tentative": False,
        "bad_quality": False,
        "comment": f"save {number}",
        "label_ids": [arranged.label_id],
    }
    if version is not None:
        body["version"] = version
    return body

"""`schemathesis run --checks all` against the real server (`python -m tagmedx serve` on the test
database): every check schemathesis has, in every phase it runs, must pass. Among them: no 5xx, only
documented statuses, headers, content types and bodies, schema-valid requests accepted and others
refused, 405 with an exact `Allow` for methods a path does not take, no answer without credentials,
and (stateful) no deleted object still served.

The server holds a group with a detection set, a label and an image, whose admin the run acts as;
tests/security/schemathesis.toml says who calls what, and lists the rules a schema cannot state. The
short run of `make test` covers every operation in the examples, coverage and fuzzing phases with a
few examples each; `make fuzz` adds stateful sequences of calls and takes TAGMEDX_FUZZ_EXAMPLES (25)
examples an operation."""

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tagmedx.models import Base
from tests.factories import PASSWORD
from tests.faults.process import ServerProcess
from tests.security.routes import PNG_1PX

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = os.environ.get("TAGMEDX_FUZZ_EXAMPLES", "3")
PHASES = os.environ.get("TAGMEDX_FUZZ_PHASES", "examples,coverage,fuzzing")
SEED = os.environ.get("TAGMEDX_FUZZ_SEED", "1")  # `random`: a new seed each run, printed in its output
RUN_SECONDS = 3600


@dataclass
class Fuzzed:
    server: ServerProcess
    tokens: dict[str, str]


def sync_url(url: str) -> str:
    return url.replace("sqlite+aiosqlite", "sqlite").replace("mysql+asyncmy", "mysql+pymysql")


def empty_tables(url: str) -> None:
    engine = sa.create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()


def sign_in(http: httpx.Client, email: str, *, register: bool) -> str:
    if register:
        body = {"email": email, "password": PASSWORD, "name": "Fuzz", "surname": "User"}
        assert http.post("/api/auth/register", json=body).status_code == 201
    login = http.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    http.cookies.clear()
    token: str = login.json()["access_token"]
    return token


def arrange(http: httpx.Client) -> dict[str, str]:
    """The admin's group with a set, a label and an image; another user's group; a spare session."""
    admin = sign_in(http, "fuzz-admin@example.org", register=True)
    outsider = sign_in(http, "fuzz-outsider@example.org", register=True)
    spare = sign_in(http, "fuzz-admin@example.org", register=False)
    as_admin = {"Authorization": f"Bearer {admin}"}
    group = http.post("/api/groups", json={"name": "Fuzzed"}, headers=as_admin).json()
    http.post("/api/groups", json={"name": "Elsewhere"}, headers={"Authorization": f"Bearer {outsider}"})
    body = {"name": "S", "type": "detection", "package_size": 3}
    image_set = http.post(f"/api/groups/{group['id']}/sets", json=body, headers=as_admin).json()
    label = {"name": "L", "color": "#112233"}
    assert http.post(f"/api/sets/{image_set['id']}/labels", json=label, headers=as_admin).status_code == 201
    files = {"files": ("a.png", PNG_1PX, "image/png")}
    assert http.post(f"/api/sets/{image_set['id']}/samples", files=files, headers=as_admin).status_code == 201
    return {
        "TAGMEDX_FUZZ_ADMIN_TOKEN": admin,
        "TAGMEDX_FUZZ_OUTSIDER_TOKEN": outsider,
        "TAGMEDX_FUZZ_SPARE_TOKEN": spare,
    }


@pytest.fixture
def fuzzed(database_url: str, tmp_path: Path) -> Iterator[Fuzzed]:
    server = ServerProcess(tmp_path, TAGMEDX_DATABASE_URL=database_url)
    server.start()
    try:
        server.wait_until_healthy()
        with httpx.Client(base_url=server.base, timeout=60) as http:
            tokens = arrange(http)
        yield Fuzzed(server, tokens)
    finally:
        server.stop()
        empty_tables(database_url)


def test_schemathesis_finds_nothing_with_every_check(fuzzed: Fuzzed, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{fuzzed.server.base}/api/openapi.json",
        "--checks",
        "all",
        "--phases",
        PHASES,
        "--max-examples",
        EXAMPLES,
        "--workers",
        "1",
        "--no-color",
    ]
    if SEED != "random":
        command += ["--seed", SEED]
    run = subprocess.run(
        command,
        cwd=tmp_path,  # its replay files (.schemathesis/) stay out of the source tree
        env=os.environ | fuzzed.tokens,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    output = run.stdout + run.stderr
    (tmp_path / "schemathesis.txt").write_text(output)
    print(output[-3000:])  # the summary (make fuzz shows it)
    report = "\n".join(shortened(line) for line in output.splitlines())
    errors = "\n".join(line for line in fuzzed.server.log().splitlines() if not line.startswith("INFO:"))
    assert run.returncode == 0, f"{report[-40000:]}\n\nthe server's errors:\n{errors}"


def shortened(line: str, length: int = 600) -> str:
    """A failure's curl line can carry megabytes of generated body."""
    return line if len(line) <= length else f"{line[:length]} [... {len(line) - length} characters]"

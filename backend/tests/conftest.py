"""One migrated database per test run (SQLite, or MariaDB/MySQL with TAGMEDX_TEST_DATABASE=mysql);
every table is emptied after each test, so tests that need real concurrent connections work too."""

import os
import secrets
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.features.auth import passwords
from tagmedx.main import create_app
from tagmedx.models import Base
from tests import mysql_server

BACKEND = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


# Cheaper argon2 parameters in tests: the same format and behaviour, a fraction of the cost.
FAST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1), BcryptHasher()))


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", FAST_HASHER.hash("tagmedx-timing-equaliser"))


def which_database() -> str:
    return os.environ.get("TAGMEDX_TEST_DATABASE", "sqlite")


def migrate(url: str, revision: str = "head") -> None:
    config = Config(str(BACKEND / "alembic.ini"))
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    command.upgrade(config, revision)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if which_database() == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        migrate(url)
        yield url
        return
    name = f"tagmedx_test_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    except Exception as error:
        message = f"MySQL/MariaDB at {mysql_server.server_url()} is not reachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        print(f"\n\n*** SKIPPING THE MYSQL TIER: {message} ***\n", file=sys.stderr)
        pytest.skip(message)
    url = f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
    try:
        migrate(url)
        yield url
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


def make_settings(database_url: str, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "data_dir": data_dir,
        "secret_key": "test-secret-key-" + "x" * 32,
        "registration": "open",
        "demo": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path / "data")


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    try:
        yield application
    finally:
        await empty_all_tables(application)
        await application.state.engine.dispose()


async def empty_all_tables(application: FastAPI) -> None:
    async with application.state.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def session(app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A database session beside the API, for arranging data and checking what was stored."""
    async with app.state.sessionmaker() as database_session:
        yield database_session

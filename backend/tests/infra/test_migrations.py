"""The migrations, on the database this run uses (SQLite, or MySQL/MariaDB in a scratch database):
every step upgrades and downgrades, the migrated schema is exactly the models, DB/schema.sql is current."""

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tagmedx.cli import ALEMBIC_INI, schema_sql
from tagmedx.models import Base
from tests import mysql_server
from tests.conftest import which_database

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_SQL = ROOT / "DB" / "schema.sql"
MODEL_TABLES = set(Base.metadata.tables)


def alembic_config(url: str) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.attributes["url"] = url
    config.attributes["configure_logger"] = False
    return config


def sync_engine(url: str) -> sa.Engine:
    """The same database through a synchronous driver, for inspection."""
    parsed = sa.engine.make_url(url)
    driver = {"sqlite+aiosqlite": "sqlite", "mysql+asyncmy": "mysql+pymysql"}[parsed.drivername]
    return sa.create_engine(parsed.set(drivername=driver))


def tables(url: str) -> set[str]:
    engine = sync_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = sync_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def schema_differences(url: str) -> list[object]:
    """What autogenerate would write to make the database match the models; empty when they agree.

    Nothing is filtered out: with types and server defaults compared, SQLite and MariaDB/MySQL reflect
    this schema without noise (JSON, DATETIME(6) and the non-native enum CHECKs all round-trip)."""
    engine = sync_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


@pytest.fixture
def scratch_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the run's kind (depending on `database_url` skips or fails like the suite)."""
    if which_database() == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"
        return
    name = f"tagmedx_migrations_{secrets.token_hex(4)}"
    mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    try:
        yield f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
    finally:
        mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


def test_the_migrations_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "two heads: merge them or rebase the newer migration"
    assert len(script.get_bases()) == 1


def test_upgrade_downgrade_and_upgrade_again(scratch_url: str) -> None:
    config = alembic_config(scratch_url)
    head = ScriptDirectory.from_config(config).get_current_head()

    command.upgrade(config, "head")
    assert tables(scratch_url) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(scratch_url) == head

    command.downgrade(config, "base")
    assert tables(scratch_url) <= {"alembic_version"}
    assert current_revision(scratch_url) is None

    command.upgrade(config, "head")
    assert tables(scratch_url) == MODEL_TABLES | {"alembic_version"}
    assert current_revision(scratch_url) == head


def test_every_migration_downgrades_to_its_parent_and_back(scratch_url: str) -> None:
    config = alembic_config(scratch_url)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    for revision in revisions:
        command.upgrade(config, revision.revision)
        command.downgrade(config, str(revision.down_revision or "base"))
        assert current_revision(scratch_url) == revision.down_revision
        command.upgrade(config, revision.revision)
        assert current_revision(scratch_url) == revision.revision


def test_the_migrated_database_matches_the_models(scratch_url: str) -> None:
    command.upgrade(alembic_config(scratch_url), "head")
    assert schema_differences(scratch_url) == []


def test_a_model_change_without_a_migration_is_caught(scratch_url: str) -> None:
    command.upgrade(alembic_config(scratch_url), "head")
    engine = sync_engine(scratch_url)
    try:
        with engine.begin() as connection:
            on_table = " ON audit_events" if connection.dialect.name == "mysql" else ""
            connection.execute(sa.text(f"DROP INDEX ix_audit_events_group_id_id{on_table}"))
    finally:
        engine.dispose()
    differences = schema_differences(scratch_url)
    assert [difference[0] for difference in differences] == ["add_index"]  # type: ignore[index]


def test_schema_sql_is_current() -> None:
    assert SCHEMA_SQL.read_text() == schema_sql(), "DB/schema.sql is stale: run `make schema` and commit it"


def test_schema_sql_creates_the_same_database_as_the_migrations(scratch_url: str) -> None:
    if which_database() == "sqlite":
        pytest.skip("DB/schema.sql is MySQL DDL; the MySQL tier loads it")
    engine = sync_engine(scratch_url)
    try:
        with engine.begin() as connection:
            for statement in SCHEMA_SQL.read_text().split(";\n"):
                code = "\n".join(line for line in statement.splitlines() if not line.startswith("--"))
                if code.strip():
                    connection.exec_driver_sql(code)
    finally:
        engine.dispose()
    assert schema_differences(scratch_url) == []
    head = ScriptDirectory.from_config(alembic_config(scratch_url)).get_current_head()
    assert current_revision(scratch_url) == head

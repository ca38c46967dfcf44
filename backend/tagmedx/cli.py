"""The command line: `migrate` (alembic upgrade head), `serve` (uvicorn, on a database whose schema is
the code's), `schema-sql` (MySQL DDL), `storage check [--repair]`, `backup DEST` and `restore SRC`.
Migrate and the demo's seeding take the servers' writer lock for their whole run
(sqlite_writers.hold_writer_lock); the storage commands queue for it one transaction at a time."""

import argparse
import asyncio
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from alembic import command
from alembic.config import Config

from tagmedx.config import Settings, get_settings
from tagmedx.sqlite_writers import hold_writer_lock

BACKEND_DIR = Path(__file__).resolve().parents[1]
ALEMBIC_INI = BACKEND_DIR / "alembic.ini"
# Offline DDL needs only a dialect, never a server: nothing connects to this address.
MYSQL_DIALECT_URL = "mysql+asyncmy://tagmedx@localhost/tagmedx"


def alembic_config(url: str | None = None, *, output: TextIO | None = None) -> Config:
    if not ALEMBIC_INI.exists():
        raise SystemExit(f"alembic.ini not found at {ALEMBIC_INI}: run from a source checkout")
    config = Config(str(ALEMBIC_INI), stdout=output or sys.stdout)
    if output is not None:
        config.output_buffer = output
    if url is not None:
        config.attributes["url"] = url
    return config


def migrate(settings: Settings, revision: str = "head") -> None:
    """Bring the configured database to `revision` (creates the SQLite file and its folder), holding
    the servers' writer lock meanwhile: their writers queue behind it."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    with hold_writer_lock(url):
        command.upgrade(alembic_config(url), revision)


def check_schema(settings: Settings) -> str | None:
    """Why `serve` must not start (the schema is not the code's), or None. An unreachable database does
    not stop it: /api/health says so until the database answers."""
    from tagmedx.db import create_engine, is_connection_error
    from tagmedx.schema import read_schema_state

    async def read() -> str | None:
        engine = create_engine(settings.resolved_database_url)
        try:
            async with engine.connect() as connection:
                state = await read_schema_state(connection)
        except Exception as error:
            if not is_connection_error(error):
                raise
            print(f"TagMedX: the database is not reachable ({error}); starting anyway.", file=sys.stderr)
            return None
        finally:
            await engine.dispose()
        return None if state.status == "current" else state.explanation

    return asyncio.run(read())


def schema_sql() -> str:
    """The MySQL DDL the migrations produce, rendered by alembic's offline mode (no server needed)."""
    buffer = io.StringIO()
    config = alembic_config(MYSQL_DIALECT_URL, output=buffer)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head", sql=True)
    header = (
        "-- TagMedX schema for MySQL 8 / MariaDB 10.6+, generated from the Alembic migrations by\n"
        "-- `python -m tagmedx schema-sql` (make schema). Do not edit: the migrations are its only author.\n"
    )
    body = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
    return header + body.strip() + "\n"


def serve(settings: Settings, *, reload: bool = False) -> None:
    import uvicorn

    from tagmedx import workers

    if settings.workers > 1 and not reload and workers.supported():
        workers.run(settings)  # a socket a worker, so connections spread over them
        return

    uvicorn.run(
        "tagmedx.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=None if reload else settings.workers,
        reload=reload,
        proxy_headers=True,  # trusted proxies: uvicorn's FORWARDED_ALLOW_IPS (default 127.0.0.1)
        server_header=False,
    )


def announce_demo(settings: Settings) -> None:
    """With TAGMEDX_DEMO on and an empty database, create the demo and print how to sign in."""
    from tagmedx.demo import seed_demo

    if not settings.demo:
        return
    with hold_writer_lock(settings.resolved_database_url):  # other servers' writers queue behind it
        accounts = seed_demo(settings)
    if accounts is not None:
        print(accounts.describe(), flush=True)
    else:
        print("TagMedX demo: the database already has users; nothing was added.", flush=True)


def storage_command(settings: Settings, arguments: argparse.Namespace) -> int:
    """`storage check`, `backup`, `restore`: beside a running server, one transaction at a time."""
    from tagmedx.features.storage import commands

    if arguments.command == "storage":
        return commands.storage_check(settings, repair=arguments.repair)
    if arguments.command == "backup":
        return commands.run_backup(settings, arguments.destination)
    return commands.run_restore(settings, arguments.source, migrate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tagmedx",
        description="TagMedX: annotate medical images for AI. Settings come from TAGMEDX_* variables.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    migrate_parser = commands.add_parser("migrate", help="upgrade the database to the newest schema")
    migrate_parser.add_argument("--revision", default="head", help="target revision (default: head)")
    serve_parser = commands.add_parser("serve", help="serve the API (and the built SPA) with uvicorn")
    serve_parser.add_argument("--host", help="override TAGMEDX_HOST")
    serve_parser.add_argument("--port", type=int, help="override TAGMEDX_PORT")
    serve_parser.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    commands.add_parser("schema-sql", help="print the MySQL DDL of the newest schema")
    storage_parser = commands.add_parser("storage", help="the stored files against the database")
    storage_commands = storage_parser.add_subparsers(dest="storage_command", required=True, metavar="COMMAND")
    check_parser = storage_commands.add_parser(
        "check", help="report orphan files, samples with missing files and bytes (exit 1 if any)"
    )
    check_parser.add_argument(
        "--repair",
        action="store_true",
        help="reclaim orphans, flag samples with missing files, measure sizes",
    )
    backup_parser = commands.add_parser("backup", help="a consistent copy of the database and files, online")
    backup_parser.add_argument("destination", type=Path, help="a new (or empty) folder")
    restore_parser = commands.add_parser("restore", help="a backup into a fresh database and data folder")
    restore_parser.add_argument("source", type=Path, help="a folder made by `backup`")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.command == "schema-sql":
        sys.stdout.write(schema_sql())
        return 0
    settings = get_settings()
    if arguments.command == "migrate":
        migrate(settings, arguments.revision)
        return 0
    if arguments.command in ("storage", "backup", "restore"):
        return storage_command(settings, arguments)
    refusal = check_schema(settings)
    if refusal is not None:
        print(f"TagMedX will not start: {refusal}", file=sys.stderr)
        return 1
    announce_demo(settings)
    overrides = {
        key: value for key, value in (("host", arguments.host), ("port", arguments.port)) if value is not None
    }
    serve(settings.model_copy(update=overrides) if overrides else settings, reload=arguments.reload)
    return 0

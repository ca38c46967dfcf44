"""The command line's storage commands: `storage check [--repair]`, `backup DEST`, `restore SRC`.

They use the server's own engine (so on SQLite each transaction queues for the servers' writer lock,
one at a time, like a server's) and its storage; they run beside a running server."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from tagmedx.config import Settings
from tagmedx.db import create_engine, create_sessionmaker
from tagmedx.features.storage import backup, scan
from tagmedx.storage import Storage
from tagmedx.storage.factory import create_storage

T = TypeVar("T")


def _run(settings: Settings, work: Callable[[AsyncEngine, Storage], Awaitable[T]]) -> T:
    async def main() -> T:
        engine = create_engine(settings.resolved_database_url)
        try:
            return await work(engine, create_storage(settings))
        finally:
            await engine.dispose()

    return asyncio.run(main())


def storage_check(settings: Settings, *, repair: bool) -> int:
    """Print what the storage holds against the database; 0 when nothing is wrong (after repairs)."""

    async def work(engine: AsyncEngine, storage: Storage) -> scan.StorageReport:
        return await scan.check(
            create_sessionmaker(engine),
            storage,
            repair=repair,
            unfinished_write_seconds=settings.unfinished_write_seconds,
        )

    report = _run(settings, work)
    for line in report.lines():
        print(line)
    if repair:
        print(
            f"repaired: {report.reclaimed} orphan files reclaimed, {report.sizes_measured} sizes measured, "
            f"{report.temporaries_removed} unfinished writes removed, {len(report.missing)} samples flagged"
        )
        return 1 if report.missing else 0
    return 1 if report.missing or report.orphans else 0


def run_backup(settings: Settings, destination: Path) -> int:
    try:
        manifest = _run(settings, lambda engine, storage: backup.backup(engine, storage, destination))
    except backup.BackupError as error:
        print(f"TagMedX backup: {error}", file=sys.stderr)
        return 1
    rows = sum(manifest.tables.values())
    print(
        f"backed up {rows} rows of {len(manifest.tables)} tables (schema {manifest.alembic_revision}) "
        f"and {manifest.files} files ({manifest.bytes} bytes) into {destination}"
    )
    if manifest.missing:
        print(
            f"{len(manifest.missing)} files the database names were missing from storage (see the manifest)"
        )
    return 0


def run_restore(settings: Settings, source: Path, migrate: Callable[[Settings, str], None]) -> int:
    """Into a fresh database and data folder: the backup's schema, its rows, its files, then the
    newest schema."""
    try:
        manifest = backup.read_manifest(source)
        _run(settings, lambda engine, _storage: backup.ensure_empty(engine))
        migrate(settings, manifest.alembic_revision)

        async def load(engine: AsyncEngine, storage: Storage) -> int:
            await backup.load_tables(engine, source)
            return await backup.load_files(storage, source, manifest)

        files = _run(settings, load)
    except backup.BackupError as error:
        print(f"TagMedX restore: {error}", file=sys.stderr)
        return 1
    migrate(settings, "head")
    print(f"restored {sum(manifest.tables.values())} rows and {files} files from {source}")
    return 0

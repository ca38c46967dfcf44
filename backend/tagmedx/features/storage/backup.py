"""`python -m tagmedx backup DEST` while the server runs, and `restore SRC` into a fresh database and
data folder (docs/decisions/0007-stored-files.md).

A backup first takes a storage hold (a committed row the reclaimer honours: while it lives, no stored
file is deleted), then reads every table in ONE snapshot (SQLite: one read transaction in WAL mode;
MariaDB/MySQL: one REPEATABLE READ transaction with a consistent snapshot), then copies exactly the
files the snapshot's samples use, then lets the hold go. A file a delete leaves unused after the
snapshot is still there when it is copied; a file the reclaimer deletes while the hold is being
taken is one no sample of the snapshot uses (the reclaimer deletes only what no sample uses, under
locks no sample can pass without).

The format restores into either database: a manifest (the schema's alembic revision, counts), one
gzipped JSON-lines file a table, and the files under their keys, as the local storage keeps them.
What only makes sense while a server runs (reservations, the reclaim queue, holds) is not kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import enum
import gzip
import json
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from tagmedx.features.storage import repository
from tagmedx.models import Base, FileReservation, ReclaimRequest, Sample, StorageHold, StoredFile
from tagmedx.models.base import UTCDateTime, utcnow
from tagmedx.storage import Storage, StorageKeyNotFound, validate_key

FORMAT = "tagmedx-backup"
VERSION = 1
MANIFEST = "manifest.json"
HOLD_LEASE = timedelta(seconds=60)
HOLD_RENEW_SECONDS = 10.0
ROWS_AT_ONCE = 1000
SKIPPED_TABLES = frozenset(model.__tablename__ for model in (FileReservation, ReclaimRequest, StorageHold))


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, for the operator."""


@dataclasses.dataclass
class Manifest:
    format: str
    version: int
    alembic_revision: str
    dialect: str
    created_at: str
    tables: dict[str, int]
    files: int = 0
    bytes: int = 0
    missing: list[str] = dataclasses.field(default_factory=list)  # keys the snapshot used but storage lacked


# ----------------------------------------------------------------------------------- backup


def _new_folder(destination: Path) -> None:
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: back up into a new folder")
    (destination / "tables").mkdir(parents=True, exist_ok=True)


async def backup(engine: AsyncEngine, storage: Storage, destination: Path) -> Manifest:
    _new_folder(destination)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    async with _storage_hold(sessionmaker):
        manifest, keys = await _dump_snapshot(engine, destination)
        for key in sorted(keys):
            try:
                manifest.bytes += await _copy_out(storage, key, destination / "files")
                manifest.files += 1
            except StorageKeyNotFound:
                manifest.missing.append(key)
    (destination / MANIFEST).write_text(json.dumps(dataclasses.asdict(manifest), indent=2) + "\n")
    return manifest


@contextlib.asynccontextmanager
async def _storage_hold(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    """A committed hold, renewed while the backup runs (a backup killed half-way stops renewing it:
    it ends with its lease), deleted at the end."""
    holder = secrets.token_hex(16)
    async with sessionmaker() as session:
        await repository.add_hold(session, holder, "backup", utcnow() + HOLD_LEASE)
        await session.commit()

    async def renew() -> None:
        while True:
            await asyncio.sleep(HOLD_RENEW_SECONDS)
            async with sessionmaker() as session:
                await repository.renew_hold(session, holder, utcnow() + HOLD_LEASE)
                await session.commit()

    heartbeat = asyncio.create_task(renew())
    try:
        yield
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        async with sessionmaker() as session:
            await repository.delete_hold(session, holder)
            await session.commit()


@contextlib.asynccontextmanager
async def _snapshot(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection whose reads all see one moment of the database."""
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            await connection.exec_driver_sql("BEGIN")  # deferred: the first read fixes the snapshot
        else:
            connection = await connection.execution_options(isolation_level="REPEATABLE READ")
            await connection.exec_driver_sql("START TRANSACTION WITH CONSISTENT SNAPSHOT")
        try:
            yield connection
        finally:
            await connection.rollback()


async def _dump_snapshot(engine: AsyncEngine, destination: Path) -> tuple[Manifest, set[str]]:
    keys: set[str] = set()
    async with _snapshot(engine) as connection:
        revision = (await connection.exec_driver_sql("SELECT version_num FROM alembic_version")).scalar_one()
        manifest = Manifest(FORMAT, VERSION, str(revision), engine.dialect.name, utcnow().isoformat(), {})
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            statement = sa.select(table)
            if table.name == StoredFile.__tablename__:  # the files the snapshot uses, nothing else
                statement = statement.where(StoredFile.key.in_(_keys_in_use()))
            count = 0
            with gzip.open(destination / "tables" / f"{table.name}.jsonl.gz", "wt", encoding="utf-8") as out:
                result = await connection.stream(statement.order_by(*table.primary_key.columns))
                async for rows in result.partitions(ROWS_AT_ONCE):
                    for row in rows:
                        values = row._asdict()
                        if table.name == Sample.__tablename__:
                            keys.update(values[name] for name in _KEY_NAMES if values[name])
                        out.write(json.dumps(values, default=_encode, separators=(",", ":")) + "\n")
                        count += 1
            manifest.tables[table.name] = count
    return manifest, keys


_STORED_FILES = Base.metadata.tables[StoredFile.__tablename__]
_KEY_NAMES = tuple(column.key for column in repository.KEY_COLUMNS.values())


def _keys_in_use() -> sa.CompoundSelect[Any]:
    return sa.union(*(sa.select(column) for column in repository.KEY_COLUMNS.values()))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot keep a {type(value).__name__} in a backup")


async def _copy_out(storage: Storage, key: str, root: Path) -> int:
    path = root.joinpath(*validate_key(key).split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    size = 0
    with partial.open("wb") as out:
        async with contextlib.aclosing(storage.stream(key)) as chunks:
            async for chunk in chunks:
                out.write(chunk)
                size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
    return size


# ---------------------------------------------------------------------------------- restore


def read_manifest(source: Path) -> Manifest:
    try:
        values = json.loads((source / MANIFEST).read_text())
        manifest = Manifest(**values)
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"{source} is not a TagMedX backup ({error})") from None
    if manifest.format != FORMAT or manifest.version != VERSION:
        raise BackupError(f"{source} is a backup of another format ({manifest.format} {manifest.version})")
    return manifest


async def ensure_empty(engine: AsyncEngine) -> None:
    """Restore only into a database without data (created by `migrate`, or not at all)."""
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
        for table in Base.metadata.sorted_tables:
            if (
                table.name in names
                and (await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar()
            ):
                raise BackupError(
                    f"the database already holds data (table {table.name}): restore into a fresh one"
                )


async def load_tables(engine: AsyncEngine, source: Path) -> dict[str, int]:
    """Every table's rows, parents before children, in one transaction."""
    loaded: dict[str, int] = {}
    async with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            path = source / "tables" / f"{table.name}.jsonl.gz"
            if not path.exists():
                continue
            count = 0
            for batch in _batches(path, table):
                await connection.execute(table.insert(), batch)
                count += len(batch)
            loaded[table.name] = count
    return loaded


def _batches(path: Path, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    decoders = {column.name: _decoder(column) for column in table.columns}
    batch: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            values = json.loads(line)
            batch.append({name: decoders[name](value) for name, value in values.items() if name in decoders})
            if len(batch) == ROWS_AT_ONCE:
                yield batch
                batch = []
    if batch:
        yield batch


def _decoder(column: sa.Column[Any]) -> Any:
    def keep(value: Any) -> Any:
        return value

    def of(convert: Any) -> Any:
        return lambda value: None if value is None else convert(value)

    if isinstance(column.type, UTCDateTime):
        return of(datetime.fromisoformat)
    if isinstance(column.type, sa.Date):
        return of(date.fromisoformat)
    if isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
        return of(column.type.enum_class)
    return keep


async def load_files(storage: Storage, source: Path, manifest: Manifest) -> int:
    """Every file of the backup into `storage`, with the media type its row names."""
    media_types = {
        values["key"]: values["media_type"]
        for batch in _batches(source / "tables" / f"{StoredFile.__tablename__}.jsonl.gz", _STORED_FILES)
        for values in batch
    }
    root = source / "files"
    count = 0
    for folder, _folders, names in os.walk(root):
        for name in names:
            key = validate_key(Path(folder, name).relative_to(root).as_posix())
            data = await anyio.Path(folder, name).read_bytes()
            await storage.put(key, data, media_types.get(key, "application/octet-stream"))
            count += 1
    if count != manifest.files:
        raise BackupError(f"the backup names {manifest.files} files but holds {count}")
    return count

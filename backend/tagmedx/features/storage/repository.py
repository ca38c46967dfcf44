"""Every SQL statement of stored files: rows, reservations, the reclaim queue, holds, and which
samples use which keys (docs/decisions/0007-stored-files.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import FileHolder, FileReservation, ReclaimRequest, Sample, Set, StorageHold, StoredFile
from tagmedx.models.base import utcnow

CHUNK = 500  # keys per IN list: well under every database's limit of bound parameters
KEY_COLUMNS: dict[str, sa.orm.InstrumentedAttribute[Any]] = {
    "original": Sample.original_key,
    "display": Sample.display_key,
    "thumbnail": Sample.thumbnail_key,
    "pixels": Sample.pixels_key,
}


@dataclass(frozen=True)
class FileFacts:
    key: str
    size_bytes: int | None
    media_type: str


@dataclass(frozen=True)
class SampleFiles:
    id: int
    set_id: int
    filename: str
    files_missing: bool
    pixel_revision: int
    keys: tuple[str, ...]


def chunks(items: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(items))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _is_sqlite(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _insert_ignoring_duplicates(
    session: AsyncSession, model: Any, from_select: tuple[list[str], sa.Select[Any]] | None = None
) -> Any:
    """An INSERT (of values, or `from_select`: the names it fills and the SELECT) that leaves a row
    with the same primary key as it is. MySQL: ON DUPLICATE KEY UPDATE of a key column to itself,
    not INSERT IGNORE, which would hide other errors too and logs a warning for each such row."""
    if _is_sqlite(session):
        lite = sqlite_insert(model)
        return (lite.from_select(*from_select) if from_select else lite).on_conflict_do_nothing()
    mysql = mysql_insert(model)
    mysql = mysql.from_select(*from_select) if from_select else mysql
    first_key = next(iter(model.__table__.primary_key.columns)).name
    return mysql.on_duplicate_key_update({first_key: mysql.inserted[first_key]})


# ------------------------------------------------------------------------ rows and reservations


async def add_stored_files(session: AsyncSession, files: Sequence[FileFacts]) -> None:
    """The rows of `files`, created when absent. On MariaDB an existing row another transaction has
    locked (the reclaimer deleting it) makes this wait for that transaction."""
    now = utcnow()
    rows = [
        {"key": f.key, "size_bytes": f.size_bytes, "media_type": f.media_type, "created_at": now}
        for f in files
    ]
    if rows:
        await session.execute(_insert_ignoring_duplicates(session, StoredFile), rows)


async def add_holder(session: AsyncSession, holder: str, expires_at: datetime) -> None:
    await session.execute(sa.insert(FileHolder).values(holder=holder, expires_at=expires_at))


async def renew_holder(session: AsyncSession, holder: str, expires_at: datetime) -> bool:
    """Extend the holder's lease; False when it is gone (its lease ended and the reclaimer took its
    reservations). On MariaDB it locks the holder's row until the commit."""
    result = await session.execute(
        sa.update(FileHolder).where(FileHolder.holder == holder).values(expires_at=expires_at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def add_reservations(session: AsyncSession, holder: str, keys: Iterable[str]) -> None:
    rows = [{"holder": holder, "key": key} for key in sorted(set(keys))]
    if rows:
        await session.execute(_insert_ignoring_duplicates(session, FileReservation), rows)


async def end_holder(session: AsyncSession, holder: str) -> bool:
    """Delete the holder, and with it (ON DELETE CASCADE) its reservations; False when it was gone
    already (its lease ended: the reclaimer may have deleted the files it held)."""
    result = await session.execute(sa.delete(FileHolder).where(FileHolder.holder == holder))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def expired_holders(session: AsyncSession, now: datetime, limit: int) -> list[str]:
    rows = await session.scalars(
        sa.select(FileHolder.holder)
        .where(FileHolder.expires_at < now)
        .order_by(FileHolder.holder)
        .limit(limit)
    )
    return list(rows)


async def take_expired_holder(session: AsyncSession, holder: str, now: datetime) -> list[str] | None:
    """If the holder's lease has still ended (a renewal meanwhile wins): lock it (its first statement
    takes SQLite's write lock, MariaDB's row lock: no reservation of it can be added now), delete it
    with its reservations, and return their keys; else None."""
    still = await session.execute(
        sa.update(FileHolder)
        .where(FileHolder.holder == holder, FileHolder.expires_at < now)
        .values(expires_at=FileHolder.expires_at)
    )
    if not still.rowcount:  # type: ignore[attr-defined]
        return None
    keys = list(await session.scalars(sa.select(FileReservation.key).where(FileReservation.holder == holder)))
    await session.execute(sa.delete(FileHolder).where(FileHolder.holder == holder))
    return keys


# ----------------------------------------------------------------------------- the queue


async def queue(session: AsyncSession, keys: Iterable[str]) -> None:
    now = utcnow()
    for chunk in chunks(keys):
        await session.execute(
            _insert_ignoring_duplicates(session, ReclaimRequest),
            [{"key": key, "queued_at": now} for key in chunk],
        )


@dataclass(frozen=True)
class SamplesOf:
    """Which samples a delete takes: one sample, or all of a package, a set or a group."""

    sample_id: int | None = None
    package_id: int | None = None
    set_id: int | None = None
    group_id: int | None = None

    def condition(self) -> sa.ColumnElement[bool]:
        given = [value for value in vars(self).values() if value is not None]
        if len(given) != 1:
            raise ValueError("SamplesOf takes exactly one id")
        if self.sample_id is not None:
            return Sample.id == self.sample_id
        if self.package_id is not None:
            return Sample.package_id == self.package_id
        if self.set_id is not None:
            return Sample.set_id == self.set_id
        return Sample.set_id.in_(sa.select(Set.id).where(Set.group_id == self.group_id))


async def queue_keys_of_samples(session: AsyncSession, samples: SamplesOf) -> None:
    """Queue every key the samples use, in one statement a column."""
    condition = samples.condition()
    for column in KEY_COLUMNS.values():
        used = sa.select(column, sa.literal(utcnow(), ReclaimRequest.queued_at.type)).where(
            condition, column.is_not(None)
        )
        await session.execute(
            _insert_ignoring_duplicates(session, ReclaimRequest, (["key", "queued_at"], used.distinct()))
        )


async def queued_keys(session: AsyncSession, limit: int) -> list[str]:
    """The next keys to check. MariaDB: locked, skipping keys another reclaimer has taken. SQLite:
    read before the write lock; the pass takes that lock with its first statement (dequeue)."""
    statement = sa.select(ReclaimRequest.key).order_by(ReclaimRequest.key).limit(limit)
    if not _is_sqlite(session):
        statement = statement.with_for_update(skip_locked=True)
    return list(await session.scalars(statement))


async def dequeue(session: AsyncSession, keys: Sequence[str]) -> None:
    await session.execute(sa.delete(ReclaimRequest).where(ReclaimRequest.key.in_(keys)))


async def queue_length(session: AsyncSession) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(ReclaimRequest)) or 0)


# ------------------------------------------------------------------------- the reclaim pass


async def lock_stored_files(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Lock the rows of `keys` that exist (SQLite: the pass holds the database's write lock already)."""
    statement = sa.select(StoredFile.key).where(StoredFile.key.in_(keys)).order_by(StoredFile.key)
    if not _is_sqlite(session):
        statement = statement.with_for_update()
    return set(await session.scalars(statement))


async def reserved_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Keys of `keys` with any reservation, expired or not."""
    rows = await session.scalars(
        sa.select(FileReservation.key).where(FileReservation.key.in_(keys)).distinct()
    )
    return set(rows)


def kind_of(key: str) -> str:
    return key.rsplit("/", 1)[-1]


async def referenced_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Keys of `keys` some sample uses. A key names its kind (`ab/<sha256>/thumbnail`), so only that
    column is asked; a key of no known kind is asked of every column."""
    by_column: dict[str, list[str]] = {}
    for key in keys:
        kinds = [kind_of(key)] if kind_of(key) in KEY_COLUMNS else list(KEY_COLUMNS)
        for kind in kinds:
            by_column.setdefault(kind, []).append(key)
    found: set[str] = set()
    for kind, wanted in by_column.items():
        column = KEY_COLUMNS[kind]
        found.update(await session.scalars(sa.select(column).where(column.in_(wanted)).distinct()))
    return found


async def delete_stored_files(session: AsyncSession, keys: Sequence[str]) -> None:
    await session.execute(sa.delete(StoredFile).where(StoredFile.key.in_(keys)))


async def stored_file_sizes(session: AsyncSession, keys: Sequence[str]) -> dict[str, int | None]:
    rows = await session.execute(
        sa.select(StoredFile.key, StoredFile.size_bytes).where(StoredFile.key.in_(keys))
    )
    return {key: size for key, size in rows.tuples()}


# ----------------------------------------------------------------------------------- holds


async def live_hold_exists(session: AsyncSession, now: datetime) -> bool:
    found = await session.scalar(sa.select(StorageHold.holder).where(StorageHold.expires_at >= now).limit(1))
    return found is not None


async def add_hold(session: AsyncSession, holder: str, purpose: str, expires_at: datetime) -> None:
    session.add(StorageHold(holder=holder, purpose=purpose, expires_at=expires_at))
    await session.flush()


async def renew_hold(session: AsyncSession, holder: str, expires_at: datetime) -> None:
    await session.execute(
        sa.update(StorageHold).where(StorageHold.holder == holder).values(expires_at=expires_at)
    )


async def delete_hold(session: AsyncSession, holder: str) -> None:
    await session.execute(sa.delete(StorageHold).where(StorageHold.holder == holder))


async def delete_expired_holds(session: AsyncSession, now: datetime) -> None:
    await session.execute(sa.delete(StorageHold).where(StorageHold.expires_at < now))


# --------------------------------------------------------------------------- scans and checks


async def known_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    return set(await session.scalars(sa.select(StoredFile.key).where(StoredFile.key.in_(keys))))


async def set_sizes(session: AsyncSession, sizes: dict[str, int]) -> None:
    """Record measured sizes of rows that had none."""
    for key, size in sizes.items():
        await session.execute(
            sa.update(StoredFile)
            .where(StoredFile.key == key, StoredFile.size_bytes.is_(None))
            .values(size_bytes=size)
        )


async def stored_keys_page(session: AsyncSession, after: str, limit: int) -> list[str]:
    return list(
        await session.scalars(
            sa.select(StoredFile.key).where(StoredFile.key > after).order_by(StoredFile.key).limit(limit)
        )
    )


def _sample_files(row: Any) -> SampleFiles:
    keys = tuple(key for key in (row.original_key, row.display_key, row.thumbnail_key, row.pixels_key) if key)
    return SampleFiles(row.id, row.set_id, row.filename, row.files_missing, row.pixel_revision, keys)


_SAMPLE_FILE_COLUMNS = (
    Sample.id,
    Sample.set_id,
    Sample.filename,
    Sample.files_missing,
    Sample.pixel_revision,
    *KEY_COLUMNS.values(),
)


async def samples_page(
    session: AsyncSession, after_id: int, limit: int, condition: sa.ColumnElement[bool] | None = None
) -> list[SampleFiles]:
    statement = sa.select(*_SAMPLE_FILE_COLUMNS).where(Sample.id > after_id)
    if condition is not None:
        statement = statement.where(condition)
    rows = await session.execute(statement.order_by(Sample.id).limit(limit))
    return [_sample_files(row) for row in rows]


async def sample_files(session: AsyncSession, sample_ids: Sequence[int]) -> list[SampleFiles]:
    if not sample_ids:
        return []
    rows = await session.execute(sa.select(*_SAMPLE_FILE_COLUMNS).where(Sample.id.in_(sample_ids)))
    return [_sample_files(row) for row in rows]


def _using_any(keys: Sequence[str]) -> sa.ColumnElement[bool]:
    return sa.or_(*(column.in_(keys) for column in KEY_COLUMNS.values()))


async def flag_samples_using(session: AsyncSession, keys: Sequence[str]) -> list[int]:
    """Mark the samples that use any of `keys` as missing files; their ids."""
    ids = list(await session.scalars(sa.select(Sample.id).where(_using_any(keys))))
    if ids:
        await session.execute(
            sa.update(Sample)
            .where(Sample.id.in_(ids))
            .values(files_missing=True)
            .execution_options(synchronize_session=False)
        )
    return ids


async def unflag_samples(session: AsyncSession, sample_ids: Sequence[int]) -> None:
    if sample_ids:
        await session.execute(
            sa.update(Sample)
            .where(Sample.id.in_(sample_ids))
            .values(files_missing=False)
            .execution_options(synchronize_session=False)
        )


async def flagged_samples(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[SampleFiles]:
    rows = await session.execute(
        sa.select(*_SAMPLE_FILE_COLUMNS).where(condition, Sample.files_missing.is_(True)).order_by(Sample.id)
    )
    return [_sample_files(row) for row in rows]


async def count_samples(session: AsyncSession, condition: sa.ColumnElement[bool]) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(Sample).where(condition)) or 0)


async def bytes_used(session: AsyncSession, condition: sa.ColumnElement[bool]) -> int:
    """Bytes of the distinct stored files the samples matching `condition` use (a file shared by two
    of them counts once; files of unknown size count nothing)."""
    used = sa.union(
        *(
            sa.select(column.label("key")).where(condition, column.is_not(None))
            for column in KEY_COLUMNS.values()
        )
    ).subquery()
    total = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(StoredFile.size_bytes), 0)).join(
            used, StoredFile.key == used.c.key
        )
    )
    return int(total or 0)


async def unreferenced_rows(session: AsyncSession, after: str, limit: int) -> list[str]:
    """Rows no sample uses and no reservation holds, from `after` on: keys whose queue entry was
    lost (or never written, by code outside the protocol)."""
    conditions = [~sa.exists().where(column == StoredFile.key) for column in KEY_COLUMNS.values()]
    conditions.append(~sa.exists().where(FileReservation.key == StoredFile.key))
    rows = await session.scalars(
        sa.select(StoredFile.key)
        .where(StoredFile.key > after, *conditions)
        .order_by(StoredFile.key)
        .limit(limit)
    )
    return list(rows)


async def earliest_lease_end(session: AsyncSession) -> datetime | None:
    expiry: datetime | None = await session.scalar(sa.select(sa.func.min(FileHolder.expires_at)))
    return expiry


async def replace_sample_files(session: AsyncSession, sample_id: int, files: dict[str, str | None]) -> None:
    await session.execute(
        sa.update(Sample)
        .where(Sample.id == sample_id)
        .values(**files, files_missing=False, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )

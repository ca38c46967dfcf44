"""Reclaiming stored files nothing uses, a small batch per transaction (docs/decisions/0007-stored-files.md).

A pass takes keys from the queue (or the keys it is given) and, in ONE transaction: locks their
`stored_files` rows (SELECT ... FOR UPDATE on MariaDB; on SQLite its first statement takes the
database's write lock), keeps those a sample uses or any reservation holds, and deletes the files of
the others WHILE holding the locks, then their rows, then commits. An import reserving one of those
keys waits for that commit and then creates the row again and writes the file anew; an import that
reserved it before has a reservation the pass sees. While a backup holds storage, nothing is deleted.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.db import retry_on_deadlock
from tagmedx.features.storage import repository
from tagmedx.features.storage.repository import FileFacts
from tagmedx.models.base import utcnow
from tagmedx.sqlite_writers import DatabaseBusy
from tagmedx.storage import Storage, StorageError

logger = logging.getLogger(__name__)
UNKNOWN_MEDIA_TYPE = "application/octet-stream"
# What a pass may meet and leave for a later one: the database or the storage unavailable, or busy.
LATER = (sa.exc.SQLAlchemyError, DatabaseBusy, StorageError, OSError)
BATCH = 100  # keys a transaction: on SQLite the write lock is the whole database's, so keep it short


class Held(Exception):
    """A backup holds storage: the pass deleted nothing."""


@dataclass
class Reclaimed:
    files: int = 0
    held: bool = False  # stopped by a backup's hold; the keys stay queued


async def _pass(session: AsyncSession, storage: Storage, keys: Sequence[str]) -> int:
    """One batch, in the caller's transaction (committed by the caller); how many files went."""
    await repository.dequeue(session, keys)  # the first write: SQLite's write lock from here on
    if await repository.live_hold_exists(session, utcnow()):
        raise Held()
    # A key without a row (a sample from before the rows, written outside the protocol) gets one,
    # so that it is locked like the others: no import holds a key that has no row.
    await repository.add_stored_files(session, [FileFacts(key, None, UNKNOWN_MEDIA_TYPE) for key in keys])
    candidates = sorted(await repository.lock_stored_files(session, keys))
    held = await repository.reserved_keys(session, candidates)
    candidates = [key for key in candidates if key not in held]
    used = await repository.referenced_keys(session, candidates) if candidates else set()
    orphans = [key for key in candidates if key not in used]
    if orphans:
        await repository.delete_stored_files(session, orphans)
        await storage.delete_many(orphans)  # while the rows are locked: no import can claim them now
    return len(orphans)


async def _batch(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: Sequence[str] | None
) -> int | None:
    """One transaction over `keys`, or over the next queued keys; None when the queue is empty."""

    async def once() -> int | None:
        async with sessionmaker() as session:
            batch = list(keys) if keys is not None else await repository.queued_keys(session, BATCH)
            if not batch:
                return None
            removed = await _pass(session, storage, batch)
            await session.commit()
            return removed

    return await retry_on_deadlock(once)


async def reclaim_keys(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: Sequence[str]
) -> Reclaimed:
    """Check exactly `keys` now (queued already, e.g. by a failed upload), a batch at a time."""
    outcome = Reclaimed()
    for chunk in repository.chunks(keys):
        for start in range(0, len(chunk), BATCH):
            try:
                outcome.files += await _batch(sessionmaker, storage, chunk[start : start + BATCH]) or 0
            except Held:
                outcome.held = True
                return outcome
    return outcome


async def drain(sessionmaker: async_sessionmaker[AsyncSession], storage: Storage) -> Reclaimed:
    """Expired reservations first (their keys join the queue), then the queue until it is empty."""
    await expire_reservations(sessionmaker)
    outcome = Reclaimed()
    while True:
        try:
            removed = await _batch(sessionmaker, storage, None)
        except Held:
            outcome.held = True
            return outcome
        if removed is None:
            return outcome
        outcome.files += removed


async def expire_reservations(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime | None = None
) -> int:
    """Delete the imports whose lease ended by `now` (killed, or stalled) with their reservations, and
    queue their keys; expired backup holds go too. A transaction an import, before any pass sees the
    keys: the import's claim then finds its holder gone and fails."""
    now = now or utcnow()
    expired = 0

    async def one(holder: str) -> None:
        async with sessionmaker() as session:
            keys = await repository.take_expired_holder(session, holder, now)
            if keys:
                await repository.queue(session, keys)
            await session.commit()

    async def holders() -> list[str]:
        async with sessionmaker() as session:
            await repository.delete_expired_holds(session, now)
            found = await repository.expired_holders(session, now, BATCH)
            await session.commit()
            return found

    while found := await retry_on_deadlock(holders):
        for holder in found:
            await retry_on_deadlock(functools.partial(one, holder))
        expired += len(found)
        if len(found) < BATCH:
            break
    return expired


async def reclaim_quietly(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: Sequence[str] | None = None
) -> None:
    """`reclaim_keys` (or `drain` without keys), for after a response: logs instead of raising; what
    it could not do stays queued for the reclaimer."""
    try:
        if keys is None:
            await drain(sessionmaker, storage)
        else:
            await reclaim_keys(sessionmaker, storage, keys)
    except LATER:
        logger.exception("could not reclaim stored files now; the reclaimer tries again")

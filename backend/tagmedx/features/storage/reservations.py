"""An import's hold on the stored files it writes, from before it writes them until the transaction
that commits the rows using them (docs/decisions/0007-stored-files.md).

    hold = FileHold(sessionmaker, lease)
    await hold.reserve(files, contents)       # committed at once: rows and reservations, then write
    ...                                       # write the files
    await hold.claim(session, storage, used)  # in the transaction inserting the samples
    await hold.release(committed=True)        # after that transaction: whatever is left goes back

While the import runs, a heartbeat renews its lease; an import that stalls longer than the lease
loses its reservations to the reclaimer, and its claim then fails (LeaseLost) rather than commit
samples whose files may be gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.db import is_deadlock
from tagmedx.errors import AppError
from tagmedx.features.storage import repository
from tagmedx.features.storage.repository import FileFacts
from tagmedx.features.storage.scan import exists_all
from tagmedx.models.base import utcnow
from tagmedx.sqlite_writers import DatabaseBusy
from tagmedx.storage import Storage

logger = logging.getLogger(__name__)
RESERVE_ATTEMPTS = 5


@dataclass(frozen=True)
class Lease:
    """How long a reservation lives without a renewal, and how often the heartbeat renews it."""

    seconds: float = 60.0
    renew_seconds: float = 10.0

    @property
    def length(self) -> timedelta:
        return timedelta(seconds=self.seconds)


class LeaseLost(AppError):
    status_code = 503
    code = "upload_interrupted"
    detail = (
        "The upload was held up for so long that its files were given up; nothing of it was added. "
        "Send it again."
    )

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "1"}


class FileHold:
    """One request's hold on the files it writes, in one of two ways:

    - committed (the default): the holder's lease and its reservations are committed before each
      write, so the request's own transaction stays free while it processes and writes (a ZIP may take
      minutes; on SQLite holding the database's write lock that long would stop every save);
    - checked at the claim (`within_transaction`, and without a sessionmaker, as the demo seed
      runs): nothing before the writes; the claim, in the transaction that inserts the samples,
      creates or locks the files' rows (MariaDB: row locks the reclaimer's FOR UPDATE waits for;
      SQLite: the write lock), then looks whether each file is still there and writes again those a
      reclaimer deleted meanwhile, from the bytes it kept; those locks hold them until the commit.
      No transaction of its own, and no lock while the files are written: for one small image.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession] | None, lease: Lease) -> None:
        self.sessionmaker = sessionmaker
        self.lease = lease
        self.holder = secrets.token_hex(16)
        self.inline = sessionmaker is None
        self.reserved: set[str] = set()
        self.started = False  # the holder's row (its lease) is committed
        self.claimed = False
        self.unused: set[str] = set()
        self._kept: dict[str, tuple[FileFacts, bytes]] = {}  # checked at the claim: the files' bytes
        self._heartbeat: asyncio.Task[None] | None = None

    def within_transaction(self) -> None:
        """Hold the files by the request's own transaction (before anything is reserved)."""
        if not self.reserved:
            self.inline = True

    async def reserve(self, files: Sequence[FileFacts], contents: Mapping[str, bytes]) -> None:
        """Before writing `files` (with their `contents`): their rows (created when absent) and this
        holder's reservations; checked at the claim, their bytes are kept for it instead."""
        new = [facts for facts in files if facts.key not in self.reserved]
        if not new:
            return
        if self.inline:
            self._kept.update((facts.key, (facts, contents[facts.key])) for facts in new)
        else:
            await self._reserve_committed(new)
            self._start_heartbeat()
            self.started = True
        self.reserved.update(facts.key for facts in new)

    async def _reserve_in(self, session: AsyncSession, files: Sequence[FileFacts]) -> None:
        """The holder first (created, or its lease renewed: an import writing file after file never
        lets it lapse), then the rows, then the reservations."""
        ends = utcnow() + self.lease.length
        if not self.started:
            await repository.add_holder(session, self.holder, ends)
        elif not await repository.renew_holder(session, self.holder, ends):
            raise LeaseLost()
        await repository.add_stored_files(session, files)
        await repository.add_reservations(session, self.holder, [f.key for f in files])

    async def _reserve_committed(self, files: Sequence[FileFacts]) -> None:
        """A short transaction of its own. On MariaDB a row the reclaimer is deleting makes it wait;
        when that row is gone by then the reservation's foreign key fails, and the next attempt
        creates the row again. One renewal of the lease, and one write transaction, per file."""
        assert self.sessionmaker is not None
        for attempt in range(1, RESERVE_ATTEMPTS + 1):
            try:
                async with self.sessionmaker() as session:
                    await self._reserve_in(session, files)
                    await session.commit()
                return
            except sa.exc.DBAPIError as error:
                retry = is_deadlock(error) or isinstance(error, sa.exc.IntegrityError)
                if not retry or attempt == RESERVE_ATTEMPTS:
                    raise

    async def claim(self, session: AsyncSession, storage: Storage, used: Iterable[str]) -> None:
        """In the transaction that commits the rows using `used`: end this holder and its reservations
        (it must still be there: then so are they all), or, checked at the claim, lock the used files'
        rows and write again any gone meanwhile; queue the keys it reserved but nothing uses."""
        used = set(used)
        if self.started and not await repository.end_holder(session, self.holder):
            raise LeaseLost()
        if self.inline:
            await self._lock_and_check(session, storage, sorted(used & set(self._kept)))
        self.unused = self.reserved - used
        if self.unused:
            await repository.queue(session, self.unused)
        self.claimed = True

    async def _lock_and_check(self, session: AsyncSession, storage: Storage, keys: list[str]) -> None:
        """The rows first (from here on no reclaimer can delete these files before the commit), then
        storage: a file a reclaimer deleted between the write and now is written again."""
        await repository.add_stored_files(session, [self._kept[key][0] for key in keys])
        present = await exists_all(storage, keys)
        for key in keys:
            if not present[key]:
                facts, data = self._kept[key]
                await storage.put(key, data, facts.media_type)
        self._kept.clear()

    async def release(self, *, committed: bool) -> set[str]:
        """After the request's transaction: stop the heartbeat; unless it committed a claim, the
        reservations end and their keys are queued. The keys to reclaim now: those, or the ones the
        claim found unused."""
        await self._stop_heartbeat()
        if not self.reserved or self.sessionmaker is None:
            return set()
        if self.claimed and committed:
            return self.unused
        async with self.sessionmaker() as session:
            if self.started:
                await repository.end_holder(session, self.holder)
            await repository.queue(session, self.reserved)  # rows rolled back: the pass makes them again
            await session.commit()
        return set(self.reserved)

    def _start_heartbeat(self) -> None:
        if self._heartbeat is None:
            self._heartbeat = asyncio.create_task(self._renew_forever(), name=f"tagmedx-lease-{self.holder}")

    async def _stop_heartbeat(self) -> None:
        task, self._heartbeat = self._heartbeat, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _renew_forever(self) -> None:
        assert self.sessionmaker is not None
        while True:
            await asyncio.sleep(self.lease.renew_seconds)
            try:
                async with self.sessionmaker() as session:
                    renewed = await repository.renew_holder(
                        session, self.holder, utcnow() + self.lease.length
                    )
                    await session.commit()
            except (sa.exc.SQLAlchemyError, DatabaseBusy, OSError):
                logger.warning("could not renew the lease of upload %s; trying again", self.holder)
                continue
            if not renewed:
                logger.warning("upload %s held its files past its lease; it will not be added", self.holder)
                return

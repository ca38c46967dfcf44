"""The reclaimer: one background task per server process that deletes stored files nothing uses.

It runs at start-up (what was queued before a restart, then a scan of the storage: files without a
row are adopted, samples with missing files flagged), whenever woken (a delete committed, serving
found a file missing), and every `period_seconds` otherwise, or sooner when an import's reservation
is due to expire (an import killed mid-way: its files go within a minute of the lease's end). Each
pass is the transaction of reclaim.py, so several processes may run it at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.features.storage import reclaim, repository, scan
from tagmedx.models.base import utcnow
from tagmedx.storage import Storage

logger = logging.getLogger(__name__)
SCAN_EVERY_SECONDS = 24 * 3600.0
STOP_SECONDS = 10.0
_AFTER_EXPIRY_SECONDS = 0.5  # wake a moment after a reservation's end, so it has expired by then


class Reclaimer:
    """Started and stopped with the server (main.py's lifespan); `wake()` after keys were queued."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        storage: Storage,
        *,
        period_seconds: float,
        unfinished_write_seconds: float = 3600.0,
        scan_every_seconds: float = SCAN_EVERY_SECONDS,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.period_seconds = period_seconds
        self.scan_every_seconds = scan_every_seconds
        self.unfinished_write_seconds = unfinished_write_seconds
        self._task: asyncio.Task[None] | None = None
        self._wanted = asyncio.Event()
        self._settled = asyncio.Event()
        self._missing: set[str] = set()
        self._last_scan: float | None = None
        self._stopping = False

    def start(self) -> None:
        if self._task is None:
            self._settled.clear()
            self._task = asyncio.create_task(self._run(), name="tagmedx-reclaimer")

    async def stop(self) -> None:
        """Let the pass in progress finish (a transaction cancelled half-way can leave its connection
        stuck), for up to STOP_SECONDS; then cancel."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wanted.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        finally:
            self._stopping = False

    def wake(self) -> None:
        """Keys were queued (after the commit). A reclaimer never started (tests of other features,
        which reclaim right after their response instead) ignores it."""
        if self._task is not None:
            self._settled.clear()
            self._wanted.set()

    def report_missing(self, keys: Iterable[str]) -> None:
        """Serving found these files gone: the samples using them are flagged once it is confirmed."""
        self._missing.update(keys)
        self.wake()

    async def settled(self) -> None:
        """Wait until the reclaimer has worked through everything it was woken for."""
        await self._settled.wait()

    async def _run(self) -> None:
        await self._guarded(self._drain)  # what was queued before a restart goes first
        while not self._stopping:
            if self._last_scan is None or time.monotonic() - self._last_scan >= self.scan_every_seconds:
                self._last_scan = time.monotonic()
                await self._guarded(self._scan)
            await self._guarded(self._drain)
            await self._guarded(self._confirm_missing)
            if not self._wanted.is_set():
                self._settled.set()
            wait = await self._next_wait()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wanted.wait(), wait)
            self._wanted.clear()

    async def _guarded(self, work: Callable[[], Awaitable[object]]) -> None:
        try:
            await work()
        except reclaim.LATER:
            logger.exception("the reclaimer could not finish a pass; it tries again later")

    async def _drain(self) -> None:
        outcome = await reclaim.drain(self.sessionmaker, self.storage)
        if outcome.files:
            logger.info("reclaimed %d stored files nothing uses", outcome.files)

    async def _scan(self) -> None:
        report = await scan.check(
            self.sessionmaker,
            self.storage,
            repair=True,
            unfinished_write_seconds=self.unfinished_write_seconds,
        )
        if report.orphans or report.missing:
            logger.warning("storage scan: %s", "; ".join(report.lines()[:3]))

    async def _confirm_missing(self) -> None:
        keys, self._missing = sorted(self._missing), set()
        if keys:
            await scan.confirm_missing(self.sessionmaker, self.storage, keys)

    async def _next_wait(self) -> float:
        """The period, or less when a reservation expires before it."""
        try:
            async with self.sessionmaker() as session:
                expiry = await repository.earliest_lease_end(session)
        except reclaim.LATER:
            return self.period_seconds
        if expiry is None:
            return self.period_seconds
        due = (expiry - utcnow()).total_seconds() + _AFTER_EXPIRY_SECONDS
        return min(self.period_seconds, max(due, _AFTER_EXPIRY_SECONDS))


async def get_reclaimer(request: Request) -> Reclaimer:
    reclaimer: Reclaimer = request.app.state.reclaimer
    return reclaimer


AppReclaimer = Annotated[Reclaimer, Depends(get_reclaimer)]

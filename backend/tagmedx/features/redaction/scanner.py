"""The OCR queue's worker: one background task per server process reads pending samples for text.

Uploads only mark samples `pending` (the column's default) and wake the scanner after their commit,
so OCR never slows an upload down; the scanner claims one sample at a time with an UPDATE that only
one process can win (`repository.claim`), reads it in a worker thread (tesseract is a subprocess run
at a lower priority) and stores the result if its claim still holds. Pending samples survive a
restart: the scanner starts with the server and looks again every SWEEP_SECONDS, which also picks up
work another process left behind (a claim older than CLAIM_LEASE is taken over).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from anyio import CapacityLimiter, to_thread
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.config import Settings
from tagmedx.features.redaction import repository
from tagmedx.features.redaction.repository import FoundRegion, ScanJob
from tagmedx.imaging.burned_in import decode_picture, find_text, needs_text_scan, tesseract_available
from tagmedx.models import SampleFormat, TextScanStatus
from tagmedx.storage import Storage, StorageError

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=10)  # far longer than a scan may take (OCR_TIMEOUT_SECONDS)
SWEEP_SECONDS = 300.0
_BATCH = 20
_MAX_TEXT = 1000


def ocr_enabled(settings: Settings) -> bool:
    """TAGMEDX_OCR=auto (the default) turns OCR on when the tesseract program is found; off, never."""
    return settings.ocr == "auto" and tesseract_available()


class TextScanner:
    """Started and stopped with the server (main.py's lifespan); `wake()` after new work commits."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, *, enabled: bool
    ) -> None:
        self.sessionmaker = sessionmaker
        self.storage = storage
        self.enabled = enabled
        self._task: asyncio.Task[None] | None = None
        self._wanted = asyncio.Event()
        self._settled = asyncio.Event()
        self._thread = CapacityLimiter(1)

    def start(self) -> None:
        # Tesseract's OpenMP threads take every core and, on the small images it reads here, slow it
        # down (measured: 0.47 s on two cores, 0.29 s on one). An operator's own value is kept.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        if self._task is None:
            self._wanted.set()
            self._settled.clear()
            self._task = asyncio.create_task(self._run(), name="tagmedx-text-scanner")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def wake(self) -> None:
        """New pending samples were committed. A scanner that was never started (no lifespan, as in
        tests of other features) ignores it: the samples wait for the next start."""
        if self._task is not None:
            self._settled.clear()
            self._wanted.set()

    async def settled(self) -> None:
        """Wait until the scanner has worked through everything it was woken for."""
        await self._settled.wait()

    async def _run(self) -> None:
        if self.enabled:
            await self._guarded(self._requeue_not_scanned)
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wanted.wait(), SWEEP_SECONDS)
            self._wanted.clear()
            await self._guarded(self.drain)
            if not self._wanted.is_set():
                self._settled.set()

    async def _guarded(self, work: Callable[[], Awaitable[object]]) -> None:
        """Nothing stops the scanner for the life of the process: an error (the database away) is
        logged, and the next wake or sweep tries again (a claimed sample is taken over once stale)."""
        try:
            await work()
        except Exception:
            logger.exception("the text scanner stopped a round; it tries again at the next wake or sweep")

    async def _requeue_not_scanned(self) -> None:
        async with self.sessionmaker() as session:
            await repository.requeue_not_scanned(session)
            await session.commit()

    async def drain(self) -> int:
        """Scan until no sample is left to claim; how many were scanned. OCR off: every pending
        sample becomes not_scanned at once."""
        if not self.enabled:
            async with self.sessionmaker() as session:
                await repository.mark_all_pending(session, TextScanStatus.not_scanned)
                await session.commit()
            return 0
        scanned = 0
        while True:
            now = datetime.now(UTC)
            async with self.sessionmaker() as session:
                candidates = await repository.claimable_ids(session, now - CLAIM_LEASE, _BATCH)
            if not candidates:
                return scanned
            for sample_id in candidates:
                job = await self._claim(sample_id)
                if job is not None:
                    await self._scan(job)
                    scanned += 1

    async def _claim(self, sample_id: int) -> ScanJob | None:
        token = secrets.token_hex(16)
        now = datetime.now(UTC)
        async with self.sessionmaker() as session:
            if not await repository.claim(session, sample_id, token, now, now - CLAIM_LEASE):
                await session.rollback()
                return None
            job = await repository.job(session, sample_id, token)
            await session.commit()
        return job

    async def _scan(self, job: ScanJob) -> None:
        try:
            status, regions = await self._read(job)
        except (StorageError, RuntimeError, OSError, ValueError) as error:  # unreadable file, OCR error
            logger.warning("text scan of sample %d failed: %s", job.sample_id, error)
            status, regions = TextScanStatus.failed, []
        except Exception:
            logger.exception("text scan of sample %d failed", job.sample_id)
            status, regions = TextScanStatus.failed, []
        async with self.sessionmaker() as session:
            await repository.finish(session, job.sample_id, job.claim, status, regions)
            await session.commit()

    async def _read(self, job: ScanJob) -> tuple[TextScanStatus, list[FoundRegion]]:
        if job.format is SampleFormat.dicom:
            original = await self.storage.get(job.original_key)
            if not await to_thread.run_sync(needs_text_scan, "dicom", original):
                return TextScanStatus.not_needed, []
            del original
            picture_bytes = await self.storage.get(job.display_key)  # the rendering with its window
        else:
            picture_bytes = await self.storage.get(job.original_key)  # full resolution
        found = await to_thread.run_sync(_find, picture_bytes, job.width, job.height, limiter=self._thread)
        return TextScanStatus.done, found


def _find(picture_bytes: bytes, width: int, height: int) -> list[FoundRegion]:
    found = find_text(decode_picture(picture_bytes), (width, height))
    regions = []
    for item in found:
        rect = item.rect
        regions.append(
            FoundRegion(rect.x, rect.y, rect.width, rect.height, item.text[:_MAX_TEXT], item.confidence)
        )
    return regions

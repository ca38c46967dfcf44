"""The storage against the database: files nothing knows of, files nothing uses, samples whose files
are gone, and what it all weighs. `python -m tagmedx storage check [--repair]` and the server's
start-up scan run it; with `repair`, orphans are adopted and reclaimed through the protocol (never
deleted here), samples with missing files are flagged, and sizes not measured yet are recorded.

Files listed while imports run may be written after the listing: a sample is flagged only after its
file's row is locked, no reservation holds it, and storage says once more that it is not there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import anyio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.db import retry_on_deadlock
from tagmedx.features.storage import reclaim, repository
from tagmedx.features.storage.repository import FileFacts, SampleFiles
from tagmedx.storage import LocalStorage, Storage

logger = logging.getLogger(__name__)
PAGE = 1000
EXISTS_AT_ONCE = 16  # storage.exists() calls in flight (S3: HEAD requests)


@dataclass(frozen=True)
class MissingFile:
    sample_id: int
    set_id: int
    filename: str
    keys: tuple[str, ...]


@dataclass
class StorageReport:
    files: int = 0  # objects in storage
    bytes: int = 0
    orphans: int = 0  # files no sample uses and no import holds (with or without a row)
    orphan_bytes: int = 0
    missing: list[MissingFile] = field(default_factory=list)
    reclaimed: int = 0  # with repair: orphan files deleted through the reclaimer
    sizes_measured: int = 0  # with repair: rows whose size was unknown
    temporaries_removed: int = 0  # with repair: temporary files of writes that never finished

    def lines(self) -> list[str]:
        text = [
            f"files in storage: {self.files} ({self.bytes} bytes)",
            f"orphans (no sample uses them): {self.orphans} ({self.orphan_bytes} bytes)",
            f"samples with missing files: {len(self.missing)}",
        ]
        text += [
            f"  sample {m.sample_id} (set {m.set_id}, {m.filename}): {', '.join(m.keys)}"
            for m in self.missing
        ]
        return text


async def check(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    *,
    repair: bool,
    unfinished_write_seconds: float = 3600.0,
) -> StorageReport:
    """With `repair`, temporary files of writes older than `unfinished_write_seconds` go too (a write
    renames its temporary file within moments)."""
    report = StorageReport()
    if repair and isinstance(storage, LocalStorage):
        report.temporaries_removed = await storage.remove_stale_temporaries(unfinished_write_seconds)
    listed = {item.key: item.size async for item in storage.list_objects()}
    report.files, report.bytes = len(listed), sum(listed.values())
    unknown, unknown_used = await _files_without_rows(sessionmaker, listed)
    unused = await _unused_rows(sessionmaker)
    orphans = sorted((set(unknown) - unknown_used) | {key for key in unused if key in listed})
    report.orphans, report.orphan_bytes = len(orphans), sum(listed[key] for key in orphans)
    missing, found_again = await _samples_against(sessionmaker, listed)
    if not repair:
        report.missing = missing
        return report
    await _adopt(sessionmaker, [FileFacts(key, listed[key], reclaim.UNKNOWN_MEDIA_TYPE) for key in unknown])
    await _queue(sessionmaker, unused)
    report.reclaimed = (await reclaim.drain(sessionmaker, storage)).files
    report.sizes_measured = await _measure(sessionmaker, listed)
    confirmed = set(
        await confirm_missing(sessionmaker, storage, sorted({k for m in missing for k in m.keys}))
    )
    report.missing = [m for m in missing if confirmed & set(m.keys)]
    await _unflag_present(sessionmaker, storage, found_again)
    return report


async def _files_without_rows(
    sessionmaker: async_sessionmaker[AsyncSession], listed: dict[str, int]
) -> tuple[list[str], set[str]]:
    """Listed files without a row, and those of them a sample uses (from before the rows)."""
    unknown: list[str] = []
    used: set[str] = set()
    async with sessionmaker() as session:
        for chunk in repository.chunks(listed):
            known = await repository.known_keys(session, chunk)
            new = [key for key in chunk if key not in known]
            unknown += new
            used |= await repository.referenced_keys(session, new) if new else set()
    return unknown, used


async def _unused_rows(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    unused: list[str] = []
    async with sessionmaker() as session:
        while page := await repository.unreferenced_rows(session, unused[-1] if unused else "", PAGE):
            unused += page
    return unused


async def _samples_against(
    sessionmaker: async_sessionmaker[AsyncSession], listed: dict[str, int]
) -> tuple[list[MissingFile], list[SampleFiles]]:
    """Samples with a key not in the listing; flagged samples whose files are all there again."""
    missing: list[MissingFile] = []
    found_again: list[SampleFiles] = []
    after = 0
    async with sessionmaker() as session:
        while page := await repository.samples_page(session, after, PAGE):
            after = page[-1].id
            for sample in page:
                gone = tuple(key for key in sample.keys if key not in listed)
                if gone:
                    missing.append(MissingFile(sample.id, sample.set_id, sample.filename, gone))
                elif sample.files_missing:
                    found_again.append(sample)
    return missing, found_again


async def _adopt(sessionmaker: async_sessionmaker[AsyncSession], files: Sequence[FileFacts]) -> None:
    """Files without a row (an import of the code before rows, files from before the migration):
    a row each, queued for the reclaimer, which keeps those a sample uses."""
    for start in range(0, len(files), repository.CHUNK):
        chunk = files[start : start + repository.CHUNK]

        async def once(chunk: Sequence[FileFacts] = chunk) -> None:
            async with sessionmaker() as session:
                await repository.add_stored_files(session, chunk)
                await repository.queue(session, [facts.key for facts in chunk])
                await session.commit()

        await retry_on_deadlock(once)


async def _queue(sessionmaker: async_sessionmaker[AsyncSession], keys: Sequence[str]) -> None:
    async def once() -> None:
        async with sessionmaker() as session:
            await repository.queue(session, keys)
            await session.commit()

    if keys:
        await retry_on_deadlock(once)


async def _measure(sessionmaker: async_sessionmaker[AsyncSession], listed: dict[str, int]) -> int:
    measured = 0
    for chunk in repository.chunks(listed):
        async with sessionmaker() as session:
            sizes = await repository.stored_file_sizes(session, chunk)
            unknown = {key: listed[key] for key, size in sizes.items() if size is None}
            if unknown:
                await repository.set_sizes(session, unknown)
                await session.commit()
            measured += len(unknown)
    return measured


async def exists_all(storage: Storage, keys: Sequence[str]) -> dict[str, bool]:
    """storage.exists() of each key, a few at a time."""
    found: dict[str, bool] = {}
    limiter = anyio.CapacityLimiter(EXISTS_AT_ONCE)

    async def one(key: str) -> None:
        async with limiter:
            found[key] = await storage.exists(key)

    async with anyio.create_task_group() as group:
        for key in keys:
            group.start_soon(one, key)
    return found


async def confirm_missing(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: Sequence[str]
) -> list[str]:
    """Of `keys`, those really gone: asked again of storage while their rows are locked and no
    reservation holds them (so no import is writing them); the samples using them are flagged."""
    gone: list[str] = []
    ordered = sorted(set(keys))
    for chunk in (ordered[start : start + reclaim.BATCH] for start in range(0, len(ordered), reclaim.BATCH)):

        async def once(chunk: list[str] = chunk) -> list[str]:
            async with sessionmaker() as session:
                # A row for a key that has none (so there is a row to lock), then the locks.
                await repository.add_stored_files(
                    session, [FileFacts(key, None, reclaim.UNKNOWN_MEDIA_TYPE) for key in chunk]
                )
                await repository.lock_stored_files(session, chunk)
                held = await repository.reserved_keys(session, chunk)
                present = await exists_all(storage, [key for key in chunk if key not in held])
                lost = [key for key, there in present.items() if not there]
                if lost:
                    ids = await repository.flag_samples_using(session, lost)
                    logger.warning("stored files missing: %d, used by samples %s", len(lost), ids[:50])
                await session.commit()
                return lost

        gone += await retry_on_deadlock(once)
    return gone


async def _unflag_present(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, samples: Sequence[SampleFiles]
) -> None:
    """Flagged samples whose files are all back (restored by hand, or repaired)."""
    if not samples:
        return
    present = await exists_all(storage, sorted({key for sample in samples for key in sample.keys}))
    whole = [sample.id for sample in samples if all(present[key] for key in sample.keys)]
    async with sessionmaker() as session:
        await repository.unflag_samples(session, whole)
        await session.commit()

"""The stored files of samples, as the deletes of samples see them.

Files are content-addressed and shared between samples, so no delete removes one: a delete of
samples (sample, package, set, group) queues their keys for the reclaimer in its own transaction,
and after the response the reclaimer deletes those no sample uses and no import holds
(features/storage, docs/decisions/0007-stored-files.md). An upload reserves its keys before it
writes them (`WrittenFiles`, in dependencies.py).
"""

from __future__ import annotations

import logging

from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.features.storage import reclaim
from tagmedx.features.storage import service as stored
from tagmedx.storage import Storage

logger = logging.getLogger(__name__)


async def queue_files_of(
    session: AsyncSession,
    *,
    sample_id: int | None = None,
    package_id: int | None = None,
    set_id: int | None = None,
    group_id: int | None = None,
) -> None:
    """In the delete's transaction, before its rows go: queue the keys of one sample, or of every
    sample of a package, a set or a group (exactly one id), so a server killed after the commit still
    reclaims them."""
    samples = stored.SamplesOf(sample_id=sample_id, package_id=package_id, set_id=set_id, group_id=group_id)
    await stored.queue_files_of(session, samples)


def reclaim_after_response(
    background: BackgroundTasks, sessionmaker: async_sessionmaker[AsyncSession], storage: Storage
) -> None:
    """After the response (so after the commit), reclaim what is queued; what this cannot do, the
    server's reclaimer does later."""
    background.add_task(reclaim.reclaim_quietly, sessionmaker, storage)


def schedule_file_cleanup(
    background: BackgroundTasks,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    keys: set[str],
) -> None:
    """For a change that leaves `keys` unused without deleting a sample (pixels masked anew): queue
    them after the response and reclaim those nothing uses. Better: queue them in the change's own
    transaction (features/storage/service.queue), so that no restart in between can lose them."""
    if keys:
        background.add_task(_queue_and_reclaim, sessionmaker, storage, sorted(keys))


async def _queue_and_reclaim(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: list[str]
) -> None:
    try:
        async with sessionmaker() as session:
            await stored.queue(session, keys)
            await session.commit()
    except reclaim.LATER:
        logger.exception("could not queue %d stored files; the next storage scan finds them", len(keys))
        return
    await reclaim.reclaim_quietly(sessionmaker, storage, keys)

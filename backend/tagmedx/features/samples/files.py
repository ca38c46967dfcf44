"""The stored files of samples: which keys a set of samples uses, and removing those no sample uses any more.

Keys are content-addressed, so one file may serve samples in several sets. Deleting a sample, package,
set or group therefore collects its keys first, deletes the rows, and after the commit removes only
the keys that no remaining sample references (run as a background task after the response).
"""

import logging
from collections.abc import Iterable

import anyio
import sqlalchemy as sa
from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.models import Sample
from tagmedx.storage import Storage, StorageError

logger = logging.getLogger(__name__)
_KEY_COLUMNS = (Sample.original_key, Sample.display_key, Sample.thumbnail_key, Sample.pixels_key)
_CHUNK = 500
CLEANUP_GRACE_SECONDS = 15.0


async def keys_of_samples(session: AsyncSession, condition: sa.ColumnElement[bool]) -> set[str]:
    """Every storage key used by the samples matching `condition` (e.g. `Sample.set_id == 3`)."""
    rows = await session.execute(sa.select(*_KEY_COLUMNS).where(condition))
    return {key for row in rows for key in row if key}


async def referenced_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    """The subset of `keys` still used by some sample."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for column in _KEY_COLUMNS:
            rows = await session.execute(sa.select(column).where(column.in_(chunk)).distinct())
            found.update(value for value in rows.scalars() if value)
    return found


async def delete_unreferenced(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: set[str]
) -> None:
    """Remove the files among `keys` that no sample references any more. Never raises."""
    if not keys:
        return
    try:
        async with sessionmaker() as session:
            orphans = keys - await referenced_keys(session, keys)
        await storage.delete_many(sorted(orphans))
    except (StorageError, sa.exc.SQLAlchemyError, OSError):
        logger.exception("could not remove %d stored files; they stay until the next cleanup", len(keys))


async def _grace() -> None:
    await anyio.sleep(CLEANUP_GRACE_SECONDS)


async def _delete_after_grace(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, keys: set[str]
) -> None:
    # An upload of the same content elsewhere may have written these files and not committed its
    # sample yet; after the grace period it has, and the reference check below sees it.
    await _grace()
    await delete_unreferenced(sessionmaker, storage, keys)


def schedule_file_cleanup(
    background: BackgroundTasks,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    keys: set[str],
) -> None:
    """After the response (so after the commit), remove the files of deleted samples."""
    if keys:
        background.add_task(_delete_after_grace, sessionmaker, storage, keys)

"""Guards of the sample routes and the tracker that holds an upload's files until its rows commit."""

import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.authz import Access, Action, guard
from tagmedx.config import Settings
from tagmedx.features.storage import reclaim
from tagmedx.features.storage import service as stored
from tagmedx.features.storage.reservations import FileHold, Lease
from tagmedx.features.storage.service import FileFacts
from tagmedx.models import Sample, Set
from tagmedx.storage import Storage
from tagmedx.storage.factory import AppStorage

logger = logging.getLogger(__name__)

SetUploader = Annotated[Access[Set], Depends(guard("set_id", Action.upload_samples))]
SetViewer = Annotated[Access[Set], Depends(guard("set_id", Action.view_samples))]
SampleViewer = Annotated[Access[Sample], Depends(guard("sample_id", Action.view_samples))]
SampleDeleter = Annotated[Access[Sample], Depends(guard("sample_id", Action.delete_samples))]
SampleExporter = Annotated[Access[Sample], Depends(guard("sample_id", Action.export))]


class WrittenFiles(FileHold):
    """The files one request writes: reserved before they are written (`reserve`), claimed in the
    transaction that commits the rows using them (`claim`). A caller that writes files without
    reserving them (pixels masked anew) adds their keys to `written` and those its rows use to `kept`."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession] | None = None, lease: Lease | None = None
    ) -> None:
        super().__init__(sessionmaker, lease or Lease())
        self.written: set[str] = set()
        self.kept: set[str] = set()

    async def finish(self, storage: Storage, *, committed: bool) -> None:
        """After the request's transaction: what it holds and does not use goes back, and is
        reclaimed now if nothing else uses it. Never raises: the reclaimer finishes what this could not."""
        try:
            keys = await self.release(committed=committed)
            keys |= await self._queue_unreserved()
        except reclaim.LATER:
            logger.exception("could not give back the files of upload %s; the reclaimer will", self.holder)
            return
        if keys and self.sessionmaker is not None:
            await reclaim.reclaim_quietly(self.sessionmaker, storage, sorted(keys))

    async def _queue_unreserved(self) -> set[str]:
        """Keys written outside the protocol get a row and a turn in the queue (the reclaimer keeps
        those a sample uses)."""
        keys = self.written - self.reserved
        if not keys or self.sessionmaker is None:
            return set()
        async with self.sessionmaker() as session:
            await stored.adopt(session, [FileFacts(key, None, reclaim.UNKNOWN_MEDIA_TYPE) for key in keys])
            await session.commit()
        return keys


def lease_of(settings: Settings) -> Lease:
    return Lease(settings.file_lease_seconds, settings.file_lease_renew_seconds)


async def track_written_files(request: Request, storage: AppStorage) -> AsyncIterator[WrittenFiles]:
    """Declare it FIRST in the handler: it is entered before the database session, so it exits after
    the session has committed or rolled back."""
    tracker = WrittenFiles(request.app.state.sessionmaker, lease_of(request.app.state.settings))
    try:
        yield tracker
    except BaseException:
        await tracker.finish(storage, committed=False)
        raise
    await tracker.finish(storage, committed=True)


UploadTracker = Annotated[WrittenFiles, Depends(track_written_files, scope="function")]

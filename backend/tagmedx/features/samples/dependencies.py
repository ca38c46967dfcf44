"""Guards of the sample routes and the tracker that removes an upload's files when it does not land."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from tagmedx.authz import Access, Action, guard
from tagmedx.features.samples import files
from tagmedx.models import Sample, Set
from tagmedx.storage.factory import AppStorage

SetUploader = Annotated[Access[Set], Depends(guard("set_id", Action.upload_samples))]
SetViewer = Annotated[Access[Set], Depends(guard("set_id", Action.view_samples))]
SampleViewer = Annotated[Access[Sample], Depends(guard("sample_id", Action.view_samples))]
SampleDeleter = Annotated[Access[Sample], Depends(guard("sample_id", Action.delete_samples))]
SampleExporter = Annotated[Access[Sample], Depends(guard("sample_id", Action.export))]


@dataclass
class WrittenFiles:
    """Storage keys an upload wrote (`written`) and those its created samples use (`kept`)."""

    written: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)


async def track_written_files(request: Request, storage: AppStorage) -> AsyncIterator[WrittenFiles]:
    """Declare it FIRST in the handler: it is entered before the database session, so it exits after
    the session has committed or rolled back. When the request fails (the commit included), every
    file it wrote that no sample references is removed; on success, those no created sample uses."""
    tracker = WrittenFiles()
    sessionmaker = request.app.state.sessionmaker
    try:
        yield tracker
    except BaseException:
        await files.delete_unreferenced(sessionmaker, storage, tracker.written)
        raise
    await files.delete_unreferenced(sessionmaker, storage, tracker.written - tracker.kept)


UploadTracker = Annotated[WrittenFiles, Depends(track_written_files, scope="function")]

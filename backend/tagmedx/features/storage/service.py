"""What other features ask of stored files: queue keys a delete leaves unused, find samples an upload
may repair and repair them, and a group's storage figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.storage import repository
from tagmedx.features.storage.repository import FileFacts as FileFacts  # what adopt and a hold take
from tagmedx.features.storage.repository import SamplesOf as SamplesOf  # what queue_files_of takes
from tagmedx.features.storage.scan import exists_all
from tagmedx.models import Sample, Set
from tagmedx.storage import Storage


async def queue_files_of(session: AsyncSession, samples: SamplesOf) -> None:
    await repository.queue_keys_of_samples(session, samples)


async def queue(session: AsyncSession, keys: Iterable[str]) -> None:
    await repository.queue(session, keys)


async def broken_samples(
    session: AsyncSession, storage: Storage, sample_ids: Sequence[int]
) -> dict[int, set[str]]:
    """Of `sample_ids`, the samples an upload of the same image may repair, with their keys: those
    flagged or with a file storage does not have. A sample whose pixels were masked is never one
    (its files hold the masked pixels; the original upload would bring the text back)."""
    samples = [s for s in await repository.sample_files(session, sample_ids) if s.pixel_revision == 0]
    unflagged = [s for s in samples if not s.files_missing]
    present = await exists_all(storage, sorted({key for s in unflagged for key in s.keys}))
    return {s.id: set(s.keys) for s in samples if s.files_missing or not all(present[key] for key in s.keys)}


async def repair(session: AsyncSession, sample_id: int, values: dict[str, Any], old_keys: set[str]) -> None:
    """Point the sample at files written again (by an upload holding them) and clear its flag; its
    old keys that the new files do not reuse are queued."""
    names = ("original", "display", "thumbnail", "pixels")
    files = {f"{kind}_key": values.get(f"{kind}_key") for kind in names}
    files |= {f"{kind}_media_type": values[f"{kind}_media_type"] for kind in names[:3]}
    await repository.replace_sample_files(session, sample_id, files)
    await repository.queue(session, old_keys - {key for key in files.values() if key})


@dataclass(frozen=True)
class MissingSample:
    sample_id: int
    set_id: int
    filename: str


@dataclass(frozen=True)
class GroupStorage:
    samples: int
    bytes: int
    missing: list[MissingSample]


async def group_storage(session: AsyncSession, group_id: int) -> GroupStorage:
    """The group's samples, the bytes of the distinct files they use, and those flagged as missing
    files (by serving, or by the storage scan of the server's start and `storage check`)."""
    in_group = Sample.set_id.in_(sa.select(Set.id).where(Set.group_id == group_id))
    flagged = await repository.flagged_samples(session, in_group)
    return GroupStorage(
        samples=await repository.count_samples(session, in_group),
        bytes=await repository.bytes_used(session, in_group),
        missing=[MissingSample(s.id, s.set_id, s.filename) for s in flagged],
    )


async def adopt(session: AsyncSession, files: Sequence[FileFacts]) -> None:
    """Rows for files written outside the protocol (when absent), queued for the reclaimer."""
    await repository.add_stored_files(session, files)
    await repository.queue(session, [facts.key for facts in files])

"""Business rules of samples: upload (with packing into packages), listing, reading, deleting."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

import sqlalchemy as sa
from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz import Access
from tagmedx.config import Settings
from tagmedx.errors import NotFound
from tagmedx.features.audit.service import record_for
from tagmedx.features.samples import files, repository
from tagmedx.features.samples.dependencies import WrittenFiles
from tagmedx.features.samples.errors import SimultaneousDuplicate, StorageFailed
from tagmedx.features.samples.intake import (
    Candidate,
    Judged,
    Limits,
    Part,
    Refusal,
    clean_filename,
    close_parts,
    judge_parts,
)
from tagmedx.features.samples.processing import Draft, image_limiter, prepare, store
from tagmedx.features.samples.repository import SampleFilters
from tagmedx.features.storage import service as stored
from tagmedx.imaging import ImageLimits
from tagmedx.models import Sample, Set
from tagmedx.pagination import PageParams
from tagmedx.storage import Storage, StorageError

AUDITED_IDS = 1000
# An upload of one image this small holds its files by its own transaction (features/storage/
# reservations.py): on SQLite the write lock is then taken before its files are written, a few
# milliseconds, instead of a transaction more per upload.
HELD_IN_TRANSACTION_BYTES = 8 * 1024 * 1024


class Upload(Protocol):
    """One uploaded file as the service needs it: FastAPI's `UploadFile` is one, the demo's too."""

    @property
    def filename(self) -> str | None: ...
    @property
    def file(self) -> BinaryIO: ...
    @property
    def size(self) -> int | None: ...


@dataclass
class UploadOutcome:
    created: list[Sample] = field(default_factory=list)
    rejected: list[Refusal] = field(default_factory=list)
    repaired: list[Sample] = field(default_factory=list)  # samples whose missing files were written again


async def upload_samples(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    access: Access[Set],
    uploads: Sequence[Upload],
    written: WrittenFiles,
) -> UploadOutcome:
    """Judge, process and store every uploaded image, then add them to the set in one go."""
    parts = [
        Part(clean_filename(upload.filename, f"file-{index + 1}"), upload.file, _size(upload))
        for index, upload in enumerate(uploads)
    ]
    outcome = UploadOutcome()
    try:
        judged = await to_thread.run_sync(judge_parts, parts, _limits(settings), limiter=image_limiter())
        candidates, broken = await _without_duplicates(session, storage, access.obj.id, judged, outcome)
        drafts = await _process(session, storage, settings, access, candidates, outcome, written)
    finally:
        close_parts(parts)
    if drafts:
        outcome.created = await _add_to_set(session, storage, access.obj.id, drafts, outcome, written, broken)
    outcome.rejected.sort(key=lambda refusal: refusal.position)
    if outcome.created or outcome.repaired:
        await record_for(
            session,
            access,
            action="sample.upload",
            object_type="set",
            object_id=access.obj.id,
            detail={
                "created": len(outcome.created),
                "rejected": len(outcome.rejected),
                "sample_ids": [sample.id for sample in outcome.created[:AUDITED_IDS]],
                **_repaired_detail(outcome.repaired),
            },
        )
    return outcome


def _repaired_detail(repaired: list[Sample]) -> dict[str, Any]:
    if not repaired:
        return {}
    return {"repaired": len(repaired), "repaired_ids": [sample.id for sample in repaired[:AUDITED_IDS]]}


def _size(upload: Upload) -> int:
    if upload.size is not None:
        return upload.size
    upload.file.seek(0, 2)
    return upload.file.tell()


def _limits(settings: Settings) -> Limits:
    return Limits(
        settings.max_file_bytes,
        settings.max_zip_files,
        settings.max_zip_uncompressed_bytes,
        settings.max_zip_ratio,
    )


def _duplicate(candidate: Candidate, sample_id: int) -> Refusal:
    return candidate.refuse(f"This image is already in this set as sample {sample_id}.", "duplicate", 409)


async def _without_duplicates(
    session: AsyncSession, storage: Storage, set_id: int, judged: list[Judged], outcome: UploadOutcome
) -> tuple[list[Candidate], dict[int, set[str]]]:
    """Candidates not yet in the set (or in it with files missing: the upload repairs them) and not
    repeated within the upload (refusing the others); and the broken samples with their keys. The
    check under the set's lock is the one that counts."""
    hashes = [item.sha256 for item in judged if isinstance(item, Candidate)]
    # Checked before anything is written: a sample whose files are missing must be told apart before
    # the upload writes those files again; an archive uploaded again is not processed all over again.
    existing = await repository.existing_samples(session, set_id, hashes)
    broken = await stored.broken_samples(session, storage, list(existing.values())) if existing else {}
    existing = {sha: sample_id for sha, sample_id in existing.items() if sample_id not in broken}
    seen: dict[str, str] = {}
    candidates: list[Candidate] = []
    for item in judged:
        if isinstance(item, Refusal):
            outcome.rejected.append(item)
        elif item.sha256 in existing:
            outcome.rejected.append(_duplicate(item, existing[item.sha256]))
        elif item.sha256 in seen:
            outcome.rejected.append(
                item.refuse(
                    f"The same image appears earlier in this upload as '{seen[item.sha256]}'.",
                    "duplicate",
                    409,
                )
            )
        else:
            seen[item.sha256] = item.label
            candidates.append(item)
    return candidates, broken


async def _process(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    access: Access[Set],
    candidates: list[Candidate],
    outcome: UploadOutcome,
    written: WrittenFiles,
) -> list[Draft]:
    limits = ImageLimits(max_file_bytes=settings.max_file_bytes, max_pixels=settings.max_image_pixels)
    policy: repository.GroupDeidentification | None = None
    drafts: list[Draft] = []
    if len(candidates) == 1 and candidates[0].size <= HELD_IN_TRANSACTION_BYTES:
        written.within_transaction()  # one small image: no transaction of its own for its files
    for candidate in candidates:
        if policy is None and candidate.format == "dicom":
            policy = await repository.group_deidentification(session, access.group_id)
        uid_secret = _secret_bytes(policy.uid_secret) if policy else b""
        result = await prepare(candidate, uid_secret, limits, shift_dates=bool(policy and policy.shift_dates))
        if isinstance(result, Refusal):
            outcome.rejected.append(result)
            continue
        drafts.append(await store(storage, result, written))
    return drafts


def _secret_bytes(secret: str) -> bytes:
    try:
        return bytes.fromhex(secret)
    except ValueError:
        return secret.encode()


async def _add_to_set(
    session: AsyncSession,
    storage: Storage,
    set_id: int,
    drafts: list[Draft],
    outcome: UploadOutcome,
    written: WrittenFiles,
    broken: dict[int, set[str]],
) -> list[Sample]:
    """Under the set's lock: refuse what is already in the set (the check is authoritative: every
    insert of samples holds this lock) unless its files were missing (`broken`, or flagged: then
    repair it), pack and insert the rest, and claim the files they use."""
    package_size = await repository.lock_set(session, set_id)
    if package_size is None:
        raise NotFound(f"Set {set_id} was not found.", code="set_not_found")
    existing = await repository.existing_samples(session, set_id, [d.content_sha256 for d in drafts])
    others = [sample_id for sample_id in existing.values() if sample_id not in broken]
    if others:
        broken = broken | await stored.broken_samples(session, storage, others)
    fresh = [draft for draft in drafts if draft.content_sha256 not in existing]
    for draft in drafts:
        sample_id = existing.get(draft.content_sha256)
        if sample_id in broken:
            await stored.repair(session, sample_id, draft.values, broken[sample_id])
            outcome.repaired.append(await session.get_one(Sample, sample_id, populate_existing=True))
        elif sample_id is not None:
            outcome.rejected.append(_duplicate(draft.candidate, sample_id))
    try:
        created = await _pack_and_insert(session, set_id, max(package_size, 1), fresh) if fresh else []
    except sa.exc.IntegrityError as error:  # a writer that bypassed the lock: nothing of this upload lands
        raise SimultaneousDuplicate() from error
    kept = {draft.content_sha256 for draft in fresh} | {s.content_sha256 for s in outcome.repaired}
    try:
        await written.claim(
            session, storage, {key for d in drafts if d.content_sha256 in kept for key in d.storage_keys()}
        )
    except StorageError as error:
        raise StorageFailed() from error
    return created


def plan_packing(
    open_packages: list[tuple[int, int]], package_size: int, count: int
) -> tuple[list[int], int]:
    """Package ids for the first samples (filling open packages, oldest first), and how many new
    packages of `package_size` the rest need."""
    assigned: list[int] = []
    for package_id, samples in open_packages:
        room = max(package_size - samples, 0)
        assigned.extend([package_id] * min(room, count - len(assigned)))
    rest = count - len(assigned)
    return assigned, math.ceil(rest / package_size)


async def _pack_and_insert(
    session: AsyncSession, set_id: int, package_size: int, drafts: list[Draft]
) -> list[Sample]:
    open_packages = await repository.open_packages(session, set_id, package_size)
    assigned, new_count = plan_packing(open_packages, package_size, len(drafts))
    if new_count:
        for package_id in await repository.add_packages(session, set_id, new_count):
            assigned.extend([package_id] * package_size)
    samples = [
        draft.to_sample(set_id, package_id) for draft, package_id in zip(drafts, assigned, strict=False)
    ]
    await repository.add_samples(session, samples)
    return samples


# ---------------------------------------------------------------------------------- reading


async def list_samples(
    session: AsyncSession, access: Access[Set], filters: SampleFilters, params: PageParams, offset: int = 0
) -> tuple[Sequence[Any], str | None]:
    """A page of the set's samples (`offset` of them skipped): rows with repository.PAGE_COLUMNS."""
    return await repository.list_samples(session, access.obj.id, filters, access.user.id, params, offset)


async def count_samples(
    session: AsyncSession, access: Access[Set], filters: SampleFilters, below_number: int | None
) -> int:
    """How many of the set's samples match; with `below_number`, how many come before that number
    (the position of sample #below_number in the filtered order, for a grid that jumps to it)."""
    return await repository.count_samples(session, access.obj.id, filters, access.user.id, below_number)


# --------------------------------------------------------------------------------- deleting


async def delete_sample(
    session: AsyncSession,
    access: Access[Sample],
) -> None:
    """Delete the sample (its examinations go with it) and its package when left empty; its files
    are queued for the reclaimer, which the controller runs after the commit."""
    sample = access.obj
    await repository.lock_set(session, sample.set_id)
    await files.queue_files_of(session, sample_id=sample.id)
    await repository.delete_sample(session, sample.id)
    package_deleted = await repository.delete_package_if_empty(session, sample.package_id)
    await record_for(
        session,
        access,
        action="sample.delete",
        object_type="sample",
        object_id=sample.id,
        detail={
            "set_id": sample.set_id,
            "package_id": sample.package_id,
            "filename": sample.filename,
            "package_deleted": package_deleted,
        },
    )

"""Every SQL statement of redaction: the OCR queue (claims on samples), text regions, masked samples."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Sample, SampleFormat, TextRegion, TextScanStatus

_PENDING = TextScanStatus.pending


@dataclass(frozen=True)
class ScanJob:
    """A claimed sample: what the scanner reads, and the claim that lets it write the result."""

    sample_id: int
    claim: str
    format: SampleFormat
    width: int
    height: int
    original_key: str
    display_key: str


@dataclass(frozen=True)
class FoundRegion:
    x: int
    y: int
    width: int
    height: int
    text: str
    confidence: float


def _claimable(stale_before: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Sample.text_scan_status == _PENDING,
        sa.or_(Sample.text_scan_claim.is_(None), Sample.text_scan_claimed_at < stale_before),
    )


async def claimable_ids(session: AsyncSession, stale_before: datetime, limit: int) -> list[int]:
    """Pending samples nobody holds (or whose holder's claim went stale), oldest first."""
    rows = await session.scalars(
        sa.select(Sample.id).where(_claimable(stale_before)).order_by(Sample.id).limit(limit)
    )
    return list(rows)


async def claim(
    session: AsyncSession, sample_id: int, token: str, now: datetime, stale_before: datetime
) -> bool:
    """Take the sample for this scanner: only one UPDATE of all the processes' can match."""
    result = await session.execute(
        sa.update(Sample)
        .where(Sample.id == sample_id, _claimable(stale_before))
        .values(text_scan_claim=token, text_scan_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def job(session: AsyncSession, sample_id: int, token: str) -> ScanJob | None:
    row = (
        await session.execute(
            sa.select(
                Sample.format, Sample.width, Sample.height, Sample.original_key, Sample.display_key
            ).where(Sample.id == sample_id, Sample.text_scan_claim == token)
        )
    ).one_or_none()
    if row is None:
        return None
    return ScanJob(sample_id, token, row.format, row.width, row.height, row.original_key, row.display_key)


async def finish(
    session: AsyncSession,
    sample_id: int,
    token: str,
    status: TextScanStatus,
    regions: Sequence[FoundRegion],
) -> bool:
    """Store a scan's result, if the claim still holds (a mask or a delete meanwhile voids it)."""
    result = await session.execute(
        sa.update(Sample)
        .where(Sample.id == sample_id, Sample.text_scan_claim == token)
        .values(
            text_scan_status=status,
            suspected_text=bool(regions),
            text_scan_claim=None,
            text_scan_claimed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False
    await replace_regions(session, sample_id, regions)
    return True


async def replace_regions(session: AsyncSession, sample_id: int, regions: Sequence[FoundRegion]) -> None:
    await session.execute(sa.delete(TextRegion).where(TextRegion.sample_id == sample_id))
    if regions:
        await session.execute(
            sa.insert(TextRegion),
            [{"sample_id": sample_id, **region.__dict__} for region in regions],
        )


async def mark_all_pending(session: AsyncSession, status: TextScanStatus) -> int:
    """Every unclaimed pending sample gets `status` (OCR off: not_scanned); how many."""
    result = await session.execute(
        sa.update(Sample)
        .where(Sample.text_scan_status == _PENDING, Sample.text_scan_claim.is_(None))
        .values(text_scan_status=status)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def requeue_not_scanned(session: AsyncSession) -> None:
    """OCR is on now: the samples left unscanned while it was off join the queue."""
    await session.execute(
        sa.update(Sample)
        .where(Sample.text_scan_status == TextScanStatus.not_scanned)
        .values(text_scan_status=_PENDING)
        .execution_options(synchronize_session=False)
    )


async def requeue(session: AsyncSession, sample_id: int) -> None:
    """The sample is scanned again; a scan in flight is voided (its claim no longer matches)."""
    await session.execute(
        sa.update(Sample)
        .where(Sample.id == sample_id)
        .values(text_scan_status=_PENDING, text_scan_claim=None, text_scan_claimed_at=None)
        .execution_options(synchronize_session=False)
    )


async def regions_of(session: AsyncSession, sample_id: int) -> list[TextRegion]:
    rows = await session.scalars(
        sa.select(TextRegion).where(TextRegion.sample_id == sample_id).order_by(TextRegion.id)
    )
    return list(rows)


async def replace_pixels(
    session: AsyncSession, sample_id: int, old_original_key: str, values: dict[str, Any]
) -> bool:
    """Point the sample at its masked files, back in the OCR queue, unless another mask came first
    (its original is no longer `old_original_key`); whether it was changed."""
    result = await session.execute(
        sa.update(Sample)
        .where(Sample.id == sample_id, Sample.original_key == old_original_key)
        .values(
            **values,
            pixel_revision=Sample.pixel_revision + 1,
            text_scan_status=_PENDING,
            suspected_text=False,
            text_scan_claim=None,
            text_scan_claimed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False
    await replace_regions(session, sample_id, [])
    return True

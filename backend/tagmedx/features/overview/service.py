"""The manager's overview: their groups' progress and what needs them (issue 13 item 12).

What needs a manager: packages marked ready (to review or export), readings their readers marked
tentative or bad quality, packages held without a save for STALLED_AFTER days, and images with
text in their pixels or with missing files. Counted per set in a few grouped reads, whatever the
number of sets.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.overview import repository
from tagmedx.features.overview.schemas import (
    GroupOverview,
    Overview,
    PackageCounts,
    SetOverview,
    StalledPackage,
)
from tagmedx.models import User

STALLED_AFTER = timedelta(days=3)


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def overview(session: AsyncSession, user: User, now: datetime | None = None) -> Overview:
    rows = await repository.managed_sets(session, user.id)
    set_ids = [row.set_id for row in rows if row.set_id is not None]
    samples = await repository.sample_counts(session, set_ids) if set_ids else {}
    readings = await repository.reading_counts(session, set_ids) if set_ids else {}
    packages = await repository.package_counts(session, set_ids) if set_ids else {}
    stalled = _stalled(await repository.open_packages(session, set_ids) if set_ids else [], now)
    groups: dict[int, GroupOverview] = {}
    for row in rows:
        group = groups.setdefault(
            row.group_id, GroupOverview(group_id=row.group_id, name=row.group_name, sets=[])
        )
        if row.set_id is not None:
            group.sets.append(
                _set_overview(
                    row, samples.get(row.set_id), readings.get(row.set_id), packages.get(row.set_id)
                )
            )
            group.sets[-1].stalled = stalled.get(row.set_id, [])
    return Overview(stalled_after_days=STALLED_AFTER.days, groups=list(groups.values()))


def _count(row: Any, name: str) -> int:
    return int(getattr(row, name)) if row is not None else 0


def _set_overview(row: Any, samples: Any, readings: Any, packages: Any) -> SetOverview:
    return SetOverview(
        set_id=row.set_id,
        name=row.set_name,
        type=row.set_type,
        samples=_count(samples, "samples"),
        annotated_samples=_count(readings, "annotated"),
        packages=PackageCounts(
            unassigned=_count(packages, "unassigned"),
            in_progress=_count(packages, "in_progress"),
            ready=_count(packages, "ready"),
        ),
        tentative_samples=_count(readings, "tentative"),
        bad_quality_samples=_count(readings, "bad_quality"),
        suspected_text_samples=_count(samples, "suspected_text"),
        missing_files_samples=_count(samples, "files_missing"),
        stalled=[],
    )


def _stalled(rows: Any, now: datetime | None) -> dict[int, list[StalledPackage]]:
    """The open packages whose last activity is older than STALLED_AFTER, by set, oldest first."""
    limit = (now or datetime.now(UTC)) - STALLED_AFTER
    stalled: dict[int, list[StalledPackage]] = {}
    for row in rows:
        last = _as_utc(max(moment for moment in (row.updated_at, row.last_save) if moment is not None))
        if last < limit:
            name = " ".join(part for part in (row.title, row.name, row.surname) if part)
            stalled.setdefault(row.set_id, []).append(
                StalledPackage(
                    package_id=row.id,
                    number=row.number,
                    set_id=row.set_id,
                    assignee_id=row.assignee_id,
                    assignee_name=name,
                    last_activity_at=last,
                )
            )
    for packages in stalled.values():
        packages.sort(key=lambda package: package.last_activity_at)
    return stalled

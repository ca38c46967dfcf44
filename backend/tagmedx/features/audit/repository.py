"""Every SQL statement of the audit trail: inserts and reads only; nothing updates or deletes an event."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.db import SHORT_WRITE
from tagmedx.models import AuditEvent, Examination, ImageView, Label, Package, Sample, Set, User
from tagmedx.pagination import PageParams, fetch_page


@dataclass(frozen=True)
class EventFilters:
    user_id: int | None = None
    action: str | None = None  # exact, or a prefix when it ends with "."
    since: datetime | None = None
    until: datetime | None = None


async def list_events(
    session: AsyncSession, group_id: int, filters: EventFilters, params: PageParams
) -> tuple[Sequence[Any], str | None]:
    """The group's events with their author (one outer join), newest first."""
    statement = (
        sa.select(AuditEvent, User.email, User.name, User.surname, User.title)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.group_id == group_id)
    )
    if filters.user_id is not None:
        statement = statement.where(AuditEvent.user_id == filters.user_id)
    if filters.action:
        if filters.action.endswith("."):
            escaped = filters.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            statement = statement.where(AuditEvent.action.like(f"{escaped}%", escape="\\"))
        else:
            statement = statement.where(AuditEvent.action == filters.action)
    if filters.since is not None:
        statement = statement.where(AuditEvent.at >= filters.since)
    if filters.until is not None:
        statement = statement.where(AuditEvent.at <= filters.until)
    return await fetch_page(session, statement, AuditEvent.id, params, descending=True)


async def list_image_views(
    session: AsyncSession,
    group_id: int,
    params: PageParams,
    *,
    user_id: int | None,
    since: date | None,
    until: date | None,
) -> tuple[Sequence[Any], str | None]:
    statement = sa.select(ImageView).where(ImageView.group_id == group_id)
    if user_id is not None:
        statement = statement.where(ImageView.user_id == user_id)
    if since is not None:
        statement = statement.where(ImageView.day >= since)
    if until is not None:
        statement = statement.where(ImageView.day <= until)
    return await fetch_page(session, statement, ImageView.id, params, descending=True)


async def add_event(session: AsyncSession, values: dict[str, Any]) -> None:
    """Insert one event now, in the caller's transaction. A Core INSERT: the ORM's unit of work cost a
    save a fifth of its time (docs/PERFORMANCE.md)."""
    await session.execute(_INSERT_EVENT, values)


_INSERT_EVENT = sa.insert(cast(sa.Table, AuditEvent.__table__)).execution_options(**SHORT_WRITE)


async def add_image_view(session: AsyncSession, group_id: int, user_id: int, day: date) -> None:
    """count + 1 for (group, user, day) in one statement: no read-modify-write race."""
    values = {"group_id": group_id, "user_id": user_id, "day": day, "count": 1}
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        my_insert = mysql.insert(ImageView).values(**values)
        statement: Any = my_insert.on_duplicate_key_update(count=ImageView.count + 1)
    else:
        lite_insert = sqlite.insert(ImageView).values(**values)
        statement = lite_insert.on_conflict_do_update(
            index_elements=["group_id", "user_id", "day"], set_={"count": ImageView.count + 1}
        )
    await session.execute(statement)


@dataclass(frozen=True)
class SampleName:
    filename: str
    number: int
    set_id: int


@dataclass(frozen=True)
class PackageName:
    number: int
    set_id: int


@dataclass
class Names:
    """What a page of the story names, by id: only objects of the group itself are looked up."""

    users: dict[int, str]
    sets: dict[int, str]
    samples: dict[int, SampleName]
    packages: dict[int, PackageName]
    labels: dict[int, str]
    readings: dict[int, int]  # examination id -> sample id


@dataclass
class WantedNames:
    users: set[int]
    sets: set[int]
    samples: set[int]
    packages: set[int]
    labels: set[int]
    readings: set[int]


def full_name(title: str | None, name: str, surname: str) -> str:
    return " ".join(part for part in (title, name, surname) if part)


async def names_of(session: AsyncSession, group_id: int, wanted: WantedNames) -> Names:
    """The names of the story page's people and objects: one statement per kind asked for."""
    in_group = Set.group_id == group_id
    readings = await _pairs(
        session,
        sa.select(Examination.id, Examination.sample_id)
        .join(Set, Set.id == Examination.set_id)
        .where(Examination.id.in_(wanted.readings), in_group),
        wanted.readings,
    )
    samples = await _rows(
        session,
        sa.select(Sample.id, Sample.filename, Sample.number, Sample.set_id)
        .join(Set, Set.id == Sample.set_id)
        .where(Sample.id.in_(wanted.samples | set(readings.values())), in_group),
        wanted.samples | set(readings.values()),
    )
    packages = await _rows(
        session,
        sa.select(Package.id, Package.number, Package.set_id)
        .join(Set, Set.id == Package.set_id)
        .where(Package.id.in_(wanted.packages), in_group),
        wanted.packages,
    )
    set_ids = wanted.sets | {row.set_id for row in samples} | {row.set_id for row in packages}
    users = await _rows(
        session,
        sa.select(User.id, User.title, User.name, User.surname).where(User.id.in_(wanted.users)),
        wanted.users,
    )
    return Names(
        users={row.id: full_name(row.title, row.name, row.surname) for row in users},
        sets=await _pairs(session, sa.select(Set.id, Set.name).where(Set.id.in_(set_ids), in_group), set_ids),
        samples={row.id: SampleName(row.filename, row.number, row.set_id) for row in samples},
        packages={row.id: PackageName(row.number, row.set_id) for row in packages},
        labels=await _pairs(
            session,
            sa.select(Label.id, Label.name)
            .join(Set, Set.id == Label.set_id)
            .where(Label.id.in_(wanted.labels), in_group),
            wanted.labels,
        ),
        readings=readings,
    )


async def _rows(session: AsyncSession, statement: sa.Select[Any], ids: set[int]) -> Sequence[Any]:
    return (await session.execute(statement)).all() if ids else []


async def _pairs(session: AsyncSession, statement: sa.Select[Any], ids: set[int]) -> dict[Any, Any]:
    return {key: value for key, value in await _rows(session, statement, ids)}

"""Every SQL statement of the audit trail: inserts and reads only; nothing updates or deletes an event."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, ImageView, User
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
        sa.select(AuditEvent, User.email, User.name, User.surname)
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

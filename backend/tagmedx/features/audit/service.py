"""The audit trail: an append-only record of who did what and when. Nothing here updates or deletes."""

import logging
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.authz import Access
from tagmedx.db import cannot_write_now, is_connection_error
from tagmedx.errors import BadRequest
from tagmedx.features.audit import repository
from tagmedx.features.audit.actions import AuditAction
from tagmedx.features.audit.narration import Narrator, wanted_names
from tagmedx.features.audit.repository import EventFilters
from tagmedx.features.audit.schemas import AuditEventOut, AuditUser, ImageViewsOut, StoryEntryOut
from tagmedx.features.audit.story import Collapser, Entry
from tagmedx.models import AuditEvent
from tagmedx.pagination import Page, PageParams, encode_cursor

STORY_BATCH = 500  # raw events read at a time for the story
STORY_SCAN = 5000  # at most this many raw events a page: a page of autosaves ends there

logger = logging.getLogger("tagmedx.audit")


class BadTimeRange(BadRequest):
    code = "bad_time_range"
    detail = "`since` must not be later than `until`."


async def record(
    session: AsyncSession,
    *,
    action: AuditAction | str,
    user_id: int | None,
    group_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> None:
    """Add one event to the caller's transaction: it is kept exactly when the change it describes is.

    `action` is `<object>.<verb>`, e.g. `group.create`, `member.role_change`, `set.export`: one of
    AuditAction (ValueError otherwise), so the API never lists an action the web app cannot name.
    """
    await repository.add_event(
        session,
        {
            "group_id": group_id,
            "user_id": user_id,
            "action": AuditAction(action).value,
            "object_type": object_type,
            "object_id": object_id,
            "detail": detail,
            "ip_address": ip_address,
        },
    )


async def record_for(
    session: AsyncSession,
    access: Access[Any],
    *,
    action: AuditAction | str,
    object_type: str,
    object_id: int,
    detail: dict[str, Any] | None = None,
) -> None:
    """`record` of what the caller of a guarded route did: who and in which group come from `access`."""
    await record(
        session,
        action=action,
        user_id=access.user.id,
        group_id=access.group_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


async def count_image_view(session: AsyncSession, group_id: int, user_id: int) -> None:
    """One more image opened by `user_id` in `group_id` today (UTC): counted, not logged one by one."""
    await repository.add_image_view(session, group_id, user_id, datetime.now(UTC).date())


async def count_image_view_later(
    sessionmaker: async_sessionmaker[AsyncSession], group_id: int, user_id: int
) -> None:
    """count_image_view in a transaction of its own, once the image was sent (a background task): the
    image opens even while the database cannot be written (its write lock held by a backup, its disk
    full, docs/RELIABILITY.md); such a view is logged instead of counted."""
    try:
        async with sessionmaker() as session, session.begin():
            await count_image_view(session, group_id, user_id)
    except Exception as error:
        if not (cannot_write_now(error) or is_connection_error(error)):
            raise
        logger.warning("image view not counted (group %d, user %d): %s", group_id, user_id, error)


def as_utc(moment: datetime | None) -> datetime | None:
    """A time without an offset is read as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _checked(filters: EventFilters) -> EventFilters:
    since, until = as_utc(filters.since), as_utc(filters.until)
    if since is not None and until is not None and since > until:
        raise BadTimeRange()
    return EventFilters(user_id=filters.user_id, action=filters.action, since=since, until=until)


async def list_events(
    session: AsyncSession, group_id: int, filters: EventFilters, params: PageParams
) -> Page[AuditEventOut]:
    filters = _checked(filters)
    rows, next_cursor = await repository.list_events(session, group_id, filters, params)
    return Page[AuditEventOut](items=[_event_out(row) for row in rows], next_cursor=next_cursor)


def _user(row: Any) -> AuditUser | None:
    if not row.email:
        return None
    return AuditUser(email=row.email, name=row.name, surname=row.surname, title=row.title)


def _event_out(row: Any) -> AuditEventOut:
    event: AuditEvent = row[0]
    user = _user(row)
    return AuditEventOut(
        id=event.id,
        at=event.at,
        user_id=event.user_id,
        user=user,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        detail=event.detail,
    )


async def list_story(
    session: AsyncSession, group_id: int, filters: EventFilters, params: PageParams
) -> Page[StoryEntryOut]:
    """Up to `limit` story entries, newest first (features/audit/story.py): raw events are read in
    batches until the page is full, the trail ends, or STORY_SCAN events were read."""
    filters = _checked(filters)
    collapser = Collapser(limit=params.limit)
    after_id, scanned, last_id = params.after_id, 0, None
    while scanned < STORY_SCAN:
        batch = PageParams(limit=min(STORY_BATCH, STORY_SCAN - scanned), after_id=after_id)
        rows, more = await repository.list_events(session, group_id, filters, batch)
        full = not all(collapser.add(row) for row in rows)
        scanned, last_id = scanned + len(rows), rows[-1][0].id if rows else last_id
        if full or more is None:
            break
        after_id = last_id
    if collapser.stopped_at is not None:
        next_cursor: str | None = encode_cursor(collapser.stopped_at + 1)
    else:
        next_cursor = encode_cursor(last_id) if scanned >= STORY_SCAN and last_id is not None else None
    narrator = Narrator(await repository.names_of(session, group_id, wanted_names(collapser.entries)))
    return Page[StoryEntryOut](
        items=[_story_out(entry, narrator) for entry in collapser.entries], next_cursor=next_cursor
    )


def _story_out(entry: Entry, narrator: Narrator) -> StoryEntryOut:
    event, told = entry.event, narrator.tell(entry)
    return StoryEntryOut(
        id=event.id,
        first_event_id=entry.oldest_id,
        events=entry.events,
        at=event.at,
        started_at=entry.oldest_at,
        user_id=event.user_id,
        user=_user(entry.newest),
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        text=told.text,
        set_id=told.set_id,
        package_id=told.package_id,
        sample_id=told.sample_id,
    )


async def list_image_views(
    session: AsyncSession,
    group_id: int,
    params: PageParams,
    *,
    user_id: int | None,
    since: date | None,
    until: date | None,
) -> Page[ImageViewsOut]:
    if since is not None and until is not None and since > until:
        raise BadTimeRange()
    rows, next_cursor = await repository.list_image_views(
        session, group_id, params, user_id=user_id, since=since, until=until
    )
    items = [ImageViewsOut(id=row.id, user_id=row.user_id, day=row.day, count=row.count) for row in rows]
    return Page[ImageViewsOut](items=items, next_cursor=next_cursor)

"""Routes of the audit trail: read-only by design (no route changes or deletes an event)."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator, WithJsonSchema

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import BadRequest, Forbidden, NotAuthenticated, NotFound, error_responses
from tagmedx.features.audit import service
from tagmedx.features.audit.repository import EventFilters
from tagmedx.features.audit.schemas import AuditEventOut, ImageViewsOut, StoryEntryOut
from tagmedx.ids import MAX_ID
from tagmedx.models import Group
from tagmedx.pagination import Page, Pagination

router = APIRouter(tags=["audit"])

AuditReader = Annotated[Access[Group], Depends(guard("group_id", Action.view_audit))]
UserFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this user's events")]
_ERRORS = error_responses(BadRequest, NotAuthenticated, Forbidden, NotFound)


def _iso_8601(value: object) -> object:
    """pydantic reads a number (`0.5`, `1700000000`) as a Unix time; the API takes ISO 8601 only,
    as its schema says: a number is a 422."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("an ISO 8601 day or moment, e.g. 2026-01-31 or 2026-01-31T08:00:00Z")
    return value


# A moment, or a day (its midnight, UTC); a day of the image-view counts.
Moment = Annotated[
    datetime,
    BeforeValidator(_iso_8601),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}),
]
Day = Annotated[date, BeforeValidator(_iso_8601)]
Since = Annotated[Moment | None, Query(description="ISO-8601 (UTC if no offset)")]
Until = Annotated[Moment | None, Query(description="ISO-8601; up to this moment, inclusive")]


@router.get(
    "/groups/{group_id}/audit",
    response_model=Page[AuditEventOut],
    responses=_ERRORS,
    summary="The group's audit trail, newest first (admins)",
)
async def list_events(
    access: AuditReader,
    session: Session,
    page: Pagination,
    user_id: UserFilter = None,
    action: Annotated[
        str | None,
        Query(min_length=1, max_length=64, description="An exact action, or a prefix ending in '.'"),
    ] = None,
    since: Since = None,
    until: Until = None,
) -> Page[AuditEventOut]:
    """Who did what and when in this group. Sign-ins are not group events and are not listed here."""
    filters = EventFilters(user_id=user_id, action=action, since=since, until=until)
    return await service.list_events(session, access.group_id, filters, page)


@router.get(
    "/groups/{group_id}/audit/story",
    response_model=Page[StoryEntryOut],
    responses=_ERRORS,
    summary="The group's audit trail as a story, newest first (admins)",
)
async def list_story(
    access: AuditReader,
    session: Session,
    page: Pagination,
    user_id: UserFilter = None,
    since: Since = None,
    until: Until = None,
) -> Page[StoryEntryOut]:
    """The same events as GET .../audit, told as what people did, with names: the autosaves of one
    reading by one person collapse into one entry ("Dr X read chest_012.dcm: 2 boxes, Nodule, Mass")
    until that person does something else. `limit` counts entries; a page reads at most 5000 raw
    events, so it may hold fewer entries while `next_cursor` goes on. The raw trail stays at GET .../audit."""
    filters = EventFilters(user_id=user_id, since=since, until=until)
    return await service.list_story(session, access.group_id, filters, page)


@router.get(
    "/groups/{group_id}/audit/image-views",
    response_model=Page[ImageViewsOut],
    responses=_ERRORS,
    summary="Images opened per member and day (admins), newest first",
)
async def list_image_views(
    access: AuditReader,
    session: Session,
    page: Pagination,
    user_id: UserFilter = None,
    since: Annotated[Day | None, Query(description="From this day (YYYY-MM-DD, UTC)")] = None,
    until: Annotated[Day | None, Query(description="Up to this day, inclusive")] = None,
) -> Page[ImageViewsOut]:
    return await service.list_image_views(
        session, access.group_id, page, user_id=user_id, since=since, until=until
    )

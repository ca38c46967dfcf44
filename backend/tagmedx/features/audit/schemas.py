"""Response bodies of the audit routes."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from tagmedx.features.audit.actions import AuditAction


class AuditUser(BaseModel):
    """Who acted, as they are now (null when the account no longer exists)."""

    email: str
    name: str
    surname: str
    title: str | None = None


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    user: AuditUser | None
    action: AuditAction
    object_type: str | None
    object_id: int | None
    detail: dict[str, Any] | None


class StoryEntryOut(BaseModel):
    """One thing a person did: a single event, or the run of autosaves of one reading (or of edits to
    its boxes) until they did something else. `first_event_id`..`id` is the raw events it stands for."""

    id: int = Field(description="The newest raw event of the entry (GET .../audit lists them all)")
    first_event_id: int = Field(description="The oldest raw event of the entry")
    events: int = Field(description="How many raw events the entry stands for (e.g. 14 autosaves)")
    at: datetime = Field(description="When it ended (the newest event)")
    started_at: datetime = Field(description="When it began (the oldest event)")
    user_id: int | None
    user: AuditUser | None
    action: AuditAction = Field(description="The newest event's action, e.g. examination.save")
    object_type: str | None
    object_id: int | None
    text: str = Field(
        description="The entry in words, with today's names, e.g. 'Dr Anna Nowak read a.dcm "
        "(#12 in “Chest”): 2 boxes, Nodule, Mass'"
    )
    set_id: int | None = Field(description="The set it is about, when it still exists")
    package_id: int | None = Field(description="The package it is about, when it still exists")
    sample_id: int | None = Field(description="The image it is about, when it still exists")


class ImageViewsOut(BaseModel):
    """How many times one member opened images of the group on one (UTC) day."""

    id: int
    user_id: int
    day: date
    count: int

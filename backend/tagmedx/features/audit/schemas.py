"""Response bodies of the audit routes."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel


class AuditUser(BaseModel):
    """Who acted, as they are now (null when the account no longer exists)."""

    email: str
    name: str
    surname: str


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    user_id: int | None
    user: AuditUser | None
    action: str
    object_type: str | None
    object_id: int | None
    detail: dict[str, Any] | None


class ImageViewsOut(BaseModel):
    """How many times one member opened images of the group on one (UTC) day."""

    id: int
    user_id: int
    day: date
    count: int

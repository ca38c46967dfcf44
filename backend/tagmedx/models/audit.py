"""The append-only audit trail, image views counted per user and day, and upload idempotency keys."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """Who did what and when. No foreign keys: the record outlives what it describes."""

    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index(None, "group_id", "id"),
        sa.Index(None, "group_id", "user_id", "id"),
        sa.Index(None, "group_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    group_id: Mapped[int | None] = mapped_column(sa.Integer)
    user_id: Mapped[int | None] = mapped_column(sa.Integer)
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str | None] = mapped_column(sa.String(32))
    object_id: Mapped[int | None] = mapped_column(sa.Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))


class ImageView(Base):
    __tablename__ = "image_views"
    __table_args__ = (sa.UniqueConstraint("group_id", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(sa.Date)
    count: Mapped[int] = mapped_column(sa.Integer, default=0)


class IdempotencyKey(Base):
    """Remembers the answer to a request sent with an Idempotency-Key, so a retry repeats nothing.
    While the first request works the row has no answer: `owner` (a random token) holds it until
    `lease_until`, renewed as it works (tagmedx/idempotency.py)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(255))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int | None] = mapped_column(sa.Integer)
    response: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    owner: Mapped[str | None] = mapped_column(sa.String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

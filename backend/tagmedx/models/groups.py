"""Groups (teams) and who belongs to them with which role."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, Timestamps, UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    admin = "admin"
    annotator = "annotator"


class DicomDates(enum.StrEnum):
    """What de-identification does with the dates of a group's DICOM uploads (PS3.15 E.1.1)."""

    remove = "remove"  # the Basic Profile: dates removed, emptied or replaced by a dummy
    shift = "shift"  # the Retain Longitudinal Temporal Information with Modified Dates Option


class Group(Timestamps, Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    join_code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    dicom_uid_secret: Mapped[str] = mapped_column(sa.String(64))
    dicom_dates: Mapped[DicomDates] = mapped_column(
        enum_column("dicom_dates", DicomDates), default=DicomDates.remove, server_default="remove"
    )


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column("role", Role))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

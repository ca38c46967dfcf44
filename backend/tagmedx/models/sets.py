"""Sets of images to annotate and the labels annotators choose from."""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, Timestamps, enum_column


class SetType(enum.StrEnum):
    classification = "classification"
    detection = "detection"


class Set(Timestamps, Base):
    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    type: Mapped[SetType] = mapped_column(enum_column("set_type", SetType))
    package_size: Mapped[int] = mapped_column(sa.Integer)
    # classification: may a reading choose several labels (else one, 422 single_label)
    multi_label: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default="0")


class Label(Timestamps, Base):
    __tablename__ = "labels"
    __table_args__ = (
        sa.UniqueConstraint("set_id", "name"),
        sa.UniqueConstraint("set_id", "shortcut"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("sets.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    color: Mapped[str] = mapped_column(sa.String(7))
    shortcut: Mapped[str | None] = mapped_column(sa.String(1))

"""Packages (units of work) and samples (the images inside them)."""

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, Timestamps, UTCDateTime, enum_column
from tagmedx.models.numbering import next_in_set
from tagmedx.models.redaction import TextScanStatus


class SampleFormat(enum.StrEnum):
    png = "png"
    jpeg = "jpeg"
    dicom = "dicom"


class Package(Timestamps, Base):
    __tablename__ = "packages"
    __table_args__ = (
        sa.Index(None, "set_id", "assignee_id", "is_ready"),
        sa.Index(None, "set_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("sets.id", ondelete="CASCADE"))
    # "#3" of its set, as people say it (models/numbering.py)
    number: Mapped[int] = mapped_column(sa.Integer, default=next_in_set("packages"), server_default="0")
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    is_ready: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class Sample(Timestamps, Base):
    __tablename__ = "samples"
    __table_args__ = (
        sa.UniqueConstraint("set_id", "content_sha256"),
        sa.Index(None, "set_id", "number", unique=True),
        sa.Index(None, "text_scan_status"),
        # The reclaimer asks whether any sample still uses a stored file (models/stored_files.py).
        sa.Index(None, "original_key"),
        sa.Index(None, "display_key"),
        sa.Index(None, "thumbnail_key"),
        sa.Index(None, "pixels_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int] = mapped_column(sa.ForeignKey("packages.id", ondelete="CASCADE"), index=True)
    # "#1203" of its set, as people say it (models/numbering.py)
    number: Mapped[int] = mapped_column(sa.Integer, default=next_in_set("samples"), server_default="0")
    filename: Mapped[str] = mapped_column(sa.String(255))
    format: Mapped[SampleFormat] = mapped_column(enum_column("sample_format", SampleFormat))
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    frames: Mapped[int] = mapped_column(sa.Integer, default=1)
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    original_key: Mapped[str] = mapped_column(sa.String(255))
    original_media_type: Mapped[str] = mapped_column(sa.String(64))
    display_key: Mapped[str] = mapped_column(sa.String(255))
    display_media_type: Mapped[str] = mapped_column(sa.String(64))
    thumbnail_key: Mapped[str] = mapped_column(sa.String(255))
    thumbnail_media_type: Mapped[str] = mapped_column(sa.String(64))
    pixels_key: Mapped[str | None] = mapped_column(sa.String(255))
    pixel_info: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    modality: Mapped[str | None] = mapped_column(sa.String(16))
    dicom: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    burned_in_annotation_risk: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # Burned-in text (features/redaction): the OCR queue's state, whether text was found, and which
    # scanner holds the sample (a claim token, and since when: a claim older than the lease is stale).
    text_scan_status: Mapped[TextScanStatus] = mapped_column(
        enum_column("text_scan_status", TextScanStatus),
        default=TextScanStatus.pending,
        server_default=TextScanStatus.pending.value,
    )
    suspected_text: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default="0")
    text_scan_claim: Mapped[str | None] = mapped_column(sa.String(32))
    text_scan_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many times the pixels were masked: image URLs carry it, so no browser shows a cached copy.
    pixel_revision: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # A stored file of this sample was found missing (serving, `storage check`); uploading the same
    # image again repairs it.
    files_missing: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default="0")

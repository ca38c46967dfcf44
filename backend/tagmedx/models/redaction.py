"""Burned-in text: the scan status of each sample (columns of `samples`) and the text regions found."""

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base


class TextScanStatus(enum.StrEnum):
    """Where a sample stands in the OCR queue (docs/IMAGING.md, "Burned-in text")."""

    pending = "pending"  # waiting for the scanner (or being scanned)
    done = "done"  # scanned; its regions (maybe none) are stored
    failed = "failed"  # the scan failed (unreadable file, OCR error); it may be asked again
    not_needed = "not_needed"  # an image that is not scanned (a DICOM saying BurnedInAnnotation NO)
    not_scanned = "not_scanned"  # OCR is off on this server (TAGMEDX_OCR=off or no tesseract)


class TextRegion(Base):
    """A line of text OCR found in a sample's pixels, in pixels of the full-resolution image."""

    __tablename__ = "text_regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(sa.ForeignKey("samples.id", ondelete="CASCADE"), index=True)
    x: Mapped[int] = mapped_column(sa.Integer)
    y: Mapped[int] = mapped_column(sa.Integer)
    width: Mapped[int] = mapped_column(sa.Integer)
    height: Mapped[int] = mapped_column(sa.Integer)
    text: Mapped[str] = mapped_column(sa.String(1000))
    confidence: Mapped[float] = mapped_column(sa.Float)

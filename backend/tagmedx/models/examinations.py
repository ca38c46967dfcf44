"""Examinations (one annotator's reading of one sample), their chosen labels and their boxes."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tagmedx.models.base import Base, Timestamps


class Examination(Timestamps, Base):
    __tablename__ = "examinations"
    __table_args__ = (
        sa.UniqueConstraint("sample_id", "user_id"),
        # statistics of large sets: covering indexes (migration 0002, docs/PERFORMANCE.md)
        sa.Index(None, "set_id", "user_id", "sample_id"),
        sa.Index(None, "set_id", "sample_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(sa.ForeignKey("samples.id", ondelete="CASCADE"))
    set_id: Mapped[int] = mapped_column(sa.ForeignKey("sets.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tentative: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    bad_quality: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(sa.Integer, default=1)


class ExaminationLabel(Base):
    """A class label chosen in a classification examination."""

    __tablename__ = "examination_labels"

    examination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("examinations.id", ondelete="CASCADE"), primary_key=True
    )
    label_id: Mapped[int] = mapped_column(
        sa.ForeignKey("labels.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class Box(Timestamps, Base):
    """A bounding box in image pixels of the original image, origin top-left (COCO x, y, w, h)."""

    __tablename__ = "boxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    examination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("examinations.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(sa.ForeignKey("labels.id", ondelete="RESTRICT"), index=True)
    x: Mapped[float] = mapped_column(sa.Double)
    y: Mapped[float] = mapped_column(sa.Double)
    width: Mapped[float] = mapped_column(sa.Double)
    height: Mapped[float] = mapped_column(sa.Double)
    comment: Mapped[str] = mapped_column(sa.Text, default="")

"""Burned-in text (issue 12): the OCR queue on samples, the text regions found, the pixel revision.

Every sample gets `text_scan_status` 'pending' (existing samples too: the scanner looks at them
after the upgrade, and marks those it need not read 'not_needed'), `suspected_text`, the scanner's
claim (token and time), and `pixel_revision`, bumped when the pixels are masked.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tagmedx.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = ("pending", "done", "failed", "not_needed", "not_scanned")


def upgrade() -> None:
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "text_scan_status",
                sa.Enum(*STATUSES, name="text_scan_status", native_enum=False, create_constraint=True),
                server_default="pending",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("suspected_text", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("text_scan_claim", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("text_scan_claimed_at", tagmedx.models.base.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("pixel_revision", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index(batch_op.f("ix_samples_text_scan_status"), ["text_scan_status"], unique=False)

    op.create_table(
        "text_regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["samples.id"],
            name=op.f("fk_text_regions_sample_id_samples"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_regions")),
    )
    with op.batch_alter_table("text_regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_regions_sample_id"), ["sample_id"], unique=False)


def downgrade() -> None:
    op.drop_table("text_regions")
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_samples_text_scan_status"))
        batch_op.drop_constraint(batch_op.f("ck_samples_text_scan_status"), type_="check")
        batch_op.drop_column("pixel_revision")
        batch_op.drop_column("text_scan_claimed_at")
        batch_op.drop_column("text_scan_claim")
        batch_op.drop_column("suspected_text")
        batch_op.drop_column("text_scan_status")

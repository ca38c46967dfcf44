"""A group chooses what de-identification does with DICOM dates (issue 12): `remove` (the Basic
Profile, as before) or `shift` (the Retain Longitudinal Temporal Information with Modified Dates
Option: one shift per patient). Existing groups keep `remove`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "dicom_dates",
                sa.Enum("remove", "shift", name="dicom_dates", native_enum=False, create_constraint=True),
                server_default="remove",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_groups_dicom_dates"), type_="check")
        batch_op.drop_column("dicom_dates")

"""Login attempts remember the device cookie they came with (issue 21 item 18): attempts from a
browser that signed in to the account before count against that browser only, so a stranger's
guesses cannot lock a doctor out of their own browser. Earlier attempts have none (untrusted).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=22), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_login_attempts_device_created_at"), ["device", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_device_created_at"))
        batch_op.drop_column("device")

"""An Idempotency-Key is held from the start of its first request (issue 21 item 6): the row is
written before the work, without an answer, owned by a random token until `lease_until` (renewed
while the work runs), so a retry that overlaps the first request answers 409 instead of doing the
work again, and a retry after a crash takes the key over once the lease has run out. Rows kept
until now all hold answers: both columns stay empty for them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tagmedx.models.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("lease_until", tagmedx.models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("owner")

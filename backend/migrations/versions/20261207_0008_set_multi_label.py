"""Sets gain `multi_label` (issue 13 item 4): in a classification set a reading chooses one label
unless the set allows several (a second one is refused with 422 single_label).

Existing sets: a classification set where some reading already chooses two or more labels was used
as multi-label, so it becomes multi_label = true and keeps working as before; every other set gets
false. Either way every stored reading stays valid and can be saved again unchanged.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# the sets with a reading of several labels (through a derived table, so MariaDB may update `sets`
# from it; 1 is true in SQLite and MariaDB alike)
_SETS_READ_WITH_SEVERAL_LABELS = """
UPDATE sets SET multi_label = 1
WHERE type = 'classification' AND id IN (
    SELECT set_id FROM (
        SELECT DISTINCT examinations.set_id AS set_id
        FROM examination_labels
        JOIN examinations ON examinations.id = examination_labels.examination_id
        GROUP BY examinations.id, examinations.set_id
        HAVING COUNT(*) > 1
    ) AS several
)
"""


def upgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("multi_label", sa.Boolean(), server_default="0", nullable=False))
    op.execute(_SETS_READ_WITH_SEVERAL_LABELS)  # literal SQL, so offline mode (make schema) renders it


def downgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_column("multi_label")

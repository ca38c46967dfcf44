"""Packages and samples gain `number` (issue 13 item 15): their place in their set (#1, #2, ...), the
number people see and say, while ids stay the API's ids (models/numbering.py numbers new rows).

Existing rows are numbered within their set in id order, the order they were added, so the oldest
package of a set becomes #1. One UPDATE per table from a window function (SQLite's UPDATE ... FROM,
MariaDB's multi-table UPDATE), not a subquery per row: a set of 100k samples takes a second, not hours.
The column's server default (0) only serves the ALTER; every insert gets its number from the models.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("packages", "samples")

_RANKED = "SELECT id, ROW_NUMBER() OVER (PARTITION BY set_id ORDER BY id) AS n FROM {table}"
_BACKFILL = {
    "sqlite": "UPDATE {table} SET number = ranked.n FROM ("
    + _RANKED
    + ") AS ranked WHERE ranked.id = {table}.id",
    "mysql": "UPDATE {table} JOIN ("
    + _RANKED
    + ") AS ranked ON ranked.id = {table}.id SET {table}.number = ranked.n",
}


def upgrade() -> None:
    """Added in place, never by copying the table: SQLite's batch mode would drop the old table, and
    with foreign keys on that cascades (samples would take their examinations with them)."""
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        op.add_column(table, sa.Column("number", sa.Integer(), server_default="0", nullable=False))
        op.execute(_BACKFILL["sqlite" if dialect == "sqlite" else "mysql"].format(table=table))
        op.create_index(f"ix_{table}_set_id_number", table, ["set_id", "number"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_set_id_number", table_name=table)
        op.drop_column(table, "number")  # in place too (SQLite 3.35+ drops a column natively)

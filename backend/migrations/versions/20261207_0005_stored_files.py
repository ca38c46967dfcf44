"""Stored files decided in the database (issue 21, docs/decisions/0007-stored-files.md): the files
(`stored_files`, filled here from the keys the samples use), the imports in flight (a lease each) and
their reservations, the queue of keys to check, the holds of backups, the samples' `files_missing`
flag, and an index on each of the samples' key columns (the reclaimer asks whether any sample still
uses a key).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

import tagmedx.models.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

KEY_COLUMNS = ("original_key", "display_key", "thumbnail_key", "pixels_key")


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("created_at", tagmedx.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_files")),
    )
    op.create_table(
        "file_holders",
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("expires_at", tagmedx.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("holder", name=op.f("pk_file_holders")),
    )
    with op.batch_alter_table("file_holders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_holders_expires_at"), ["expires_at"], unique=False)
    op.create_table(
        "file_reservations",
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder"],
            ["file_holders.holder"],
            name=op.f("fk_file_reservations_holder_file_holders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["key"], ["stored_files.key"], name=op.f("fk_file_reservations_key_stored_files")
        ),
        sa.PrimaryKeyConstraint("holder", "key", name=op.f("pk_file_reservations")),
    )
    with op.batch_alter_table("file_reservations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_reservations_key"), ["key"], unique=False)
    op.create_table(
        "reclaim_queue",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("queued_at", tagmedx.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_reclaim_queue")),
    )
    op.create_table(
        "storage_holds",
        sa.Column("holder", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("expires_at", tagmedx.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("holder", name=op.f("pk_storage_holds")),
    )
    with op.batch_alter_table("samples", schema=None) as batch_op:
        batch_op.add_column(sa.Column("files_missing", sa.Boolean(), server_default="0", nullable=False))
        for column in KEY_COLUMNS:
            batch_op.create_index(batch_op.f(f"ix_samples_{column}"), [column], unique=False)
    _fill_stored_files()


def _fill_stored_files() -> None:
    """One row per key any sample uses; sizes stay unknown until `storage check --repair` (or the
    server's first storage scan) measures them."""
    samples = sa.table(
        "samples",
        *(sa.column(name) for name in KEY_COLUMNS),
        *(sa.column(f"{kind}_media_type") for kind in ("original", "display", "thumbnail")),
    )
    used = sa.union_all(
        sa.select(samples.c.original_key.label("key"), samples.c.original_media_type.label("media")),
        sa.select(samples.c.display_key, samples.c.display_media_type),
        sa.select(samples.c.thumbnail_key, samples.c.thumbnail_media_type),
        sa.select(samples.c.pixels_key, sa.literal("application/octet-stream")).where(
            samples.c.pixels_key.is_not(None)
        ),
    ).subquery("used")
    now = sa.func.datetime("now") if op.get_context().dialect.name == "sqlite" else sa.func.utc_timestamp()
    rows = sa.select(used.c.key, sa.func.min(used.c.media), now).group_by(used.c.key)
    stored_files = sa.table(
        "stored_files", sa.column("key"), sa.column("media_type"), sa.column("created_at")
    )
    op.execute(stored_files.insert().from_select(["key", "media_type", "created_at"], rows))


def downgrade() -> None:
    with op.batch_alter_table("samples", schema=None) as batch_op:
        for column in reversed(KEY_COLUMNS):
            batch_op.drop_index(batch_op.f(f"ix_samples_{column}"))
        batch_op.drop_column("files_missing")
    op.drop_table("storage_holds")
    op.drop_table("reclaim_queue")
    op.drop_table("file_reservations")
    op.drop_table("file_holders")
    op.drop_table("stored_files")

"""The migration that adds `number` to packages and samples numbers existing rows within their set in
id order (the order they arrived), on SQLite and MariaDB, and the numbering goes on from there."""

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from tests.infra.test_migrations import alembic_config, scratch_url, sync_engine  # noqa: F401 (fixture)

REVISION = "0009"  # the migration adding packages.number and samples.number
NOW = "2026-12-01 10:00:00"
STAMPS = {"created_at": NOW, "updated_at": NOW}


def _insert(connection: sa.Connection, name: str, rows: list[dict[str, object]]) -> None:
    """Rows into the table as the previous migration left it (the models are the newest schema)."""
    connection.execute(sa.table(name, *(sa.column(column) for column in rows[0])).insert(), rows)


def _sample(sample_id: int, set_id: int, package_id: int) -> dict[str, object]:
    key = f"{sample_id:064x}"
    return {
        "id": sample_id, "set_id": set_id, "package_id": package_id, "filename": f"{sample_id}.png",
        "format": "png", "width": 4, "height": 4, "frames": 1, "size_bytes": 10, "content_sha256": key,
        "original_key": f"{key}/o", "original_media_type": "image/png", "display_key": f"{key}/d",
        "display_media_type": "image/png", "thumbnail_key": f"{key}/t", "thumbnail_media_type": "image/jpeg",
        "burned_in_annotation_risk": False,
    } | STAMPS  # fmt: skip


def _fill(connection: sa.Connection) -> None:
    """Two sets whose packages and samples interleave by id, with gaps (deleted rows)."""
    group = {"id": 1, "name": "g", "description": "", "join_code": "c", "dicom_uid_secret": "s"}
    _insert(connection, "groups", [group | STAMPS])
    sets = [
        {"id": set_id, "group_id": 1, "name": f"s{set_id}", "description": "", "type": "detection"}
        | {"package_size": 5}
        | STAMPS
        for set_id in (1, 2)
    ]
    _insert(connection, "sets", sets)
    packages = {10: 1, 11: 2, 13: 1, 17: 2, 20: 1}  # package id -> set id
    _insert(
        connection,
        "packages",
        [
            {"id": package_id, "set_id": set_id, "is_ready": False} | STAMPS
            for package_id, set_id in packages.items()
        ],
    )
    samples = {100: 10, 101: 11, 103: 10, 104: 13, 108: 17, 109: 20, 110: 11}  # sample id -> package id
    _insert(
        connection,
        "samples",
        [_sample(sample, packages[package], package) for sample, package in samples.items()],
    )


def _numbers(connection: sa.Connection, table: str) -> dict[int, int]:
    rows = connection.execute(sa.text(f"SELECT id, number FROM {table} ORDER BY id"))
    return {int(row_id): int(number) for row_id, number in rows}


def test_existing_rows_are_numbered_within_their_set_in_id_order(scratch_url: str) -> None:  # noqa: F811
    config = alembic_config(scratch_url)
    previous = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    command.upgrade(config, str(previous))
    engine = sync_engine(scratch_url)
    try:
        with engine.begin() as connection:
            _fill(connection)
        command.upgrade(config, REVISION)
        with engine.begin() as connection:
            assert _numbers(connection, "packages") == {10: 1, 11: 1, 13: 2, 17: 2, 20: 3}
            assert _numbers(connection, "samples") == {100: 1, 101: 1, 103: 2, 104: 3, 108: 2, 109: 4, 110: 3}
        command.downgrade(config, str(previous))
        with engine.begin() as connection:
            columns = {column["name"] for column in sa.inspect(connection).get_columns("samples")}
            assert "number" not in columns
            assert connection.execute(sa.text("SELECT COUNT(*) FROM samples")).scalar_one() == 7
    finally:
        engine.dispose()

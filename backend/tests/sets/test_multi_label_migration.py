"""The migration that adds sets.multi_label keeps every stored reading valid: a classification set
where a reading already chose two labels becomes multi-label, every other set single-label."""

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from tests.infra.test_migrations import alembic_config, scratch_url, sync_engine  # noqa: F401 (fixture)

REVISION = "0008"  # the migration adding sets.multi_label
NOW = "2026-12-01 10:00:00"
STAMPS = {"created_at": NOW, "updated_at": NOW}


def _insert(connection: sa.Connection, name: str, rows: list[dict[str, object]]) -> None:
    """Rows into the table as the previous migration left it (the models are the newest schema)."""
    connection.execute(sa.table(name, *(sa.column(column) for column in rows[0])).insert(), rows)


def _sample(number: int, set_id: int) -> dict[str, object]:
    key = f"{number:064x}"
    return {
        "id": number, "set_id": set_id, "package_id": set_id, "filename": f"{number}.png", "format": "png",
        "width": 4, "height": 4, "frames": 1, "size_bytes": 10, "content_sha256": key,
        "original_key": f"{key}/o", "original_media_type": "image/png", "display_key": f"{key}/d",
        "display_media_type": "image/png", "thumbnail_key": f"{key}/t", "thumbnail_media_type": "image/jpeg",
        "burned_in_annotation_risk": False,
    } | STAMPS  # fmt: skip


def _fill(connection: sa.Connection) -> None:
    """Sets 1 and 2 are classification, read with two labels and with one; set 3 is detection."""
    group = {"id": 1, "name": "g", "description": "", "join_code": "c", "dicom_uid_secret": "s"}
    _insert(connection, "groups", [group | STAMPS])
    user = {"id": 1, "email": "a@b.c", "password_hash": "x", "name": "A", "surname": "B"}
    _insert(connection, "users", [user | {"password_changed_at": NOW} | STAMPS])
    kinds = {1: "classification", 2: "classification", 3: "detection"}
    _insert(
        connection,
        "sets",
        [
            {"id": set_id, "group_id": 1, "name": f"s{set_id}", "description": "", "type": kind}
            | {"package_size": 5}
            | STAMPS
            for set_id, kind in kinds.items()
        ],
    )
    _insert(
        connection,
        "packages",
        [{"id": set_id, "set_id": set_id, "is_ready": False} | STAMPS for set_id in kinds],
    )
    _insert(connection, "samples", [_sample(set_id, set_id) for set_id in kinds])
    label = {"description": "", "color": "#00ff00"} | STAMPS
    _insert(
        connection,
        "labels",
        [{"id": n, "set_id": (n + 1) // 2, "name": f"l{n}"} | label for n in range(1, 5)],
    )
    reading = {"user_id": 1, "tentative": False, "bad_quality": False, "comment": "", "version": 1}
    _insert(
        connection,
        "examinations",
        [{"id": n, "sample_id": n, "set_id": n} | reading | STAMPS for n in (1, 2)],
    )
    _insert(
        connection,
        "examination_labels",
        [
            {"examination_id": 1, "label_id": 1},
            {"examination_id": 1, "label_id": 2},
            {"examination_id": 2, "label_id": 3},
        ],
    )


def test_sets_read_with_several_labels_stay_multi_label(scratch_url: str) -> None:  # noqa: F811
    config = alembic_config(scratch_url)
    previous = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    command.upgrade(config, str(previous))
    engine = sync_engine(scratch_url)
    try:
        with engine.begin() as connection:
            _fill(connection)
        command.upgrade(config, REVISION)
        with engine.connect() as connection:
            flags = dict(connection.execute(sa.text("SELECT id, multi_label FROM sets")).tuples().all())
    finally:
        engine.dispose()
    assert {set_id: bool(flag) for set_id, flag in flags.items()} == {1: True, 2: False, 3: False}

"""Migration 0005 gives every key the existing samples use a `stored_files` row (one per key, however
many samples share it), so the reclaimer knows them from the first start."""

import sqlalchemy as sa
from alembic import command

from tests.infra.test_migrations import alembic_config, scratch_url, sync_engine  # noqa: F401 (fixture)

NOW = "2026-12-01 10:00:00"


def _sample(number: int, digest: str, *, pixels: bool) -> dict[str, object]:
    return {
        "id": number, "set_id": 1, "package_id": 1, "filename": f"{number}.dcm", "format": "dicom",
        "width": 4, "height": 4, "frames": 1, "size_bytes": 10, "content_sha256": f"{number:064x}",
        "original_key": f"{digest[:2]}/{digest}/original", "original_media_type": "application/dicom",
        "display_key": f"{digest[:2]}/{digest}/display", "display_media_type": "image/png",
        "thumbnail_key": "ff/shared/thumbnail", "thumbnail_media_type": "image/jpeg",
        "pixels_key": f"{digest[:2]}/{digest}/pixels" if pixels else None,
        "burned_in_annotation_risk": False, "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip


def _insert(connection: sa.Connection, name: str, rows: list[dict[str, object]]) -> None:
    """Rows into the table as migration 0004 left it (no model: the models are the newest schema)."""
    connection.execute(sa.table(name, *(sa.column(column) for column in rows[0])).insert(), rows)


def test_the_upgrade_fills_stored_files_from_the_samples_keys(scratch_url: str) -> None:  # noqa: F811
    config = alembic_config(scratch_url)
    command.upgrade(config, "0004")
    engine = sync_engine(scratch_url)
    try:
        with engine.begin() as connection:
            stamps = {"created_at": NOW, "updated_at": NOW}
            group = {"id": 1, "name": "g", "description": "", "join_code": "c", "dicom_uid_secret": "s"}
            _insert(connection, "groups", [group | {"dicom_dates": "remove"} | stamps])
            image_set = {"id": 1, "group_id": 1, "name": "s", "description": "", "type": "detection"}
            _insert(connection, "sets", [image_set | {"package_size": 5} | stamps])
            _insert(connection, "packages", [{"id": 1, "set_id": 1, "is_ready": False} | stamps])
            _insert(
                connection, "samples", [_sample(1, "a" * 64, pixels=True), _sample(2, "b" * 64, pixels=False)]
            )
        command.upgrade(config, "0005")
        with engine.connect() as connection:
            stored = dict(
                connection.execute(sa.text("SELECT `key`, media_type FROM stored_files")).tuples().all()
            )
            sizes = connection.execute(
                sa.text("SELECT COUNT(*) FROM stored_files WHERE size_bytes IS NULL")
            ).scalar()
            flags = connection.execute(sa.text("SELECT COUNT(*) FROM samples WHERE files_missing")).scalar()
    finally:
        engine.dispose()
    assert stored == {
        f"aa/{'a' * 64}/original": "application/dicom",
        f"aa/{'a' * 64}/display": "image/png",
        f"aa/{'a' * 64}/pixels": "application/octet-stream",
        f"bb/{'b' * 64}/original": "application/dicom",
        f"bb/{'b' * 64}/display": "image/png",
        "ff/shared/thumbnail": "image/jpeg",  # shared by both samples: one row
    }
    assert sizes == len(stored)  # measured later, by the storage scan
    assert flags == 0

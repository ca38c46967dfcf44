"""W3's set, written straight into the database in bulk: packages, samples (fake storage keys: their
images are never fetched), examinations and boxes. A few seconds, not hours of uploads."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tagmedx.models import Box, Examination, Package, Sample
from tagmedx.models.redaction import TextScanStatus

CHUNK = 5000


def _next_id(connection: sa.Connection, table: sa.Table) -> int:
    return int(connection.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))) or 0) + 1


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        connection.execute(table.insert(), rows[start : start + CHUNK])


def seed_set(
    url: str,
    *,
    set_id: int,
    annotator_ids: list[int],
    label_ids: list[int],
    samples: int,
    boxes_per_examination: int = 4,
    annotated_share: float = 0.75,
    package_size: int = 100,
) -> dict[str, float | int]:
    """Fill set `set_id`; three quarters of the samples examined by the package's assignee."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    engine = sa.create_engine(url)
    packages_table = Package.__table__
    samples_table = Sample.__table__
    examinations_table = Examination.__table__
    boxes_table = Box.__table__
    assert isinstance(packages_table, sa.Table) and isinstance(samples_table, sa.Table)
    assert isinstance(examinations_table, sa.Table) and isinstance(boxes_table, sa.Table)
    stamps = {"created_at": now, "updated_at": now}
    with engine.begin() as connection:
        first_package = _next_id(connection, packages_table)
        first_sample = _next_id(connection, samples_table)
        first_examination = _next_id(connection, examinations_table)
        first_box = _next_id(connection, boxes_table)
        package_count = -(-samples // package_size)
        packages, assignees = [], {}
        for index in range(package_count):
            # half of the packages assigned (a quarter of them ready), half waiting
            assignee = annotator_ids[index % len(annotator_ids)] if index % 2 == 0 else None
            assignees[first_package + index] = assignee
            packages.append(
                {
                    "id": first_package + index,
                    "set_id": set_id,
                    "assignee_id": assignee,
                    "is_ready": index % 8 == 0,
                    **stamps,
                }
            )
        _insert(connection, packages_table, packages)
        rows, examinations, boxes = [], [], []
        for index in range(samples):
            sample_id = first_sample + index
            package_id = first_package + index // package_size
            sha = hashlib.sha256(f"bench-{set_id}-{index}".encode()).hexdigest()
            rows.append(
                {
                    "id": sample_id,
                    "set_id": set_id,
                    "package_id": package_id,
                    "filename": f"study-{index // 50:05d}/image-{index:06d}.png",
                    "format": "png",
                    "width": 512,
                    "height": 512,
                    "frames": 1,
                    "size_bytes": 150_000,
                    "content_sha256": sha,
                    "original_key": f"{sha[:2]}/{sha}/original",
                    "original_media_type": "image/png",
                    "display_key": f"{sha[:2]}/{sha}/display",
                    "display_media_type": "image/png",
                    "thumbnail_key": f"{sha[:2]}/{sha}/thumbnail",
                    "thumbnail_media_type": "image/jpeg",
                    "pixels_key": None,
                    "pixel_info": None,
                    "modality": None,
                    "dicom": None,
                    "burned_in_annotation_risk": False,
                    # no file behind the keys: the OCR scanner must not queue 100k failing scans
                    "text_scan_status": TextScanStatus.not_needed,
                    **stamps,
                }
            )
            if (index % 100) >= annotated_share * 100:
                continue
            examination_id = first_examination + len(examinations)
            author = assignees[package_id] or annotator_ids[index % len(annotator_ids)]
            examinations.append(
                {
                    "id": examination_id,
                    "sample_id": sample_id,
                    "set_id": set_id,
                    "user_id": author,
                    "tentative": index % 10 == 3,
                    "bad_quality": index % 20 == 7,
                    "comment": "",
                    "version": 1,
                    **stamps,
                }
            )
            for box in range(boxes_per_examination):
                boxes.append(
                    {
                        "id": first_box + len(boxes),
                        "examination_id": examination_id,
                        "label_id": label_ids[(index + box) % len(label_ids)],
                        "x": 10.0 + 60 * box,
                        "y": 20.0 + 40 * box,
                        "width": 50.0,
                        "height": 35.5,
                        "comment": "",
                        **stamps,
                    }
                )
        _insert(connection, samples_table, rows)
        _insert(connection, examinations_table, examinations)
        _insert(connection, boxes_table, boxes)
    engine.dispose()
    return {
        "packages": package_count,
        "samples": samples,
        "examinations": len(examinations),
        "boxes": len(boxes),
        "seconds": round(time.perf_counter() - started, 2),
    }

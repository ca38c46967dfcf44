"""Rows built straight in the database, for tests that arrange data without going through uploads."""

import hashlib
import itertools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Sample, SampleFormat
from tagmedx.storage import make_storage_key

_numbers = itertools.count(1)


def sample_row(*, set_id: int, package_id: int, digest: str | None = None, **fields: Any) -> Sample:
    """A PNG sample of 100 x 80 pixels whose stored files are never read; `fields` override any column."""
    digest = digest or hashlib.sha256(f"sample-{next(_numbers)}".encode()).hexdigest()
    values: dict[str, Any] = {
        "set_id": set_id,
        "package_id": package_id,
        "filename": f"image-{digest[:8]}.png",
        "format": SampleFormat.png,
        "width": 100,
        "height": 80,
        "size_bytes": 1000,
        "content_sha256": digest,
        "original_key": make_storage_key(digest, "original"),
        "original_media_type": "image/png",
        "display_key": make_storage_key(digest, "display"),
        "display_media_type": "image/png",
        "thumbnail_key": make_storage_key(digest, "thumbnail"),
        "thumbnail_media_type": "image/jpeg",
    }
    values.update(fields)
    return Sample(**values)


async def count_rows(session: AsyncSession, model: Any, *conditions: Any) -> int:
    """How many rows of `model` match `conditions` (all rows without any)."""
    statement = sa.select(sa.func.count()).select_from(model)
    if conditions:
        statement = statement.where(*conditions)
    return int(await session.scalar(statement) or 0)

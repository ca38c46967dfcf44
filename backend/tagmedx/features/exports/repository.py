"""Every SQL statement of exports: the set's labels once, then samples in keyset chunks with the
examinations, boxes and chosen labels of each chunk (a query each per `IN_LIST_MAX` ids), so the number
of statements follows the number of chunks, never the number of rows.

Each read names the index it must use on MySQL/MariaDB (`hints.force_index`): their plans for these reads move
with the table statistics of the moment, and a wrong one costs a scan of the whole table per chunk.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.exports.rows import (
    BoxRow,
    ExaminationRow,
    ExportSource,
    ImageFile,
    LabelRow,
    SampleRow,
)
from tagmedx.hints import force_index, through_id_range
from tagmedx.models import Box, Examination, ExaminationLabel, Label, Package, Sample, Set, User

# MariaDB turns an IN list of 1000 values or more (in_predicate_conversion_threshold) into a join
# with a temporary table, and then sometimes reads the whole boxes table once per chunk, probing the
# list row by row (100 ms a chunk instead of 7; the 100k export took 9-15 s instead of 4). Shorter
# lists stay index ranges.
IN_LIST_MAX = 900


def _id_list() -> sa.BindParameter[Any]:
    """The `ids` parameter of a read by ids, sent as a list of literals of one slice at a time."""
    return sa.bindparam("ids", expanding=True)


async def _in_slices(
    fetch: Any, session: AsyncSession, statement: sa.Select[Any], ids: Sequence[int]
) -> list[Any]:
    """The rows of `statement` (`fetch`: _rows or _plain_rows) for every slice of `ids`, in slice order."""
    rows: list[Any] = []
    for start in range(0, len(ids), IN_LIST_MAX):
        rows.extend(await fetch(session, statement, {"ids": ids[start : start + IN_LIST_MAX]}))
    return rows


async def _rows(
    session: AsyncSession, statement: sa.Select[Any], params: dict[str, Any] | None = None
) -> Sequence[sa.Row[Any]]:
    """Plain Core rows (no ORM result processing: several times faster on large chunks)."""
    connection = await session.connection()
    return (await connection.execute(statement, params)).all()


async def _plain_rows(
    session: AsyncSession, statement: sa.Select[Any], params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """The driver's own tuples, for columns that need no type conversion (ints, floats, text):
    no Row object per row, which matters for the garbage collector on the largest query."""
    connection = await session.connection()

    def fetch(sync_connection: sa.Connection) -> list[tuple[Any, ...]]:
        result = sync_connection.execute(statement, params)
        try:
            return [tuple(row) for row in result.cursor.fetchall()]
        finally:
            result.close()

    return await connection.run_sync(fetch)


async def labels_of_set(session: AsyncSession, set_id: int) -> list[LabelRow]:
    statement = (
        sa.select(Label.id, Label.name, Label.color, Label.description)
        .where(Label.set_id == set_id)
        .order_by(Label.id)
    )
    return [LabelRow(*row) for row in await _rows(session, statement)]


async def sample_chunk(
    session: AsyncSession, source: ExportSource, after_id: int, limit: int
) -> list[SampleRow]:
    """The next `limit` samples in scope with an id above `after_id`, by id."""
    statement = sa.select(
        Sample.id,
        Sample.filename,
        Sample.width,
        Sample.height,
        Sample.package_id,
        sa.type_coerce(Sample.format, sa.String),
        Sample.modality,
        Sample.frames,
    ).where(Sample.set_id == source.set_id, Sample.id > after_id)
    if source.package_id is not None:
        statement = statement.where(Sample.package_id == source.package_id)
    statement = through_id_range(statement, source.package_id)
    if source.ready_only:
        statement = statement.join(Package, Package.id == Sample.package_id).where(Package.is_ready)
    statement = statement.order_by(Sample.id).limit(limit)
    return [tuple(row) for row in await _rows(session, statement)]


_EXAMINATIONS = force_index(
    sa.select(
        Examination.id,
        Examination.sample_id,
        Examination.user_id,
        Examination.tentative,
        Examination.bad_quality,
        Examination.comment,
        Examination.updated_at,
    )
    .where(Examination.sample_id.in_(_id_list()))
    .order_by(Examination.sample_id, Examination.id),
    Examination,
    "uq_examinations_sample_id_user_id",
)


async def examinations_of(
    session: AsyncSession, sample_ids: Sequence[int]
) -> dict[int, list[ExaminationRow]]:
    """The examinations of these samples with their authors, by sample id, each list by id.

    Two single-table queries, no join: joined to users, MariaDB (by its statistics of the moment)
    started from the few users and walked all of each one's examinations for every chunk, 70 ms a
    chunk instead of 6 (the 100k export took 9-20 s instead of 5).
    """
    rows = await _in_slices(_rows, session, _EXAMINATIONS, sample_ids)  # in order: the ids ascend
    authors = await _authors(session, {row[2] for row in rows})
    grouped: dict[int, list[ExaminationRow]] = defaultdict(list)
    for id_, sample_id, user_id, tentative, bad_quality, comment, updated_at in rows:
        email, name = authors[user_id]
        grouped[sample_id].append(
            (id_, sample_id, user_id, email, name, tentative, bad_quality, comment, updated_at)
        )
    return grouped


async def _authors(session: AsyncSession, user_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(email, full name) of these users, by id."""
    if not user_ids:
        return {}
    statement = sa.select(User.id, User.email, sa.func.trim(User.name + " " + User.surname)).where(
        User.id.in_(sorted(user_ids))
    )
    return {user_id: (email, name) for user_id, email, name in await _rows(session, statement)}


_BOXES = force_index(
    sa.select(
        Box.id, Box.examination_id, Box.label_id, Box.x, Box.y, Box.width, Box.height, Box.comment
    ).where(Box.examination_id.in_(_id_list())),
    Box,
    "ix_boxes_examination_id",
)


async def boxes_of(session: AsyncSession, examination_ids: Sequence[int]) -> dict[int, list[BoxRow]]:
    """The boxes of these examinations, by examination id, each list by box id.

    By examination id, on the boxes table alone, and sorted here: with a join to examinations or
    ORDER BY box.examination_id, MariaDB sometimes walked every box of the table for each chunk.
    """
    rows = await _in_slices(_plain_rows, session, _BOXES, examination_ids)
    grouped: dict[int, list[BoxRow]] = defaultdict(list)
    for row in sorted(rows):
        grouped[row[1]].append(tuple(row))
    return grouped


_CHOSEN_LABELS = force_index(
    sa.select(ExaminationLabel.examination_id, ExaminationLabel.label_id)
    .where(ExaminationLabel.examination_id.in_(_id_list()))
    .order_by(ExaminationLabel.examination_id, ExaminationLabel.label_id),
    ExaminationLabel,
    "PRIMARY",
)


async def chosen_labels_of(session: AsyncSession, examination_ids: Sequence[int]) -> dict[int, list[int]]:
    """The label ids chosen in these examinations (classification), by examination id."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for examination_id, label_id in await _in_slices(_rows, session, _CHOSEN_LABELS, examination_ids):
        grouped[examination_id].append(label_id)
    return grouped


_IMAGE_FILES = force_index(
    sa.select(Sample.id, Sample.original_key, Sample.dicom["photometric"].as_string()).where(
        Sample.id.in_(_id_list())
    ),
    Sample,
    "PRIMARY",
)


async def image_files_of(session: AsyncSession, sample_ids: Sequence[int]) -> dict[int, ImageFile]:
    """Where the images of these samples are stored, and the photometric interpretation of DICOMs."""
    rows = await _in_slices(_rows, session, _IMAGE_FILES, sample_ids)
    return {sample_id: ImageFile(key, photometric) for sample_id, key, photometric in rows}


async def set_of(session: AsyncSession, set_id: int) -> Set:
    return (await session.execute(sa.select(Set).where(Set.id == set_id))).scalar_one()

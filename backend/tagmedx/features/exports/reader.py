"""Read the samples of an export chunk by chunk, each chunk with a short session of its own.

The request's session is closed before the body streams, and a slow download must not hold a
database connection: every chunk checks a connection out, runs its few queries and gives it back.
"""

from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.features.exports import repository
from tagmedx.features.exports.rows import Chunk, ExportSource, FileNeeds, Needs

CHUNK_SIZE = 2000  # samples per chunk; tests make it small to cross several chunks


async def read_chunks(
    sessionmaker: async_sessionmaker[AsyncSession],
    source: ExportSource,
    needs: Needs,
    *,
    detection: bool,
    files: FileNeeds = FileNeeds.none,
) -> AsyncIterator[Chunk]:
    """The samples in scope by id, CHUNK_SIZE at a time, with what `needs` asks for and the `files` of
    the samples `files` names (a chunk without DICOMs costs no query for FileNeeds.dicom)."""
    after_id = 0
    while True:
        async with sessionmaker() as session:
            chunk = await _read_chunk(session, source, needs, after_id, detection=detection)
            if ids := _file_ids(chunk, files):
                chunk.files = await repository.image_files_of(session, ids)
        if not chunk.samples:
            return
        yield chunk
        if len(chunk.samples) < CHUNK_SIZE:
            return
        after_id = chunk.samples[-1][0]


async def _read_chunk(
    session: AsyncSession, source: ExportSource, needs: Needs, after_id: int, *, detection: bool
) -> Chunk:
    samples = await repository.sample_chunk(session, source, after_id, CHUNK_SIZE)
    chunk = Chunk(samples)
    if not samples or needs is Needs.samples:
        return chunk
    ids = [sample[0] for sample in samples]
    chunk.examinations = await repository.examinations_of(session, ids)
    if needs is Needs.annotations and chunk.examinations:
        examination_ids = [row[0] for rows in chunk.examinations.values() for row in rows]
        if detection:
            chunk.boxes = await repository.boxes_of(session, examination_ids)
        else:
            chunk.chosen_labels = await repository.chosen_labels_of(session, examination_ids)
    return chunk


def _file_ids(chunk: Chunk, files: FileNeeds) -> list[int]:
    if files is FileNeeds.every:
        return [sample[0] for sample in chunk.samples]
    if files is FileNeeds.dicom:
        return [sample[0] for sample in chunk.samples if sample[5] == "dicom"]
    return []

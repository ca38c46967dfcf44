"""The images of an export with `images=true`: read from storage one at a time, prepared in a worker
thread (a DICOM rendered at full resolution, a PNG or JPEG as stored) and written into the ZIP.

An image that cannot be written (its stored file is gone, cannot be decoded, or is not the size the
annotations are in) is left out and listed in the ZIP's missing.txt: the download never breaks off
for one bad file. A storage outage does break it off (every later read would fail too), and a ZIP
cut short has no central directory, so no unzip tool takes it for complete.
"""

import logging
from collections.abc import AsyncIterator

from anyio import to_thread

from tagmedx.features.exports.formats.archive import ArchiveFormatter
from tagmedx.features.exports.naming import image_file_name
from tagmedx.features.exports.rows import Chunk
from tagmedx.imaging import ImageRejected
from tagmedx.imaging.full_image import FullImage, full_image
from tagmedx.storage.base import Storage, StorageKeyNotFound

logger = logging.getLogger(__name__)


async def write_images(formatter: ArchiveFormatter, storage: Storage, chunk: Chunk) -> AsyncIterator[bytes]:
    """Write the chunk's images, yielding the archive's bytes; records each one's channels in the chunk."""
    for sample_id, filename, width, height, _, image_format, *_ in chunk.samples:
        file_name = image_file_name(sample_id, filename, image_format)
        prepared = await _prepare(storage, chunk, sample_id, image_format)
        if isinstance(prepared, str):
            formatter.skip_image(sample_id, file_name, prepared)
        elif (prepared.width, prepared.height) != (width, height):
            size = f"{prepared.width} x {prepared.height}"
            formatter.skip_image(
                sample_id, file_name, f"the stored image is {size} px, not {width} x {height}"
            )
        else:
            chunk.channels[sample_id] = prepared.channels
            yield await to_thread.run_sync(formatter.add_image, file_name, prepared.data)


async def _prepare(storage: Storage, chunk: Chunk, sample_id: int, image_format: str) -> FullImage | str:
    """The image to write, or why there is none."""
    try:
        original = await storage.get(chunk.files[sample_id].original_key)
    except StorageKeyNotFound:
        return "the stored file is missing"
    try:
        return await to_thread.run_sync(full_image, original, image_format)
    except ImageRejected as error:
        return error.detail
    except Exception:
        logger.exception("export: sample %s could not be rendered", sample_id)
        return "the stored file could not be rendered"

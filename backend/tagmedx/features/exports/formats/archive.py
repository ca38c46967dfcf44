"""What every ZIP export shares: the streaming archive, the images written into it (with `images=true`),
the list of images that could not be written, and the parts of README.txt about them."""

from collections.abc import Iterator

from tagmedx.features.exports.formats.base import Formatter
from tagmedx.features.exports.formats.zipstream import StreamingZip
from tagmedx.features.exports.rows import ExportContext

MISSING_FILE = "missing.txt"

_IMAGES_INCLUDED = """{folder}/<file_name>{pad}every image of the export, at exactly the width x height that
{indent}its coordinates are in: a DICOM's frame 0 rendered as an 8-bit PNG
{indent}with its default window (the file's first window, else its VOI LUT,
{indent}else the 0.5th-99.5th percentile; colour DICOM as RGB), PNG and JPEG
{indent}files as uploaded. <file_name> is `<sample id>_<name as uploaded,
{indent}without folders or extension>.png` (`.jpg` for JPEG): unique, safe.
{missing}{pad2}only when some stored image could not be read: one line per image
{indent}left out (sample_id, file_name, reason, tab-separated); its
{indent}annotations are in the export all the same.
"""

_IMAGES_LEFT_OUT = """Images are not included. Export again with images=true
(GET /api/sets/<set_id>/export?format={export_format}&images=true) to get every image at the
resolution the coordinates are in, as {folder}/<sample id>_<name as uploaded>.png (.jpg for
JPEG), the name this export gives it. Do not use /api/samples/<id>/image for training: it is
downscaled to at most 2048 px for display.
"""


def readme_header(context: ExportContext, title: str) -> str:
    package = f", package {context.package_id}" if context.package_id else ""
    meaning = "only packages marked ready" if context.scope.value == "ready" else "every sample"
    return (
        f"TagMedX export in {title}\n{'=' * (len(title) + 18)}\n\n"
        f"Set: {context.set_name} (id {context.set_id}){package}\n"
        f"Scope: {context.scope.value} ({meaning})\n"
        f"Images: {'included' if context.images else 'not included'}\n"
        f"Exported at: {context.exported_at.isoformat()}\n\n"
    )


def readme_images(context: ExportContext, folder: str, export_format: str, width: int = 24) -> str:
    """The README's lines about images: where they are and how they were written, or how to get them.
    `width`: the column at which the README's descriptions start."""
    if not context.images:
        return "\n" + _IMAGES_LEFT_OUT.format(export_format=export_format, folder=folder)
    head = f"{folder}/<file_name>"
    return _IMAGES_INCLUDED.format(
        folder=folder,
        pad=" " * max(width - len(head), 1),
        indent=" " * width,
        missing=MISSING_FILE,
        pad2=" " * max(width - len(MISSING_FILE), 1),
    )


class ArchiveFormatter(Formatter):
    """A format written as one ZIP. With images, the streaming driver calls `add_image` (or
    `skip_image`) for every sample of a chunk before `write` gets the chunk."""

    media_type = "application/zip"
    extension = "zip"
    image_folder = "images"

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._zip = StreamingZip(context.exported_at)
        self._missing: list[str] = []

    def add_image(self, file_name: str, data: bytes) -> bytes:
        """Write one image (already compressed: stored as it is), and return the archive's bytes."""
        self._zip.add(f"{self.image_folder}/{file_name}", data, compress=False)
        return self._zip.take()

    def skip_image(self, sample_id: int, file_name: str, reason: str) -> None:
        """Record an image that cannot be written; `missing.txt` lists them at the end."""
        self._missing.append(f"{sample_id}\t{file_name}\t{' '.join(reason.split())}\n")

    def finish(self) -> Iterator[bytes]:
        yield from self.last_members()
        if self._missing:
            self._zip.add(MISSING_FILE, "sample_id\tfile_name\treason\n" + "".join(self._missing))
        yield self._zip.close()

    def last_members(self) -> Iterator[bytes]:
        """The members written after every chunk (lists collected on the way), before the archive closes."""
        return iter(())

"""COCO and CSV with `images=true`: one ZIP of README.txt, the images and the annotation document.

The document (COCO JSON or the CSV table) is written by its own formatter into a temporary file while
the images stream into the archive chunk by chunk; it becomes the ZIP's last member, so no member is
ever open while an image is added and nothing but one chunk's output is held in memory.
"""

import textwrap
from collections.abc import Iterator

from tagmedx.features.exports.formats.archive import ArchiveFormatter, readme_header, readme_images
from tagmedx.features.exports.formats.base import Formatter, Spool
from tagmedx.features.exports.formats.csv_format import (
    CLASSIFICATION_COLUMNS,
    DETECTION_COLUMNS,
    TEXT_COLUMNS,
)
from tagmedx.features.exports.rows import Chunk

COCO_README = """{document}
                        the COCO document: `images` (every image of the export: id = sample
                        id, file_name, width, height, original_filename), `categories` (the
                        set's labels, id = label id), `annotations` ({annotations})
                        and `examinations` (every reading, also those without findings).
                        pycocotools: COCO("{document}");
                        datumaro: Dataset.import_from(<this folder>, "{datumaro}").
"""
DETECTION = "one per box:\n                        bbox = [x, y, width, height] in pixels, top-left origin"
CLASSIFICATION = "one per chosen label\n                        of a reading, without bbox"

CSV_README = """annotations.csv         the table (UTF-8, RFC 4180): one row per {finding}, and at
                        least one row per image: a reading with none has one row with
                        empty {columns} columns, an image nobody read one row with empty
                        reader columns. file_name is the image's name in images/.
                        Columns: {columns_list}.
                        Cells hold raw text, never rewritten: a label may start with = + - @.
                        Every text cell is quoted. Spreadsheets: import the file (LibreOffice
                        Calc: tick "Format quoted field as text"; Excel: Data > From
                        Text/CSV) rather than opening it, so no cell runs as a formula.
                        pandas reads it as it is; to keep text cells exactly (a label "NA"
                        or "1"), pass converters={{name: str for name in TEXT}} to read_csv,
                        TEXT being the text columns:
                        {text_columns}.
"""


class Bundle(ArchiveFormatter):
    """`document` written as `name` inside a ZIP with the images, described by `readme`."""

    def __init__(self, document: Formatter, name: str, readme: str) -> None:
        super().__init__(document.context)
        self.passes = document.passes
        self.file_needs = document.file_needs
        self._document = document
        self._name = name
        self._readme = readme
        self._spool = Spool()

    def start(self) -> bytes:
        self._spool.write(self._document.start())
        self._zip.add("README.txt", self._readme)
        return self._zip.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        self._spool.write(self._document.write(index, chunk))
        return b""

    def end_pass(self, index: int) -> bytes:
        self._spool.write(self._document.end_pass(index))
        return b""

    def last_members(self) -> Iterator[bytes]:
        for piece in self._document.finish():
            self._spool.write(piece)
        yield from self._zip.add_pieces(self._name, self._spool.pieces())

    def close(self) -> None:
        self._document.close()
        self._spool.close()


def coco_bundle(document: Formatter) -> Bundle:
    """COCO in the layout datumaro and the COCO API's README use: annotations/<task>_<subset>.json."""
    context = document.context
    task = "instances" if context.is_detection else "labels"
    name = f"annotations/{task}_default.json"
    readme = COCO_README.format(
        document=name,
        annotations=DETECTION if context.is_detection else CLASSIFICATION,
        datumaro=f"coco_{task}",
    )
    header = readme_header(context, "COCO format")
    return Bundle(document, name, header + readme + readme_images(context, "images", "coco"))


def csv_bundle(document: Formatter) -> Bundle:
    context = document.context
    readme = CSV_README.format(
        finding="box" if context.is_detection else "chosen label",
        columns="box" if context.is_detection else "label",
        columns_list=_wrapped(
            ", ".join(DETECTION_COLUMNS if context.is_detection else CLASSIFICATION_COLUMNS)
        ),
        text_columns=_wrapped(", ".join(f'"{name}"' for name in TEXT_COLUMNS)),
    )
    header = readme_header(context, "CSV format")
    return Bundle(document, "annotations.csv", header + readme + readme_images(context, "images", "csv"))


def _wrapped(text: str, indent: int = 24, width: int = 94) -> str:
    return f"\n{' ' * indent}".join(textwrap.wrap(text, width - indent))

"""YOLO (detection sets), in the Ultralytics layout: a ZIP of `data.yaml`, `classes.txt`,
`labels/<stem>.txt`, `images/<file_name>` (with images), `images.csv`, `readers.csv` and `README.txt`."""

import json
from collections.abc import Iterator

from tagmedx.features.exports.formats.archive import ArchiveFormatter, readme_header, readme_images
from tagmedx.features.exports.formats.base import CsvText, Spool, flag
from tagmedx.features.exports.naming import image_extension, sample_stem
from tagmedx.features.exports.rows import BoxRow, Chunk, ExportContext, Needs

README = """classes.txt             one label name per line; the line number (from 0) is the class index.
                        Labels are ordered by their TagMedX label id, so indices stay stable
                        when labels are added later.
data.yaml               the same classes for Ultralytics-style tools (names, nc; train and
                        val point at images/, whose label files are in labels/).
labels/<stem>.txt       one line per box: `class cx cy w h`, the box centre and size divided
                        by the image width and height (0..1, 6 decimals). <stem> is the
                        image's <file_name> without its extension.
                        One file per image that at least one reader examined; it holds the
                        boxes of EVERY reader (an empty file: read, nothing found). Images
                        nobody examined have no file: Ultralytics would take such an image
                        for one without findings, so leave them out of training
                        (images.csv says how many readers examined each image).
readers.csv             one row per line of every labels file: which reader drew that box
                        (file, line from 1, sample_id, box_id, examination_id, annotator_id,
                        annotator_email, tentative, bad_quality).
images.csv              every image in the export: file_name, sample_id, original_filename
                        (as uploaded), width, height, package_id, format, readers (how many
                        examined it).
"""


class YoloFormatter(ArchiveFormatter):
    passes = (Needs.annotations,)

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._class_index = {label.id: index for index, label in enumerate(context.labels)}
        self._readers = Spool()
        self._images = Spool()
        self._text = CsvText()

    def start(self) -> bytes:
        context = self.context
        names = [" ".join(label.name.split()) for label in context.labels]
        readme = readme_header(context, "YOLO format") + README + readme_images(context, "images", "yolo")
        self._zip.add("README.txt", readme)
        self._zip.add("classes.txt", "".join(f"{name}\n" for name in names))
        yaml = (
            "# TagMedX YOLO export: class index = position in names (labels by id)\n"
            f"path: .\ntrain: images\nval: images\nnc: {len(names)}\nnames: {json.dumps(names)}\n"
        )
        self._zip.add("data.yaml", yaml)
        self._text.row(
            (
                "file",
                "line",
                "sample_id",
                "box_id",
                "examination_id",
                "annotator_id",
                "annotator_email",
                "tentative",
                "bad_quality",
            )
        )
        self._readers.write(self._text.take())
        self._text.row(
            (
                "file_name",
                "sample_id",
                "original_filename",
                "width",
                "height",
                "package_id",
                "format",
                "readers",
            )
        )
        self._images.write(self._text.take())
        return self._zip.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        readers = CsvText()
        for sample_id, filename, width, height, package_id, image_format, *_ in chunk.samples:
            stem = sample_stem(sample_id, filename)
            examinations = chunk.examinations_of(sample_id)
            file_name = stem + image_extension(image_format)
            self._text.row(
                (file_name, sample_id, filename, width, height, package_id, image_format, len(examinations))
            )
            if not examinations:
                continue
            lines: list[str] = []
            for exam_id, _, user_id, email, _, tentative, bad_quality, _, _ in examinations:
                for box in chunk.boxes.get(exam_id, ()):
                    line = self._line(width, height, box)
                    if line is None:
                        continue
                    lines.append(line)
                    readers.row(
                        (
                            f"labels/{stem}.txt",
                            len(lines),
                            sample_id,
                            box[0],
                            exam_id,
                            user_id,
                            email,
                            flag(tentative),
                            flag(bad_quality),
                        )
                    )
            self._zip.add(f"labels/{stem}.txt", "".join(f"{line}\n" for line in lines))
        self._images.write(self._text.take())
        self._readers.write(readers.take())
        return self._zip.take()

    def _line(self, width: int, height: int, box: BoxRow) -> str | None:
        _, _, label_id, x, y, box_width, box_height, _ = box
        index = self._class_index.get(label_id)
        if index is None or width <= 0 or height <= 0:
            return None
        cx = _unit((x + box_width / 2) / width)
        cy = _unit((y + box_height / 2) / height)
        return f"{index} {cx:.6f} {cy:.6f} {_unit(box_width / width):.6f} {_unit(box_height / height):.6f}"

    def last_members(self) -> Iterator[bytes]:
        yield from self._zip.add_pieces("readers.csv", self._readers.pieces())
        yield from self._zip.add_pieces("images.csv", self._images.pieces())

    def close(self) -> None:
        self._readers.close()
        self._images.close()


def _unit(value: float) -> float:
    return min(max(value, 0.0), 1.0)

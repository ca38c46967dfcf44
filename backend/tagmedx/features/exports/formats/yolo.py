"""YOLO (detection sets): a ZIP of `classes.txt`, `data.yaml`, `labels/<stem>.txt`, `images.csv`,
`readers.csv` and `README.txt`. Images are not included."""

import json
from collections.abc import Iterator

from tagmedx.features.exports.formats.base import CsvText, Formatter, Spool, flag
from tagmedx.features.exports.formats.zipstream import StreamingZip
from tagmedx.features.exports.naming import sample_stem
from tagmedx.features.exports.rows import BoxRow, Chunk, ExportContext, Needs

README = """TagMedX export in YOLO format
=============================

Set: {set_name} (id {set_id}){package}
Scope: {scope} ({scope_meaning})
Exported at: {exported_at}

classes.txt       one label name per line; the line number (from 0) is the class index.
                  Labels are ordered by their TagMedX label id, so indices stay stable
                  when labels are added later.
data.yaml         the same classes for Ultralytics-style tools (names, nc).
labels/<stem>.txt one line per box: `class cx cy w h`, the box centre and size divided
                  by the image width and height (0..1, 6 decimals).
                  <stem> is `<sample id>_<file name without extension>`, so two images
                  with the same file name never collide.
                  One file per image that at least one reader examined; it holds the
                  boxes of EVERY reader (an empty file: read, nothing found). Images
                  nobody examined have no file. Use readers.csv to tell readers apart
                  or to keep one reader's boxes.
readers.csv       one row per line of every labels file: which reader drew that box
                  (file, line from 1, sample_id, box_id, examination_id, annotator_id,
                  annotator_email, tentative, bad_quality).
images.csv        every image in the export: stem, sample_id, filename (as uploaded),
                  width, height, package_id, format, readers (how many examined it).

Images are not included: download them from the TagMedX API
(GET /api/samples/<sample_id>/image) and save them as images/<stem>.<ext>.
"""


class YoloFormatter(Formatter):
    media_type = "application/zip"
    extension = "zip"
    passes = (Needs.annotations,)

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._zip = StreamingZip(context.exported_at)
        self._class_index = {label.id: index for index, label in enumerate(context.labels)}
        self._readers = Spool()
        self._images = Spool()
        self._text = CsvText()

    def start(self) -> bytes:
        context = self.context
        names = [" ".join(label.name.split()) for label in context.labels]
        self._zip.add("README.txt", _readme(context))
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
            ("stem", "sample_id", "filename", "width", "height", "package_id", "format", "readers")
        )
        self._images.write(self._text.take())
        return self._zip.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        readers = CsvText()
        for sample_id, filename, width, height, package_id, image_format, *_ in chunk.samples:
            stem = sample_stem(sample_id, filename)
            examinations = chunk.examinations_of(sample_id)
            self._text.row(
                (stem, sample_id, filename, width, height, package_id, image_format, len(examinations))
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

    def finish(self) -> Iterator[bytes]:
        yield from self._zip.add_pieces("readers.csv", self._readers.pieces())
        yield from self._zip.add_pieces("images.csv", self._images.pieces())
        yield self._zip.close()

    def close(self) -> None:
        self._readers.close()
        self._images.close()


def _unit(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def _readme(context: ExportContext) -> str:
    return README.format(
        set_name=context.set_name,
        set_id=context.set_id,
        package=f", package {context.package_id}" if context.package_id else "",
        scope=context.scope.value,
        scope_meaning="only packages marked ready" if context.scope.value == "ready" else "every sample",
        exported_at=context.exported_at.isoformat(),
    )

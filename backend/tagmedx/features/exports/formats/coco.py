"""COCO JSON, written by hand item by item (never the whole document in memory).

`images` lists every sample in scope (annotated or not) with its real size, its `file_name` in every
format (naming.image_file_name) and the name it was uploaded with; `categories` are the
set's labels with their ids; `annotations` are one per box (detection) or one per chosen label
(classification, no `bbox`); `examinations` (an extension) lists every reading, so an image read
as "no finding" can be told from one nobody read. Items are formatted from templates (each string
through the JSON encoder's own escaping), which is several times faster than a dict per item.
"""

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring as _text

from tagmedx.features.exports.formats.base import Formatter, Spool
from tagmedx.features.exports.naming import image_file_name
from tagmedx.features.exports.rows import Chunk, ExaminationRow, ExportContext, Needs


def _number(value: float) -> str:
    if not math.isfinite(value):
        return "null"
    return str(int(value)) if value.is_integer() else repr(value)


def _bool(value: bool) -> str:
    return "true" if value else "false"


class CocoFormatter(Formatter):
    media_type = "application/json"
    extension = "json"
    passes = (Needs.samples, Needs.annotations)

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._first = True
        self._examinations = Spool()
        self._examinations_first = True
        self._annotation_number = 0

    def start(self) -> bytes:
        context = self.context
        info = {
            "description": context.set_name,
            "set_id": context.set_id,
            "set_type": context.set_type.value,
            "package_id": context.package_id,
            "scope": context.scope.value,
            "exported_at": context.exported_at.isoformat(),
            "date_created": context.exported_at.isoformat(),
            "year": context.exported_at.year,
            "version": "1.0",
            "contributor": "TagMedX",
        }
        categories = [
            {
                "id": label.id,
                "name": label.name,
                "supercategory": "finding" if context.is_detection else "class",
                "color": label.color,
                "description": label.description,
            }
            for label in context.labels
        ]
        head = json.dumps(info, ensure_ascii=False), json.dumps(categories, ensure_ascii=False)
        return f'{{"info":{head[0]},\n"licenses":[],\n"categories":{head[1]},\n"images":['.encode()

    def write(self, index: int, chunk: Chunk) -> bytes:
        if index == 0:
            return self._items([_image(sample) for sample in chunk.samples])
        items: list[str] = []
        readings: list[str] = []
        for sample in chunk.samples:
            for examination in chunk.examinations_of(sample[0]):
                common, reading = _reading(examination)
                readings.append(reading)
                if self.context.is_detection:
                    items.extend(_boxes(chunk, examination, common))
                else:
                    items.extend(self._classes(chunk, examination, common))
        if readings:
            prefix = "\n" if self._examinations_first else ",\n"
            self._examinations_first = False
            self._examinations.write((prefix + ",\n".join(readings)).encode())
        return self._items(items)

    def end_pass(self, index: int) -> bytes:
        self._first = True
        return b'],\n"annotations":[' if index == 0 else b'],\n"examinations":['

    def finish(self) -> Iterator[bytes]:
        yield from self._examinations.pieces()
        yield b"]}\n"

    def close(self) -> None:
        self._examinations.close()

    def _items(self, items: list[str]) -> bytes:
        if not items:
            return b""
        prefix = "\n" if self._first else ",\n"
        self._first = False
        return (prefix + ",\n".join(items)).encode()

    def _classes(self, chunk: Chunk, examination: ExaminationRow, common: str) -> Iterator[str]:
        comment = _text(examination[7])
        for label_id in chunk.chosen_labels.get(examination[0], ()):
            self._annotation_number += 1
            yield f'{{"id":{self._annotation_number},"category_id":{label_id},{common},"comment":{comment}}}'


def _image(sample: tuple[int, str, int, int, int, str, str | None, int]) -> str:
    sample_id, filename, width, height, package_id, image_format, modality, frames = sample
    file_name = image_file_name(sample_id, filename, image_format)  # safe: no escaping needed
    text = (
        f'{{"id":{sample_id},"file_name":"{file_name}","width":{width},"height":{height},'
        f'"original_filename":{_text(filename)},"package_id":{package_id},"format":"{image_format}"'
    )
    if image_format == "dicom":
        text += f',"modality":{_text(modality) if modality else "null"},"frames":{frames}'
    return text + "}"


def _reading(examination: ExaminationRow) -> tuple[str, str]:
    """The fields every annotation of this examination shares, and its `examinations` item."""
    exam_id, sample_id, user_id, email, name, tentative, bad_quality, comment, updated_at = examination
    annotator = f'{{"user_id":{user_id},"email":{_text(email)},"name":{_text(name)}}}'
    flags = f'"tentative":{_bool(tentative)},"bad_quality":{_bool(bad_quality)}'
    common = f'"image_id":{sample_id},"examination_id":{exam_id},"annotator":{annotator},{flags}'
    reading = (
        f'{{"id":{exam_id},"image_id":{sample_id},"annotator":{annotator},{flags},'
        f'"comment":{_text(comment)},"updated_at":"{updated_at.isoformat()}"}}'
    )
    return common, reading


def _boxes(chunk: Chunk, examination: ExaminationRow, common: str) -> Iterator[str]:
    boxes = chunk.boxes.get(examination[0])
    if not boxes:
        return
    tail = f'{common},"examination_comment":{_text(examination[7])}'
    for box_id, _, label_id, x, y, width, height, comment in boxes:
        bbox = f"{_number(x)},{_number(y)},{_number(width)},{_number(height)}"
        yield (
            f'{{"id":{box_id},"category_id":{label_id},"bbox":[{bbox}],"area":{_number(width * height)},'
            f'"iscrowd":0,"segmentation":[],{tail},"comment":{_text(comment)}}}'
        )

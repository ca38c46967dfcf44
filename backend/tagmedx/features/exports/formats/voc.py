"""Pascal VOC (detection sets): a ZIP of `Annotations/<stem>.xml` per image, `labels.txt`,
`ImageSets/Main/all.txt` and `README.txt`. Images are not included.

Coordinates follow the VOC devkit: 1-based, inclusive pixel indices. A TagMedX box
(x, y, width, height in 0-based pixels, top-left origin) becomes xmin = round(x) + 1,
ymin = round(y) + 1, xmax = round(x + width), ymax = round(y + height), kept inside the image.
The XML is written from templates; every text goes through `_xml` (escaped, characters XML 1.0
forbids removed).
"""

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape

from tagmedx.features.exports.formats.base import Formatter, Spool
from tagmedx.features.exports.formats.zipstream import StreamingZip
from tagmedx.features.exports.naming import sample_stem
from tagmedx.features.exports.rows import BoxRow, Chunk, ExaminationRow, ExportContext, Needs, SampleRow

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

README = """TagMedX export in Pascal VOC format
==================================

Set: {set_name} (id {set_id}){package}
Scope: {scope}
Exported at: {exported_at}

Annotations/<stem>.xml  one file per image in the export (also images nobody examined:
                        they have no <object>). <stem> is `<sample id>_<file name without
                        extension>`; <filename> holds the name as uploaded.
                        Every reader's boxes are objects of the same file; each object says
                        who drew it in <annotator> (user_id, email, name) and carries
                        <tentative>, <bad_quality>, <comment>, <box_id>, <examination_id>.
                        Coordinates are VOC's: 1-based inclusive pixel indices,
                        xmin = round(x) + 1, xmax = round(x + width) (same for y).
                        <depth> is 1 for DICOM, 3 for PNG and JPEG.
labels.txt              the set's label names, ordered by label id.
ImageSets/Main/all.txt  every stem, one per line.

Images are not included: download them from the TagMedX API
(GET /api/samples/<sample_id>/image) and save them as JPEGImages/<stem>.<ext>.
"""

_OBJECT = """\t<object>
\t\t<name>{name}</name>
\t\t<label_id>{label_id}</label_id>
\t\t<pose>Unspecified</pose>
\t\t<truncated>0</truncated>
\t\t<difficult>0</difficult>
\t\t<bndbox>
\t\t\t<xmin>{xmin}</xmin>
\t\t\t<ymin>{ymin}</ymin>
\t\t\t<xmax>{xmax}</xmax>
\t\t\t<ymax>{ymax}</ymax>
\t\t</bndbox>
{reader}\t\t<comment>{comment}</comment>
\t\t<box_id>{box_id}</box_id>
\t</object>
"""


def _xml(text: object) -> str:
    return escape(_NOT_XML.sub("", str(text)))


class VocFormatter(Formatter):
    media_type = "application/zip"
    extension = "zip"
    passes = (Needs.annotations,)

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._zip = StreamingZip(context.exported_at)
        self._names = {label.id: _xml(label.name) for label in context.labels}
        self._set_name = _xml(context.set_name)
        self._stems = Spool()

    def start(self) -> bytes:
        context = self.context
        readme = README.format(
            set_name=context.set_name,
            set_id=context.set_id,
            package=f", package {context.package_id}" if context.package_id else "",
            scope=context.scope.value,
            exported_at=context.exported_at.isoformat(),
        )
        self._zip.add("README.txt", readme)
        self._zip.add("labels.txt", "".join(f"{' '.join(label.name.split())}\n" for label in context.labels))
        return self._zip.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        stems: list[str] = []
        for sample in chunk.samples:
            stem = sample_stem(sample[0], sample[1])
            stems.append(stem)
            self._zip.add(f"Annotations/{stem}.xml", self._annotation(sample, chunk))
        self._stems.write("".join(f"{stem}\n" for stem in stems).encode())
        return self._zip.take()

    def _annotation(self, sample: SampleRow, chunk: Chunk) -> str:
        sample_id, filename, width, height, package_id, image_format, *_ = sample
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<annotation>\n\t<folder>JPEGImages</folder>\n',
            f"\t<filename>{_xml(filename)}</filename>\n\t<source>\n\t\t<database>TagMedX</database>\n",
            f"\t\t<set>{self._set_name}</set>\n\t\t<sample_id>{sample_id}</sample_id>\n",
            f"\t\t<package_id>{package_id}</package_id>\n\t</source>\n",
            f"\t<size>\n\t\t<width>{width}</width>\n\t\t<height>{height}</height>\n",
            f"\t\t<depth>{1 if image_format == 'dicom' else 3}</depth>\n\t</size>\n",
            "\t<segmented>0</segmented>\n",
        ]
        for examination in chunk.examinations_of(sample_id):
            boxes = chunk.boxes.get(examination[0])
            if boxes:
                reader = _reader(examination)
                parts.extend(self._object(box, reader, width, height) for box in boxes)
        parts.append("</annotation>\n")
        return "".join(parts)

    def _object(self, box: BoxRow, reader: str, width: int, height: int) -> str:
        xmin, ymin, xmax, ymax = voc_box(box, width, height)
        return _OBJECT.format(
            name=self._names.get(box[2], box[2]),
            label_id=box[2],
            xmin=xmin,
            ymin=ymin,
            xmax=xmax,
            ymax=ymax,
            reader=reader,
            comment=_xml(box[7]),
            box_id=box[0],
        )

    def finish(self) -> Iterator[bytes]:
        yield from self._zip.add_pieces("ImageSets/Main/all.txt", self._stems.pieces())
        yield self._zip.close()

    def close(self) -> None:
        self._stems.close()


def _reader(examination: ExaminationRow) -> str:
    exam_id, _, user_id, email, name, tentative, bad_quality, _, _ = examination
    return (
        f"\t\t<annotator>\n\t\t\t<user_id>{user_id}</user_id>\n\t\t\t<email>{_xml(email)}</email>\n"
        f"\t\t\t<name>{_xml(name)}</name>\n\t\t</annotator>\n"
        f"\t\t<tentative>{int(tentative)}</tentative>\n\t\t<bad_quality>{int(bad_quality)}</bad_quality>\n"
        f"\t\t<examination_id>{exam_id}</examination_id>\n"
    )


def voc_box(box: BoxRow, width: int, height: int) -> tuple[int, int, int, int]:
    """1-based inclusive pixel indices inside the image (see the module's docstring)."""
    _, _, _, x, y, box_width, box_height, _ = box
    xmin = min(max(_round(x) + 1, 1), max(width, 1))
    ymin = min(max(_round(y) + 1, 1), max(height, 1))
    xmax = min(max(_round(x + box_width), xmin), max(width, 1))
    ymax = min(max(_round(y + box_height), ymin), max(height, 1))
    return xmin, ymin, xmax, ymax


def _round(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)

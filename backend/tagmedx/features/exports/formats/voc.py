"""Pascal VOC (detection sets): a ZIP of `Annotations/<stem>.xml` per image, `JPEGImages/<file_name>`
(with images), `labelmap.txt`, `labels.txt`, `ImageSets/Main/all.txt` and `README.txt`, as datumaro's
and the VOC devkit's readers expect it.

Coordinates follow the VOC devkit: 1-based, inclusive pixel indices. A TagMedX box
(x, y, width, height in 0-based pixels, top-left origin) becomes xmin = round(x) + 1,
ymin = round(y) + 1, xmax = round(x + width), ymax = round(y + height), kept inside the image.
The XML is written from templates; every text goes through `_xml` (escaped, characters XML 1.0
forbids removed).
"""

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape

from tagmedx.features.exports.formats.archive import ArchiveFormatter, readme_header, readme_images
from tagmedx.features.exports.formats.base import Spool
from tagmedx.features.exports.naming import image_extension, sample_stem
from tagmedx.features.exports.rows import (
    BoxRow,
    Chunk,
    ExaminationRow,
    ExportContext,
    FileNeeds,
    LabelRow,
    Needs,
    SampleRow,
)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEX_COLOR = re.compile("#[0-9a-fA-F]{6}")
_MONOCHROME = ("MONOCHROME1", "MONOCHROME2")

README = """Annotations/<stem>.xml  one file per image in the export (also images nobody examined:
                        they have no <object>). <filename> is the image's <file_name>
                        (`<sample id>_<name as uploaded>.png`, `.jpg` for JPEG) and <stem> is
                        <file_name> without its extension; <original_filename> holds the name
                        as uploaded. Every reader's boxes are objects of the same file; each
                        object says who drew it in <annotator> (user_id, email, name) and
                        carries <tentative>, <bad_quality>, <comment>, <box_id>,
                        <examination_id>. Coordinates are VOC's: 1-based inclusive pixel
                        indices, xmin = round(x) + 1, xmax = round(x + width) (same for y).
                        <depth> is 1 for greyscale images (monochrome DICOM, and PNG or JPEG
                        files found greyscale when the export includes them), 3 for colour.
labelmap.txt            the labels as datumaro's VOC reader wants them (`name:r,g,b::`, the
                        label's colour). Names are the set's, with ':' turned into '_', runs
                        of spaces made one, and a leading '#' preceded by '_'.
labels.txt              the same names, one per line, ordered by label id.
ImageSets/Main/all.txt  every stem, one per line (datumaro: subset "all").
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


class VocFormatter(ArchiveFormatter):
    passes = (Needs.annotations,)
    file_needs = FileNeeds.dicom  # the photometric interpretation of DICOMs, for <depth>
    image_folder = "JPEGImages"

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._label_names = voc_names(context.labels)
        self._names = {label_id: _xml(name) for label_id, name in self._label_names.items()}
        self._set_name = _xml(context.set_name)
        self._stems = Spool()

    def start(self) -> bytes:
        context = self.context
        readme = readme_header(context, "Pascal VOC format") + README
        self._zip.add("README.txt", readme + readme_images(context, self.image_folder, "voc"))
        self._zip.add("labelmap.txt", labelmap(context.labels, self._label_names))
        self._zip.add("labels.txt", "".join(f"{self._label_names[label.id]}\n" for label in context.labels))
        return self._zip.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        stems: list[str] = []
        for sample in chunk.samples:
            stem = sample_stem(sample[0], sample[1])
            stems.append(stem)
            self._zip.add(f"Annotations/{stem}.xml", self._annotation(sample, stem, chunk))
        self._stems.write("".join(f"{stem}\n" for stem in stems).encode())
        return self._zip.take()

    def _annotation(self, sample: SampleRow, stem: str, chunk: Chunk) -> str:
        sample_id, filename, width, height, package_id, image_format, *_ = sample
        file_name = stem + image_extension(image_format)
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<annotation>\n\t<folder>JPEGImages</folder>\n',
            f"\t<filename>{file_name}</filename>\n\t<original_filename>{_xml(filename)}</original_filename>\n",
            f"\t<source>\n\t\t<database>TagMedX</database>\n\t\t<set>{self._set_name}</set>\n",
            f"\t\t<sample_id>{sample_id}</sample_id>\n\t\t<package_id>{package_id}</package_id>\n\t</source>\n",
            f"\t<size>\n\t\t<width>{width}</width>\n\t\t<height>{height}</height>\n",
            f"\t\t<depth>{_depth(sample_id, image_format, chunk)}</depth>\n\t</size>\n",
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

    def last_members(self) -> Iterator[bytes]:
        yield from self._zip.add_pieces("ImageSets/Main/all.txt", self._stems.pieces())

    def close(self) -> None:
        self._stems.close()


def voc_names(labels: list[LabelRow]) -> dict[int, str]:
    """Each label's name as one field of a labelmap.txt line (see README), unique in the set, by id."""
    names: dict[int, str] = {}
    for label in labels:
        name = " ".join(label.name.split()).replace(":", "_")
        name = f"_{name}" if name.startswith("#") else name
        if not name or name in names.values():
            name = f"{name or 'label'}_{label.id}"
        names[label.id] = name
    return names


def labelmap(labels: list[LabelRow], names: dict[int, str]) -> str:
    lines = ["# label:color_rgb:parts:actions\n"]
    for label in labels:
        color = label.color if _HEX_COLOR.fullmatch(label.color or "") else ""
        rgb = ",".join(str(int(color[start : start + 2], 16)) for start in (1, 3, 5)) if color else ""
        lines.append(f"{names[label.id]}:{rgb}::\n")
    return "".join(lines)


def _depth(sample_id: int, image_format: str, chunk: Chunk) -> int:
    """1 for greyscale, 3 for colour: as written into the ZIP, else as the DICOM declares it."""
    if sample_id in chunk.channels:
        return chunk.channels[sample_id]
    if image_format != "dicom":
        return 3
    image = chunk.files.get(sample_id)
    return 1 if image is None or image.photometric in (None, *_MONOCHROME) else 3


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

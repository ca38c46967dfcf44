"""CSV (RFC 4180, UTF-8, header row, CRLF), with text cells guarded against formula injection.

Detection: one row per box. Classification: one row per (sample, reader) with the chosen labels
joined by ';' (and their ids in `label_ids`); a sample nobody has read yet gets one row with empty
reader columns, so every sample in scope appears.
"""

from tagmedx.features.exports.formats.base import CsvText, Formatter, flag, number
from tagmedx.features.exports.rows import Chunk, ExportContext, Needs

DETECTION_COLUMNS = (
    "sample_id",
    "filename",
    "image_width",
    "image_height",
    "package_id",
    "annotator_id",
    "annotator_email",
    "label_id",
    "label",
    "x",
    "y",
    "width",
    "height",
    "box_comment",
    "tentative",
    "bad_quality",
    "examination_comment",
    "box_id",
    "examination_id",
)
CLASSIFICATION_COLUMNS = (
    "sample_id",
    "filename",
    "annotator_id",
    "annotator_email",
    "labels",
    "tentative",
    "bad_quality",
    "comment",
    "label_ids",
    "package_id",
    "image_width",
    "image_height",
    "examination_id",
)


class CsvFormatter(Formatter):
    media_type = "text/csv; charset=utf-8"
    extension = "csv"
    passes = (Needs.annotations,)

    def __init__(self, context: ExportContext) -> None:
        super().__init__(context)
        self._text = CsvText()
        self._names = context.label_names

    def start(self) -> bytes:
        self._text.row(DETECTION_COLUMNS if self.context.is_detection else CLASSIFICATION_COLUMNS)
        return self._text.take()

    def write(self, index: int, chunk: Chunk) -> bytes:
        if self.context.is_detection:
            self._detection_rows(chunk)
        else:
            self._classification_rows(chunk)
        return self._text.take()

    def _detection_rows(self, chunk: Chunk) -> None:
        names = self._names
        row = self._text.row
        for sample_id, filename, width, height, package_id, *_ in chunk.samples:
            for examination in chunk.examinations_of(sample_id):
                exam_id, _, user_id, email, _, tentative, bad_quality, comment, _ = examination
                for box_id, _, label_id, x, y, box_width, box_height, box_comment in chunk.boxes.get(
                    exam_id, ()
                ):
                    row(
                        (
                            sample_id,
                            filename,
                            width,
                            height,
                            package_id,
                            user_id,
                            email,
                            label_id,
                            names.get(label_id, ""),
                            number(x),
                            number(y),
                            number(box_width),
                            number(box_height),
                            box_comment,
                            flag(tentative),
                            flag(bad_quality),
                            comment,
                            box_id,
                            exam_id,
                        )
                    )

    def _classification_rows(self, chunk: Chunk) -> None:
        for sample_id, filename, width, height, package_id, *_ in chunk.samples:
            examinations = chunk.examinations_of(sample_id)
            if not examinations:
                self._text.row(
                    (sample_id, filename, "", "", "", "", "", "", "", package_id, width, height, "")
                )
            for exam_id, _, user_id, email, _, tentative, bad_quality, comment, _ in examinations:
                label_ids = chunk.chosen_labels.get(exam_id, [])
                self._text.row(
                    (
                        sample_id,
                        filename,
                        user_id,
                        email,
                        ";".join(self._names.get(label_id, "") for label_id in label_ids),
                        flag(tentative),
                        flag(bad_quality),
                        comment,
                        ";".join(str(label_id) for label_id in label_ids),
                        package_id,
                        width,
                        height,
                        exam_id,
                    )
                )

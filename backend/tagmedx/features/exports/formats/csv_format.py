"""CSV (RFC 4180, UTF-8, header row, CRLF): one row per finding, and every sample at least once.

Detection: one row per box; a reading without boxes gets one row with empty box columns (a negative,
not a gap), a sample nobody has read one row with empty reader columns too. Classification: one row
per chosen label of each reading (tidy data: no list in a cell to split), a reading without a label
one row with empty label columns, an unread sample one row. Text is written as it is (CsvText).
"""

from tagmedx.features.exports.formats.base import CsvText, Formatter, flag, number
from tagmedx.features.exports.naming import image_file_name
from tagmedx.features.exports.rows import Chunk, ExaminationRow, ExportContext, Needs

DETECTION_COLUMNS = (
    "sample_id",
    "file_name",
    "original_filename",
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
    "file_name",
    "original_filename",
    "annotator_id",
    "annotator_email",
    "label_id",
    "label",
    "tentative",
    "bad_quality",
    "comment",
    "package_id",
    "image_width",
    "image_height",
    "examination_id",
)
TEXT_COLUMNS = (
    "original_filename",
    "annotator_email",
    "label",
    "box_comment",
    "examination_comment",
    "comment",
)
_NO_BOX = ("",) * 7  # label_id, label, x, y, width, height, box_comment
_NO_READING = ("",) * 3  # tentative, bad_quality, comment


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
        for sample in chunk.samples:
            sample_id, filename, width, height, package_id, image_format, *_ = sample
            image = (sample_id, image_file_name(sample_id, filename, image_format), filename, width, height)
            examinations = chunk.examinations_of(sample_id)
            if not examinations:
                row((*image, package_id, "", "", *_NO_BOX, *_NO_READING, "", ""))
            for examination in examinations:
                exam_id, _, user_id, email, _, tentative, bad_quality, comment, _ = examination
                reader = (flag(tentative), flag(bad_quality), comment)
                boxes = chunk.boxes.get(exam_id)
                if not boxes:
                    row((*image, package_id, user_id, email, *_NO_BOX, *reader, "", exam_id))
                    continue
                for box_id, _, label_id, x, y, box_width, box_height, box_comment in boxes:
                    row(
                        (
                            *image,
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
                            *reader,
                            box_id,
                            exam_id,
                        )
                    )

    def _classification_rows(self, chunk: Chunk) -> None:
        for sample in chunk.samples:
            sample_id, filename, width, height, package_id, image_format, *_ = sample
            image = (sample_id, image_file_name(sample_id, filename, image_format), filename)
            tail = (package_id, width, height)
            examinations = chunk.examinations_of(sample_id)
            if not examinations:
                self._text.row((*image, "", "", "", "", *_NO_READING, *tail, ""))
            for examination in examinations:
                self._reading_rows(image, tail, examination, chunk.chosen_labels.get(examination[0]))

    def _reading_rows(
        self,
        image: tuple[int, str, str],
        tail: tuple[int, int, int],
        examination: ExaminationRow,
        label_ids: list[int] | None,
    ) -> None:
        exam_id, _, user_id, email, _, tentative, bad_quality, comment, _ = examination
        reader = (user_id, email)
        flags = (flag(tentative), flag(bad_quality), comment)
        if not label_ids:
            self._text.row((*image, *reader, "", "", *flags, *tail, exam_id))
        for label_id in label_ids or ():
            self._text.row((*image, *reader, label_id, self._names.get(label_id, ""), *flags, *tail, exam_id))

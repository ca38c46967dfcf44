"""What an export reads: plain rows (no ORM objects), grouped per chunk of samples."""

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from tagmedx.features.exports.schemas import ExportScope
from tagmedx.models import SetType


class LabelRow(NamedTuple):
    id: int
    name: str
    color: str
    description: str


# The rows read chunk by chunk are EXACT tuples, unpacked where they are used. Not NamedTuples:
# the garbage collector stops tracking plain tuples of plain values, whereas tuple subclasses
# stay tracked, and hundreds of thousands of tracked rows trigger full collections that made a
# large export several times slower.

SampleRow = tuple[int, str, int, int, int, str, str | None, int]
"""id, filename, width, height, package_id, format, modality, frames"""

ExaminationRow = tuple[int, int, int, str, str, bool, bool, str, datetime]
"""id, sample_id, user_id, email, full name, tentative, bad_quality, comment, updated_at"""

BoxRow = tuple[int, int, int, float, float, float, float, str]
"""id, examination_id, label_id, x, y, width, height, comment"""


class ImageFile(NamedTuple):
    """Where a sample's image is stored, for exports that write images or describe their depth."""

    original_key: str
    photometric: str | None  # DICOM: as the file declared it (MONOCHROME2, RGB, ...); else None


@dataclass(frozen=True)
class ExportSource:
    """Which samples an export covers."""

    set_id: int
    package_id: int | None
    ready_only: bool


@dataclass(frozen=True)
class ExportContext:
    """What every format needs besides the rows: the set, its labels, when and what was asked."""

    set_id: int
    set_name: str
    set_type: SetType
    group_id: int
    package_id: int | None
    scope: ExportScope
    exported_at: datetime
    labels: list[LabelRow]
    images: bool = False  # the images are written into the ZIP

    @property
    def is_detection(self) -> bool:
        return self.set_type is SetType.detection

    @property
    def label_names(self) -> dict[int, str]:
        return {label.id: label.name for label in self.labels}


@dataclass
class Chunk:
    """A run of samples (by id) with everything the format asked for about them."""

    samples: list[SampleRow]
    examinations: dict[int, list[ExaminationRow]] = field(default_factory=dict)  # by sample id
    boxes: dict[int, list[BoxRow]] = field(default_factory=dict)  # by examination id
    chosen_labels: dict[int, list[int]] = field(default_factory=dict)  # by examination id
    files: dict[int, ImageFile] = field(default_factory=dict)  # by sample id, when the format asks
    channels: dict[int, int] = field(default_factory=dict)  # by sample id: 1 or 3, of images written

    def examinations_of(self, sample_id: int) -> list[ExaminationRow]:
        return self.examinations.get(sample_id, _NONE)


_NONE: list[ExaminationRow] = []


class FileNeeds(enum.Enum):
    """Which samples of a chunk the last pass needs `files` of."""

    none = "none"
    dicom = "dicom"  # the photometric interpretation of DICOMs (VOC's <depth>)
    every = "every"  # every sample's stored original (images=true)


class Needs(enum.Enum):
    """What one pass over the samples reads for each chunk."""

    samples = "samples"
    examinations = "examinations"  # samples and their examinations
    annotations = "annotations"  # samples, examinations, and boxes or chosen labels

"""De-identification: DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile.

The profile is the table in profile.py (Table E.1-1, every row), applied to every data set and every
item of every sequence at any depth: per-frame and shared functional groups, content sequences, code
sequences. How each action is carried out:

| action                | on a value                          | on a sequence                              |
|-----------------------|-------------------------------------|--------------------------------------------|
| X                     | removed                             | removed                                    |
| Z, X/Z                | emptied (zero length)               | emptied (no items)                         |
| X/Z/D                 | a dummy value (see below)           | emptied (no items)                         |
| D, X/D, Z/D           | a dummy value                       | items kept, every value in them dummied    |
| U                     | the UID replaced (see anonymous_uid)| -                                          |
| X/Z/U*                | the UIDs in it replaced             | items kept, their UIDs replaced            |

Where the standard lets the action depend on the attribute's type in the IOD (X/Z: "Z if Type 2";
X/D, Z/D, X/Z/D: "D if Type 1"), the choice above is the one that keeps every type valid: a dummy
satisfies Type 1, an empty value Type 2 and 3, and neither carries the original. A dummy is fixed per
VR: "ANONYMOUS" for text and names, 19000101 for dates, 0 for numbers, a replaced UID for UIDs.

Beyond the table: private elements are removed; the overlay groups (60xx) are removed whole (the
profile removes their data and comments, and an overlay without its data is not valid) and so are
the curve groups (50xx); any other UID that is not a standard DICOM UID (1.2.840.10008.*) is replaced,
except class and syntax UIDs; any other person name (PN) is emptied; the preamble is zeroed and
identifying file meta elements removed. Pixel data is untouched here (burned-in text: redaction).

With `shift_dates` (the profile's Retain Longitudinal Temporal Information with Modified Dates
Option), the dates and date-times the option's column marks are moved by one whole number of days per
patient (derived from the group's secret and the patient's identity, so the same patient gets the same
shift in every upload of the group and another shift in another group), and times of day are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pydicom.datadict import tag_for_keyword
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag
from pydicom.uid import UID

from .profile import EDITION, TABLE_E1_1

DEIDENTIFICATION_METHOD = "TagMedX: DICOM PS3.15 E.1.1 Basic Application Level Confidentiality Profile"
# De-identification Method is LO (at most 64 characters) with VM 1-n: the file carries the sentence
# as two values whose space-joined text is DEIDENTIFICATION_METHOD.
DEIDENTIFICATION_METHOD_VALUES = [
    "TagMedX: DICOM PS3.15 E.1.1",
    "Basic Application Level Confidentiality Profile",
]
MODIFIED_DATES_METHOD = "Retain Longitudinal Temporal Information Modified Dates Option"
_BASIC_PROFILE_CODE = ("113100", "Basic Application Confidentiality Profile")
_MODIFIED_DATES_CODE = ("113107", MODIFIED_DATES_METHOD)
_STANDARD_UID_ROOT = "1.2.840.10008."
_SHIFT_DAYS = (365, 3650)  # a shift back in time of one to ten years


@dataclass(frozen=True)
class Row:
    """One row of Table E.1-1."""

    tag: str  # "(0010,0010)", or "(60xx,3000)" for a repeating group
    action: str  # as the standard writes it: X, Z, D, U, X/Z, X/D, Z/D, X/Z/D, X/Z/U*
    modified_dates: bool  # the Modified Dates option shifts it (column C)
    name: str


def _parse(text: str) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        tag, action, option, name = line.split(maxsplit=3)
        rows.append(Row(tag, action, option == "C", name))
    return rows


PROFILE_ROWS: list[Row] = _parse(TABLE_E1_1)
PROFILE_EDITION = EDITION
_ROW_BY_TAG: dict[int, Row] = {
    int(row.tag[1:5] + row.tag[6:10], 16): row for row in PROFILE_ROWS if "x" not in row.tag
}

# UIDs that name classes, syntaxes or schemes, never an instance: kept even when private.
_KEPT_UIDS = frozenset(
    int(tag)
    for keyword in (
        "TransferSyntaxUID",
        "SOPClassUID",
        "MediaStorageSOPClassUID",
        "ReferencedSOPClassUID",
        "ReferencedSOPClassUIDInFile",
        "ReferencedTransferSyntaxUIDInFile",
        "ImplementationClassUID",
        "AffectedSOPClassUID",
        "RequestedSOPClassUID",
        "RelatedGeneralSOPClassUID",
        "OriginalSpecializedSOPClassUID",
        "CodingSchemeUID",
        "MappingResourceUID",
    )
    if (tag := tag_for_keyword(keyword)) is not None
)
_FILE_META_REMOVED = (
    "SourceApplicationEntityTitle",
    "SendingApplicationEntityTitle",
    "ReceivingApplicationEntityTitle",
    "PrivateInformationCreatorUID",
    "PrivateInformation",
    "SourcePresentationAddress",
    "SendingPresentationAddress",
    "ReceivingPresentationAddress",
)
_DUMMY_TEXT = {
    "AE": "ANONYMOUS", "AS": "000Y", "CS": "ANONYMOUS", "LO": "ANONYMOUS", "LT": "ANONYMOUS",
    "PN": "ANONYMOUS", "SH": "ANONYMOUS", "ST": "ANONYMOUS", "UC": "ANONYMOUS", "UT": "ANONYMOUS",
    "UR": "urn:tagmedx:anonymous", "DA": "19000101", "DT": "19000101000000", "TM": "000000",
    "DS": "0", "IS": "0",
}  # fmt: skip
_DUMMY_NUMBER = frozenset({"US", "SS", "UL", "SL", "SV", "UV", "FL", "FD", "AT"})
_DUMMY_BYTES = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
_TEXT_VRS = frozenset(_DUMMY_TEXT)
_DATE_START = re.compile(r"^(\d{8})")


def anonymous_uid(uid: str, uid_secret: bytes) -> str:
    """'2.25.' + the integer of the first 128 bits of HMAC-SHA256(uid_secret, uid)."""
    digest = hmac.new(uid_secret, uid.strip().encode("ascii", "replace"), hashlib.sha256).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def date_shift_days(dataset: Dataset, uid_secret: bytes) -> int:
    """The patient's shift for the Modified Dates option: whole days back, one to ten years.

    The patient is known by Patient ID and its issuer, else by name and birth date: the same patient
    gets the same shift in every upload to the group, and an unrelated one in another group."""
    parts = [str(dataset.get(keyword) or "").strip() for keyword in ("PatientID", "IssuerOfPatientID")]
    if not parts[0]:
        parts = [str(dataset.get(keyword) or "").strip() for keyword in ("PatientName", "PatientBirthDate")]
    key = "date-shift\x00" + "\x00".join(parts)
    digest = hmac.new(uid_secret, key.encode("utf-8", "replace"), hashlib.sha256).digest()
    low, high = _SHIFT_DAYS
    return -(low + int.from_bytes(digest[:8], "big") % (high - low + 1))


def deidentify(dataset: Dataset, uid_secret: bytes, *, shift_dates: bool = False) -> None:
    """Apply the profile to a data set read from a file, in place (pixel data untouched)."""
    shift = date_shift_days(dataset, uid_secret) if shift_dates else None
    cleaner = _Cleaner(lambda uid: anonymous_uid(uid, uid_secret), shift)
    cleaner.clean(dataset)
    _clean_file_meta(dataset.file_meta, cleaner.replace_uid)
    dataset.preamble = bytes(128)
    dataset.PatientIdentityRemoved = "YES"
    dataset.LongitudinalTemporalInformationModified = "MODIFIED" if shift_dates else "REMOVED"
    methods = list(DEIDENTIFICATION_METHOD_VALUES) + ([MODIFIED_DATES_METHOD] if shift_dates else [])
    dataset.DeidentificationMethod = methods
    codes = [_BASIC_PROFILE_CODE] + ([_MODIFIED_DATES_CODE] if shift_dates else [])
    dataset.DeidentificationMethodCodeSequence = Sequence([_code(value, meaning) for value, meaning in codes])


def _code(value: str, meaning: str) -> Dataset:
    code = Dataset()
    code.CodeValue = value
    code.CodingSchemeDesignator = "DCM"
    code.CodeMeaning = meaning
    return code


class _Cleaner:
    def __init__(self, replace_uid: Callable[[str], str], shift_days: int | None) -> None:
        self.replace_uid = replace_uid
        self.shift_days = shift_days

    def clean(self, dataset: Dataset) -> None:
        """Apply the table to every element of the data set, and to every item below it."""
        for tag in list(dataset.keys()):
            if _is_removed(tag):
                del dataset[tag]
                continue
            element = dataset[tag]
            row = _ROW_BY_TAG.get(int(tag))
            if row is None:
                self._beyond_table(element)
            elif self.shift_days is not None and row.modified_dates and element.VR in ("DA", "DT", "TM"):
                self._shift(element)
            elif self._apply(row.action, element) == "removed":
                del dataset[tag]

    def _apply(self, action: str, element: DataElement) -> str:
        sequence = element.VR == "SQ"
        if action == "X":
            return "removed"
        if action in ("Z", "X/Z") or (sequence and action == "X/Z/D"):
            element.value = [] if sequence else None
        elif action in ("D", "X/D", "Z/D", "X/Z/D"):
            if sequence:
                for item in element.value or []:
                    self._dummy_item(item)
            else:
                element.value = self._dummy(element)
        elif action == "U":
            element.value = self._uids(element.value)
        elif action == "X/Z/U*":
            if sequence:
                for item in element.value or []:
                    self.clean(item)
            else:
                element.value = self._uids(element.value) if element.VR == "UI" else None
        else:
            raise ValueError(f"unknown action {action!r} in Table E.1-1")
        return "kept"

    def _beyond_table(self, element: DataElement) -> None:
        if element.VR == "SQ":
            for item in element.value or []:
                self.clean(item)
        elif element.VR == "UI" and int(element.tag) not in _KEPT_UIDS:
            element.value = self._uids(element.value)
        elif element.VR == "PN":
            element.value = None

    def _dummy_item(self, item: Dataset) -> None:
        """An item of a sequence the profile replaces by a dummy: the table where it speaks, and
        every other text, name, date or UID in it replaced too, at any depth."""
        self.clean(item)
        for element in item:
            if element.VR == "SQ":
                for inner in element.value or []:
                    self._dummy_item(inner)
            elif element.VR in _TEXT_VRS and element.value not in (None, ""):
                element.value = self._dummy(element)

    def _dummy(self, element: DataElement) -> object:
        vr = str(element.VR)
        if vr == "UI":
            original = str(element.value or "") or f"dummy {element.tag}"
            return self.replace_uid(original)
        if vr in _DUMMY_TEXT:
            return _DUMMY_TEXT[vr]
        if vr in _DUMMY_NUMBER:
            return 0
        if vr in _DUMMY_BYTES:
            return bytes(8)
        return None

    def _uids(self, value: object) -> object:
        if value is None or value == "":
            return value
        if isinstance(value, str):
            return value if value.startswith(_STANDARD_UID_ROOT) else self.replace_uid(value)
        if isinstance(value, list | tuple) or hasattr(value, "__iter__"):
            return [self._uids(str(item)) for item in value]
        return value

    def _shift(self, element: DataElement) -> None:
        """Dates and date-times move by the patient's shift; times of day stay."""
        if element.VR == "TM" or element.value in (None, ""):
            return
        values = element.value if element.VM > 1 else [element.value]
        shifted = [_shift_text(str(value), self.shift_days or 0) for value in values]
        if any(value is None for value in shifted):
            element.value = self._dummy(element)
        else:
            element.value = shifted if element.VM > 1 else shifted[0]


def _shift_text(text: str, days: int) -> str | None:
    """'YYYYMMDD...' with the date moved by `days`; None when it does not start with a full date."""
    match = _DATE_START.match(text.strip())
    if match is None:
        return None
    digits = match.group(1)
    try:
        moved = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return moved.strftime("%Y%m%d") + text.strip()[8:]


def _is_removed(tag: BaseTag) -> bool:
    group = tag.group
    return (
        tag.is_private
        or tag.element == 0  # group lengths, recomputed on write if ever needed
        or 0x5000 <= group <= 0x50FF  # curves: (50xx,xxxx) X
        or 0x6000 <= group <= 0x60FF  # overlays: data and comments X, and the rest is then invalid
    )


def _clean_file_meta(meta: FileMetaDataset, replace: Callable[[str], str]) -> None:
    for keyword in _FILE_META_REMOVED:
        if keyword in meta:
            delattr(meta, keyword)
    uid = meta.get("MediaStorageSOPInstanceUID")
    if uid and not str(uid).startswith(_STANDARD_UID_ROOT):
        meta.MediaStorageSOPInstanceUID = UID(replace(str(uid)))

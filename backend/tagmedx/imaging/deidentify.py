"""De-identification following DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile.

The table below is the Basic Profile column of Table E.1-1 for the attributes that occur in
practice, with combined actions resolved to one:  X remove, Z empty (zero length), D replace with a
dummy value, U replace the UID with one derived from the group's secret (HMAC-SHA256, so the same
input UID maps to the same output within a group and to unrelated ones across groups).
'Z/D' becomes Z, 'X/Z', 'X/D' and 'X/Z/D' become X; 'X/Z/U*' references (Source Image Sequence,
Referenced Image Sequence ...) are kept with their instance UIDs replaced.

Beyond the table, applied at every nesting level (sequences are walked recursively):
- every private element is removed;
- the repeating groups of curves (50xx) and overlays (60xx, whose data and comments are X) are removed;
- every other UID that is not a standard DICOM UID (1.2.840.10008.*) is replaced (U), except the
  class and syntax UIDs listed in _KEPT_UIDS;
- every other person name (VR PN) is emptied (safety net);
- the file preamble is zeroed and identifying file meta elements are removed.
Pixel data is never touched (burned-in text is flagged, not erased: see DicomInfo).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from pydicom.datadict import tag_for_keyword
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.tag import BaseTag
from pydicom.uid import UID

from .profile import PROFILE_TABLE_TEXT

DEIDENTIFICATION_METHOD = "TagMedX: DICOM PS3.15 E.1.1 Basic Application Level Confidentiality Profile"
# De-identification Method is LO (at most 64 characters) with VM 1-n: the file carries the sentence
# as two values whose space-joined text is DEIDENTIFICATION_METHOD.
DEIDENTIFICATION_METHOD_VALUES = [
    "TagMedX: DICOM PS3.15 E.1.1",
    "Basic Application Level Confidentiality Profile",
]
_STANDARD_UID_ROOT = "1.2.840.10008."

PROFILE_TABLE: dict[str, str] = dict(
    line.split()
    for line in PROFILE_TABLE_TEXT.strip().splitlines()  # type: ignore[misc]
)
_ACTION_BY_TAG: dict[int, str] = {
    int(tag): action
    for keyword, action in PROFILE_TABLE.items()
    if (tag := tag_for_keyword(keyword)) is not None
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
_DUMMY_BY_VR = {
    "PN": "ANONYMOUS", "LO": "ANONYMOUS", "SH": "ANONYMOUS", "LT": "ANONYMOUS",
    "ST": "ANONYMOUS", "UT": "ANONYMOUS", "UC": "ANONYMOUS", "CS": "ANONYMOUS",
    "DA": "19000101", "TM": "000000", "DT": "19000101000000", "AS": "000Y",
    "IS": "0", "DS": "0",
}  # fmt: skip


def anonymous_uid(uid: str, uid_secret: bytes) -> str:
    """'2.25.' + the integer of the first 128 bits of HMAC-SHA256(uid_secret, uid)."""
    digest = hmac.new(uid_secret, uid.strip().encode("ascii", "replace"), hashlib.sha256).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def deidentify(dataset: Dataset, uid_secret: bytes) -> None:
    """Apply the profile to a dataset read from a file, in place (pixel data untouched)."""

    def replace(uid: str) -> str:
        return anonymous_uid(uid, uid_secret)

    _clean(dataset, replace)
    _clean_file_meta(dataset.file_meta, replace)
    dataset.preamble = bytes(128)
    dataset.PatientIdentityRemoved = "YES"
    dataset.DeidentificationMethod = DEIDENTIFICATION_METHOD_VALUES
    code = Dataset()
    code.CodeValue = "113100"
    code.CodingSchemeDesignator = "DCM"
    code.CodeMeaning = "Basic Application Confidentiality Profile"
    dataset.DeidentificationMethodCodeSequence = Sequence([code])


def _clean(dataset: Dataset, replace: Callable[[str], str]) -> None:
    for tag in list(dataset.keys()):
        if _is_removed_group(tag):
            del dataset[tag]
            continue
        element = dataset[tag]
        action = _ACTION_BY_TAG.get(int(tag))
        if action is None:
            action = _default_action(int(tag), element.VR)
        if action == "X":
            del dataset[tag]
        elif action == "Z":
            element.value = [] if element.VR == "SQ" else None
        elif action == "D":
            dummy = _DUMMY_BY_VR.get(str(element.VR))
            element.value = dummy if dummy is not None else ([] if element.VR == "SQ" else None)
        elif action == "U":
            element.value = _replace_uids(element.value, replace)
        if tag in dataset and element.VR == "SQ":
            for item in element.value:
                _clean(item, replace)


def _is_removed_group(tag: BaseTag) -> bool:
    group = tag.group
    return (
        tag.is_private
        or tag.element == 0  # group lengths, recomputed on write if ever needed
        or 0x5000 <= group <= 0x50FF  # curves
        or 0x6000 <= group <= 0x60FF  # overlays (data and comments are X)
    )


def _default_action(tag: int, vr: str) -> str | None:
    if vr == "UI" and tag not in _KEPT_UIDS:
        return "U"
    if vr == "PN":
        return "Z"
    return None


def _replace_uids(value: object, replace: Callable[[str], str]) -> object:
    if value is None or value == "":
        return value
    if isinstance(value, str):
        return value if value.startswith(_STANDARD_UID_ROOT) else replace(value)
    if isinstance(value, list | tuple) or hasattr(value, "__iter__"):
        return [_replace_uids(str(item), replace) for item in value]  # type: ignore[attr-defined]
    return value


def _clean_file_meta(meta: FileMetaDataset, replace: Callable[[str], str]) -> None:
    for keyword in _FILE_META_REMOVED:
        if keyword in meta:
            delattr(meta, keyword)
    uid = meta.get("MediaStorageSOPInstanceUID")
    if uid:
        meta.MediaStorageSOPInstanceUID = UID(str(_replace_uids(str(uid), replace)))

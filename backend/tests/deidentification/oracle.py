"""The test's oracle: Table E.1-1 as the dicom-anonymizer package encodes it (its newest edition),
and markers planted in every attribute of it so that a test can look for any that survive.

Nothing here comes from tagmedx: the table, the VRs (pydicom's dictionary, else the attribute's name)
and the markers are chosen independently of the code under test.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass

from dicomanonymizer import dicom_anonymization_databases
from dicomanonymizer.dicomfields_selector import ANONYMIZATION_CATEGORIES
from pydicom.datadict import dictionary_VR, keyword_for_tag
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

ACTION_OF_CATEGORY = {
    "D_TAGS": "D",
    "Z_TAGS": "Z",
    "X_TAGS": "X",
    "U_TAGS": "U",
    "Z_D_TAGS": "Z/D",
    "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D",
    "X_Z_D_TAGS": "X/Z/D",
    "X_Z_U_STAR_TAGS": "X/Z/U*",
}
MARK_UID_ROOT = "1.2.826.0.1.3680043.10.1337."
NUMBER_MARK = 31337
DATE_MARK = "19710305"
DATETIME_MARK = "19710305131719"
TIME_MARK = "131719"
TEXT_MARK = re.compile(rb"MK[0-9A-F]{8}")
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"


@dataclass(frozen=True)
class OracleRow:
    tag: str  # "(0010,0010)", or "(60xx,3000)" for a repeating group
    action: str
    group: int
    element: int
    vr: str


def newest_edition() -> str:
    names = [module.name for module in pkgutil.iter_modules(dicom_anonymization_databases.__path__)]
    return max(name for name in names if name.startswith("dicomfields_"))


def oracle_rows() -> list[OracleRow]:
    module = importlib.import_module(f"{dicom_anonymization_databases.__name__}.{newest_edition()}")
    rows = []
    for category in ANONYMIZATION_CATEGORIES:
        if category == "ALL_TAGS":
            continue
        for entry in getattr(module, category):
            group, element = entry[0], entry[1]
            if len(entry) == 4:  # (group, element, group mask, element mask)
                group_text = f"{group >> 8:02X}xx" if entry[2] == 0xFF00 else f"{group:04X}"
                element_text = "xxxx" if entry[3] == 0 else f"{element:04X}"
                tag = f"({group_text},{element_text})"
            else:
                tag = f"({group:04X},{element:04X})"
            rows.append(OracleRow(tag, ACTION_OF_CATEGORY[category], group, element, _vr(group, element)))
    return rows


def _vr(group: int, element: int) -> str:
    if group == 0x5000:
        return "OB"  # a curve's data
    if group == 0x6000:
        return "OW" if element == 0x3000 else "LT"  # overlay data, overlay comments
    try:
        vr = dictionary_VR((group << 16) | element)
    except KeyError:  # newer than pydicom's dictionary: the attribute's name tells
        return "LO"
    return vr.split(" or ")[0]


def text_marker(tag: int) -> str:
    return f"MK{tag:08X}"


def marker_value(tag: int, vr: str, action: str) -> object:
    """A value no de-identified file may contain, valid for the VR."""
    text = text_marker(tag)
    values: dict[str, object] = {
        "DA": DATE_MARK,
        "DT": DATETIME_MARK,
        "TM": TIME_MARK,
        "AS": "077Y",
        "DS": str(NUMBER_MARK),
        "IS": str(NUMBER_MARK),
        "UI": f"{MARK_UID_ROOT}{tag}",
        "UR": f"http://{text.lower()}.example",
        "AT": 0x00313337,
        "FL": float(NUMBER_MARK),
        "FD": float(NUMBER_MARK),
    }
    if vr in values:
        return values[vr]
    if vr in ("US", "SS", "UL", "SL", "UV", "SV"):
        return NUMBER_MARK
    if vr in ("OB", "OW", "OD", "OF", "OL", "OV", "UN"):
        return (text + "......").encode()  # 16 bytes: whole words of every binary VR
    if vr == "SQ":
        return Sequence([_reference_item(tag) if action == "X/Z/U*" else _coded_item(tag)])
    return text  # AE, CS, LO, LT, PN, SH, ST, UC, UT


def _coded_item(tag: int) -> Dataset:
    """What identifying sequences hold: a code (an institution, a person's number), a text, a UID."""
    item = Dataset()
    item.CodeValue = text_marker(tag)
    item.CodingSchemeDesignator = "MK" + f"{tag:08X}"[-6:]
    item.CodeMeaning = text_marker(tag)
    item.TextValue = text_marker(tag)
    item.UID = f"{MARK_UID_ROOT}{tag}.1"
    return item


def _reference_item(tag: int) -> Dataset:
    """What X/Z/U* sequences (references to other images) hold: a class and an instance."""
    item = Dataset()
    item.ReferencedSOPClassUID = CT_IMAGE_STORAGE
    item.ReferencedSOPInstanceUID = f"{MARK_UID_ROOT}{tag}.2"
    return item


def plant_every_row(dataset: Dataset, rows: list[OracleRow]) -> int:
    """Put a marker in every attribute of the table (file meta rows excepted); returns how many."""
    planted = 0
    for row in rows:
        if row.group in (0x0000, 0x0002):
            continue  # command and file meta groups cannot be stored in a data set
        tag = (row.group << 16) | row.element
        if "xx" in row.tag and row.group == 0x5000:
            tag = 0x50003000
        dataset.add_new(tag, row.vr, marker_value(tag, row.vr, row.action))
        planted += 1
    block = dataset.private_block(0x0019, "MARKER CREATOR", create=True)
    block.add_new(0x10, "LO", text_marker(0x00191010))
    return planted


def survivors(data: bytes) -> list[str]:
    """Every marker found in a file's bytes (text markers, dates, UIDs, numbers written as text)."""
    found = [match.decode() for match in TEXT_MARK.findall(data)]
    for mark in (DATE_MARK, DATETIME_MARK, TIME_MARK, "077Y", MARK_UID_ROOT, str(NUMBER_MARK)):
        if mark.encode() in data:
            found.append(mark)
    return found


def numeric_survivors(dataset: Dataset) -> list[str]:
    """Planted binary numbers still present at any depth (they cannot be found as text)."""
    found = []
    for element in dataset.iterall():
        if element.VR in ("US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "AT"):
            values = element.value if isinstance(element.value, list | tuple) else [element.value]
            if any(value in (NUMBER_MARK, float(NUMBER_MARK), 0x00313337) for value in values):
                found.append(keyword_for_tag(element.tag) or str(element.tag))
    return found

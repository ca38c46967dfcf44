"""dicom3tools' `dciodvfy` on the files we store: de-identification adds no IOD error.

Where the profile allows removing, emptying or replacing (X/Z, X/D, Z/D, X/Z/D), the choice must keep
Type 1 attributes valued and Type 2 attributes present; dciodvfy knows every IOD's module types."""

import io
import re
import subprocess
import warnings
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file

from tagmedx.imaging import process_upload
from tests.tools import require

FILES = [
    "CT_small.dcm",  # CT
    "MR_small.dcm",  # MR
    "eCT_Supplemental.dcm",  # enhanced multi-frame CT
    "emri_small.dcm",  # enhanced multi-frame MR
    "US1_UNCR.dcm",  # ultrasound
    "RG1_UNCR.dcm",  # digital X-ray
    "SC_rgb.dcm",  # secondary capture
    "MR-SIEMENS-DICOM-WithOverlays.dcm",  # overlays
]
_ADDRESS = re.compile(r"</?[^>]*>|\[\d+\]|\d+(\.\d+)*")


def errors(tool: str, path: Path) -> set[str]:
    """dciodvfy's error lines, with element paths and numbers folded so that equal errors compare."""
    run = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    lines = (run.stdout + run.stderr).splitlines()
    return {_ADDRESS.sub("#", line.strip()) for line in lines if line.startswith("Error")}


def identified(name: str, into: Path) -> Path:
    """The real file with the identifying attributes a hospital's export carries."""
    path = get_testdata_file(name, download=False)
    assert path is not None, name
    dataset = pydicom.dcmread(str(path))
    dataset.PatientName = "Doe^John"
    dataset.PatientID = "MRN-123456"
    dataset.PatientBirthDate = "19700101"
    dataset.InstitutionName = "General Hospital"
    dataset.StationName = "CT01"
    dataset.DeviceSerialNumber = "SN-99"
    dataset.OperatorsName = "Operator^One"
    dataset.AccessionNumber = "ACC-42"
    out = into / f"identified-{name}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset.save_as(out, enforce_file_format=True)
    return out


@pytest.mark.parametrize("shift_dates", [False, True], ids=["basic", "modified-dates"])
@pytest.mark.parametrize("name", FILES)
def test_de_identified_files_have_no_new_iod_error(name: str, shift_dates: bool, tmp_path: Path) -> None:
    tool = require("dciodvfy")
    source = identified(name, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stored = process_upload(source.read_bytes(), uid_secret=b"s", shift_dates=shift_dates).original
    out = tmp_path / f"stored-{name}"
    out.write_bytes(stored)
    assert pydicom.dcmread(io.BytesIO(stored)).PatientIdentityRemoved == "YES"
    new = errors(tool, out) - errors(tool, source)
    assert new == set(), f"dciodvfy errors the de-identification added to {name}: {sorted(new)}"

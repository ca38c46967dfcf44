"""De-identification of DICOM uploads (PS3.15 E.1.1 Basic Profile)."""

from __future__ import annotations

import io
import warnings

import pydicom
import pytest
from pydicom.datadict import tag_for_keyword
from pydicom.dataset import Dataset

from tagmedx.imaging import DEIDENTIFICATION_METHOD, PROFILE_ROWS, anonymous_uid, process_upload

from .helpers import OTHER_SECRET, SECRET, dicom_bytes, dicom_path

IDENTIFYING = [
    "PatientName", "PatientID", "PatientBirthDate", "PatientBirthTime", "PatientSex",
    "OtherPatientIDs", "OtherPatientIDsSequence", "PatientAddress", "PatientTelephoneNumbers",
    "PatientMotherBirthName", "MilitaryRank", "EthnicGroup", "Occupation",
    "AdditionalPatientHistory", "PatientComments", "ReferringPhysicianName",
    "PerformingPhysicianName", "NameOfPhysiciansReadingStudy", "OperatorsName",
    "RequestingPhysician", "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName",
    "StationName", "AccessionNumber", "StudyID", "StudyDate", "StudyTime", "DeviceSerialNumber",
    "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID",
    "MediaStorageSOPInstanceUID", "ReferencedSOPInstanceUID", "RequestAttributesSequence",
    "RequestedProcedureDescription", "PerformedProcedureStepID", "ImageComments",
    "StudyDescription", "SeriesDescription", "PatientAge", "PatientWeight",
]  # fmt: skip
UIDS = ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID"]
FILES = ["CT_small.dcm", "MR_small.dcm", "RG1_UNCR.dcm", "US1_J2KR.dcm", "emri_small_RLE.dcm"]


def deidentified(data: bytes, secret: bytes = SECRET) -> Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = process_upload(data, uid_secret=secret)
    return pydicom.dcmread(io.BytesIO(result.original))


def with_identifiers(name: str) -> bytes:
    """A real file enriched with identifying attributes, private tags and nested references."""
    dataset = pydicom.dcmread(dicom_path(name))
    dataset.PatientName = "Doe^John"
    dataset.PatientID = "MRN-123456"
    dataset.PatientBirthDate = "19700101"
    dataset.PatientBirthTime = "101010"
    dataset.PatientSex = "M"
    dataset.PatientAddress = "1 Main Street"
    dataset.PatientTelephoneNumbers = "555-1234"
    dataset.PatientMotherBirthName = "Smith^Mary"
    dataset.MilitaryRank = "Colonel"
    dataset.EthnicGroup = "Group"
    dataset.Occupation = "Surgeon"
    dataset.AdditionalPatientHistory = "Fell on 2 May"
    dataset.PatientComments = "Calls at night"
    dataset.OtherPatientIDs = "OTHER-1"
    other = Dataset()
    other.PatientID = "OTHER-2"
    dataset.OtherPatientIDsSequence = [other]
    dataset.ReferringPhysicianName = "House^Gregory"
    dataset.PerformingPhysicianName = "Grey^Meredith"
    dataset.NameOfPhysiciansReadingStudy = "Watson^John"
    dataset.OperatorsName = "Operator^One"
    dataset.RequestingPhysician = "Requesting^Doc"
    dataset.InstitutionName = "General Hospital"
    dataset.InstitutionAddress = "2 Hospital Road"
    dataset.InstitutionalDepartmentName = "Radiology"
    dataset.StationName = "CT01"
    dataset.AccessionNumber = "ACC-42"
    dataset.StudyID = "STUDY-7"
    dataset.StudyDate = "20240102"
    dataset.StudyTime = "120000"
    dataset.DeviceSerialNumber = "SN-99"
    dataset.ImageComments = "Patient John Doe, bed 4"
    dataset.StudyDescription = "John's chest"
    request = Dataset()
    request.RequestedProcedureDescription = "Chest of John Doe"
    request.RequestedProcedureID = "RP-1"
    dataset.RequestAttributesSequence = [request]
    reference = Dataset()
    reference.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    reference.ReferencedSOPInstanceUID = "1.2.3.4.5.6.7.8.9"
    dataset.ReferencedImageSequence = [reference]
    dataset.FrameOfReferenceUID = "1.2.3.4.5.6.7.8.10"
    block = dataset.private_block(0x0011, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "private patient data")
    inner = Dataset()
    inner.add_new(0x00191001, "LO", "nested private")
    inner.PatientName = "Nested^Name"
    dataset.SourceImageSequence = [inner]
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def all_elements(dataset: Dataset) -> list[pydicom.DataElement]:
    found = []
    for element in dataset.iterall():
        found.append(element)
    return found


DUMMIES = ("ANONYMOUS", "19000101", "000000", "19000101000000", 0)
ACTIONS = {row.tag: row.action for row in PROFILE_ROWS}


def action_of(keyword: str) -> str:
    tag = tag_for_keyword(keyword)
    assert tag is not None, keyword
    return ACTIONS[f"({tag >> 16:04X},{tag & 0xFFFF:04X})"]


def test_profile_table_has_every_row_with_the_standards_actions() -> None:
    assert len(PROFILE_ROWS) > 600
    actions = {"X", "Z", "D", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"}
    assert {row.action for row in PROFILE_ROWS} == actions
    assert len({row.tag for row in PROFILE_ROWS}) == len(PROFILE_ROWS)
    for keyword in IDENTIFYING:
        assert action_of(keyword), keyword
    assert action_of("PatientName") == "Z" and action_of("PatientSex") == "Z"
    assert action_of("PatientBirthTime") == "X" and action_of("StudyDate") == "Z"
    assert action_of("ContentDate") == "Z/D" and action_of("SourceImageSequence") == "X/Z/U*"


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "RG3_UNCR.dcm"])
def test_no_identifying_attribute_survives(name: str) -> None:
    source = pydicom.dcmread(io.BytesIO(with_identifiers(name)))
    clean = deidentified(with_identifiers(name))

    for keyword in IDENTIFYING:
        tag = tag_for_keyword(keyword)
        for element in all_elements(clean) + list(clean.file_meta):
            if element.tag != tag or not element.value:
                continue
            if action_of(keyword) == "U":
                assert str(element.value).startswith("2.25."), keyword
            else:
                assert element.value in DUMMIES, f"{keyword} survived with {element.value!r}"
    text = repr(clean) + repr(clean.file_meta)
    for secret in ("Doe", "MRN-123456", "General Hospital", "ACC-42", "1 Main Street",
                   "Nested^Name", "private patient data", "John", "19700101", "SN-99"):  # fmt: skip
        assert secret not in text, secret
    assert source.PatientName == "Doe^John"


def test_identifying_type_2_attributes_are_emptied_not_removed() -> None:
    clean = deidentified(with_identifiers("CT_small.dcm"))
    for keyword in ("PatientName", "PatientBirthDate", "PatientSex", "StudyDate"):
        assert keyword in clean and not clean[keyword].value, keyword
    assert clean.PatientID == "ANONYMOUS"  # Z/D: a dummy, so that Type 1 uses stay valid
    assert "PatientBirthTime" not in clean  # X
    assert clean.InstitutionName == "ANONYMOUS"  # X/Z/D: a dummy


def test_no_private_tags_and_profile_markers_are_set() -> None:
    clean = deidentified(with_identifiers("CT_small.dcm"))
    assert not [element for element in all_elements(clean) if element.tag.is_private]
    assert clean.PatientIdentityRemoved == "YES"
    assert " ".join(clean.DeidentificationMethod) == DEIDENTIFICATION_METHOD
    assert all(len(value) <= 64 for value in clean.DeidentificationMethod)  # LO
    code = clean.DeidentificationMethodCodeSequence[0]
    assert (code.CodeValue, code.CodingSchemeDesignator) == ("113100", "DCM")
    assert code.CodeMeaning == "Basic Application Confidentiality Profile"
    assert clean.preamble == bytes(128)


def test_overlay_groups_are_removed() -> None:
    source = pydicom.dcmread(dicom_path("MR-SIEMENS-DICOM-WithOverlays.dcm"))
    assert any(0x6000 <= element.tag.group <= 0x60FF for element in source)
    clean = deidentified(dicom_bytes("MR-SIEMENS-DICOM-WithOverlays.dcm"))
    assert not any(0x6000 <= element.tag.group <= 0x60FF for element in clean)


def test_uids_are_replaced_consistently_within_a_group_and_differ_across_groups() -> None:
    data = with_identifiers("CT_small.dcm")
    source = pydicom.dcmread(io.BytesIO(data))
    first, again, other = deidentified(data), deidentified(data), deidentified(data, OTHER_SECRET)
    for keyword in UIDS:
        assert first[keyword].value != source[keyword].value, keyword
        assert str(first[keyword].value).startswith("2.25."), keyword
        assert len(str(first[keyword].value)) <= 64
        assert first[keyword].value == again[keyword].value, keyword
        assert first[keyword].value != other[keyword].value, keyword
        assert first[keyword].value == anonymous_uid(str(source[keyword].value), SECRET)
    assert first.file_meta.MediaStorageSOPInstanceUID == first.SOPInstanceUID
    nested = first.ReferencedImageSequence[0]
    assert nested.ReferencedSOPInstanceUID == anonymous_uid("1.2.3.4.5.6.7.8.9", SECRET)
    assert nested.ReferencedSOPClassUID == "1.2.840.10008.5.1.4.1.1.2"  # a class, kept
    assert first.SOPClassUID == source.SOPClassUID
    assert first.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID


def test_two_files_of_one_study_keep_sharing_their_study_uid() -> None:
    a = deidentified(dicom_bytes("RG3_UNCR.dcm"))
    b = deidentified(dicom_bytes("RG3_J2KR.dcm"))
    assert a.StudyInstanceUID == b.StudyInstanceUID


@pytest.mark.parametrize("name", FILES)
def test_pixel_data_bytes_and_transfer_syntax_are_unchanged(name: str) -> None:
    source = pydicom.dcmread(dicom_path(name))
    clean = deidentified(dicom_bytes(name))
    assert clean.PixelData == source.PixelData
    assert clean.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID
    assert clean.Rows == source.Rows and clean.Columns == source.Columns


@pytest.mark.parametrize("name", ["MR_small_bigendian.dcm", "MR_small_implicit.dcm", "image_dfl.dcm"])
def test_other_encodings_are_written_back_readable(name: str) -> None:
    source = pydicom.dcmread(dicom_path(name))
    clean = deidentified(dicom_bytes(name))
    assert clean.file_meta.TransferSyntaxUID == source.file_meta.TransferSyntaxUID
    assert (clean.pixel_array == source.pixel_array).all()
    assert clean.PatientIdentityRemoved == "YES"


def test_dicom_info_carries_no_identifying_attribute() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = process_upload(with_identifiers("CT_small.dcm"), uid_secret=SECRET)
    assert result.dicom is not None
    info = result.dicom.as_dict()
    text = repr(info)
    for secret in ("Doe", "MRN", "Hospital", "ACC-42", "John", "1970", "CT01", "SN-99", "1.2.3.4"):
        assert secret not in text, secret
    assert info["modality"] == "CT"
    assert info["study_description"] is None  # Study Description is X in the Basic Profile
    assert info["deidentification_method"] == DEIDENTIFICATION_METHOD
    import json

    json.dumps(info)


@pytest.mark.parametrize(
    ("name", "risk"),
    [
        ("US1_UNCR.dcm", True),  # ultrasound
        ("SC_rgb.dcm", True),  # secondary capture
        ("JPEG2000.dcm", True),  # NM stored as secondary capture
        ("CT_small.dcm", False),
        ("MR_small.dcm", False),
        ("RG1_UNCR.dcm", False),
    ],
)
def test_burned_in_annotation_risk(name: str, risk: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = process_upload(dicom_bytes(name), uid_secret=SECRET)
    assert result.dicom is not None
    assert result.dicom.burned_in_annotation_risk is risk


def test_burned_in_annotation_yes_is_flagged() -> None:
    dataset = pydicom.dcmread(dicom_path("CT_small.dcm"))
    dataset.BurnedInAnnotation = "YES"
    buffer = io.BytesIO()
    dataset.save_as(buffer)
    result = process_upload(buffer.getvalue(), uid_secret=SECRET)
    assert result.dicom is not None and result.dicom.burned_in_annotation_risk

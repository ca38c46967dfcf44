"""A marker in every attribute of PS3.15 Table E.1-1 (the oracle's encoding), at every nesting level
of a real CT and of a real enhanced multi-frame CT: after the upload, none survives anywhere in the
stored file, in what the API says about the sample, or in what it serves."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import httpx
import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.imaging import process_upload
from tests.samples.helpers import make_world, stored_files, upload

from .oracle import (
    DATE_MARK,
    DATETIME_MARK,
    MARK_UID_ROOT,
    TIME_MARK,
    numeric_survivors,
    oracle_rows,
    plant_every_row,
    survivors,
    text_marker,
)

SECRET = b"planted-markers-secret"
REAL_CT = "CT_small.dcm"
ENHANCED_CT = "eCT_Supplemental.dcm"  # pydicom-data: Enhanced CT Image Storage, 2 frames


def _read(name: str) -> Dataset:
    path = get_testdata_file(name, download=False)
    assert path is not None, f"test file {name} is not installed"
    return pydicom.dcmread(str(path))


def planted(name: str) -> bytes:
    """The file with a marker in every row of the table, at the top level and one and two levels down:
    in an item of a sequence the profile keeps, and in per-frame and shared functional groups."""
    dataset = _read(name)
    rows = oracle_rows()
    assert plant_every_row(dataset, rows) > 600
    holder = Dataset()
    plant_every_row(holder, rows)
    dataset.AnatomicRegionSequence = [holder]  # not in the table: kept, so its items must be cleaned
    for keyword in ("PerFrameFunctionalGroupsSequence", "SharedFunctionalGroupsSequence"):
        for item in dataset.get(keyword) or []:
            plant_every_row(item, rows)
            for content in item.get("FrameContentSequence") or []:
                plant_every_row(content, rows)
    dataset.file_meta.MediaStorageSOPInstanceUID = f"{MARK_UID_ROOT}20003"
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset.save_as(buffer, enforce_file_format=True)
    data = buffer.getvalue()
    assert len(survivors(data)) > 1000, "the markers must be in the file before it is uploaded"
    return data


def _processed(data: bytes, *, shift_dates: bool = False) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return process_upload(data, uid_secret=SECRET, shift_dates=shift_dates).original


@pytest.mark.parametrize("name", [REAL_CT, ENHANCED_CT])
def test_no_marker_survives_de_identification(name: str) -> None:
    data = _processed(planted(name))
    assert survivors(data) == []
    assert numeric_survivors(pydicom.dcmread(io.BytesIO(data))) == []


def test_the_enhanced_ct_keeps_its_frames_and_functional_groups() -> None:
    source = _read(ENHANCED_CT)
    clean = pydicom.dcmread(io.BytesIO(_processed(planted(ENHANCED_CT))))
    assert clean.NumberOfFrames == source.NumberOfFrames
    assert len(clean.PerFrameFunctionalGroupsSequence) == len(source.PerFrameFunctionalGroupsSequence)
    content = clean.PerFrameFunctionalGroupsSequence[0].FrameContentSequence[0]
    assert content.FrameAcquisitionDateTime == "19000101000000"  # D: Type 1 here, so a dummy
    assert clean.PixelData == source.PixelData


def test_with_modified_dates_no_marker_survives_but_dates_move_consistently() -> None:
    data = _processed(planted(REAL_CT), shift_dates=True)
    # times of day are kept by the option; every other marker must be gone, dates included
    assert [found for found in survivors(data) if found != TIME_MARK] == []
    clean = pydicom.dcmread(io.BytesIO(data))
    assert clean.StudyDate not in ("", DATE_MARK) and clean.StudyDate.isdigit()
    assert clean.AcquisitionDate == clean.StudyDate  # one shift for the patient
    assert clean.AcquisitionDateTime[:8] == clean.StudyDate and clean.AcquisitionDateTime != DATETIME_MARK
    assert clean.PatientBirthDate == ""  # not covered by the option: the basic action (Z)
    assert clean.LongitudinalTemporalInformationModified == "MODIFIED"
    codes = [code.CodeValue for code in clean.DeidentificationMethodCodeSequence]
    assert codes == ["113100", "113107"]


@pytest.fixture
def data_dir(settings: Settings) -> Path:
    return Path(settings.data_dir)


@pytest.mark.anyio
@pytest.mark.parametrize("name", [REAL_CT, ENHANCED_CT])
async def test_no_marker_survives_an_upload_anywhere_the_server_keeps_or_serves_it(
    client: httpx.AsyncClient, session: AsyncSession, data_dir: Path, name: str
) -> None:
    world = await make_world(session)
    response = await upload(client, world.admin, world.set_id, ("planted.dcm", planted(name)))
    assert response.status_code == 201, response.text
    sample = response.json()["created"][0]
    assert survivors(response.content) == []

    for route in ("", "/original", "/image", "/thumbnail", "/pixels"):
        answer = await client.get(f"/api/samples/{sample['id']}{route}", headers=world.admin.headers)
        assert answer.status_code == 200, route
        assert survivors(answer.content) == [], route
    original = await client.get(f"/api/samples/{sample['id']}/original", headers=world.admin.headers)
    assert numeric_survivors(pydicom.dcmread(io.BytesIO(original.content))) == []

    files = stored_files(data_dir)
    assert files, "the upload stored its files"
    for relative in files:
        assert survivors((data_dir / relative).read_bytes()) == [], relative
    assert text_marker(0x00100020).encode() not in b"".join((data_dir / f).read_bytes() for f in files)

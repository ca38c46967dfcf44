"""A group's `dicom_dates`: the Basic Profile removes DICOM dates; `shift` keeps their intervals."""

import io
from typing import Any

import httpx
import pydicom
import pytest
from pydicom.data import get_testdata_file

from tests.groups.helpers import make_team

pytestmark = pytest.mark.anyio


def ct(patient_id: str, study_date: str) -> bytes:
    path = get_testdata_file("CT_small.dcm", download=False)
    assert path is not None
    dataset = pydicom.dcmread(str(path))
    dataset.PatientID = patient_id
    dataset.StudyDate = study_date
    dataset.AcquisitionDate = study_date
    dataset.PatientBirthDate = "19700101"
    dataset.SOPInstanceUID = pydicom.uid.generate_uid()
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


async def stored(client: httpx.AsyncClient, headers: dict[str, str], set_id: int, data: bytes) -> Any:
    response = await client.post(
        f"/api/sets/{set_id}/samples",
        files=[("files", ("ct.dcm", data, "application/dicom"))],
        headers=headers,
    )
    assert response.status_code == 201, response.text
    sample_id = response.json()["created"][0]["id"]
    original = await client.get(f"/api/samples/{sample_id}/original", headers=headers)
    return pydicom.dcmread(io.BytesIO(original.content))


async def a_set(client: httpx.AsyncClient, headers: dict[str, str], group_id: int) -> int:
    body = {"name": "CT", "type": "detection", "package_size": 10}
    response = await client.post(f"/api/groups/{group_id}/sets", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def test_a_new_group_removes_dates_and_an_admin_can_choose_to_shift_them(
    client: httpx.AsyncClient,
) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group_id}"
    assert team.group["dicom_dates"] == "remove"
    set_id = await a_set(client, team.admin.headers, team.group_id)
    removed = await stored(client, team.admin.headers, set_id, ct("P1", "20240102"))
    assert removed.StudyDate == "" and removed.LongitudinalTemporalInformationModified == "REMOVED"

    changed = await client.patch(url, json={"dicom_dates": "shift"}, headers=team.admin.headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["dicom_dates"] == "shift"
    first = await stored(client, team.admin.headers, set_id, ct("P1", "20240102"))
    later = await stored(client, team.admin.headers, set_id, ct("P1", "20240302"))
    other = await stored(client, team.admin.headers, set_id, ct("P2", "20240102"))
    assert first.StudyDate not in ("", "20240102") and first.AcquisitionDate == first.StudyDate
    assert first.LongitudinalTemporalInformationModified == "MODIFIED"
    assert first.PatientBirthDate == ""
    # one shift per patient: the 60 days between the two studies survive, another patient moves apart
    days = (pydicom.valuerep.DA(later.StudyDate) - pydicom.valuerep.DA(first.StudyDate)).days
    assert days == 60
    assert other.StudyDate != first.StudyDate


async def test_the_shift_is_the_groups_own(client: httpx.AsyncClient) -> None:
    one, two = await make_team(client), await make_team(client)
    dates = []
    for team in (one, two):
        url = f"/api/groups/{team.group_id}"
        patched = await client.patch(url, json={"dicom_dates": "shift"}, headers=team.admin.headers)
        assert patched.status_code == 200
        set_id = await a_set(client, team.admin.headers, team.group_id)
        dates.append((await stored(client, team.admin.headers, set_id, ct("P1", "20240102"))).StudyDate)
    assert dates[0] != dates[1]


async def test_a_group_can_be_created_shifting_dates(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    body = {"name": "Longitudinal", "dicom_dates": "shift"}
    created = await client.post("/api/groups", json=body, headers=team.admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["dicom_dates"] == "shift"


@pytest.mark.parametrize("value", [None, "keep", 1, ""])
async def test_bad_values_are_refused(client: httpx.AsyncClient, value: object) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group_id}"
    response = await client.patch(url, json={"dicom_dates": value}, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    assert (await client.get(url, headers=team.admin.headers)).json()["dicom_dates"] == "remove"


async def test_only_the_groups_admin_chooses(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group_id}"
    body = {"dicom_dates": "shift"}
    assert (await client.patch(url, json=body, headers=team.annotator.headers)).status_code == 403
    assert (await client.patch(url, json=body)).status_code == 401
    assert (
        await client.patch("/api/groups/999999", json=body, headers=team.admin.headers)
    ).status_code == 404
    assert (await client.get(url, headers=team.admin.headers)).json()["dicom_dates"] == "remove"

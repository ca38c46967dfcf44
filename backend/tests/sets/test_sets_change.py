"""Changing and deleting sets: partial updates, the type lock, and the cascade with file cleanup."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    AuditEvent,
    Box,
    Examination,
    ExaminationLabel,
    Label,
    Package,
    Sample,
    Set,
)
from tests.rows import count_rows
from tests.sets.helpers import (
    insert_examination,
    insert_package,
    insert_sample,
    make_label,
    make_set,
    make_team,
)

pytestmark = pytest.mark.anyio  # at collection time, so parametrized async tests keep their parameters


async def stored_set(session: AsyncSession, set_id: int) -> Set | None:
    session.expire_all()
    return await session.get(Set, set_id)


async def test_admin_changes_only_the_fields_sent(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    created = await make_set(client, team, description="PA views", package_size=20)
    url = f"/api/sets/{created['id']}"
    response = await client.patch(
        url, json={"name": " Chest PA ", "package_size": 30}, headers=team.admin.headers
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["name"], changed["package_size"], changed["description"]) == ("Chest PA", 30, "PA views")
    assert changed["type"] == "detection"
    assert changed["updated_at"] >= created["updated_at"]
    stored = await stored_set(session, created["id"])
    assert stored is not None and (stored.name, stored.package_size) == ("Chest PA", 30)
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "set.update"))
    ).scalar_one()
    assert event.object_id == created["id"] and event.user_id == team.admin.id
    assert event.detail == {
        "before": {"name": "Chest X-ray", "package_size": 20},
        "after": {"name": "Chest PA", "package_size": 30},
    }


@pytest.mark.parametrize("cleared", [None, ""])
async def test_description_can_be_cleared(
    client: httpx.AsyncClient, session: AsyncSession, cleared: str | None
) -> None:
    team = await make_team(client)
    created = await make_set(client, team, description="PA views")
    response = await client.patch(
        f"/api/sets/{created['id']}", json={"description": cleared}, headers=team.admin.headers
    )
    assert response.status_code == 200
    assert response.json()["description"] == ""
    stored = await stored_set(session, created["id"])
    assert stored is not None and stored.description == ""


async def test_an_unchanged_patch_records_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    created = await make_set(client, team)
    response = await client.patch(
        f"/api/sets/{created['id']}", json={"name": created["name"]}, headers=team.admin.headers
    )
    assert response.status_code == 200
    assert await count_rows(session, AuditEvent, AuditEvent.action == "set.update") == 0


async def test_type_changes_while_the_set_has_no_samples(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    created = await make_set(client, team, type="detection")
    await insert_package(session, created["id"])  # an empty package does not lock the type
    await session.commit()
    response = await client.patch(
        f"/api/sets/{created['id']}", json={"type": "classification"}, headers=team.admin.headers
    )
    assert response.status_code == 200
    assert response.json()["type"] == "classification"


async def test_type_is_fixed_once_the_set_has_samples(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    created = await make_set(client, team, type="detection")
    package = await insert_package(session, created["id"])
    await insert_sample(session, created["id"], package.id)
    await session.commit()
    url = f"/api/sets/{created['id']}"
    response = await client.patch(
        url, json={"type": "classification", "name": "New"}, headers=team.admin.headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "set_has_samples"
    stored = await stored_set(session, created["id"])
    assert stored is not None and (stored.type.value, stored.name) == ("detection", "Chest X-ray")
    same_type = await client.patch(url, json={"type": "detection", "name": "New"}, headers=team.admin.headers)
    assert same_type.status_code == 200
    assert same_type.json()["name"] == "New"


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": None},
        {"name": "n" * 201},
        {"type": "segmentation"},
        {"type": None},
        {"package_size": 0},
        {"package_size": 100001},
        {"package_size": "x"},
        {"package_size": None},
        {"group_id": 5},
    ],
)
async def test_bad_changes_are_422_and_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, Any]
) -> None:
    team = await make_team(client)
    created = await make_set(client, team)
    response = await client.patch(f"/api/sets/{created['id']}", json=body, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    stored = await stored_set(session, created["id"])
    assert stored is not None
    assert (stored.name, stored.type.value, stored.package_size) == ("Chest X-ray", "detection", 20)


async def test_changing_needs_an_admin_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    other = await make_team(client, name="Other")
    created = await make_set(client, team)
    url = f"/api/sets/{created['id']}"
    body = {"name": "Taken over"}
    assert (await client.patch(url, json=body)).status_code == 401
    forbidden = await client.patch(url, json=body, headers=team.annotator.headers)
    assert forbidden.status_code == 403
    assert (await client.patch(url, json=body, headers=other.admin.headers)).status_code == 404
    assert (await client.patch("/api/sets/999999", json=body, headers=team.admin.headers)).status_code == 404
    stored = await stored_set(session, created["id"])
    assert stored is not None and stored.name == "Chest X-ray"


async def test_deleting_a_set_removes_everything_in_it_and_its_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    doomed = await make_set(client, team, name="Doomed")
    kept = await make_set(client, team, name="Kept")
    doomed_label = await make_label(client, team, doomed["id"])
    kept_label = await make_label(client, team, kept["id"])
    doomed_package = await insert_package(session, doomed["id"])
    doomed_sample = await insert_sample(session, doomed["id"], doomed_package.id)
    await insert_examination(
        session,
        doomed_sample,
        team.admin.id,
        box_label_ids=(doomed_label["id"],),
        chosen_label_ids=(doomed_label["id"],),
    )
    kept_package = await insert_package(session, kept["id"])
    kept_sample = await insert_sample(session, kept["id"], kept_package.id)
    await insert_examination(session, kept_sample, team.admin.id, box_label_ids=(kept_label["id"],))
    await session.commit()
    storage = app.state.storage
    doomed_keys = (doomed_sample.original_key, doomed_sample.thumbnail_key)
    kept_key = kept_sample.original_key
    for key in (*doomed_keys, kept_key):
        await storage.put(key, b"image", "image/png")

    response = await client.delete(f"/api/sets/{doomed['id']}", headers=team.admin.headers)
    assert response.status_code == 204
    assert response.content == b""

    session.expire_all()
    for model, column in [
        (Set, Set.id),
        (Label, Label.set_id),
        (Package, Package.set_id),
        (Sample, Sample.set_id),
        (Examination, Examination.set_id),
    ]:
        assert await count_rows(session, model, column == doomed["id"]) == 0, model
        if model is not Set:
            assert await count_rows(session, model, column == kept["id"]) == 1, model
    assert await count_rows(session, Box) == 1
    assert await count_rows(session, ExaminationLabel) == 0
    for key in doomed_keys:
        assert not await storage.exists(key)
    assert await storage.exists(kept_key)
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "set.delete"))
    ).scalar_one()
    assert event.object_id == doomed["id"]
    assert event.detail["deleted"]["samples"] == 1
    assert (await client.get(f"/api/sets/{doomed['id']}", headers=team.admin.headers)).status_code == 404


async def test_deleting_needs_an_admin_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    other = await make_team(client, name="Other")
    created = await make_set(client, team)
    url = f"/api/sets/{created['id']}"
    assert (await client.delete(url)).status_code == 401
    assert (await client.delete(url, headers=team.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=other.admin.headers)).status_code == 404
    assert (await client.delete("/api/sets/999999", headers=team.admin.headers)).status_code == 404
    assert await stored_set(session, created["id"]) is not None

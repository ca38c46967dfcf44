"""The sets routes: create, list, read, change, delete; who may, and what bad input gets."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, Set
from tests.factories import make_user
from tests.rows import count_rows
from tests.sets.helpers import Team, insert_package, insert_sample, make_set, make_team
from tests.statements import count_statements

pytestmark = pytest.mark.anyio  # at collection time, so parametrized async tests keep their parameters

VALID = {"name": "Chest X-ray", "type": "detection", "package_size": 20}


def sets_url(team: Team) -> str:
    return f"/api/groups/{team.group['id']}/sets"


async def test_admin_creates_a_set(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    body = {
        "name": "  Chest X-ray  ",
        "description": "PA views",
        "type": "classification",
        "package_size": 50,
    }
    response = await client.post(sets_url(team), json=body, headers=team.admin.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["name"] == "Chest X-ray"
    assert created["group_id"] == team.group["id"]
    assert created["description"] == "PA views"
    assert created["type"] == "classification"
    assert created["package_size"] == 50
    assert created["sample_count"] == 0 and created["package_count"] == 0
    assert created["created_at"] and created["updated_at"]
    stored = await session.get(Set, created["id"])
    assert stored is not None and stored.name == "Chest X-ray"
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "set.create"))
    ).scalar_one()
    assert event.object_id == created["id"] and event.group_id == team.group["id"]
    assert event.user_id == team.admin.id


async def test_description_defaults_to_empty(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    created = await make_set(client, team)
    assert created["description"] == ""


async def test_creating_needs_a_login(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    response = await client.post(sets_url(team), json=VALID)
    assert response.status_code == 401


async def test_annotator_cannot_create(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    response = await client.post(sets_url(team), json=VALID, headers=team.annotator.headers)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert await count_rows(session, Set) == 0


async def test_another_groups_admin_gets_404(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    other = await make_team(client, name="Other")
    response = await client.post(sets_url(team), json=VALID, headers=other.admin.headers)
    assert response.status_code == 404
    missing = await client.post("/api/groups/999999/sets", json=VALID, headers=team.admin.headers)
    assert missing.status_code == 404
    assert await count_rows(session, Set) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": None},
        {"type": "segmentation"},
        {"type": None},
        {"package_size": 0},
        {"package_size": -1},
        {"package_size": 10001},
        {"package_size": 100001},
        {"package_size": "x"},
        {"package_size": "5"},
        {"package_size": 2.5},
        {"package_size": True},
        {"description": "d" * 10001},
        {"colour": "red"},
    ],
)
async def test_bad_input_is_422_and_creates_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, Any]
) -> None:
    team = await make_team(client)
    response = await client.post(sets_url(team), json={**VALID, **change}, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    assert await count_rows(session, Set) == 0


@pytest.mark.parametrize("missing", ["name", "type", "package_size"])
async def test_required_fields(client: httpx.AsyncClient, missing: str) -> None:
    team = await make_team(client)
    body = {key: value for key, value in VALID.items() if key != missing}
    response = await client.post(sets_url(team), json=body, headers=team.admin.headers)
    assert response.status_code == 422


async def test_package_size_bounds_are_accepted(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    assert (await make_set(client, team, package_size=1))["package_size"] == 1
    assert (await make_set(client, team, package_size=10000))["package_size"] == 10000


async def test_member_lists_the_groups_sets_with_counts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    other = await make_team(client, name="Other")
    first = await make_set(client, team, name="First")
    second = await make_set(client, team, name="Second")
    await make_set(client, other, name="Elsewhere")
    package = await insert_package(session, first["id"])
    for _ in range(3):
        await insert_sample(session, first["id"], package.id)
    await insert_package(session, first["id"])
    await session.commit()
    response = await client.get(sets_url(team), headers=team.annotator.headers)
    assert response.status_code == 200
    page = response.json()
    assert [item["id"] for item in page["items"]] == [first["id"], second["id"]]
    assert page["next_cursor"] is None
    counts = {item["id"]: (item["sample_count"], item["package_count"]) for item in page["items"]}
    assert counts == {first["id"]: (3, 2), second["id"]: (0, 0)}


async def test_list_filters_by_name_and_type(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    chest = await make_set(client, team, name="Chest X-ray", type="detection")
    knee = await make_set(client, team, name="Knee MRI", type="classification")
    percent = await make_set(client, team, name="100% sure", type="classification")

    async def names(**params: str) -> list[int]:
        response = await client.get(sets_url(team), params=params, headers=team.admin.headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await names(q="chest") == [chest["id"]]
    assert await names(q="R") == [chest["id"], knee["id"], percent["id"]]
    assert await names(q="%") == [percent["id"]]
    assert await names(q="_") == []
    assert await names(type="classification") == [knee["id"], percent["id"]]
    assert await names(type="detection", q="knee") == []


async def test_list_pages_through_sets(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    made = [(await make_set(client, team, name=f"Set {number}"))["id"] for number in range(3)]
    first = (await client.get(sets_url(team), params={"limit": 2}, headers=team.admin.headers)).json()
    assert [item["id"] for item in first["items"]] == made[:2]
    assert first["next_cursor"]
    second = await client.get(
        sets_url(team), params={"limit": 2, "cursor": first["next_cursor"]}, headers=team.admin.headers
    )
    assert [item["id"] for item in second.json()["items"]] == made[2:]
    assert second.json()["next_cursor"] is None


@pytest.mark.parametrize("params", [{"type": "segmentation"}, {"limit": "0"}, {"limit": "1001"}])
async def test_list_rejects_bad_options(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    team = await make_team(client)
    response = await client.get(sets_url(team), params=params, headers=team.admin.headers)
    assert response.status_code == 422


async def test_list_needs_a_login_and_membership(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    await make_set(client, team)
    outsider = await make_user(client)
    assert (await client.get(sets_url(team))).status_code == 401
    hidden = await client.get(sets_url(team), headers=outsider.headers)
    assert hidden.status_code == 404
    assert "Chest" not in hidden.text
    assert (await client.get("/api/groups/999999/sets", headers=team.admin.headers)).status_code == 404


async def test_listing_runs_the_same_number_of_statements_for_any_number_of_sets(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)

    async def statements() -> int:
        with count_statements(app) as counter:
            response = await client.get(sets_url(team), headers=team.admin.headers)
        assert response.status_code == 200
        return counter.count

    first = await make_set(client, team)
    package = await insert_package(session, first["id"])
    await insert_sample(session, first["id"], package.id)
    await session.commit()
    with_one = await statements()
    more = [await make_set(client, team, name=f"More {number}") for number in range(5)]
    for created in more:
        package = await insert_package(session, created["id"])
        await insert_sample(session, created["id"], package.id)
    await session.commit()
    with_six = await statements()
    assert with_one == with_six


async def test_member_reads_a_set(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    created = await make_set(client, team)
    package = await insert_package(session, created["id"])
    await insert_sample(session, created["id"], package.id)
    await session.commit()
    response = await client.get(f"/api/sets/{created['id']}", headers=team.annotator.headers)
    assert response.status_code == 200
    found = response.json()
    assert found["id"] == created["id"] and found["name"] == created["name"]
    assert (found["sample_count"], found["package_count"]) == (1, 1)


async def test_reading_a_set_needs_a_login_and_membership(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    other = await make_team(client, name="Other")
    created = await make_set(client, team)
    url = f"/api/sets/{created['id']}"
    assert (await client.get(url)).status_code == 401
    hidden = await client.get(url, headers=other.admin.headers)
    assert hidden.status_code == 404
    assert "Chest" not in hidden.text
    assert (await client.get("/api/sets/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.get("/api/sets/0", headers=team.admin.headers)).status_code == 422

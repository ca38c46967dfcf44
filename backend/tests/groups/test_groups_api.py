"""GET/PATCH /api/groups[/{group_id}], POST /api/groups validation, join codes."""

import re
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, Group
from tests.factories import join_group, make_group, make_user
from tests.groups.helpers import make_team
from tests.rows import count_rows

URL_SAFE = re.compile(r"[A-Za-z0-9_-]{10,}")

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 201},
        {"name": 5},
        {"name": None},
        {"name": ["Radiology"]},
        {"name": "Radiology", "description": 7},
        {"name": "Radiology", "description": "d" * 5001},
        {"name": "Radiology", "unknown": True},
    ],
)
async def test_create_rejects_bad_bodies(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, Any]
) -> None:
    admin = await make_user(client)
    response = await client.post("/api/groups", json=body, headers=admin.headers)
    assert response.status_code == 422, response.text
    assert await count_rows(session, Group) == 0


async def test_create_needs_a_login(client: httpx.AsyncClient, session: AsyncSession) -> None:
    response = await client.post("/api/groups", json={"name": "Radiology"})
    assert response.status_code == 401
    assert await count_rows(session, Group) == 0


async def test_create_makes_strong_distinct_codes_and_secrets(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(client)
    first = await make_group(client, admin, name="x" * 200)
    second = await make_group(client, admin, name="B")
    assert first["name"] == "x" * 200
    assert URL_SAFE.fullmatch(first["join_code"]) and URL_SAFE.fullmatch(second["join_code"])
    assert first["join_code"] != second["join_code"]
    secrets = (await session.execute(sa.select(Group.dicom_uid_secret))).scalars().all()
    assert len(set(secrets)) == 2 and all(len(secret) == 64 for secret in secrets)
    actions = (await session.execute(sa.select(AuditEvent.action))).scalars().all()
    assert actions.count("group.create") == 2


async def test_list_shows_only_my_groups_with_role_and_member_count(client: httpx.AsyncClient) -> None:
    team = await make_team(client, name="Radiology")
    own = await make_group(client, team.annotator, name="Dermatology")
    await make_group(client, await make_user(client), name="Somebody else's")
    response = await client.get("/api/groups", headers=team.annotator.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    assert [(item["id"], item["role"], item["member_count"]) for item in body["items"]] == [
        (team.group_id, "annotator", 2),
        (own["id"], "admin", 1),
    ]
    assert body["items"][0]["join_code"] is None
    assert body["items"][1]["join_code"] == own["join_code"]


async def test_list_search_role_filter_and_pagination(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    names = ["Chest CT", "chest x-ray", "Dermatology", "100% Oncology"]
    groups = [await make_group(client, admin, name=name) for name in names]
    other = await make_user(client)
    await join_group(client, admin, await make_group(client, other, name="Chest MRI"))

    async def names_for(**params: Any) -> list[str]:
        response = await client.get("/api/groups", params=params, headers=admin.headers)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    assert await names_for(q="CHEST") == ["Chest CT", "chest x-ray", "Chest MRI"]
    assert await names_for(q="%") == ["100% Oncology"]
    assert await names_for(q="_") == []
    assert await names_for(role="annotator") == ["Chest MRI"]
    assert await names_for(q="chest", role="admin") == ["Chest CT", "chest x-ray"]

    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/api/groups", params=params, headers=admin.headers)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == 5
    assert seen[:4] == [group["id"] for group in groups]

    newest: list[int] = []
    cursor = None
    while True:
        params = {"limit": 3, "sort": "-id"} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/api/groups", params=params, headers=admin.headers)).json()
        newest.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert newest == seen[::-1]


@pytest.mark.parametrize(
    "params",
    [{"role": "owner"}, {"sort": "name"}, {"limit": 0}, {"limit": 1001}, {"limit": "many"}, {"q": "x" * 201}],
)
async def test_list_rejects_bad_options(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    admin = await make_user(client)
    response = await client.get("/api/groups", params=params, headers=admin.headers)
    assert response.status_code == 422


async def test_list_rejects_a_forged_cursor_and_needs_a_login(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    forged = await client.get("/api/groups", params={"cursor": "garbage!"}, headers=admin.headers)
    assert forged.status_code == 422
    assert forged.json()["code"] == "validation_error"
    assert (await client.get("/api/groups")).status_code == 401


async def test_get_one_group_for_members_only(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    url = f"/api/groups/{team.group_id}"
    as_admin = await client.get(url, headers=team.admin.headers)
    assert as_admin.status_code == 200
    assert as_admin.json()["join_code"] == team.group["join_code"]
    assert as_admin.json()["member_count"] == 2
    as_annotator = await client.get(url, headers=team.annotator.headers)
    assert as_annotator.status_code == 200
    assert as_annotator.json()["role"] == "annotator"
    assert as_annotator.json()["join_code"] is None
    hidden = await client.get(url, headers=outsider.headers)
    assert hidden.status_code == 404
    assert team.group["name"] not in hidden.text
    assert (await client.get("/api/groups/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.get("/api/groups/0", headers=team.admin.headers)).status_code == 422
    assert (await client.get("/api/groups/abc", headers=team.admin.headers)).status_code == 422
    assert (await client.get(url)).status_code == 401


async def test_patch_renames_trims_and_clears_description(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group_id}"
    described = await client.patch(
        url, json={"name": "  Neuro  ", "description": "MRI"}, headers=team.admin.headers
    )
    assert described.status_code == 200, described.text
    assert described.json()["name"] == "Neuro"
    assert described.json()["description"] == "MRI"
    assert described.json()["join_code"] == team.group["join_code"]
    only_name = await client.patch(url, json={"name": "Neurology"}, headers=team.admin.headers)
    assert only_name.json()["description"] == "MRI"
    cleared = await client.patch(url, json={"description": None}, headers=team.admin.headers)
    assert cleared.status_code == 200
    assert cleared.json()["description"] == ""
    assert cleared.json()["name"] == "Neurology"
    await client.patch(url, json={"description": "again"}, headers=team.admin.headers)
    emptied = await client.patch(url, json={"description": ""}, headers=team.admin.headers)
    assert emptied.json()["description"] == ""
    events = await count_rows(session, AuditEvent, AuditEvent.action == "group.update")
    assert events == 5


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "  "},
        {"name": None},
        {"name": "x" * 201},
        {"name": 3},
        {"description": {"text": "x"}},
        {"title": "x"},
    ],
)
async def test_patch_rejects_bad_bodies_and_changes_nothing(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group_id}"
    response = await client.patch(url, json=body, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    after = (await client.get(url, headers=team.admin.headers)).json()
    assert after["name"] == team.group["name"]
    assert after["updated_at"] == team.group["updated_at"]


async def test_patch_is_for_admins_of_the_group(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    url = f"/api/groups/{team.group_id}"
    body = {"name": "Taken over"}
    assert (await client.patch(url, json=body, headers=team.annotator.headers)).status_code == 403
    assert (await client.patch(url, json=body, headers=outsider.headers)).status_code == 404
    assert (
        await client.patch("/api/groups/999999", json=body, headers=team.admin.headers)
    ).status_code == 404
    assert (await client.patch(url, json=body)).status_code == 401
    assert (await client.get(url, headers=team.admin.headers)).json()["name"] == team.group["name"]


async def test_rotating_the_join_code_retires_the_old_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    old_code = team.group["join_code"]
    response = await client.post(f"/api/groups/{team.group_id}/join-code", headers=team.admin.headers)
    assert response.status_code == 200, response.text
    new_code = response.json()["join_code"]
    assert URL_SAFE.fullmatch(new_code) and new_code != old_code
    newcomer = await make_user(client)
    stale = await client.post("/api/groups/join", json={"join_code": old_code}, headers=newcomer.headers)
    assert stale.status_code == 404
    assert stale.json()["code"] == "join_code_not_found"
    fresh = await client.post("/api/groups/join", json={"join_code": new_code}, headers=newcomer.headers)
    assert fresh.status_code == 200
    shown = await client.get(f"/api/groups/{team.group_id}", headers=team.admin.headers)
    assert shown.json()["join_code"] == new_code
    assert await count_rows(session, AuditEvent, AuditEvent.action == "group.join_code_rotate") == 1


async def test_rotating_is_for_admins_of_the_group(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    url = f"/api/groups/{team.group_id}/join-code"
    assert (await client.post(url, headers=team.annotator.headers)).status_code == 403
    assert (await client.post(url, headers=outsider.headers)).status_code == 404
    assert (await client.post("/api/groups/999999/join-code", headers=team.admin.headers)).status_code == 404
    assert (await client.post(url)).status_code == 401
    current = (await client.get(f"/api/groups/{team.group_id}", headers=team.admin.headers)).json()
    assert current["join_code"] == team.group["join_code"]

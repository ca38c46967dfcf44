"""POST /api/groups and POST /api/groups/join."""

import httpx

from tests.factories import join_group, make_group, make_user


async def test_create_group_makes_the_creator_admin(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    response = await client.post(
        "/api/groups", json={"name": "  Radiology  ", "description": "Chest X-rays"}, headers=admin.headers
    )
    assert response.status_code == 201, response.text
    group = response.json()
    assert group["name"] == "Radiology"
    assert group["description"] == "Chest X-rays"
    assert group["role"] == "admin"
    assert group["member_count"] == 1
    assert len(group["join_code"]) >= 10
    assert group["created_at"] and group["updated_at"]


async def test_join_by_code_gives_annotator_without_code(client: httpx.AsyncClient) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    response = await client.post(
        "/api/groups/join", json={"join_code": group["join_code"]}, headers=doctor.headers
    )
    assert response.status_code == 200, response.text
    joined = response.json()
    assert joined["id"] == group["id"]
    assert joined["role"] == "annotator"
    assert joined["join_code"] is None
    assert joined["member_count"] == 2


async def test_join_twice_keeps_the_role(client: httpx.AsyncClient) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, doctor, group)
    again = await client.post(
        "/api/groups/join", json={"join_code": group["join_code"]}, headers=doctor.headers
    )
    assert again.status_code == 200
    assert again.json()["role"] == "annotator"
    assert again.json()["member_count"] == 2
    own = await client.post("/api/groups/join", json={"join_code": group["join_code"]}, headers=admin.headers)
    assert own.status_code == 200
    assert own.json()["role"] == "admin"
    assert own.json()["join_code"] == group["join_code"]

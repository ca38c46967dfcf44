"""POST /api/groups and POST /api/groups/join."""

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, Membership
from tests.factories import join_group, make_group, make_user
from tests.rows import count_rows

pytestmark = pytest.mark.anyio


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


@pytest.mark.parametrize("body", [{}, {"join_code": ""}, {"join_code": 12345}, {"join_code": "x" * 65}])
async def test_join_rejects_bad_bodies(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    doctor = await make_user(client)
    response = await client.post("/api/groups/join", json=body, headers=doctor.headers)
    assert response.status_code == 422


async def test_join_with_an_unknown_code_or_anonymously(client: httpx.AsyncClient) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    unknown = await client.post(
        "/api/groups/join", json={"join_code": "no-such-code"}, headers=doctor.headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "join_code_not_found"
    anonymous = await client.post("/api/groups/join", json={"join_code": group["join_code"]})
    assert anonymous.status_code == 401
    assert (await client.get(f"/api/groups/{group['id']}", headers=doctor.headers)).status_code == 404


async def test_joining_is_audited_once(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, doctor, group)
    await join_group(client, doctor, group)
    events = (
        (await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "member.join")))
        .scalars()
        .all()
    )
    assert [(event.group_id, event.user_id) for event in events] == [(group["id"], doctor.id)]


async def test_concurrent_joins_of_one_user_make_one_membership(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    body = {"join_code": group["join_code"]}
    responses = await asyncio.gather(
        *(client.post("/api/groups/join", json=body, headers=doctor.headers) for _ in range(4))
    )
    assert [response.status_code for response in responses] == [200] * 4
    assert await count_rows(session, Membership, Membership.user_id == doctor.id) == 1

"""GET /api/groups/{group_id}/audit: admins read their group's trail, newest first, filtered; read-only."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent
from tests.factories import Caller, join_group, make_group, make_user

pytestmark = pytest.mark.anyio


async def audit(client: httpx.AsyncClient, caller: Caller, group_id: int, **query: Any) -> httpx.Response:
    return await client.get(f"/api/groups/{group_id}/audit", params=query, headers=caller.headers)


async def make_set(client: httpx.AsyncClient, admin: Caller, group_id: int, name: str) -> dict[str, Any]:
    body = {"name": name, "type": "detection", "package_size": 5}
    response = await client.post(f"/api/groups/{group_id}/sets", json=body, headers=admin.headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def scene(client: httpx.AsyncClient) -> tuple[Caller, Caller, dict[str, Any]]:
    admin = await make_user(client, name="Ada", surname="Admin")
    annotator = await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, annotator, group)
    return admin, annotator, group


async def test_admins_read_the_trail_newest_first_with_who_did_it(client: httpx.AsyncClient) -> None:
    admin, annotator, group = await scene(client)
    chest = await make_set(client, admin, group["id"], "Chest")
    response = await audit(client, admin, group["id"])
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["action"] for item in items] == ["set.create", "member.join", "group.create"]
    assert [item["id"] for item in items] == sorted((item["id"] for item in items), reverse=True)
    newest = items[0]
    assert newest["user_id"] == admin.id
    assert newest["user"] == {"email": admin.email, "name": "Ada", "surname": "Admin", "title": None}
    assert newest["object_type"] == "set" and newest["object_id"] == chest["id"]
    assert datetime.fromisoformat(newest["at"]).tzinfo is not None
    assert items[1]["user_id"] == annotator.id
    assert set(newest) == {"id", "at", "user_id", "user", "action", "object_type", "object_id", "detail"}
    assert "ip_address" not in response.text


async def test_sign_ins_are_not_group_events(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin, _, group = await scene(client)
    failed = await client.post("/api/auth/login", json={"email": admin.email, "password": "wrong" * 3})
    assert failed.status_code == 401
    actions = {item["action"] for item in (await audit(client, admin, group["id"])).json()["items"]}
    assert not {action for action in actions if action.startswith("auth.")}
    stored = await session.scalars(sa.select(AuditEvent.action).where(AuditEvent.group_id.is_(None)))
    assert {"auth.register", "auth.login", "auth.login_failed"} <= set(stored)


async def test_filters_by_user_action_prefix_and_time(client: httpx.AsyncClient) -> None:
    admin, annotator, group = await scene(client)
    chest = await make_set(client, admin, group["id"], "Chest")
    patched = await client.patch(f"/api/sets/{chest['id']}", json={"name": "Thorax"}, headers=admin.headers)
    assert patched.status_code == 200

    by_annotator = (await audit(client, admin, group["id"], user_id=annotator.id)).json()["items"]
    assert [item["action"] for item in by_annotator] == ["member.join"]
    exact = (await audit(client, admin, group["id"], action="set.update")).json()["items"]
    assert [item["action"] for item in exact] == ["set.update"]
    prefix = (await audit(client, admin, group["id"], action="set.")).json()["items"]
    assert [item["action"] for item in prefix] == ["set.update", "set.create"]
    assert (await audit(client, admin, group["id"], action="set")).json()["items"] == []
    assert (await audit(client, admin, group["id"], action="s_t.")).json()["items"] == []  # no wildcards

    everything = (await audit(client, admin, group["id"])).json()["items"]
    middle = everything[1]["at"]
    since = (await audit(client, admin, group["id"], since=middle)).json()["items"]
    assert [item["id"] for item in since] == [item["id"] for item in everything[:2]]
    until = (await audit(client, admin, group["id"], until=middle)).json()["items"]
    assert [item["id"] for item in until] == [item["id"] for item in everything[1:]]
    future = (datetime.now(UTC) + timedelta(days=1)).replace(tzinfo=None).isoformat()  # no offset: UTC
    assert (await audit(client, admin, group["id"], since=future)).json()["items"] == []
    assert len((await audit(client, admin, group["id"], until=future)).json()["items"]) == len(everything)
    with_offset = (
        (datetime.now(UTC) + timedelta(hours=1)).astimezone(timezone(timedelta(hours=5))).isoformat()
    )
    assert (await audit(client, admin, group["id"], since=with_offset)).json()["items"] == []


async def test_pages_walk_backwards_without_overlap(client: httpx.AsyncClient) -> None:
    admin, _, group = await scene(client)
    for name in ("A", "B", "C"):
        await make_set(client, admin, group["id"], name)
    everything = [item["id"] for item in (await audit(client, admin, group["id"])).json()["items"]]
    seen: list[int] = []
    cursor = None
    while True:
        query: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await audit(client, admin, group["id"], **query)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(seen) == 5


async def test_only_the_groups_own_events_are_listed(client: httpx.AsyncClient) -> None:
    admin, _, group = await scene(client)
    other_admin = await make_user(client)
    other = await make_group(client, other_admin, name="Other")
    await make_set(client, other_admin, other["id"], "Secret set")
    items = (await audit(client, admin, group["id"])).json()["items"]
    assert all(item["action"] in {"group.create", "member.join"} for item in items)
    assert "Secret set" not in (await audit(client, admin, group["id"])).text


async def test_who_may_read_it(client: httpx.AsyncClient) -> None:
    admin, annotator, group = await scene(client)
    outsider = await make_user(client)
    assert (await client.get(f"/api/groups/{group['id']}/audit")).status_code == 401
    forbidden = await audit(client, annotator, group["id"])
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "forbidden"
    hidden = await audit(client, outsider, group["id"])
    assert hidden.status_code == 404 and hidden.json()["code"] == "group_not_found"
    assert "items" not in hidden.text
    assert (await audit(client, admin, 10**9)).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"until": "2024-13-40T00:00:00"},
        {"user_id": 0},
        {"user_id": "me"},
        {"action": ""},
        {"action": "x" * 65},
        {"limit": 0},
        {"limit": 1001},
    ],
)
async def test_bad_filters_are_422(client: httpx.AsyncClient, query: dict[str, Any]) -> None:
    admin, _, group = await scene(client)
    response = await audit(client, admin, group["id"], **query)
    assert response.status_code == 422, response.text


async def test_an_empty_time_range_is_400_and_a_bad_cursor_422(client: httpx.AsyncClient) -> None:
    admin, _, group = await scene(client)
    backwards = await audit(client, admin, group["id"], since="2025-02-01T00:00:00Z", until="2025-01-01")
    assert backwards.status_code == 400 and backwards.json()["code"] == "bad_time_range"
    assert (await audit(client, admin, group["id"], cursor="!!not-a-cursor")).status_code == 422


async def test_no_route_changes_or_deletes_the_audit_trail(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    audit_paths = {path: set(operations) for path, operations in paths.items() if "/audit" in path}
    assert audit_paths == {
        "/api/groups/{group_id}/audit": {"get"},
        "/api/groups/{group_id}/audit/image-views": {"get"},
        "/api/groups/{group_id}/audit/story": {"get"},
    }
    for route in app.routes:  # nor a route hidden from the OpenAPI document
        methods = getattr(route, "methods", None) or set()
        if "/audit" in getattr(route, "path", ""):
            assert methods <= {"GET", "HEAD"}


def test_the_service_offers_no_update_or_delete() -> None:
    import inspect

    from tagmedx.features.audit import repository, service

    for module in (service, repository):
        source = inspect.getsource(module)
        assert "sa.update(" not in source and "sa.delete(" not in source and ".delete(" not in source


async def test_moments_are_iso_8601_not_unix_times(client: httpx.AsyncClient) -> None:
    admin, _, group = await scene(client)
    for number in ("0", "0.5", "1700000000"):
        for route in ("audit", "audit/story", "audit/image-views"):
            response = await client.get(
                f"/api/groups/{group['id']}/{route}", params={"until": number}, headers=admin.headers
            )
            assert response.status_code == 422, (route, number, response.text)
    day = await audit(client, admin, group["id"], since="2025-01-01")
    assert day.status_code == 200

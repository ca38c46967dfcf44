"""Walks the app's route table: every route is tried by a member of another group with real ids of the
first group, and by an anonymous caller. Never data, never a change. A new route is covered without
anyone remembering; a route with a path parameter this test cannot fill fails it."""

import re
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Base
from tests.authz.world import build_world
from tests.factories import make_user

PUBLIC = {
    ("GET", "/api/health"),
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/login"),
}
# Logging out without a session is harmless and answers 204 for anyone already signed out.
ANONYMOUS_OK = {("POST", "/api/auth/logout")}
# Tables whose rows a refused request may still add (the attempt itself is recorded).
RECORDS = {"audit_events", "login_attempts", "image_views", "idempotency_keys"}
# Columns a refused request may still touch.
VOLATILE = {("api_tokens", "last_used_at")}


def api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every API route, read from the OpenAPI document (FastAPI nests included routers lazily)."""
    paths = app.openapi()["paths"]
    return [(method.upper(), path) for path, operations in paths.items() for method in operations]


def fill(path: str, ids: dict[str, int]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ids, (
            f"{path}: no cross-group id for path parameter {{{name}}}; add it to tests/authz/world.py"
        )
        return str(ids[name])

    return re.sub(r"\{(\w+)\}", replace, path)


async def snapshot(session: AsyncSession) -> dict[str, list[Any]]:
    state: dict[str, list[Any]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in RECORDS:
            continue
        columns = [column for column in table.columns if (table.name, column.name) not in VOLATILE]
        rows = await session.execute(sa.select(*columns).order_by(*table.primary_key.columns))
        state[table.name] = [tuple(row) for row in rows]
    return state


async def test_every_route_hides_other_groups_and_needs_a_login(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    before = await snapshot(session)
    routes = api_routes(app)
    assert len(routes) > 5
    failures = []
    for method, path in routes:
        url = fill(path, world.ids)
        anonymous = await client.request(method, url, json={})
        if (method, path) not in PUBLIC | ANONYMOUS_OK and anonymous.status_code != 401:
            failures.append(f"anonymous {method} {path} -> {anonymous.status_code}")
        if "{" in path:
            response = await client.request(method, url, json={}, headers=outsider.headers)
            if response.status_code != 404:
                failures.append(f"outsider {method} {path} -> {response.status_code} {response.text[:120]}")
            elif "Nodule" in response.text or "chest.png" in response.text:
                failures.append(f"outsider {method} {path} leaked data")
    assert not failures, "\n".join(failures)
    session.expire_all()
    assert await snapshot(session) == before

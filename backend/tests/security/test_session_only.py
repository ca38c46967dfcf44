"""A personal API token cannot manage its account: every route the table marks Who.session answers a
token 403 session_required (declared in OpenAPI) and changes nothing, while a login session reaches the
route; every other signed-in route takes the token. Generated from the route table."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.authz.test_route_table import snapshot
from tests.authz.world import build_world
from tests.factories import make_user
from tests.security.routes import ROUTES, Who, api_routes, fill, request_arguments
from tests.users.helpers import bearer, create_token

SESSION_ONLY = sorted(route for route, (who, _) in ROUTES.items() if who is Who.session)


def code_of(response: httpx.Response) -> str | None:
    return response.json().get("code") if response.content else None


async def test_the_account_routes_are_session_only(app: FastAPI) -> None:
    assert SESSION_ONLY == [
        ("DELETE", "/api/users/me/tokens/{token_id}"),
        ("GET", "/api/users/me/tokens"),
        ("PATCH", "/api/users/me"),
        ("POST", "/api/auth/logout"),
        ("POST", "/api/users/me/tokens"),
        ("PUT", "/api/users/me/password"),
    ]
    document = app.openapi()
    for method, path in SESSION_ONLY:
        responses = document["paths"][path][method.lower()]["responses"]
        assert "403" in responses, f"{method} {path} should declare its 403"


async def test_a_personal_token_gets_403_on_every_session_route(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    token = (await create_token(client, owner))["token"]
    before = await snapshot(session)
    failures = []
    for method, path in SESSION_ONLY:
        body = ROUTES[(method, path)][1]
        url = fill(path, world.ids)
        response = await client.request(
            method, url, headers=bearer(token), **request_arguments(body, world.ids)
        )
        if response.status_code != 403 or code_of(response) != "session_required":
            failures.append(f"{method} {path} -> {response.status_code} {response.text[:120]}")
    assert not failures, "\n".join(failures)
    session.expire_all()
    assert await snapshot(session) == before


async def test_a_login_session_passes_the_session_rule(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    for method, path in SESSION_ONLY:
        body = ROUTES[(method, path)][1]
        url = fill(path, world.ids)
        response = await client.request(
            method, url, headers=owner.headers, **request_arguments(body, world.ids)
        )
        assert code_of(response) != "session_required", f"{method} {path}"


async def test_a_personal_token_works_on_the_other_signed_in_routes(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    owner = await make_user(client)
    token = (await create_token(client, owner))["token"]
    checked = []
    for method, path in sorted(api_routes(app)):
        who, body = ROUTES[(method, path)]
        if who is not Who.user:
            continue
        response = await client.request(method, path, headers=bearer(token), **request_arguments(body, {}))
        assert response.status_code < 500 and code_of(response) != "session_required", f"{method} {path}"
        checked.append((method, path))
    assert ("GET", "/api/users/me") in checked

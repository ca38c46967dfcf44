"""Every state-changing route, called with a valid session cookie but without the CSRF header,
answers 403 csrf_failed and changes nothing: generated from the route table, uploads included."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.authz.test_route_table import snapshot
from tests.authz.world import build_world
from tests.factories import PASSWORD, make_user
from tests.security.routes import ROUTES, STATE_CHANGING, Who, api_routes, fill, request_arguments


async def test_no_state_change_by_cookie_without_the_csrf_header(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    signed_in = await client.post("/api/auth/login", json={"email": owner.email, "password": PASSWORD})
    assert signed_in.status_code == 200 and client.cookies.get("tagmedx_session")
    before = await snapshot(session)

    checked, failures = [], []
    for method, path in sorted(api_routes(app)):
        who, body = ROUTES[(method, path)]
        if method not in STATE_CHANGING or who is Who.public:
            continue
        response = await client.request(method, fill(path, world.ids), **request_arguments(body, world.ids))
        code = response.json().get("code") if response.content else None
        if response.status_code != 403 or code != "csrf_failed":
            failures.append(f"{method} {path} -> {response.status_code} {response.text[:120]}")
        checked.append((method, path))
    assert not failures, "\n".join(failures)
    assert ("POST", "/api/sets/{set_id}/samples") in checked  # a multipart upload is covered
    assert len(checked) >= 25
    session.expire_all()
    assert await snapshot(session) == before
    # the cookie itself was fine: a read with it works
    assert (await client.get("/api/users/me")).status_code == 200

"""A page of another origin (another port of the same host included: SameSite cookies go along) cannot
embed our answers: every answer carries `Cross-Origin-Resource-Policy: same-origin`, whatever the route
and the status. Walked over the route table, as an anonymous caller, a member of another group and the
owner, plus the statuses a walk does not meet on its own (304, 403, 405, 413, an unhandled 500)."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.authz.world import build_world
from tests.factories import PASSWORD, make_user
from tests.samples.helpers import png
from tests.security.routes import ROUTES, api_routes, fill, request_arguments


def check(response: httpx.Response, seen: dict[int, str], failures: list[str], what: str) -> None:
    seen.setdefault(response.status_code, what)
    if response.headers.get("cross-origin-resource-policy") != "same-origin":
        failures.append(f"{what} -> {response.status_code} without Cross-Origin-Resource-Policy")


async def test_every_answer_of_every_route_is_same_origin_only(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    uploaded = await client.post(
        f"/api/sets/{world.ids['set_id']}/samples",
        files={"files": ("chest.png", png(), "image/png")},
        headers=owner.headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    ids = world.ids | {"sample_id": uploaded.json()["created"][0]["id"]}  # a sample with real files

    seen: dict[int, str] = {}
    failures: list[str] = []
    # Deletions last, so the other routes meet their objects; logout (it ends the owner's session) after them.
    routes = sorted(
        api_routes(app), key=lambda route: (route[1] == "/api/auth/logout", route[0] == "DELETE", route)
    )
    for method, path in routes:
        url = fill(path, ids)
        _, body = ROUTES.get((method, path), (None, None))
        arguments = request_arguments(body, ids)
        check(await client.request(method, url, **arguments), seen, failures, f"anonymous {method} {path}")
        answer = await client.request(method, url, headers=outsider.headers, **arguments)
        check(answer, seen, failures, f"outsider {method} {path}")
        answer = await client.request(method, url, headers=owner.headers, **arguments)
        check(answer, seen, failures, f"owner {method} {path}")
        etag = answer.headers.get("etag")
        if method == "GET" and answer.status_code == 200 and etag:
            again = await client.get(url, headers=owner.headers | {"If-None-Match": etag})
            check(again, seen, failures, f"owner {method} {path} If-None-Match")

    @app.post("/api/test-only-failure")
    async def failure() -> None:
        raise RuntimeError("a bug nothing handled")

    check(await client.post("/api/test-only-failure"), seen, failures, "an unhandled error")
    too_large = b"{" + b" " * (app.state.settings.max_json_bytes + 1) + b"}"
    headers = {"content-type": "application/json"}
    check(await client.post("/api/groups", content=too_large, headers=headers), seen, failures, "413")
    check(await client.put("/api/health"), seen, failures, "405")
    check(await client.get("/api/nowhere"), seen, failures, "unknown /api path")
    check(await client.get("/"), seen, failures, "the SPA")
    signed_in = await client.post("/api/auth/login", json={"email": owner.email, "password": PASSWORD})
    assert signed_in.status_code == 200
    no_csrf = await client.patch("/api/users/me", json={"name": "Mallory"})  # the cookie, no CSRF header
    check(no_csrf, seen, failures, "cookie without CSRF")

    assert not failures, "\n".join(failures)
    missing = {200, 201, 204, 304, 401, 403, 404, 405, 409, 413, 422, 500} - set(seen)
    assert not missing, f"statuses the walk never met: {sorted(missing)} (seen: {seen})"

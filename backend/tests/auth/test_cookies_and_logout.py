"""The SPA's cookie session: flags, the CSRF double-submit, and logout."""

from pathlib import Path
from typing import Annotated

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI, File, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.models import AuditEvent, AuthSession
from tests.auth.helpers import app_client, client_for, login, register
from tests.factories import make_user

pytestmark = pytest.mark.anyio


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """Set-Cookie headers by cookie name, attributes lower-cased."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name = header.split("=", 1)[0]
        found[name] = header.lower()
    return found


async def signed_in_by_cookie(client: httpx.AsyncClient, email: str = "jan@example.org") -> str:
    await register(client, email)
    response = await login(client, email)
    assert response.status_code == 200
    csrf: str = response.json()["csrf_token"]
    return csrf


async def test_login_sets_the_session_and_csrf_cookies(client: httpx.AsyncClient) -> None:
    await register(client, "jan@example.org")
    response = await login(client, "jan@example.org")
    cookies = set_cookies(response)
    session_cookie, csrf_cookie = cookies["tagmedx_session"], cookies["tagmedx_csrf"]
    assert f"tagmedx_session={response.json()['access_token']}".lower() in session_cookie
    assert "httponly" in session_cookie
    assert "samesite=lax" in session_cookie
    assert "path=/api;" in session_cookie or session_cookie.endswith("path=/api")
    assert "max-age=43200" in session_cookie
    assert "secure" not in session_cookie  # cookie_secure is off by default (plain http in development)
    assert f"tagmedx_csrf={response.json()['csrf_token']}" in csrf_cookie
    assert "httponly" not in csrf_cookie  # the SPA reads it
    assert "samesite=strict" in csrf_cookie
    assert "path=/;" in csrf_cookie or csrf_cookie.endswith("path=/")


async def test_cookies_are_secure_when_configured(database_url: str, tmp_path: Path) -> None:
    async with app_client(database_url, tmp_path, cookie_secure=True) as (_, http):
        await register(http, "jan@example.org")
        response = await login(http, "jan@example.org")
        cookies = set_cookies(response)
        assert "; secure" in cookies["__Host-tagmedx_session"]  # prefixed: tests/auth/test_host_cookies.py
        assert "; secure" in cookies["__Host-tagmedx_csrf"]


async def test_a_cookie_get_needs_no_csrf_header(client: httpx.AsyncClient) -> None:
    await signed_in_by_cookie(client)
    response = await client.get("/api/users/me")
    assert response.status_code == 200
    assert response.json()["email"] == "jan@example.org"


async def test_a_state_changing_cookie_request_needs_the_csrf_header(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    csrf = await signed_in_by_cookie(client)
    missing = await client.patch("/api/users/me", json={"name": "Mallory"})
    assert missing.status_code == 403
    assert missing.json()["code"] == "csrf_failed"
    wrong = await client.patch("/api/users/me", json={"name": "Mallory"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "csrf_failed"
    assert (await client.get("/api/users/me")).json()["name"] == "Jan"  # nothing changed
    right = await client.patch("/api/users/me", json={"name": "Janek"}, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 200
    assert right.json()["name"] == "Janek"


async def test_the_csrf_header_must_match_the_cookie_too(client: httpx.AsyncClient) -> None:
    csrf = await signed_in_by_cookie(client)
    session_cookie = client.cookies.get("tagmedx_session")
    assert session_cookie
    client.cookies.clear()
    client.cookies.set("tagmedx_session", session_cookie)
    client.cookies.set("tagmedx_csrf", "forged")
    forged = await client.patch("/api/users/me", json={"name": "X"}, headers={"X-CSRF-Token": csrf})
    assert forged.status_code == 403
    client.cookies.set("tagmedx_csrf", csrf)
    matching = await client.patch("/api/users/me", json={"name": "X"}, headers={"X-CSRF-Token": csrf})
    assert matching.status_code == 200


async def test_a_bearer_request_needs_no_csrf_header(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    response = await client.patch("/api/users/me", json={"name": "Ola"}, headers=caller.headers)
    assert response.status_code == 200


async def test_a_multipart_cookie_post_without_the_header_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    @app.post("/api/test-only-upload")
    async def upload(user: CurrentUser, files: Annotated[list[UploadFile], File()]) -> dict[str, int]:
        return {"user_id": user.id, "files": len(files)}

    csrf = await signed_in_by_cookie(client)
    form = {"files": ("scan.png", b"\x89PNG fake", "image/png")}
    refused = await client.post("/api/test-only-upload", files=form)
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    accepted = await client.post("/api/test-only-upload", files=form, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 200
    assert accepted.json()["files"] == 1


async def test_logout_by_bearer_ends_the_session(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client)
    response = await client.post("/api/auth/logout", headers=caller.headers)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get("/api/users/me", headers=caller.headers)).status_code == 401
    assert (await session.execute(sa.select(sa.func.count()).select_from(AuthSession))).scalar_one() == 0
    actions = (await session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id))).scalars().all()
    assert actions[-1] == "auth.logout"


async def test_logout_ends_only_that_session(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    second = (await login(client, caller.email)).json()["access_token"]
    client.cookies.clear()
    assert (await client.post("/api/auth/logout", headers=caller.headers)).status_code == 204
    still = await client.get("/api/users/me", headers={"Authorization": f"Bearer {second}"})
    assert still.status_code == 200


async def test_logout_by_cookie_needs_csrf_and_clears_the_cookies(client: httpx.AsyncClient) -> None:
    csrf = await signed_in_by_cookie(client)
    refused = await client.post("/api/auth/logout")
    assert refused.status_code == 403
    assert (await client.get("/api/users/me")).status_code == 200
    response = await client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    cookies = set_cookies(response)
    assert "max-age=0" in cookies["tagmedx_session"] and "path=/api" in cookies["tagmedx_session"]
    assert "max-age=0" in cookies["tagmedx_csrf"]
    assert "tagmedx_session" not in client.cookies
    assert (await client.get("/api/users/me")).status_code == 401


async def test_a_stolen_cookie_stops_working_after_logout(client: httpx.AsyncClient, app: FastAPI) -> None:
    csrf = await signed_in_by_cookie(client)
    stolen = client.cookies.get("tagmedx_session")
    assert stolen
    assert (await client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})).status_code == 204
    async with client_for(app) as thief:
        thief.cookies.set("tagmedx_session", stolen)
        assert (await thief.get("/api/users/me")).status_code == 401


async def test_logout_needs_authentication(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/logout")
    assert response.status_code == 401


async def test_logout_with_a_personal_api_token_is_refused(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    created = await client.post("/api/users/me/tokens", json={"name": "script"}, headers=caller.headers)
    token = created.json()["token"]
    response = await client.post("/api/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert (
        await client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 200

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import ApiToken, AuditEvent, AuthSession, User
from tests.factories import PASSWORD, make_user
from tests.users.helpers import bearer, create_token

pytestmark = pytest.mark.anyio
NEW = "a brand new passphrase"


async def change(
    client: httpx.AsyncClient, headers: dict[str, str], current: str = PASSWORD
) -> httpx.Response:
    return await client.put(
        "/api/users/me/password", json={"current_password": current, "new_password": NEW}, headers=headers
    )


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_changing_the_password_ends_every_older_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    other_login = (await login(client, caller.email, PASSWORD)).json()["access_token"]
    client.cookies.clear()
    api_token = (await create_token(client, caller))["token"]
    bystander = await make_user(client)

    response = await change(client, caller.headers)
    assert response.status_code == 204
    assert "set-cookie" not in response.headers  # a bearer caller signs in again

    for token in (caller.token, other_login, api_token):
        assert (await client.get("/api/users/me", headers=bearer(token))).status_code == 401
    assert (await client.get("/api/users/me", headers=bystander.headers)).status_code == 200
    assert (await login(client, caller.email, PASSWORD)).status_code == 401
    assert (await login(client, caller.email, NEW)).status_code == 200
    stored = (await session.execute(sa.select(User).where(User.id == caller.id))).scalar_one()
    assert stored.password_hash.startswith("$argon2")
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.password_change"))
    ).scalar_one()
    assert event.user_id == caller.id
    assert event.detail == {"sessions_ended": 2, "tokens_revoked": 1}


async def test_a_cookie_session_stays_signed_in_with_fresh_cookies(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    other_device = caller.token
    signed_in = await login(client, caller.email, PASSWORD)
    old_csrf = signed_in.json()["csrf_token"]
    old_cookie = client.cookies.get("tagmedx_session")

    response = await change(client, {"X-CSRF-Token": old_csrf})
    assert response.status_code == 204
    new_cookie = client.cookies.get("tagmedx_session")
    new_csrf = client.cookies.get("tagmedx_csrf")
    assert new_cookie and new_cookie != old_cookie
    assert new_csrf and new_csrf != old_csrf

    assert (await client.get("/api/users/me")).status_code == 200
    stale = await client.patch("/api/users/me", json={"name": "Ewa"}, headers={"X-CSRF-Token": old_csrf})
    assert stale.status_code == 403
    fresh = await client.patch("/api/users/me", json={"name": "Ewa"}, headers={"X-CSRF-Token": new_csrf})
    assert fresh.status_code == 200
    assert (await client.get("/api/users/me", headers=bearer(other_device))).status_code == 401
    assert (await client.get("/api/users/me", headers=bearer(old_cookie or ""))).status_code == 401


async def test_a_cookie_request_without_csrf_changes_nothing(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    await login(client, caller.email, PASSWORD)
    response = await change(client, {})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert (await client.get("/api/users/me", headers=caller.headers)).status_code == 200


async def test_a_wrong_current_password_is_400_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    api_token = (await create_token(client, caller))["token"]
    response = await change(client, caller.headers, current="not my password")
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_password"
    assert (await client.get("/api/users/me", headers=caller.headers)).status_code == 200
    assert (await client.get("/api/users/me", headers=bearer(api_token))).status_code == 200
    assert (await login(client, caller.email, PASSWORD)).status_code == 200


async def test_a_personal_api_token_cannot_change_the_password(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    api_token = (await create_token(client, caller))["token"]
    response = await change(client, bearer(api_token))
    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert (await login(client, caller.email, PASSWORD)).status_code == 200
    assert (await session.execute(sa.select(sa.func.count()).select_from(ApiToken))).scalar_one() == 1


async def test_password_change_needs_authentication(client: httpx.AsyncClient) -> None:
    assert (await change(client, {})).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"current_password": PASSWORD, "new_password": "short"},
        {"current_password": PASSWORD, "new_password": "x" * 129},
        {"current_password": PASSWORD},
        {"new_password": NEW},
        {"current_password": "", "new_password": NEW},
    ],
)
async def test_bad_input_is_422_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, str]
) -> None:
    caller = await make_user(client)
    response = await client.put("/api/users/me/password", json=body, headers=caller.headers)
    assert response.status_code == 422
    assert (await client.get("/api/users/me", headers=caller.headers)).status_code == 200
    assert (await session.execute(sa.select(sa.func.count()).select_from(AuthSession))).scalar_one() == 1

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, AuthSession, LoginAttempt
from tests.auth.helpers import login, register
from tests.factories import PASSWORD


async def test_login_returns_a_token_that_works(client: httpx.AsyncClient, session: AsyncSession) -> None:
    user_id = await register(client, "jan@example.org")
    response = await login(client, "JAN@example.org")
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at", "user", "csrf_header", "csrf_token"}
    assert body["token_type"] == "bearer"
    assert body["csrf_header"] == "X-CSRF-Token"
    assert body["user"]["id"] == user_id
    me = await client.get("/api/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    stored = (await session.execute(sa.select(AuthSession))).scalar_one()
    assert stored.user_id == user_id
    assert stored.ip_address == "203.0.113.7"
    assert stored.user_agent is not None
    attempt = (await session.execute(sa.select(LoginAttempt))).scalar_one()
    assert attempt.succeeded and attempt.email == "jan@example.org"
    actions = (await session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.id))).scalars().all()
    assert actions == ["auth.register", "auth.login"]


async def test_wrong_password_and_unknown_email_get_the_same_401(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await register(client, "jan@example.org")
    wrong = await login(client, "jan@example.org", "not the password")
    unknown = await login(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert wrong.headers.get("www-authenticate") == unknown.headers.get("www-authenticate")
    assert "set-cookie" not in wrong.headers
    # the failures are kept although the answer was an error
    attempts = (await session.execute(sa.select(LoginAttempt).order_by(LoginAttempt.id))).scalars().all()
    assert [(attempt.email, attempt.succeeded) for attempt in attempts] == [
        ("jan@example.org", False),
        ("nobody@example.org", False),
    ]
    failed = (
        (await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")))
        .scalars()
        .all()
    )
    assert len(failed) == 2
    assert (await session.execute(sa.select(sa.func.count()).select_from(AuthSession))).scalar_one() == 0


async def test_login_bad_input_is_422(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/auth/login", json={"email": "a@example.org"})).status_code == 422
    assert (await client.post("/api/auth/login", json={"email": "", "password": "x"})).status_code == 422
    assert (await client.post("/api/auth/login", content=b"not json")).status_code == 422

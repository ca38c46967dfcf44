import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, User
from tests.factories import PASSWORD, make_user
from tests.users.helpers import bearer, create_token

pytestmark = pytest.mark.anyio

FULL = {"title": "dr n. med.", "specialization": "radiology", "practice_start_year": 1999}


async def test_me_returns_the_caller(client: httpx.AsyncClient) -> None:
    caller = await make_user(client, **FULL)
    response = await client.get("/api/users/me", headers=caller.headers)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "email",
        "name",
        "surname",
        "title",
        "specialization",
        "practice_start_year",
        "created_at",
    }
    assert body["id"] == caller.id and body["email"] == caller.email
    assert body["specialization"] == "radiology"


async def test_me_needs_authentication(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/users/me")).status_code == 401
    assert (await client.patch("/api/users/me", json={"name": "X"})).status_code == 401


async def test_patch_changes_only_the_fields_sent(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client, **FULL)
    response = await client.patch(
        "/api/users/me", json={"name": " Maria ", "practice_start_year": 2005}, headers=caller.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Maria" and body["practice_start_year"] == 2005
    assert body["title"] == "dr n. med." and body["specialization"] == "radiology"
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.update"))
    ).scalar_one()
    assert event.user_id == caller.id and event.group_id is None
    assert event.detail == {"fields": ["name", "practice_start_year"]}


async def test_optional_fields_are_cleared_with_null(client: httpx.AsyncClient) -> None:
    caller = await make_user(client, **FULL)
    response = await client.patch(
        "/api/users/me",
        json={"title": None, "specialization": "", "practice_start_year": None},
        headers=caller.headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["title"] is None and body["specialization"] is None and body["practice_start_year"] is None
    again = (await client.get("/api/users/me", headers=caller.headers)).json()
    assert again["title"] is None and again["practice_start_year"] is None


async def test_an_empty_patch_changes_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client, **FULL)
    response = await client.patch("/api/users/me", json={}, headers=caller.headers)
    assert response.status_code == 200
    assert response.json()["title"] == "dr n. med."
    updates = await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert updates.scalars().all() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"surname": None}, "surname"),
        ({"name": ""}, "name"),
        ({"surname": "   "}, "surname"),
        ({"email": None}, "email"),
        ({"email": "not an email"}, "email"),
        ({"practice_start_year": 1900}, "practice_start_year"),
        ({"practice_start_year": 9999}, "practice_start_year"),
        ({"title": "t" * 101}, "title"),
        ({"first_name": "Typo"}, "first_name"),
    ],
)
async def test_bad_input_is_422_and_changes_nothing(
    client: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    caller = await make_user(client, **FULL)
    before = (await client.get("/api/users/me", headers=caller.headers)).json()
    response = await client.patch("/api/users/me", json={"title": "prof.", **body}, headers=caller.headers)
    assert response.status_code == 422, response.text
    assert response.json()["message"].startswith(field)
    assert (await client.get("/api/users/me", headers=caller.headers)).json() == before


async def test_email_change_is_normalised_and_signs_in(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    response = await client.patch(
        "/api/users/me",
        json={"email": "New.Address@Example.org", "current_password": PASSWORD},
        headers=caller.headers,
    )
    assert response.status_code == 200
    assert response.json()["email"] == "new.address@example.org"
    login = await client.post(
        "/api/auth/login", json={"email": "new.address@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200


async def test_keeping_ones_own_email_needs_no_password(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    response = await client.patch(
        "/api/users/me", json={"email": caller.email.upper(), "name": "Zofia"}, headers=caller.headers
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Zofia"


@pytest.mark.parametrize(
    ("password", "code"),
    [(None, "current_password_required"), ("not my password", "wrong_password")],
)
async def test_a_new_email_needs_the_current_password(
    client: httpx.AsyncClient, session: AsyncSession, password: str | None, code: str
) -> None:
    caller = await make_user(client)
    body = {"email": "elsewhere@example.org", "name": "Zofia"}
    if password is not None:
        body["current_password"] = password
    response = await client.patch("/api/users/me", json=body, headers=caller.headers)
    assert response.status_code == 400
    assert response.json()["code"] == code
    stored = (await session.execute(sa.select(User).where(User.id == caller.id))).scalar_one()
    assert stored.email == caller.email and stored.name == "Anna"


async def test_the_current_password_is_not_a_profile_field(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    response = await client.patch(
        "/api/users/me", json={"name": "Zofia", "current_password": "anything"}, headers=caller.headers
    )
    assert response.status_code == 200
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "user.update"))
    ).scalar_one()
    assert event.detail == {"fields": ["name"]}


async def test_a_personal_api_token_cannot_change_the_profile_or_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    token = (await create_token(client, caller))["token"]
    for body in (
        {"email": "thief@example.org", "current_password": PASSWORD},
        {"name": "Mallory"},
    ):
        response = await client.patch("/api/users/me", json=body, headers=bearer(token))
        assert response.status_code == 403
        assert response.json()["code"] == "session_required"
    stored = (await session.execute(sa.select(User).where(User.id == caller.id))).scalar_one()
    assert stored.email == caller.email and stored.name == "Anna"
    login = await client.post("/api/auth/login", json={"email": caller.email, "password": PASSWORD})
    assert login.status_code == 200
    assert (await client.get("/api/users/me", headers=bearer(token))).status_code == 200


async def test_an_email_in_use_is_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client)
    other = await make_user(client)
    response = await client.patch(
        "/api/users/me",
        json={"email": other.email.upper(), "name": "Zofia", "current_password": PASSWORD},
        headers=caller.headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"
    stored = (await session.execute(sa.select(User).where(User.id == caller.id))).scalar_one()
    assert stored.email == caller.email and stored.name == "Anna"

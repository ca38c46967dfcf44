from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, User
from tests.auth.helpers import app_client

pytestmark = pytest.mark.anyio

BODY = {
    "email": "  Anna.Kowalska@Example.ORG ",
    "password": "correct horse battery",
    "name": " Anna ",
    "surname": "Kowalska",
}


async def test_register_creates_a_user_with_a_lower_case_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await client.post(
        "/api/auth/register",
        json={**BODY, "title": "dr", "specialization": "radiology", "practice_start_year": 2001},
    )
    assert response.status_code == 201, response.text
    user = response.json()
    assert set(user) == {
        "id",
        "email",
        "name",
        "surname",
        "title",
        "specialization",
        "practice_start_year",
        "created_at",
    }
    assert user["email"] == "anna.kowalska@example.org"
    assert user["name"] == "Anna"
    assert user["title"] == "dr"
    assert user["practice_start_year"] == 2001
    assert "password" not in response.text
    stored = (await session.execute(sa.select(User))).scalar_one()
    assert stored.password_hash.startswith("$argon2")
    events = (await session.execute(sa.select(AuditEvent))).scalars().all()
    assert [(event.action, event.user_id, event.group_id) for event in events] == [
        ("auth.register", user["id"], None)
    ]


async def test_optional_fields_default_to_null(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/register", json={**BODY, "title": "  "})
    assert response.status_code == 201
    user = response.json()
    assert user["title"] is None and user["specialization"] is None and user["practice_start_year"] is None


async def test_duplicate_email_is_409_whatever_the_case(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/auth/register", json=BODY)).status_code == 201
    again = await client.post("/api/auth/register", json={**BODY, "email": "ANNA.KOWALSKA@example.org"})
    assert again.status_code == 409
    assert again.json()["code"] == "email_taken"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "short7!"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"name": "   "}, "name"),
        ({"surname": None}, "surname"),
        ({"name": "n" * 101}, "name"),
        ({"practice_start_year": 1939}, "practice_start_year"),
        ({"practice_start_year": datetime.now(UTC).year + 1}, "practice_start_year"),
        ({"practice_start_year": "soon"}, "practice_start_year"),
        ({"specialization": "s" * 201}, "specialization"),
    ],
)
async def test_bad_input_is_422_and_creates_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, object], field: str
) -> None:
    response = await client.post("/api/auth/register", json={**BODY, **change})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"].startswith(field)
    assert (await session.execute(sa.select(sa.func.count()).select_from(User))).scalar_one() == 0


async def test_missing_fields_are_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/register", json={"email": "a@example.org"})
    assert response.status_code == 422


async def test_password_limits_are_inclusive(client: httpx.AsyncClient) -> None:
    eight = await client.post("/api/auth/register", json={**BODY, "password": "12345678"})
    assert eight.status_code == 201
    long = await client.post(
        "/api/auth/register", json={**BODY, "email": "b@example.org", "password": "p" * 128}
    )
    assert long.status_code == 201
    this_year = await client.post(
        "/api/auth/register",
        json={**BODY, "email": "c@example.org", "practice_start_year": datetime.now(UTC).year},
    )
    assert this_year.status_code == 201


async def test_registration_closed_is_403(database_url: str, tmp_path: Path) -> None:
    async with app_client(database_url, tmp_path, registration="closed") as (_, http):
        response = await http.post("/api/auth/register", json=BODY)
        assert response.status_code == 403
        assert response.json()["code"] == "registration_closed"

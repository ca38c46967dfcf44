from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import ApiToken, AuditEvent
from tests.factories import make_user
from tests.users.helpers import bearer, create_token

pytestmark = pytest.mark.anyio


async def test_a_new_token_is_shown_once_and_works(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client)
    before = datetime.now(UTC) - timedelta(seconds=5)
    created = await create_token(client, caller, name=" nightly export ", expires_in_days=30)
    assert set(created) >= {"id", "name", "token", "created_at", "expires_at"}
    assert created["name"] == "nightly export"
    assert created["token"].startswith("tmx_")
    expires = datetime.fromisoformat(created["expires_at"].replace("Z", "+00:00"))
    assert before + timedelta(days=30) <= expires <= datetime.now(UTC) + timedelta(days=30)
    me = await client.get("/api/users/me", headers=bearer(created["token"]))
    assert me.status_code == 200 and me.json()["id"] == caller.id
    stored = (await session.execute(sa.select(ApiToken))).scalar_one()
    assert created["token"] not in (stored.token_hash, stored.token_prefix)
    assert created["token"].startswith(stored.token_prefix)
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "token.create"))
    ).scalar_one()
    assert event.object_id == created["id"] and event.user_id == caller.id


async def test_a_token_without_expiry_does_not_expire(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller)
    assert created["expires_at"] is None


async def test_the_list_shows_tokens_without_their_secrets(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    other = await make_user(client)
    first = await create_token(client, caller, name="one")
    second = await create_token(client, caller, name="two")
    await create_token(client, other, name="not mine")
    response = await client.get("/api/users/me/tokens", headers=caller.headers)
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["items"]] == ["one", "two"]
    assert body["next_cursor"] is None
    item = body["items"][0]
    assert set(item) == {"id", "name", "token_prefix", "created_at", "expires_at", "last_used_at"}
    assert first["token"].startswith(item["token_prefix"])
    assert first["token"] not in response.text and second["token"] not in response.text

    page = await client.get("/api/users/me/tokens", params={"limit": 1}, headers=caller.headers)
    assert [item["name"] for item in page.json()["items"]] == ["one"]
    rest = await client.get(
        "/api/users/me/tokens",
        params={"limit": 1, "cursor": page.json()["next_cursor"]},
        headers=caller.headers,
    )
    assert [item["name"] for item in rest.json()["items"]] == ["two"]
    assert rest.json()["next_cursor"] is None


async def test_last_used_at_is_recorded(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller)
    listed = (await client.get("/api/users/me/tokens", headers=caller.headers)).json()["items"]
    assert listed[0]["last_used_at"] is None
    assert (await client.get("/api/users/me", headers=bearer(created["token"]))).status_code == 200
    listed = (await client.get("/api/users/me/tokens", headers=caller.headers)).json()["items"]
    assert listed[0]["last_used_at"] is not None


async def test_revoking_a_token_stops_it_at_once(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller)
    kept = await create_token(client, caller, name="kept")
    response = await client.delete(f"/api/users/me/tokens/{created['id']}", headers=caller.headers)
    assert response.status_code == 204
    assert (await client.get("/api/users/me", headers=bearer(created["token"]))).status_code == 401
    assert (await client.get("/api/users/me", headers=bearer(kept["token"]))).status_code == 200
    again = await client.delete(f"/api/users/me/tokens/{created['id']}", headers=caller.headers)
    assert again.status_code == 404
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "token.revoke"))
    ).scalar_one()
    assert event.object_id == created["id"]


async def test_another_users_token_is_404_and_keeps_working(client: httpx.AsyncClient) -> None:
    owner = await make_user(client)
    intruder = await make_user(client)
    created = await create_token(client, owner)
    response = await client.delete(f"/api/users/me/tokens/{created['id']}", headers=intruder.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "token_not_found"
    assert (await client.get("/api/users/me", headers=bearer(created["token"]))).status_code == 200
    missing = await client.delete("/api/users/me/tokens/999999", headers=owner.headers)
    assert missing.status_code == 404
    assert (await client.delete("/api/users/me/tokens/abc", headers=owner.headers)).status_code == 422


async def test_a_token_past_its_expiry_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller, expires_in_days=1)
    assert (await client.get("/api/users/me", headers=bearer(created["token"]))).status_code == 200
    await session.execute(
        sa.update(ApiToken)
        .where(ApiToken.id == created["id"])
        .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    await session.commit()
    response = await client.get("/api/users/me", headers=bearer(created["token"]))
    assert response.status_code == 401


async def test_a_personal_token_cannot_mint_more_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller)
    response = await client.post(
        "/api/users/me/tokens", json={"name": "more"}, headers=bearer(created["token"])
    )
    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert (await session.execute(sa.select(sa.func.count()).select_from(ApiToken))).scalar_one() == 1


async def test_a_personal_token_cannot_list_tokens(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    created = await create_token(client, caller)
    response = await client.get("/api/users/me/tokens", headers=bearer(created["token"]))
    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert created["token_prefix"] not in response.text


async def test_a_personal_token_cannot_revoke_its_owners_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A leaked script token must not hide itself by revoking the tokens its owner watches, nor revoke
    itself (the owner revokes it from a signed-in session)."""
    caller = await make_user(client)
    leaked = await create_token(client, caller, name="leaked")
    other = await create_token(client, caller, name="nightly export")
    for target in (other, leaked):
        response = await client.delete(
            f"/api/users/me/tokens/{target['id']}", headers=bearer(leaked["token"])
        )
        assert response.status_code == 403
        assert response.json()["code"] == "session_required"
    assert (await client.get("/api/users/me", headers=bearer(other["token"]))).status_code == 200
    assert (await session.execute(sa.select(sa.func.count()).select_from(ApiToken))).scalar_one() == 2


async def test_tokens_need_authentication(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/users/me/tokens", json={"name": "x"})).status_code == 401
    assert (await client.get("/api/users/me/tokens")).status_code == 401
    assert (await client.delete("/api/users/me/tokens/1")).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "n" * 101},
        {"name": "x", "expires_in_days": 0},
        {"name": "x", "expires_in_days": 3651},
        {"name": "x", "expires_in_days": "soon"},
        {},
    ],
)
async def test_bad_token_input_is_422(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, object]
) -> None:
    caller = await make_user(client)
    response = await client.post("/api/users/me/tokens", json=body, headers=caller.headers)
    assert response.status_code == 422
    assert (await session.execute(sa.select(sa.func.count()).select_from(ApiToken))).scalar_one() == 0


async def test_bad_pagination_is_4xx(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    assert (await client.get("/api/users/me/tokens?limit=0", headers=caller.headers)).status_code == 422
    assert (await client.get("/api/users/me/tokens?cursor=%%%", headers=caller.headers)).status_code == 422

"""Guards load the caller, their role and the object in one query (docs/decisions/0004): the answers
must stay those of two separate checks: 401 for a credential that is no good, 404 for an object that
is missing or in another group, 403 for a lacking role."""

from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.auth import tokens
from tagmedx.models import ApiToken
from tagmedx.models.base import utcnow
from tests.factories import join_group, make_group, make_user
from tests.statements import count_statements
from tests.users.helpers import bearer, create_token

pytestmark = pytest.mark.anyio


async def test_an_ended_session_answers_401_on_a_guarded_route(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    group = await make_group(client, admin)
    assert (await client.get(f"/api/groups/{group['id']}", headers=admin.headers)).status_code == 200
    assert (await client.post("/api/auth/logout", headers=admin.headers)).status_code == 204
    ended = await client.get(f"/api/groups/{group['id']}", headers=admin.headers)
    assert ended.status_code == 401
    assert ended.json()["code"] == "not_authenticated"
    # the same for an object that does not exist: the credential is refused first
    assert (await client.get("/api/groups/987654", headers=admin.headers)).status_code == 401


async def test_missing_objects_and_other_groups_answer_404_and_roles_403(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    member = await make_user(client)
    stranger = await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, member, group)
    assert (await client.get("/api/groups/987654", headers=admin.headers)).status_code == 404
    assert (await client.get(f"/api/groups/{group['id']}", headers=stranger.headers)).status_code == 404
    renamed = await client.patch(f"/api/groups/{group['id']}", json={"name": "X"}, headers=member.headers)
    assert renamed.status_code == 403


async def test_api_tokens_on_guarded_routes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(client)
    group = await make_group(client, admin)
    created = await create_token(client, admin)
    headers = bearer(created["token"])
    assert (await client.get(f"/api/groups/{group['id']}", headers=headers)).status_code == 200
    token = (await session.execute(sa.select(ApiToken).where(ApiToken.id == created["id"]))).scalar_one()
    assert token.last_used_at is not None  # the guard's query records the use as authentication did

    token.expires_at = utcnow() - timedelta(seconds=1)
    await session.commit()
    expired = await client.get(f"/api/groups/{group['id']}", headers=headers)
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]
    unknown = await client.get(f"/api/groups/{group['id']}", headers=bearer(tokens.new_api_token()))
    assert unknown.status_code == 401


async def test_a_guarded_read_checks_the_caller_in_the_guards_statement(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await make_user(client)
    group = await make_group(client, admin)
    url = f"/api/groups/{group['id']}/members"
    with count_statements(app) as guarded:
        assert (await client.get(url, headers=admin.headers)).status_code == 200
    with count_statements(app) as mine:
        assert (await client.get("/api/users/me", headers=admin.headers)).status_code == 200
    assert len(mine) == 1  # authentication alone: one statement
    # members: the guard (caller + role + group) and the page, with no statement for authentication
    assert len(guarded) == 2


def test_remembered_claims_still_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    token, _ = tokens.issue_access_token(
        user_id=7, session_id="s", key="k" * 64, algorithm="HS256", lifetime=timedelta(minutes=5)
    )
    claims = tokens.read_access_token(token, key="k" * 64, algorithm="HS256")
    assert claims is not None and claims.user_id == 7
    assert tokens.read_access_token(token, key="other" * 13, algorithm="HS256") is None
    assert tokens.read_access_token(token[:-2] + "xx", key="k" * 64, algorithm="HS256") is None
    later = tokens.time.time() + 600
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    assert tokens.read_access_token(token, key="k" * 64, algorithm="HS256") is None

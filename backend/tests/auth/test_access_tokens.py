"""What the API accepts as an access token: only an unexpired HS token of the configured algorithm,
signed with the server's key, naming a live session."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import AuthSession
from tests.factories import Caller, make_user

pytestmark = pytest.mark.anyio


def claims_of(caller: Caller) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(caller.token, options={"verify_signature": False})
    return claims


def sign(claims: dict[str, Any], key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


async def status_with(client: httpx.AsyncClient, token: str) -> int:
    response = await client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.json()["code"] == "not_authenticated"
    return response.status_code


async def test_the_login_token_is_accepted(client: httpx.AsyncClient, settings: Settings) -> None:
    caller = await make_user(client)
    assert await status_with(client, caller.token) == 200
    # re-signing the same claims with the right key and algorithm is accepted too: the baseline
    assert await status_with(client, sign(claims_of(caller), settings.resolved_secret_key())) == 200


async def test_alg_none_is_refused(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims_of(caller)).encode())
    assert await status_with(client, f"{header}.{payload}.") == 401


async def test_a_token_signed_with_another_key_is_refused(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    assert await status_with(client, sign(claims_of(caller), "another-key-" + "y" * 40)) == 401


async def test_another_hs_algorithm_than_configured_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    caller = await make_user(client)
    assert settings.jwt_algorithm == "HS256"
    token = sign(claims_of(caller), settings.resolved_secret_key(), "HS512")
    assert await status_with(client, token) == 401


async def test_an_expired_token_is_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    caller = await make_user(client)
    past = datetime.now(UTC) - timedelta(hours=1)
    claims = {**claims_of(caller), "iat": past - timedelta(hours=1), "exp": past}
    assert await status_with(client, sign(claims, settings.resolved_secret_key())) == 401


@pytest.mark.parametrize("position", ["payload", "signature"])
async def test_a_tampered_token_is_refused(client: httpx.AsyncClient, position: str) -> None:
    caller = await make_user(client)
    other = await make_user(client)
    header, payload, signature = caller.token.split(".")
    if position == "payload":  # claim to be someone else, keeping the signature
        payload = b64(json.dumps({**claims_of(caller), "sub": str(other.id)}).encode())
    else:
        middle = len(signature) // 2
        signature = signature[:middle] + ("A" if signature[middle] != "A" else "B") + signature[middle + 1 :]
    assert await status_with(client, f"{header}.{payload}.{signature}") == 401


@pytest.mark.parametrize("missing", ["sid", "sub", "exp"])
async def test_a_token_without_a_required_claim_is_refused(
    client: httpx.AsyncClient, settings: Settings, missing: str
) -> None:
    caller = await make_user(client)
    claims = {name: value for name, value in claims_of(caller).items() if name != missing}
    assert await status_with(client, sign(claims, settings.resolved_secret_key())) == 401


async def test_a_token_of_another_type_is_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    caller = await make_user(client)
    claims = {**claims_of(caller), "typ": "refresh"}
    assert await status_with(client, sign(claims, settings.resolved_secret_key())) == 401


async def test_a_token_whose_session_was_deleted_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    await session.execute(sa.delete(AuthSession).where(AuthSession.id == claims_of(caller)["sid"]))
    await session.commit()
    assert await status_with(client, caller.token) == 401


async def test_a_token_whose_session_expired_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    await session.execute(
        sa.update(AuthSession)
        .where(AuthSession.id == claims_of(caller)["sid"])
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await session.commit()
    assert await status_with(client, caller.token) == 401


async def test_a_session_of_another_user_cannot_be_borrowed(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    caller = await make_user(client)
    other = await make_user(client)
    claims = {**claims_of(caller), "sub": str(other.id)}
    assert await status_with(client, sign(claims, settings.resolved_secret_key())) == 401


@pytest.mark.parametrize("value", ["", "garbage", "a.b.c", "tmx_unknown"])
async def test_garbage_is_refused(client: httpx.AsyncClient, value: str) -> None:
    assert await status_with(client, value) == 401
    assert (await client.get("/api/users/me")).status_code == 401

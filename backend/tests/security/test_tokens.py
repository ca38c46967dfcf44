"""Token attacks beyond tests/auth (which covers alg none, wrong key, expiry, tampering, missing claims,
revocation, password change and garbage): other schemes and places, algorithm confusion, key-fetching
headers, oversized and odd claims, and mixing a bad bearer with a good cookie."""

import base64
import json
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tagmedx.config import Settings
from tests.factories import PASSWORD, Caller, make_user

pytestmark = pytest.mark.anyio


def claims_of(caller: Caller) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(caller.token, options={"verify_signature": False})
    return claims


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


async def me(client: httpx.AsyncClient, headers: dict[str, str] | None = None, **kwargs: Any) -> int:
    response = await client.get("/api/users/me", headers=headers or {}, **kwargs)
    return response.status_code


@pytest.mark.parametrize("alg", ["None", "NONE", "nOnE"])
async def test_alg_none_in_any_case_is_refused(client: httpx.AsyncClient, alg: str) -> None:
    caller = await make_user(client)
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    token = f"{header}.{b64(json.dumps(claims_of(caller)).encode())}."
    assert await me(client, {"Authorization": f"Bearer {token}"}) == 401


async def test_an_rs256_token_from_an_attackers_key_is_refused(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims_of(caller), private, algorithm="RS256")
    assert await me(client, {"Authorization": f"Bearer {token}"}) == 401


async def test_the_public_half_used_as_an_hmac_key_is_refused(client: httpx.AsyncClient) -> None:
    """Algorithm confusion: a server that verified RS tokens with a public key must never accept
    that public key as an HMAC secret. Ours knows one HS algorithm and one secret."""
    caller = await make_user(client)
    public = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims_of(caller)).encode())
    import hashlib
    import hmac

    signature = b64(hmac.new(public, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    assert await me(client, {"Authorization": f"Bearer {header}.{payload}.{signature}"}) == 401


@pytest.mark.parametrize(
    "extra",
    [
        {"kid": "../../../../dev/null"},
        {"jku": "http://169.254.169.254/latest/meta-data/"},
        {"x5u": "http://attacker.example/cert.pem"},
        {"jwk": {"kty": "oct", "k": b64(b"attacker-key-" + b"z" * 32)}},
    ],
)
async def test_key_naming_headers_are_ignored(client: httpx.AsyncClient, extra: dict[str, Any]) -> None:
    """No header makes the server look a key up (no file read, no URL fetched: no SSRF)."""
    caller = await make_user(client)
    token = jwt.encode(claims_of(caller), "attacker-key-" + "z" * 32, algorithm="HS256", headers=extra)
    assert await me(client, {"Authorization": f"Bearer {token}"}) == 401


async def test_the_right_key_with_a_kid_header_still_works(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    caller = await make_user(client)
    token = jwt.encode(
        claims_of(caller), settings.resolved_secret_key(), algorithm="HS256", headers={"kid": "whatever"}
    )
    assert await me(client, {"Authorization": f"Bearer {token}"}) == 200  # baseline for the test above


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "99999999999999999999999999"},
        {"sub": "-1"},
        {"sub": "1 OR 1=1"},
        {"sid": ["a", "b"]},
        {"exp": "tomorrow"},
        {"typ": "ACCESS"},
    ],
)
async def test_odd_claims_signed_with_the_right_key_answer_401_not_500(
    client: httpx.AsyncClient, settings: Settings, claims: dict[str, Any]
) -> None:
    caller = await make_user(client)
    token = jwt.encode(claims_of(caller) | claims, settings.resolved_secret_key(), algorithm="HS256")
    assert await me(client, {"Authorization": f"Bearer {token}"}) == 401


async def test_other_schemes_and_places_are_not_read(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    for header in (
        f"Basic {caller.token}",
        f"Token {caller.token}",
        caller.token,
        f"Bearer  {caller.token}x",
    ):
        assert await me(client, {"Authorization": header}) == 401, header
    assert await me(client, params={"access_token": caller.token}) == 401
    assert await me(client, params={"token": caller.token}) == 401
    assert await me(client, {"X-Api-Key": caller.token}) == 401


async def test_a_personal_api_token_is_not_accepted_as_the_session_cookie(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    created = await client.post("/api/users/me/tokens", json={"name": "script"}, headers=caller.headers)
    api_token = created.json()["token"]
    assert await me(client, {"Authorization": f"Bearer {api_token}"}) == 200
    client.cookies.set("tagmedx_session", api_token)
    assert await me(client) == 401
    client.cookies.clear()
    tampered = api_token[:-1] + ("A" if api_token[-1] != "A" else "B")
    assert await me(client, {"Authorization": f"Bearer {tampered}"}) == 401
    assert await me(client, {"Authorization": f"Bearer {api_token.upper()}"}) == 401


async def test_an_oversized_token_is_refused_cleanly(client: httpx.AsyncClient) -> None:
    assert await me(client, {"Authorization": "Bearer " + "a" * 60_000}) == 401
    assert await me(client, {"Authorization": "Bearer tmx_" + "a" * 60_000}) == 401


async def test_a_bad_bearer_never_falls_back_to_a_good_cookie(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    login = await client.post("/api/auth/login", json={"email": caller.email, "password": PASSWORD})
    assert login.status_code == 200 and client.cookies.get("tagmedx_session")
    assert await me(client) == 200
    assert await me(client, {"Authorization": "Bearer not-a-token"}) == 401


async def test_the_session_cookie_cannot_be_read_by_scripts_or_sent_cross_site(
    client: httpx.AsyncClient,
) -> None:
    caller = await make_user(client)
    login = await client.post("/api/auth/login", json={"email": caller.email, "password": PASSWORD})
    cookie = next(
        value for value in login.headers.get_list("set-cookie") if value.startswith("tagmedx_session=")
    )
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags
    assert any(flag in flags for flag in ("samesite=strict", "samesite=lax"))
    assert "path=/api" in flags  # never sent with requests for the SPA's files

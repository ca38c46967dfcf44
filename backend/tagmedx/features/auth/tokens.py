"""Access tokens (JWT bound to a server-side session) and personal API tokens (random, stored hashed)."""

import hashlib
import hmac
import math
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from tagmedx.models.base import utcnow

API_TOKEN_PREFIX = "tmx_"
# Plain names; over HTTPS they carry the `__Host-` prefix (features/auth/cookies.py).
SESSION_COOKIE = "tagmedx_session"
CSRF_COOKIE = "tagmedx_csrf"
DEVICE_COOKIE = "tagmedx_device"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    session_id: str
    expires: float = math.inf  # POSIX seconds


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def issue_access_token(
    *, user_id: int, session_id: str, key: str, algorithm: str, lifetime: timedelta
) -> tuple[str, datetime]:
    issued = utcnow().replace(microsecond=0)
    expires = issued + lifetime
    claims = {
        "sub": str(user_id),
        "sid": session_id,
        "iat": issued,
        "exp": expires,
        "typ": "access",
    }
    return jwt.encode(claims, key, algorithm=algorithm), expires


def read_access_token(token: str, *, key: str, algorithm: str) -> AccessClaims | None:
    """The claims of a valid token, or None: wrong key, other algorithm, `none`, expired, tampered.

    A token's signature is checked once: the claims of valid tokens are remembered (they are a pure
    function of the token and the key) until they expire. The session is still checked every time.
    """
    claims = _verified(token, key, algorithm)
    if claims is None:
        claims = _decode(token, key=key, algorithm=algorithm)
        if claims is not None:
            _remember(token, key, algorithm, claims)
    if claims is None or claims.expires <= time.time():
        return None
    return claims


_VERIFIED: OrderedDict[tuple[str, str, str], AccessClaims] = OrderedDict()
VERIFIED_TOKENS_KEPT = 4096


def _verified(token: str, key: str, algorithm: str) -> AccessClaims | None:
    claims = _VERIFIED.get((token, key, algorithm))
    if claims is not None:
        _VERIFIED.move_to_end((token, key, algorithm))
    return claims


def _remember(token: str, key: str, algorithm: str, claims: AccessClaims) -> None:
    _VERIFIED[(token, key, algorithm)] = claims
    while len(_VERIFIED) > VERIFIED_TOKENS_KEPT:
        _VERIFIED.popitem(last=False)


def _decode(token: str, *, key: str, algorithm: str) -> AccessClaims | None:
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            options={"require": ["exp", "iat", "sub", "sid"]},
        )
        if claims.get("typ") != "access":
            return None
        user_id = int(claims["sub"])
        if not 0 < user_id < 2**63:  # a database integer, or the lookup itself fails
            return None
        return AccessClaims(user_id=user_id, session_id=str(claims["sid"]), expires=float(claims["exp"]))
    except (jwt.PyJWTError, ValueError, TypeError):
        return None


def csrf_token_for(session_id: str, key: str) -> str:
    """The CSRF value bound to a session, so it cannot be planted from outside."""
    return hmac.new(key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

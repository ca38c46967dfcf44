"""Who is calling: a bearer token (JWT or personal API token) or the session cookie with its CSRF header."""

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.db import Session, cannot_write_now
from tagmedx.errors import Forbidden, NotAuthenticated
from tagmedx.features.auth import cookies, repository, tokens
from tagmedx.features.auth.repository import who_statement as who_statement  # authz/guards.py joins it
from tagmedx.models import User
from tagmedx.models.base import utcnow

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_RESOLUTION = timedelta(minutes=1)

_bearer = HTTPBearer(auto_error=False, description="An access token from login, or a personal API token")
# Documents the plain name; over HTTPS the cookie is `__Host-tagmedx_session` (features/auth/cookies.py).
_cookie = APIKeyCookie(name=tokens.SESSION_COOKIE, auto_error=False, description="The SPA's session")


@dataclass(frozen=True)
class ClientInfo:
    """Where a request comes from, for sessions, the login throttle and the audit trail."""

    ip_address: str
    user_agent: str | None


@dataclass(frozen=True)
class Identity:
    user: User
    via: Literal["session", "api_token"]
    session_id: str | None
    by_cookie: bool


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class Credential:
    """What the request presents, checked without the database: the claims of a signed access
    token (login's bearer token or the session cookie, its CSRF header already checked) or the hash
    of a personal API token. `who_statement` joins it to the database's rows: a guard loads the
    caller, their role and the object in one query (tagmedx/authz/guards.py)."""

    by_cookie: bool
    claims: tokens.AccessClaims | None = None
    token_hash: str | None = None

    @property
    def by_token(self) -> bool:
        return self.claims is None

    def who_params(self) -> dict[str, Any]:
        """The values of `who_statement`'s parameters for this credential."""
        if self.claims is not None:
            return {"who_id": self.claims.user_id, "who_session": self.claims.session_id, "who_now": utcnow()}
        return {"who_token_hash": self.token_hash}

    async def identity_from(self, request: Request, row: Sequence[Any]) -> Identity:
        """The Identity of a row of `who_statement` (its last columns); 401 for an expired API token."""
        if self.claims is not None:
            return Identity(
                user=row[-1], via="session", session_id=self.claims.session_id, by_cookie=self.by_cookie
            )
        user, token_id, expires_at, last_used_at = row[-4:]
        now = utcnow()
        if expires_at is not None and expires_at <= now:
            raise NotAuthenticated(API_TOKEN_REFUSED)
        if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
            await _touch_api_token(request, token_id, now)
        return Identity(user=user, via="api_token", session_id=None, by_cookie=False)


API_TOKEN_REFUSED = "This API token is unknown, revoked or expired."
_IDENTITY = "tagmedx_identity"


async def get_credential(
    request: Request,
    settings: AppSettings,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Credential:
    if bearer is not None:
        if bearer.credentials.startswith(tokens.API_TOKEN_PREFIX):
            return Credential(by_cookie=False, token_hash=tokens.hash_api_token(bearer.credentials))
        return Credential(by_cookie=False, claims=_claims(settings, bearer.credentials))
    if settings.cookie_secure:  # only the `__Host-` name: a plain one may have been tossed in
        cookie = cookies.session_cookie(request, settings)
    if cookie:
        claims = _claims(settings, cookie)
        if request.method not in SAFE_METHODS:
            _check_csrf(request, settings, claims.session_id)
        return Credential(by_cookie=True, claims=claims)
    raise NotAuthenticated()


def _claims(settings: Settings, token: str) -> tokens.AccessClaims:
    claims = tokens.read_access_token(
        token, key=settings.resolved_secret_key(), algorithm=settings.jwt_algorithm
    )
    if claims is None:
        raise NotAuthenticated()
    return claims


CurrentCredential = Annotated[Credential, Depends(get_credential)]


def known_identity(session: AsyncSession) -> Identity | None:
    """The caller, when this request's transaction has already loaded them (a guard did)."""
    identity: Identity | None = session.info.get(_IDENTITY)
    return identity


def remember_identity(session: AsyncSession, identity: Identity) -> Identity:
    session.info[_IDENTITY] = identity
    return identity


async def get_identity(request: Request, session: Session, credential: CurrentCredential) -> Identity:
    """The caller, from this request's transaction (one query unless a guard has loaded them)."""
    identity = known_identity(session)
    if identity is not None:
        return identity
    row = await repository.who(session, credential.by_token, credential.who_params())
    if row is None:
        raise NotAuthenticated(API_TOKEN_REFUSED if credential.token_hash else None)
    return remember_identity(session, await credential.identity_from(request, row))


async def _touch_api_token(request: Request, token_id: int, now: datetime) -> None:
    """Record the use in its own short transaction: the request's may run long (a big upload) and
    must not hold a write lock on the token (or, on SQLite, on the database) all that time. Skipped
    when another writer holds the lock right now, or the disk is full: a later request records it."""
    sessionmaker = request.app.state.sessionmaker
    try:
        async with sessionmaker() as own, own.begin():
            await repository.touch_api_token(own, token_id, now)
    except Exception as error:
        if not cannot_write_now(error):
            raise


def _check_csrf(request: Request, settings: Settings, session_id: str) -> None:
    expected = tokens.csrf_token_for(session_id, settings.resolved_secret_key())
    sent = request.headers.get(tokens.CSRF_HEADER, "")
    cookie = cookies.csrf_cookie(request, settings)
    if not (hmac.compare_digest(sent, expected) and hmac.compare_digest(cookie, expected)):
        raise Forbidden(
            f"This request needs the {tokens.CSRF_HEADER} header that matches the "
            f"{cookies.names(settings).csrf} cookie.",
            code="csrf_failed",
        )


async def get_current_user(identity: Annotated[Identity, Depends(get_identity)]) -> User:
    return identity.user


CurrentIdentity = Annotated[Identity, Depends(get_identity)]
CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_client(request: Request) -> ClientInfo:
    host = request.client.host if request.client else None
    user_agent = request.headers.get("user-agent")
    return ClientInfo(
        ip_address=(host or "unknown")[:45],
        user_agent=user_agent[:255] if user_agent else None,
    )


Client = Annotated[ClientInfo, Depends(get_client)]

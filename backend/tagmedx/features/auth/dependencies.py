"""Who is calling: a bearer token (JWT or personal API token) or the session cookie with its CSRF header."""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from tagmedx.config import Settings
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotAuthenticated
from tagmedx.features.auth import tokens
from tagmedx.models import ApiToken, AuthSession, User
from tagmedx.models.base import utcnow

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_RESOLUTION = timedelta(minutes=1)

_bearer = HTTPBearer(auto_error=False, description="An access token from login, or a personal API token")
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


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings)]


async def get_identity(
    request: Request,
    session: Session,
    settings: AppSettings,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Identity:
    if bearer is not None:
        if bearer.credentials.startswith(tokens.API_TOKEN_PREFIX):
            return await _from_api_token(request, session, bearer.credentials)
        return await _from_access_token(session, settings, bearer.credentials, by_cookie=False)
    if cookie:
        identity = await _from_access_token(session, settings, cookie, by_cookie=True)
        if request.method not in SAFE_METHODS:
            _check_csrf(request, settings, identity)
        return identity
    raise NotAuthenticated()


async def _from_access_token(
    session: Session, settings: Settings, token: str, *, by_cookie: bool
) -> Identity:
    claims = tokens.read_access_token(
        token, key=settings.resolved_secret_key(), algorithm=settings.jwt_algorithm
    )
    if claims is None:
        raise NotAuthenticated()
    row = (
        await session.execute(
            sa.select(User)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(
                AuthSession.id == claims.session_id,
                AuthSession.user_id == claims.user_id,
                AuthSession.expires_at > utcnow(),
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotAuthenticated()
    return Identity(user=row, via="session", session_id=claims.session_id, by_cookie=by_cookie)


async def _from_api_token(request: Request, session: Session, token: str) -> Identity:
    found = (
        await session.execute(
            sa.select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == tokens.hash_api_token(token))
        )
    ).one_or_none()
    now = utcnow()
    if found is None or (found.ApiToken.expires_at is not None and found.ApiToken.expires_at <= now):
        raise NotAuthenticated("This API token is unknown, revoked or expired.")
    api_token = found.ApiToken
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        await _touch_api_token(request, api_token.id, now)
    return Identity(user=found.User, via="api_token", session_id=None, by_cookie=False)


async def _touch_api_token(request: Request, token_id: int, now: datetime) -> None:
    """Record the use in its own short transaction: the request's may run long (a big upload) and
    must not hold a write lock on the token (or, on SQLite, on the database) all that time."""
    sessionmaker = request.app.state.sessionmaker
    async with sessionmaker() as own, own.begin():
        await own.execute(sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def _check_csrf(request: Request, settings: Settings, identity: Identity) -> None:
    assert identity.session_id is not None
    expected = tokens.csrf_token_for(identity.session_id, settings.resolved_secret_key())
    sent = request.headers.get(tokens.CSRF_HEADER, "")
    cookie = request.cookies.get(tokens.CSRF_COOKIE, "")
    if not (hmac.compare_digest(sent, expected) and hmac.compare_digest(cookie, expected)):
        raise Forbidden(
            f"This request needs the {tokens.CSRF_HEADER} header that matches the "
            f"{tokens.CSRF_COOKIE} cookie.",
            code="csrf_failed",
        )


async def get_current_user(identity: Annotated[Identity, Depends(get_identity)]) -> User:
    return identity.user


CurrentIdentity = Annotated[Identity, Depends(get_identity)]
CurrentUser = Annotated[User, Depends(get_current_user)]


def get_client(request: Request) -> ClientInfo:
    host = request.client.host if request.client else None
    user_agent = request.headers.get("user-agent")
    return ClientInfo(
        ip_address=(host or "unknown")[:45],
        user_agent=user_agent[:255] if user_agent else None,
    )


Client = Annotated[ClientInfo, Depends(get_client)]

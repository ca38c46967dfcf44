"""Every SQL statement of sign-up, sign-in and sessions."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.db import NO_WAIT
from tagmedx.models import ApiToken, AuthSession, LoginAttempt, User


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.execute(sa.select(User).where(User.email == email))).scalar_one_or_none()


async def email_in_use(session: AsyncSession, email: str, *, except_user_id: int | None = None) -> bool:
    statement = sa.select(User.id).where(User.email == email)
    if except_user_id is not None:
        statement = statement.where(User.id != except_user_id)
    return (await session.execute(statement.limit(1))).first() is not None


def add_user(session: AsyncSession, user: User) -> None:
    session.add(user)


def add_auth_session(session: AsyncSession, auth_session: AuthSession) -> None:
    session.add(auth_session)


async def delete_auth_session(session: AsyncSession, session_id: str) -> None:
    await session.execute(sa.delete(AuthSession).where(AuthSession.id == session_id))


async def delete_user_sessions(session: AsyncSession, user_id: int) -> int:
    result = await session.execute(sa.delete(AuthSession).where(AuthSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_expired_sessions(session: AsyncSession, user_id: int, now: datetime) -> None:
    await session.execute(
        sa.delete(AuthSession).where(AuthSession.user_id == user_id, AuthSession.expires_at <= now)
    )


def add_login_attempt(
    session: AsyncSession, *, email: str, ip_address: str, device: str | None, succeeded: bool
) -> LoginAttempt:
    attempt = LoginAttempt(email=email, ip_address=ip_address, device=device, succeeded=succeeded)
    session.add(attempt)
    return attempt


def _channel(
    statement: sa.Select[Any], *, email: str | None, ip_address: str | None, device: str | None
) -> sa.Select[Any]:
    """Attempts through one device (`device`), or the untrusted attempts (no device) for one e-mail or
    one address."""
    if device is not None:
        return statement.where(LoginAttempt.device == device)
    statement = statement.where(LoginAttempt.device.is_(None))
    if email is not None:
        statement = statement.where(LoginAttempt.email == email)
    if ip_address is not None:
        statement = statement.where(LoginAttempt.ip_address == ip_address)
    return statement


async def last_success(
    session: AsyncSession, *, email: str | None = None, device: str | None = None, since: datetime
) -> datetime | None:
    """The latest success through that device, or without a device for that e-mail, after `since`."""
    statement = sa.select(sa.func.max(LoginAttempt.created_at)).where(
        LoginAttempt.succeeded == sa.true(), LoginAttempt.created_at > since
    )
    statement = _channel(statement, email=email, ip_address=None, device=device)
    value: datetime | None = (await session.execute(statement)).scalar_one_or_none()
    return value


async def nth_latest_failure(
    session: AsyncSession,
    *,
    email: str | None = None,
    ip_address: str | None = None,
    device: str | None = None,
    n: int,
    since: datetime,
) -> datetime | None:
    """When the n-th most recent failure after `since` happened (through one device, or untrusted for
    one e-mail or one address), or None."""
    statement = sa.select(LoginAttempt.created_at).where(
        LoginAttempt.succeeded == sa.false(), LoginAttempt.created_at > since
    )
    statement = _channel(statement, email=email, ip_address=ip_address, device=device)
    statement = statement.order_by(LoginAttempt.created_at.desc(), LoginAttempt.id.desc())
    value: datetime | None = (await session.execute(statement.offset(n - 1).limit(1))).scalar_one_or_none()
    return value


async def delete_attempts_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(sa.delete(LoginAttempt).where(LoginAttempt.created_at < before))


def who_statement(statement: sa.Select[Any], user_id: Any = None, *, by_token: bool) -> sa.Select[Any]:
    """`statement` with the caller's User (joined on `user_id`, a column of it, when given) and the
    condition that their session is live (or, `by_token`, their API token known): the User is the last
    column for a session; an API token's id, expiry and last use follow it. Built once and run with
    Credential.who_params(), so a request pays for neither building nor caching the statement."""
    statement = statement.add_columns(User)
    if user_id is not None:
        statement = statement.join(User, User.id == user_id)
    if not by_token:
        return statement.where(
            User.id == sa.bindparam("who_id"),
            sa.exists().where(
                AuthSession.id == sa.bindparam("who_session"),
                AuthSession.user_id == User.id,
                AuthSession.expires_at > sa.bindparam("who_now", type_=AuthSession.expires_at.type),
            ),
        )
    return (
        statement.add_columns(ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == sa.bindparam("who_token_hash"))
    )


_WHO = {by_token: who_statement(sa.select(), by_token=by_token) for by_token in (False, True)}


async def who(session: AsyncSession, by_token: bool, params: dict[str, Any]) -> sa.Row[Any] | None:
    """The caller's row of `who_statement` for a credential's `who_params()`; None: unknown or ended."""
    return (await session.execute(_WHO[by_token], params)).one_or_none()


async def touch_api_token(session: AsyncSession, token_id: int, now: datetime) -> None:
    """Record the token's last use, without waiting for a lock another writer holds."""
    touch = sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
    await session.execute(touch.execution_options(**NO_WAIT))

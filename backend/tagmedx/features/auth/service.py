"""Sign-up, sign-in (throttled in the database), sessions and sign-out. Never commits."""

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.config import Settings
from tagmedx.errors import Conflict, Forbidden, NotAuthenticated, TooManyRequests
from tagmedx.features.audit import service as audit
from tagmedx.features.auth import devices, passwords, repository, tokens
from tagmedx.features.auth.dependencies import ClientInfo
from tagmedx.features.auth.schemas import LoginRequest, RegisterRequest
from tagmedx.models import AuthSession, LoginAttempt, User
from tagmedx.models.base import utcnow

# Every PRUNE_EVERY-th login attempt deletes the attempts that can no longer matter to the throttle.
PRUNE_EVERY = 100
KEEP_ATTEMPTS = timedelta(days=1)


class RegistrationClosed(Forbidden):
    code = "registration_closed"
    detail = "Registration is closed on this server. Ask its administrator for an account."


class EmailTaken(Conflict):
    code = "email_taken"
    detail = "An account with this e-mail already exists."


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    detail = "The e-mail or password is not correct."


class TooManyAttempts(TooManyRequests):
    code = "too_many_attempts"
    detail = "Too many failed sign-in attempts. Wait a while and try again."


@dataclass(frozen=True)
class SignedIn:
    user: User
    session_id: str
    access_token: str
    expires_at: datetime
    csrf_token: str
    device_cookie: str | None = None  # the device cookie's new value, after a sign-in


async def register(
    session: AsyncSession, settings: Settings, body: RegisterRequest, client: ClientInfo
) -> User:
    if settings.registration == "closed":
        raise RegistrationClosed()
    if await repository.email_in_use(session, body.email):
        raise EmailTaken()
    user = User(
        email=body.email,
        password_hash=await passwords.hash_password(body.password),
        name=body.name,
        surname=body.surname,
        title=body.title,
        specialization=body.specialization,
        practice_start_year=body.practice_start_year,
    )
    repository.add_user(session, user)
    try:
        await session.flush()
    except IntegrityError as error:  # registered by a concurrent request in the meantime
        raise EmailTaken() from error
    await audit.record(
        session,
        action="auth.register",
        user_id=user.id,
        object_type="user",
        object_id=user.id,
        ip_address=client.ip_address,
    )
    return user


async def login(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    body: LoginRequest,
    client: ClientInfo,
    device_cookie: str | None = None,
) -> SignedIn:
    """Throttle, then check the password. Unknown e-mail and wrong password cost and answer the same.

    A browser whose device cookie names this account is throttled on its own attempts only; every
    other attempt (other browsers, scripts) shares the account's and the address's limits. A failure
    is written through its own committed transaction, so it counts although the answer is 401.
    """
    key = settings.resolved_secret_key()
    device = devices.trusted_device(device_cookie, body.email, key)
    await _refuse_if_throttled(session, settings, body.email, client.ip_address, device)
    user = await repository.find_user_by_email(session, body.email)
    matches, upgraded_hash = await passwords.verify_password(
        body.password, user.password_hash if user is not None else None
    )
    if user is None or not matches:
        await _record_failure(sessionmaker, settings, body.email, user, client, device)
        raise InvalidCredentials()
    if upgraded_hash is not None:  # e.g. a bcrypt hash from the original TagMedX becomes argon2
        user.password_hash = upgraded_hash
    attempt = repository.add_login_attempt(
        session, email=body.email, ip_address=client.ip_address, device=device, succeeded=True
    )
    signed_in = await open_session(session, settings, user, client)
    cookie = devices.remember(device_cookie, body.email, device or devices.new_device_id(), key)
    signed_in = replace(signed_in, device_cookie=cookie)
    await _prune_now_and_then(session, settings, attempt)
    await audit.record(
        session,
        action="auth.login",
        user_id=user.id,
        object_type="user",
        object_id=user.id,
        detail={"rehashed": True} if upgraded_hash else None,
        ip_address=client.ip_address,
    )
    return signed_in


async def open_session(session: AsyncSession, settings: Settings, user: User, client: ClientInfo) -> SignedIn:
    """A new server-side session and the JWT that names it."""
    key = settings.resolved_secret_key()
    session_id = tokens.new_session_id()
    access_token, expires_at = tokens.issue_access_token(
        user_id=user.id,
        session_id=session_id,
        key=key,
        algorithm=settings.jwt_algorithm,
        lifetime=timedelta(minutes=settings.access_token_minutes),
    )
    await repository.delete_expired_sessions(session, user.id, utcnow())
    repository.add_auth_session(
        session,
        AuthSession(
            id=session_id,
            user_id=user.id,
            expires_at=expires_at,
            user_agent=client.user_agent,
            ip_address=client.ip_address,
        ),
    )
    await session.flush()
    return SignedIn(
        user=user,
        session_id=session_id,
        access_token=access_token,
        expires_at=expires_at,
        csrf_token=tokens.csrf_token_for(session_id, key),
    )


async def logout(session: AsyncSession, user: User, session_id: str, client: ClientInfo) -> None:
    """End the caller's login session at once."""
    await repository.delete_auth_session(session, session_id)
    await audit.record(
        session,
        action="auth.logout",
        user_id=user.id,
        object_type="user",
        object_id=user.id,
        ip_address=client.ip_address,
    )


async def end_all_sessions(session: AsyncSession, user_id: int) -> int:
    return await repository.delete_user_sessions(session, user_id)


async def email_in_use(session: AsyncSession, email: str, *, except_user_id: int | None = None) -> bool:
    return await repository.email_in_use(session, email, except_user_id=except_user_id)


async def _refuse_if_throttled(
    session: AsyncSession, settings: Settings, email: str, ip_address: str, device: str | None
) -> None:
    """429 once the attempt's channel has failed too often within the window: a trusted device its
    own per-account budget (since its last success); untrusted attempts the account's (since its last
    untrusted success) and the address's. A trusted device's success does not reopen the untrusted
    channel, so the guesser gets no fresh guesses each time the doctor signs in."""
    now = utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    window_start = now - window
    per_account = settings.login_max_failures_per_account
    since_success = await repository.last_success(session, email=email, device=device, since=window_start)
    account_since = max(window_start, since_success) if since_success else window_start
    limits = [
        await repository.nth_latest_failure(
            session, email=email, device=device, n=per_account, since=account_since
        )
    ]
    if device is None:
        limits.append(
            await repository.nth_latest_failure(
                session, ip_address=ip_address, n=settings.login_max_failures_per_address, since=window_start
            )
        )
    reached = [moment for moment in limits if moment is not None]
    if reached:
        free_at = max(reached) + window
        raise TooManyAttempts(retry_after=max(1, math.ceil((free_at - now).total_seconds())))


async def _record_failure(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    email: str,
    user: User | None,
    client: ClientInfo,
    device: str | None,
) -> None:
    async with sessionmaker() as own_session:
        attempt = repository.add_login_attempt(
            own_session, email=email, ip_address=client.ip_address, device=device, succeeded=False
        )
        await _prune_now_and_then(own_session, settings, attempt)
        await audit.record(
            own_session,
            action="auth.login_failed",
            user_id=user.id if user is not None else None,
            object_type="user" if user is not None else None,
            object_id=user.id if user is not None else None,
            detail={"email": email, "known_account": user is not None},
            ip_address=client.ip_address,
        )
        await own_session.commit()


async def _prune_now_and_then(session: AsyncSession, settings: Settings, attempt: LoginAttempt) -> None:
    await session.flush()
    if attempt.id % PRUNE_EVERY == 0:
        keep = max(KEEP_ATTEMPTS, timedelta(minutes=settings.login_window_minutes))
        await repository.delete_attempts_before(session, utcnow() - keep)

"""The caller's own account: profile edits, password change and personal API tokens. Never commits."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.errors import BadRequest, Conflict, NotFound
from tagmedx.features.audit import service as audit
from tagmedx.features.auth import passwords, tokens
from tagmedx.features.auth import service as auth
from tagmedx.features.auth.dependencies import ClientInfo
from tagmedx.features.users import repository
from tagmedx.features.users.schemas import PasswordChange, ProfileUpdate, TokenCreate
from tagmedx.models import ApiToken, User
from tagmedx.models.base import utcnow
from tagmedx.pagination import PageParams

MAX_TOKENS_PER_USER = 100
TOKEN_PREFIX_LENGTH = 12


class WrongPassword(BadRequest):
    code = "wrong_password"
    detail = "The current password is not correct."


class PasswordRequired(BadRequest):
    code = "current_password_required"
    detail = "Changing the e-mail needs your current password (current_password)."


class TokenNotFound(NotFound):
    code = "token_not_found"
    detail = "No such API token of yours."


class TooManyTokens(Conflict):
    code = "too_many_tokens"
    detail = f"You already have {MAX_TOKENS_PER_USER} API tokens; revoke some first."


@dataclass(frozen=True)
class NewToken:
    row: ApiToken
    secret: str


async def update_profile(session: AsyncSession, user: User, body: ProfileUpdate, client: ClientInfo) -> User:
    changes = {field: value for field, value in body.changes().items() if getattr(user, field) != value}
    if "email" in changes:
        await _check_current_password(user, body.current_password)
        if await auth.email_in_use(session, str(changes["email"]), except_user_id=user.id):
            raise auth.EmailTaken()
    for field, value in changes.items():
        setattr(user, field, value)
    if changes:
        if not await repository.save_profile(session):  # the e-mail was taken by a concurrent request
            raise auth.EmailTaken()
        await audit.record(
            session,
            action="user.update",
            user_id=user.id,
            object_type="user",
            object_id=user.id,
            detail={"fields": sorted(changes)},
            ip_address=client.ip_address,
        )
    return user


async def _check_current_password(user: User, current_password: str | None) -> None:
    if current_password is None:
        raise PasswordRequired()
    matches, _ = await passwords.verify_password(current_password, user.password_hash)
    if not matches:
        raise WrongPassword()


async def change_password(
    session: AsyncSession,
    settings: Settings,
    user: User,
    body: PasswordChange,
    client: ClientInfo,
    *,
    renew_session: bool,
) -> auth.SignedIn | None:
    """Every session and API token of the user ends. With `renew_session` (a cookie caller) a fresh
    session opens and is returned."""
    await _check_current_password(user, body.current_password)
    user.password_hash = await passwords.hash_password(body.new_password)
    user.password_changed_at = utcnow()
    sessions_ended = await auth.end_all_sessions(session, user.id)
    tokens_revoked = await repository.delete_all_tokens(session, user.id)
    await audit.record(
        session,
        action="user.password_change",
        user_id=user.id,
        object_type="user",
        object_id=user.id,
        detail={"sessions_ended": sessions_ended, "tokens_revoked": tokens_revoked},
        ip_address=client.ip_address,
    )
    if renew_session:
        return await auth.open_session(session, settings, user, client)
    return None


async def create_token(session: AsyncSession, user: User, body: TokenCreate, client: ClientInfo) -> NewToken:
    if await repository.count_tokens(session, user.id) >= MAX_TOKENS_PER_USER:
        raise TooManyTokens()
    secret = tokens.new_api_token()
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        name=body.name,
        token_hash=tokens.hash_api_token(secret),
        token_prefix=secret[:TOKEN_PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=body.expires_in_days) if body.expires_in_days else None,
    )
    await repository.add_token(session, row)
    await audit.record(
        session,
        action="token.create",
        user_id=user.id,
        object_type="api_token",
        object_id=row.id,
        detail={"name": row.name, "expires_at": row.expires_at.isoformat() if row.expires_at else None},
        ip_address=client.ip_address,
    )
    return NewToken(row=row, secret=secret)


async def list_tokens(
    session: AsyncSession, user: User, params: PageParams
) -> tuple[list[ApiToken], str | None]:
    return await repository.list_tokens(session, user.id, params)


async def revoke_token(session: AsyncSession, user: User, token_id: int, client: ClientInfo) -> None:
    if not await repository.delete_token(session, user.id, token_id):
        raise TokenNotFound()
    await audit.record(
        session,
        action="token.revoke",
        user_id=user.id,
        object_type="api_token",
        object_id=token_id,
        ip_address=client.ip_address,
    )

"""/api/users/me: the caller's profile, password and personal API tokens.

Reading the profile works with any credential; changing it, the password or the tokens needs a login
session (tagmedx/authz/session.py): a personal API token gets 403 `session_required`."""

from fastapi import APIRouter, Path, Response, status

from tagmedx.authz import LoginSession, SessionRequired
from tagmedx.db import Session
from tagmedx.errors import NotAuthenticated, error_responses
from tagmedx.features.auth import cookies
from tagmedx.features.auth.dependencies import AppSettings, Client, CurrentUser
from tagmedx.features.auth.service import EmailTaken
from tagmedx.features.users import service
from tagmedx.features.users.schemas import (
    PasswordChange,
    ProfileUpdate,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserRead,
)
from tagmedx.ids import MAX_ID
from tagmedx.pagination import Page, Pagination, to_page

router = APIRouter(tags=["users"])

# 403: an API token (session_required), or a cookie request without its CSRF header (csrf_failed).
SIGNED_IN = (NotAuthenticated, SessionRequired)
SESSION_ONLY = "Needs a login session: a personal API token gets 403 `session_required`."


@router.get("/users/me", response_model=UserRead, responses=error_responses(NotAuthenticated))
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.patch(
    "/users/me",
    response_model=UserRead,
    responses=error_responses(*SIGNED_IN, service.WrongPassword, EmailTaken),
    summary="Change profile fields; only the fields sent change, optional ones clear with null",
    description=f"{SESSION_ONLY} A new e-mail also needs `current_password` (400 "
    "`current_password_required` without it, `wrong_password` when it is not right).",
)
async def update_me(
    body: ProfileUpdate, signed_in: LoginSession, session: Session, client: Client
) -> UserRead:
    return UserRead.model_validate(await service.update_profile(session, signed_in.user, body, client))


@router.put(
    "/users/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*SIGNED_IN, service.WrongPassword),
    summary="Change the password: every session and personal API token of the account ends",
    description=f"{SESSION_ONLY} Every earlier access token, session cookie and personal API token stops "
    "working at once. A request made with the session cookie gets fresh cookies on the 204, so the browser "
    "stays signed in; a bearer caller signs in again.",
)
async def change_password(
    body: PasswordChange, signed_in: LoginSession, session: Session, settings: AppSettings, client: Client
) -> Response:
    fresh = await service.change_password(
        session, settings, signed_in.user, body, client, renew_session=signed_in.by_cookie
    )
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    if fresh is not None:
        cookies.set_session_cookies(
            response,
            settings,
            access_token=fresh.access_token,
            csrf_token=fresh.csrf_token,
            expires_at=fresh.expires_at,
        )
    return response


@router.post(
    "/users/me/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenCreated,
    responses=error_responses(*SIGNED_IN, service.TooManyTokens),
    summary="Create a personal API token for scripts (the secret is shown only in this answer)",
    description=SESSION_ONLY,
)
async def create_token(
    body: TokenCreate, signed_in: LoginSession, session: Session, client: Client
) -> TokenCreated:
    created = await service.create_token(session, signed_in.user, body, client)
    return TokenCreated(
        id=created.row.id,
        name=created.row.name,
        token=created.secret,
        token_prefix=created.row.token_prefix,
        created_at=created.row.created_at,
        expires_at=created.row.expires_at,
    )


@router.get(
    "/users/me/tokens",
    response_model=Page[TokenRead],
    responses=error_responses(NotAuthenticated, SessionRequired),
    summary="The caller's personal API tokens (never their secrets)",
    description=SESSION_ONLY,
)
async def list_tokens(signed_in: LoginSession, session: Session, page: Pagination) -> Page[TokenRead]:
    rows, next_cursor = await service.list_tokens(session, signed_in.user, page)
    return to_page(rows, next_cursor, TokenRead.model_validate)


@router.delete(
    "/users/me/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*SIGNED_IN, service.TokenNotFound),
    summary="Revoke a personal API token; it stops working at once",
    description=SESSION_ONLY,
)
async def revoke_token(
    signed_in: LoginSession, session: Session, client: Client, token_id: int = Path(ge=1, le=MAX_ID)
) -> Response:
    await service.revoke_token(session, signed_in.user, token_id, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

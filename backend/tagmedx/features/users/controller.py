"""/api/users/me: the caller's profile, password and personal API tokens."""

from fastapi import APIRouter, Path, Response, status

from tagmedx.db import Session
from tagmedx.errors import BadRequest, Forbidden, NotAuthenticated, error_responses
from tagmedx.features.auth import cookies
from tagmedx.features.auth.dependencies import AppSettings, Client, CurrentIdentity, CurrentUser
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

# 403 on a state-changing route: a cookie request without its CSRF header (code csrf_failed).
SIGNED_IN = (NotAuthenticated, Forbidden)


@router.get("/users/me", response_model=UserRead, responses=error_responses(NotAuthenticated))
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.patch(
    "/users/me",
    response_model=UserRead,
    responses=error_responses(*SIGNED_IN, EmailTaken),
    summary="Change profile fields; only the fields sent change, optional ones clear with null",
)
async def update_me(body: ProfileUpdate, user: CurrentUser, session: Session, client: Client) -> UserRead:
    return UserRead.model_validate(await service.update_profile(session, user, body, client))


@router.put(
    "/users/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*SIGNED_IN, service.WrongPassword),
    summary="Change the password: every session and personal API token of the account ends",
    description="Needs a login session (403 `session_required` with an API token). Every earlier access "
    "token, session cookie and personal API token stops working at once. A request made with the session "
    "cookie gets fresh cookies on the 204, so the browser stays signed in; a bearer caller signs in again.",
)
async def change_password(
    body: PasswordChange, identity: CurrentIdentity, session: Session, settings: AppSettings, client: Client
) -> Response:
    fresh = await service.change_password(session, settings, identity, body, client)
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
    description="Needs a login session: a personal API token cannot create more tokens "
    "(403 `session_required`).",
)
async def create_token(
    body: TokenCreate, identity: CurrentIdentity, session: Session, client: Client
) -> TokenCreated:
    created = await service.create_token(session, identity, body, client)
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
    responses=error_responses(NotAuthenticated, BadRequest),
    summary="The caller's personal API tokens (never their secrets)",
)
async def list_tokens(user: CurrentUser, session: Session, page: Pagination) -> Page[TokenRead]:
    rows, next_cursor = await service.list_tokens(session, user, page)
    return to_page(rows, next_cursor, TokenRead.model_validate)


@router.delete(
    "/users/me/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*SIGNED_IN, service.TokenNotFound),
    summary="Revoke a personal API token; it stops working at once",
)
async def revoke_token(
    user: CurrentUser, session: Session, client: Client, token_id: int = Path(ge=1, le=MAX_ID)
) -> Response:
    await service.revoke_token(session, user, token_id, client)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

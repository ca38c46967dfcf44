"""POST /api/auth/register, /api/auth/login, /api/auth/logout."""

from fastapi import APIRouter, Request, Response, status

from tagmedx.authz import LoginSession, SessionRequired
from tagmedx.db import Session
from tagmedx.errors import NotAuthenticated, error_responses
from tagmedx.features.auth import cookies, service
from tagmedx.features.auth.dependencies import AppSettings, Client
from tagmedx.features.auth.schemas import LoginRequest, LoginResult, RegisterRequest
from tagmedx.features.users.schemas import UserRead

router = APIRouter(tags=["auth"])
# On a shared workstation nothing of this site may open from the browser after logout. Not "cookies":
# that clears every cookie of the registrable domain (other apps of the hospital's domain too) and the
# device cookie; logout deletes the session cookies by name instead. "executionContexts" Chromium ignores.
CLEAR_SITE_DATA = {"Clear-Site-Data": '"cache", "storage"'}


@router.post(
    "/auth/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserRead,
    responses=error_responses(service.RegistrationClosed, service.EmailTaken),
    summary="Create an account",
)
async def register(
    body: RegisterRequest, session: Session, settings: AppSettings, client: Client
) -> UserRead:
    user = await service.register(session, settings, body, client)
    return UserRead.model_validate(user)


@router.post(
    "/auth/login",
    response_model=LoginResult,
    responses=error_responses(service.InvalidCredentials, service.TooManyAttempts),
    summary="Sign in: an access token, the session cookie and its CSRF token",
    description="Unknown e-mail and wrong password get the same 401. Repeated failures for one account "
    "(since its last success) or one address within the window get 429 with Retry-After, even with the "
    "right password. A browser that signed in to the account before holds a device cookie: its attempts "
    "count against that browser alone, so failures elsewhere do not lock it out.",
)
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: Session,
    settings: AppSettings,
    client: Client,
) -> LoginResult:
    signed_in = await service.login(
        session,
        request.app.state.sessionmaker,
        settings,
        body,
        client,
        cookies.device_cookie(request, settings),
    )
    cookies.set_session_cookies(
        response,
        settings,
        access_token=signed_in.access_token,
        csrf_token=signed_in.csrf_token,
        expires_at=signed_in.expires_at,
    )
    if signed_in.device_cookie is not None:
        cookies.set_device_cookie(response, settings, signed_in.device_cookie)
    return LoginResult(
        access_token=signed_in.access_token,
        expires_at=signed_in.expires_at,
        user=UserRead.model_validate(signed_in.user),
        csrf_token=signed_in.csrf_token,
    )


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(NotAuthenticated, SessionRequired),
    summary="Sign out: the session ends on the server at once and the cookies are cleared",
    description="Needs a login session: a personal API token is none (403 `session_required`; revoke "
    'the token instead). The answer also carries `Clear-Site-Data: "cache", "storage"`: the browser drops '
    "the images and data it kept of this site, so nothing opens from its cache after logout.",
)
async def logout(
    signed_in: LoginSession, session: Session, settings: AppSettings, client: Client
) -> Response:
    await service.logout(session, signed_in.user, signed_in.session_id, client)
    response = Response(status_code=status.HTTP_204_NO_CONTENT, headers=CLEAR_SITE_DATA)
    cookies.clear_session_cookies(response, settings)
    return response

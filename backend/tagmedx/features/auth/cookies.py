"""The SPA's cookies: the session (HttpOnly), its CSRF twin (readable by the page, double-submit) and
the device cookie of the login throttle (features/auth/devices.py).

Over HTTPS (`TAGMEDX_COOKIE_SECURE=true`) every name has the `__Host-` prefix: a browser accepts such
a cookie only with `Secure`, `Path=/` and no `Domain`, so a page on another port or subdomain of the
host (cookies are not separated by port) cannot toss in a cookie of that name, e.g. the attacker's own
session for a signed-out doctor, who would then work in the attacker's account. Only those names are
read then. Over plain HTTP (local use) browsers refuse `__Host-` cookies, so the plain names stay; what
that leaves open is in docs/SECURITY.md.
"""

from dataclasses import dataclass
from datetime import datetime

from fastapi import Request, Response

from tagmedx.config import Settings
from tagmedx.features.auth import devices, tokens

HOST_PREFIX = "__Host-"


@dataclass(frozen=True)
class CookieNames:
    session: str
    csrf: str
    device: str
    session_path: str
    device_path: str


PLAIN = CookieNames(
    session=tokens.SESSION_COOKIE,
    csrf=tokens.CSRF_COOKIE,
    device=tokens.DEVICE_COOKIE,
    session_path="/api",
    device_path="/api/auth",  # sent to sign-in only
)
HOST = CookieNames(
    session=HOST_PREFIX + tokens.SESSION_COOKIE,
    csrf=HOST_PREFIX + tokens.CSRF_COOKIE,
    device=HOST_PREFIX + tokens.DEVICE_COOKIE,
    session_path="/",  # required by the prefix
    device_path="/",
)
CSRF_COOKIE_PATH = "/"


def names(settings: Settings) -> CookieNames:
    return HOST if settings.cookie_secure else PLAIN


def session_cookie(request: Request, settings: Settings) -> str | None:
    return request.cookies.get(names(settings).session)


def csrf_cookie(request: Request, settings: Settings) -> str:
    return request.cookies.get(names(settings).csrf, "")


def device_cookie(request: Request, settings: Settings) -> str | None:
    return request.cookies.get(names(settings).device)


def set_session_cookies(
    response: Response, settings: Settings, *, access_token: str, csrf_token: str, expires_at: datetime
) -> None:
    cookie = names(settings)
    max_age = settings.access_token_minutes * 60
    response.set_cookie(
        cookie.session,
        access_token,
        max_age=max_age,
        expires=expires_at,
        path=cookie.session_path,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        cookie.csrf,
        csrf_token,
        max_age=max_age,
        expires=expires_at,
        path=CSRF_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=False,
        samesite="strict",
    )


def set_device_cookie(response: Response, settings: Settings, value: str) -> None:
    cookie = names(settings)
    response.set_cookie(
        cookie.device,
        value,
        max_age=int(devices.LIFETIME.total_seconds()),
        path=cookie.device_path,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    """The session and CSRF cookies go; the device cookie stays (it is what keeps this browser's
    own sign-in budget when strangers guess the password)."""
    cookie = names(settings)
    response.delete_cookie(
        cookie.session,
        path=cookie.session_path,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(
        cookie.csrf,
        path=CSRF_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=False,
        samesite="strict",
    )

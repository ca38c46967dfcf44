"""The SPA's cookies: the session (HttpOnly) and its CSRF twin (readable by the page, double-submit)."""

from datetime import datetime

from fastapi import Response

from tagmedx.config import Settings
from tagmedx.features.auth import tokens

SESSION_COOKIE_PATH = "/api"
CSRF_COOKIE_PATH = "/"


def set_session_cookies(
    response: Response, settings: Settings, *, access_token: str, csrf_token: str, expires_at: datetime
) -> None:
    max_age = settings.access_token_minutes * 60
    response.set_cookie(
        tokens.SESSION_COOKIE,
        access_token,
        max_age=max_age,
        expires=expires_at,
        path=SESSION_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        tokens.CSRF_COOKIE,
        csrf_token,
        max_age=max_age,
        expires=expires_at,
        path=CSRF_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=False,
        samesite="strict",
    )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        tokens.SESSION_COOKIE,
        path=SESSION_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(
        tokens.CSRF_COOKIE,
        path=CSRF_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=False,
        samesite="strict",
    )

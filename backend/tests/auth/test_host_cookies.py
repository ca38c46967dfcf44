"""Login CSRF by cookie tossing: a page on another port (or a subdomain) of the same host can set a
cookie named `tagmedx_session` holding the attacker's own session for a signed-out doctor, who would
then work, and upload patients' images, in the attacker's account. Cookies are not separated by port,
so over HTTPS (TAGMEDX_COOKIE_SECURE=true) every cookie carries the `__Host-` prefix, which a browser
accepts only with Secure, Path=/ and no Domain (so nobody else can set it), and only those names are
read. Over plain HTTP the plain names stay (browsers refuse `__Host-` there): docs/SECURITY.md."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.auth.helpers import app_client, client_for, login, register

pytestmark = pytest.mark.anyio
NAMES = ("__Host-tagmedx_session", "__Host-tagmedx_csrf", "__Host-tagmedx_device")


def set_cookies(response: httpx.Response) -> dict[str, SimpleCookie]:
    """Each Set-Cookie header parsed by the standard library, by cookie name."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        ((name, _),) = parsed.items()
        found[name] = parsed
    return found


def assert_host_prefixed(cookie: SimpleCookie, header: str) -> None:
    """What a browser demands of a `__Host-` cookie (RFC 6265bis 4.1.3.2)."""
    ((name, morsel),) = cookie.items()
    assert name.startswith("__Host-")
    assert morsel["secure"], header
    assert morsel["path"] == "/", header
    assert not morsel["domain"], header
    assert "domain=" not in header.lower()


@asynccontextmanager
async def https_app(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    async with (
        app_client(database_url, tmp_path, cookie_secure=True) as (app, _),
        client_for(app, https=True) as browser,
    ):
        yield app, browser


async def test_over_https_every_cookie_is_host_prefixed(database_url: str, tmp_path: Path) -> None:
    async with https_app(database_url, tmp_path) as (_, browser):
        await register(browser, "jan@example.org")
        response = await login(browser, "jan@example.org")
        assert response.status_code == 200
        cookies = set_cookies(response)
        assert set(cookies) == set(NAMES)  # and no plain-named twin
        headers = {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}
        for name in NAMES:
            assert_host_prefixed(cookies[name], headers[name])
        assert cookies["__Host-tagmedx_session"]["__Host-tagmedx_session"]["httponly"]
        assert not cookies["__Host-tagmedx_csrf"]["__Host-tagmedx_csrf"]["httponly"]  # the SPA reads it
        assert (await browser.get("/api/users/me")).status_code == 200  # the prefixed cookie signs in

        csrf = response.json()["csrf_token"]
        logout = await browser.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
        assert logout.status_code == 204
        cleared = set_cookies(logout)
        assert set(cleared) == {"__Host-tagmedx_session", "__Host-tagmedx_csrf"}  # the device cookie stays
        for name, cookie in cleared.items():
            assert cookie[name]["max-age"] == "0"
            assert cookie[name]["path"] == "/" and cookie[name]["secure"]
        assert (await browser.get("/api/users/me")).status_code == 401


async def test_over_https_a_tossed_plain_session_cookie_is_ignored(database_url: str, tmp_path: Path) -> None:
    async with https_app(database_url, tmp_path) as (app, victim):
        await register(victim, "attacker@example.org")
        async with client_for(app, "198.51.100.66", https=True) as attacker:
            signed_in = await login(attacker, "attacker@example.org")
            token, csrf = signed_in.json()["access_token"], signed_in.json()["csrf_token"]
        # what a page on another port of the host can set for the signed-out victim
        victim.cookies.set("tagmedx_session", token, path="/api")
        victim.cookies.set("tagmedx_csrf", csrf, path="/")
        assert (await victim.get("/api/users/me")).status_code == 401
        changed = await victim.patch("/api/users/me", json={"name": "Victim"}, headers={"X-CSRF-Token": csrf})
        assert changed.status_code == 401
        # a tossed CSRF cookie does not pass the double-submit beside a real prefixed session either
        await register(victim, "jan@example.org")
        mine = (await login(victim, "jan@example.org")).json()["csrf_token"]
        victim.cookies.delete("__Host-tagmedx_csrf")
        victim.cookies.set("tagmedx_csrf", mine, path="/")
        refused = await victim.patch("/api/users/me", json={"name": "X"}, headers={"X-CSRF-Token": mine})
        assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
        assert "__Host-tagmedx_csrf" in refused.json()["detail"]


async def test_over_plain_http_the_plain_names_stay(client: httpx.AsyncClient) -> None:
    """Local use over http://: browsers refuse `__Host-` (and Secure) cookies there. The cookie tossing
    this leaves open for pages on the same host is said in docs/SECURITY.md."""
    await register(client, "jan@example.org")
    response = await login(client, "jan@example.org")
    cookies = set_cookies(response)
    assert set(cookies) == {"tagmedx_session", "tagmedx_csrf", "tagmedx_device"}
    for name, cookie in cookies.items():
        assert not cookie[name]["secure"] and not cookie[name]["domain"]
    assert cookies["tagmedx_session"]["tagmedx_session"]["path"] == "/api"
    assert (await client.get("/api/users/me")).status_code == 200

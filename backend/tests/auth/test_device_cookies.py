"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
signed in to an account before gets a signed cookie naming that account, and its attempts are counted
against that browser only. Everyone else (other browsers, scripts without cookies) shares the
account's and the address's limits as before. So a stranger's guesses lock out the untrusted
channel, never the doctor's own browser; the doctor's own browser failing is limited too."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from tests.auth.helpers import app_client, client_for, login, register
from tests.factories import PASSWORD

pytestmark = pytest.mark.anyio
WRONG = "not the password at all"
DOCTOR = "jan@example.org"
LIMITS = {"login_max_failures_per_account": 5, "login_max_failures_per_address": 8}


def device_cookie(response: httpx.Response) -> SimpleCookie:
    for header in response.headers.get_list("set-cookie"):
        if header.split("=", 1)[0].endswith("tagmedx_device"):
            parsed = SimpleCookie()
            parsed.load(header)
            return parsed
    raise AssertionError(f"no device cookie in {response.headers.get_list('set-cookie')}")


@asynccontextmanager
async def signed_in_browser(app: FastAPI, email: str, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser (it keeps its cookies) that signed in to `email` once and logged out again."""
    async with client_for(app, address) as browser:
        signed_in = await login(browser, email)
        assert signed_in.status_code == 200, signed_in.text
        csrf = {"X-CSRF-Token": signed_in.json()["csrf_token"]}
        assert (await browser.post("/api/auth/logout", headers=csrf)).status_code == 204
        assert "tagmedx_session" not in browser.cookies and "tagmedx_device" in browser.cookies
        yield browser


async def fail(http: httpx.AsyncClient, email: str, times: int) -> list[int]:
    return [(await login(http, email, WRONG)).status_code for _ in range(times)]


async def test_a_strangers_failures_do_not_stop_the_doctors_own_browser(
    database_url: str, tmp_path: Path
) -> None:
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        async with signed_in_browser(app, DOCTOR, "203.0.113.7") as doctors_browser:
            async with client_for(app, "198.51.100.66") as stranger:
                # e-mail case and spaces do not give the stranger more guesses
                spellings = [DOCTOR, " JAN@example.org", "Jan@Example.Org ", DOCTOR.upper(), DOCTOR]
                assert [(await login(stranger, email, WRONG)).status_code for email in spellings] == [401] * 5
                assert await fail(stranger, DOCTOR, 3) == [429] * 3
                assert (await login(stranger, DOCTOR, PASSWORD)).status_code == 429
            answer = await login(doctors_browser, DOCTOR, PASSWORD)
            assert answer.status_code == 200, answer.text
        # the untrusted channel stays locked: a new browser or a script with the right password
        async with client_for(app, "203.0.113.7") as new_browser:
            refused = await login(new_browser, DOCTOR, PASSWORD)
            assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
            assert 1 <= int(refused.headers["retry-after"]) <= 15 * 60


async def test_the_doctors_browser_is_trusted_behind_an_address_that_strangers_share(
    database_url: str, tmp_path: Path
) -> None:
    """A hospital's network often leaves through one address: guesses from it lock that address out
    for untrusted attempts, not for the browsers doctors signed in from before."""
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        async with signed_in_browser(app, DOCTOR, "192.0.2.1") as doctors_browser:
            async with client_for(app, "192.0.2.1") as colleague:
                for number in range(8):
                    assert (await login(colleague, f"guess{number}@example.org", WRONG)).status_code == 401
                assert (await login(colleague, DOCTOR, PASSWORD)).status_code == 429  # the address
            assert (await login(doctors_browser, DOCTOR, PASSWORD)).status_code == 200


async def test_the_doctors_own_browser_failing_is_limited_to_that_browser(
    database_url: str, tmp_path: Path
) -> None:
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        async with signed_in_browser(app, DOCTOR, "203.0.113.7") as doctors_browser:
            assert await fail(doctors_browser, DOCTOR, 5) == [401] * 5
            refused = await login(doctors_browser, DOCTOR, PASSWORD)
            assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
            assert "set-cookie" not in refused.headers
        # the browser's failures are its own: the untrusted channel still has its whole budget
        async with client_for(app, "203.0.113.7") as other_browser:
            assert (await login(other_browser, DOCTOR, PASSWORD)).status_code == 200


async def test_a_success_on_the_trusted_browser_does_not_reopen_the_untrusted_channel(
    database_url: str, tmp_path: Path
) -> None:
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        async with (
            signed_in_browser(app, DOCTOR, "203.0.113.7") as doctors_browser,
            client_for(app, "198.51.100.66") as stranger,
        ):
            assert await fail(stranger, DOCTOR, 5) == [401] * 5
            assert (await login(doctors_browser, DOCTOR, PASSWORD)).status_code == 200
            assert await fail(stranger, DOCTOR, 1) == [429]  # no fresh guesses for the stranger


async def test_api_clients_without_cookies_behave_as_before(database_url: str, tmp_path: Path) -> None:
    """A script keeps no cookies: each attempt is untrusted, limited per account and per address."""
    async with app_client(database_url, tmp_path, **LIMITS) as (app, script):
        await register(script, DOCTOR)
        assert (await login(script, DOCTOR, PASSWORD)).status_code == 200
        script.cookies.clear()
        async with client_for(app, "198.51.100.66") as stranger:
            assert await fail(stranger, DOCTOR, 5) == [401] * 5
        refused = await login(script, DOCTOR, PASSWORD)
        assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"


async def test_a_device_cookie_names_one_account_and_cannot_be_forged(
    database_url: str, tmp_path: Path
) -> None:
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        await register(http, "ola@example.org")
        async with signed_in_browser(app, DOCTOR, "203.0.113.7") as doctors_browser:
            async with client_for(app, "198.51.100.66") as stranger:
                assert await fail(stranger, "ola@example.org", 5) == [401] * 5
            # Jan's device cookie does not make this browser trusted for Ola's account
            assert (await login(doctors_browser, "ola@example.org", PASSWORD)).status_code == 429
            genuine = doctors_browser.cookies["tagmedx_device"]
            device, _, signature = genuine.partition(".")
            forged = [f"{device}.{signature[::-1]}", f"{device[::-1]}.{signature}", "x" * 66, "", "~" * 50]
            for value in forged:
                async with client_for(app, "203.0.113.7") as browser:
                    browser.cookies.set("tagmedx_device", value, path="/api/auth")
                    assert (await login(browser, "ola@example.org", PASSWORD)).status_code == 429, value


async def test_one_browser_keeps_the_trust_of_every_doctor_who_signs_in_on_it(
    database_url: str, tmp_path: Path
) -> None:
    """A reading-room workstation is shared: each doctor's sign-in adds to the cookie, none replaces it."""
    doctors = [f"doctor{number}@example.org" for number in range(4)]
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        for email in doctors:
            await register(http, email)
        async with client_for(app, "203.0.113.7") as workstation:
            for email in doctors:
                signed_in = await login(workstation, email)
                assert signed_in.status_code == 200
            for number, email in enumerate(doctors):
                async with client_for(app, f"198.51.100.{number + 1}") as stranger:
                    assert await fail(stranger, email, 5) == [401] * 5
            for email in doctors:
                assert (await login(workstation, email, PASSWORD)).status_code == 200, email


async def test_the_device_cookie_is_httponly_strict_long_lived_and_names_no_one(
    client: httpx.AsyncClient,
) -> None:
    await register(client, DOCTOR)
    cookie = device_cookie(await login(client, DOCTOR))
    (morsel,) = cookie.values()
    assert morsel.key == "tagmedx_device"
    assert morsel["httponly"] and morsel["samesite"].lower() == "strict"
    assert morsel["path"] == "/api/auth"  # sent to sign-in only
    assert int(morsel["max-age"]) >= 90 * 24 * 3600
    assert "jan" not in morsel.value.lower() and "example" not in morsel.value.lower()


@contextmanager
def statements_of(app: FastAPI) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    sa.event.listen(app.state.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(app.state.engine.sync_engine, "before_cursor_execute", record)


async def test_known_and_unknown_emails_cost_the_same_with_and_without_a_device_cookie(
    database_url: str, tmp_path: Path
) -> None:
    """Not a timing test: the same SQL statements and the same password hashing run for a known and an
    unknown e-mail, whether the browser holds another account's device cookie or none."""
    async with app_client(database_url, tmp_path, **LIMITS) as (app, http):
        await register(http, DOCTOR)
        await register(http, "ola@example.org")
        async with signed_in_browser(app, DOCTOR, "203.0.113.7") as browser:
            runs = []
            for email in ("ola@example.org", "nobody@example.org"):
                for with_cookie in (True, False):
                    async with client_for(app, "203.0.113.7") as caller:
                        if with_cookie:
                            caller.cookies = browser.cookies
                        with statements_of(app) as seen:
                            assert (await login(caller, email, WRONG)).status_code == 401
                        runs.append(seen)
            assert all(seen == runs[0] for seen in runs), runs

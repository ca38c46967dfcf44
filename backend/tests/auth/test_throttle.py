"""The login throttle lives in the database: per account (since its last success) and per address."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import bcrypt
import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from tagmedx.features.auth import service
from tagmedx.models import LoginAttempt, User
from tests.auth.helpers import app_client, client_for, login, register
from tests.factories import PASSWORD

pytestmark = pytest.mark.anyio
WRONG = "not the password at all"


async def count_attempts(app: FastAPI) -> int:
    async with app.state.sessionmaker() as session:
        return int((await session.execute(sa.select(sa.func.count()).select_from(LoginAttempt))).scalar_one())


async def age_all_attempts(app: FastAPI, by: timedelta) -> None:
    async with app.state.sessionmaker() as session:
        rows = (await session.execute(sa.select(LoginAttempt))).scalars().all()
        for row in rows:
            row.created_at = row.created_at - by
        await session.commit()


async def test_an_account_is_throttled_after_its_failures_even_with_the_right_password(
    database_url: str, tmp_path: Path
) -> None:
    async with app_client(
        database_url, tmp_path, login_max_failures_per_account=3, login_window_minutes=10
    ) as (app, http):
        await register(http, "jan@example.org")
        for _ in range(3):
            assert (await login(http, "jan@example.org", WRONG)).status_code == 401
        attempts = await count_attempts(app)
        throttled = await login(http, "jan@example.org", PASSWORD)
        assert throttled.status_code == 429
        assert throttled.json()["code"] == "too_many_attempts"
        assert 1 <= int(throttled.headers["retry-after"]) <= 600
        assert "set-cookie" not in throttled.headers
        # from another address too: the account is what is protected
        async with client_for(app, "198.51.100.9") as elsewhere:
            assert (await login(elsewhere, "JAN@example.org", PASSWORD)).status_code == 429
        assert await count_attempts(app) == attempts  # refused attempts are not password checks
        # once the failures leave the window, the right password works again
        await age_all_attempts(app, timedelta(minutes=11))
        assert (await login(http, "jan@example.org", PASSWORD)).status_code == 200


async def test_unknown_accounts_are_throttled_the_same_way(database_url: str, tmp_path: Path) -> None:
    async with app_client(database_url, tmp_path, login_max_failures_per_account=2) as (_, http):
        await register(http, "jan@example.org")
        for email in ("jan@example.org", "nobody@example.org"):
            answers = [await login(http, email, WRONG) for _ in range(3)]
            assert [answer.status_code for answer in answers] == [401, 401, 429]


async def test_a_success_resets_the_account_count(database_url: str, tmp_path: Path) -> None:
    async with app_client(database_url, tmp_path, login_max_failures_per_account=3) as (_, http):
        await register(http, "jan@example.org")
        for _ in range(3):
            assert (await login(http, "jan@example.org", WRONG)).status_code == 401
            assert (await login(http, "jan@example.org", WRONG)).status_code == 401
            assert (await login(http, "jan@example.org", PASSWORD)).status_code == 200


async def test_an_address_is_throttled_across_accounts(database_url: str, tmp_path: Path) -> None:
    async with app_client(
        database_url, tmp_path, login_max_failures_per_account=100, login_max_failures_per_address=4
    ) as (app, http):
        await register(http, "jan@example.org")
        for number in range(4):
            assert (await login(http, f"guess{number}@example.org", WRONG)).status_code == 401
        refused = await login(http, "jan@example.org", PASSWORD)
        assert refused.status_code == 429
        assert refused.json()["code"] == "too_many_attempts"
        assert int(refused.headers["retry-after"]) >= 1
        async with client_for(app, "198.51.100.9") as elsewhere:
            assert (await login(elsewhere, "jan@example.org", PASSWORD)).status_code == 200


async def test_failures_below_the_limits_do_not_throttle(database_url: str, tmp_path: Path) -> None:
    async with app_client(
        database_url, tmp_path, login_max_failures_per_account=3, login_max_failures_per_address=3
    ) as (_, http):
        await register(http, "jan@example.org")
        for _ in range(2):
            assert (await login(http, "jan@example.org", WRONG)).status_code == 401
        assert (await login(http, "jan@example.org", PASSWORD)).status_code == 200


async def test_old_attempts_are_pruned_now_and_then(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "PRUNE_EVERY", 1)
    async with app_client(database_url, tmp_path) as (app, http):
        await register(http, "jan@example.org")
        assert (await login(http, "jan@example.org", WRONG)).status_code == 401
        await age_all_attempts(app, timedelta(days=2))
        assert await count_attempts(app) == 1
        assert (await login(http, "jan@example.org", PASSWORD)).status_code == 200
        async with app.state.sessionmaker() as session:
            left = (await session.execute(sa.select(LoginAttempt))).scalars().all()
        assert [(row.succeeded, row.created_at > datetime.now(UTC) - timedelta(hours=1)) for row in left] == [
            (True, True)
        ]


async def test_a_bcrypt_hash_from_the_original_tagmedx_verifies_and_becomes_argon2(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await register(client, "legacy@example.org")
    legacy_hash = bcrypt.hashpw(b"old-tagmedx-password", bcrypt.gensalt(rounds=4)).decode()
    assert legacy_hash.startswith("$2b$")
    async with app.state.sessionmaker() as session:
        await session.execute(
            sa.update(User).where(User.email == "legacy@example.org").values(password_hash=legacy_hash)
        )
        await session.commit()
    assert (await login(client, "legacy@example.org", "wrong-password")).status_code == 401
    assert (await login(client, "legacy@example.org", "old-tagmedx-password")).status_code == 200
    async with app.state.sessionmaker() as session:
        stored = (await session.execute(sa.select(User.password_hash))).scalar_one()
    assert stored.startswith("$argon2")
    assert (await login(client, "legacy@example.org", "old-tagmedx-password")).status_code == 200

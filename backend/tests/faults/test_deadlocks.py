"""A request whose transaction loses a deadlock is replayed whole (tagmedx.db.DeadlockRetry); one that
keeps losing, or cannot be replayed, answers 503 database_busy with Retry-After, never a 500.
The last test forces a real deadlock with two connections on MariaDB."""

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from tagmedx.db import DeadlockRetry, Session, retry_on_deadlock
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.models import AuditEvent, Group
from tests.conftest import which_database
from tests.factories import make_group, make_user

pytestmark = pytest.mark.anyio


def deadlock(code: int = 1213) -> sa.exc.OperationalError:
    return sa.exc.OperationalError(
        "UPDATE ...", {}, Exception(code, "Deadlock found when trying to get lock")
    )


class Note(BaseModel):
    text: str


async def test_a_request_that_loses_a_deadlock_once_is_replayed_with_its_body(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    seen: list[str] = []

    @app.post("/api/test-only/deadlock-once")
    async def once(note: Note, user: CurrentUser, session: Session) -> dict[str, Any]:
        seen.append(note.text)
        session.add(AuditEvent(action="test.write", user_id=user.id))
        if len(seen) == 1:
            await session.flush()
            raise deadlock()
        return {"attempts": len(seen)}

    caller = await make_user(client)
    response = await client.post(
        "/api/test-only/deadlock-once", json={"text": "hello"}, headers=caller.headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"attempts": 2}
    assert seen == ["hello", "hello"]  # the body was given again, whole
    async with app.state.sessionmaker() as check:
        writes = await check.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "test.write")
        )
    assert writes == 1  # the lost attempt's write was rolled back


@pytest.mark.parametrize("code", [1213, 1205])
async def test_a_request_that_keeps_losing_answers_503_with_retry_after(
    app: FastAPI, client: httpx.AsyncClient, code: int
) -> None:
    attempts: list[int] = []

    @app.post("/api/test-only/deadlock-always")
    async def always(user: CurrentUser) -> None:
        attempts.append(1)
        raise deadlock(code)

    caller = await make_user(client)
    response = await client.post("/api/test-only/deadlock-always", headers=caller.headers)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["code"] == "database_busy"
    assert len(attempts) == 3


async def test_a_body_too_large_to_keep_is_not_replayed() -> None:
    """E.g. a big upload: it cannot be given again, so the deadlock answers 503 after one attempt."""
    attempts: list[int] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        attempts.append(1)
        while (await receive()).get("more_body"):
            pass
        raise deadlock()

    wrapped = DeadlockRetry(inner, max_replay_bytes=1000)
    transport = httpx.ASGITransport(app=wrapped)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        small = await http.post("/x", content=b"s" * 999)
        assert (small.status_code, len(attempts)) == (503, 3)
        attempts.clear()
        large = await http.post("/x", content=b"l" * 1001)
    assert large.status_code == 503
    assert large.headers["retry-after"] == "1"
    assert attempts == [1]


async def test_other_database_errors_are_not_retried(app: FastAPI, client: httpx.AsyncClient) -> None:
    attempts: list[int] = []

    @app.post("/api/test-only/integrity")
    async def integrity(user: CurrentUser) -> None:
        attempts.append(1)
        raise sa.exc.IntegrityError("INSERT", {}, Exception(1062, "Duplicate entry"))

    caller = await make_user(client)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/api/test-only/integrity", headers=caller.headers)
    assert response.status_code == 500
    assert attempts == [1]


async def test_retry_on_deadlock_runs_a_whole_transaction_again() -> None:
    calls: list[int] = []

    async def work() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise deadlock(1205)
        return "done"

    assert await retry_on_deadlock(work) == "done"
    assert len(calls) == 3
    calls.clear()

    async def hopeless() -> str:
        calls.append(1)
        raise deadlock()

    with pytest.raises(sa.exc.OperationalError):
        await retry_on_deadlock(hopeless, attempts=2)
    assert len(calls) == 2


async def _wait_for_lock_wait(app: FastAPI) -> None:
    """Until some transaction waits for a row lock (polled, never a fixed sleep)."""
    async with app.state.engine.connect() as watcher:
        for _ in range(500):
            waiting = await watcher.scalar(
                sa.text("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")
            )
            if waiting:
                return
            await watcher.rollback()
            await asyncio.sleep(0.01)
    raise AssertionError("the other transaction never waited for the lock")


@pytest.mark.skipif(which_database() != "mysql", reason="a real deadlock needs InnoDB")
async def test_a_real_deadlock_is_retried_and_the_request_succeeds(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await make_user(client)
    first = await make_group(client, admin, name="First")
    second = await make_group(client, admin, name="Second")
    holds_first = asyncio.Event()
    go_on = asyncio.Event()
    attempts: list[int] = []

    @app.post("/api/test-only/two-rows")
    async def two_rows(user: CurrentUser, session: Session) -> dict[str, int]:
        attempts.append(1)
        await session.execute(sa.update(Group).where(Group.id == first["id"]).values(description="request"))
        if len(attempts) == 1:
            holds_first.set()
            await go_on.wait()
        await session.execute(sa.update(Group).where(Group.id == second["id"]).values(description="request"))
        return {"attempts": len(attempts)}

    async def other_transaction(connection: AsyncConnection) -> None:
        await holds_first.wait()
        # heavier than the request (many undo records), so InnoDB picks the request as the victim
        await connection.execute(
            sa.insert(AuditEvent), [{"action": "test.heavy", "user_id": admin.id} for _ in range(200)]
        )
        await connection.execute(sa.update(Group).where(Group.id == second["id"]).values(description="other"))
        waiting = asyncio.create_task(
            connection.execute(sa.update(Group).where(Group.id == first["id"]).values(description="other"))
        )
        await _wait_for_lock_wait(app)
        go_on.set()  # the request now asks for the second row: a cycle, a deadlock
        await waiting
        await connection.commit()

    async with app.state.engine.connect() as connection:
        request = asyncio.create_task(client.post("/api/test-only/two-rows", headers=admin.headers))
        await other_transaction(connection)
        response = await request

    assert response.status_code == 200, response.text
    assert response.json() == {"attempts": 2}
    async with app.state.sessionmaker() as check:
        descriptions = dict(
            (
                await check.execute(
                    sa.select(Group.id, Group.description).where(Group.id.in_([first["id"], second["id"]]))
                )
            )
            .tuples()
            .all()
        )
        heavy = await check.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "test.heavy")
        )
    assert descriptions == {first["id"]: "request", second["id"]: "request"}  # the replay ran last
    assert heavy == 200  # the other transaction committed

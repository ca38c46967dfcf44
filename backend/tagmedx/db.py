"""The database engine and the per-request session (commits on success, rolls back on error)."""

import asyncio
import contextlib
import json
import os
import random
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_only

try:
    import fcntl
except ImportError:  # not on Windows: writers of several processes meet at SQLite's busy handler
    fcntl = None  # type: ignore[assignment]
from sqlalchemy.util.concurrency import in_greenlet
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tagmedx.sqlite_driver import OneTripDialect, one_trip_url

SQLITE_BUSY_SECONDS = 30
# Connections kept open per worker process (and as many more opened when needed): enough for the
# requests one process serves at once, so busy moments do not open and close one per request.
POOL_SIZE = 20


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        pool: dict[str, Any] = {}
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            # Connections beyond pool_size are closed when returned; at 32 concurrent requests the
            # default 5 meant opening (a thread and four PRAGMAs) and closing one per request.
            pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}
        engine = create_async_engine(
            one_trip_url(url), echo=echo, connect_args={"timeout": SQLITE_BUSY_SECONDS}, **pool
        )
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        on_disk = database and database != ":memory:" and not database.startswith("file:")
        writer_lock = Path(f"{database}.writer-lock") if on_disk else None
        install_sqlite_write_queue(engine, writer_lock)
        return engine
    engine = create_async_engine(
        mysql_url(url),
        echo=echo,
        pool_size=POOL_SIZE,
        max_overflow=POOL_SIZE,
        pool_pre_ping=True,
        pool_recycle=1800,
        pool_timeout=5,
        pool_reset_on_return=None,  # _rollback_if_in_transaction does it when there is something to undo
        isolation_level="READ COMMITTED",
        connect_args={"connect_timeout": 3},
    )
    event.listen(engine.sync_engine.pool, "reset", _rollback_if_in_transaction)
    return engine


def _rollback_if_in_transaction(dbapi_connection: Any, _record: Any, state: Any) -> None:
    """The pool's reset of a connection it takes back, without the ROLLBACK round trip when the
    server's last status says no transaction is open (every request has committed or rolled back by
    then). The flag comes with each OK packet; when it is missing or unclear the ROLLBACK is sent."""
    if state.transaction_was_reset or state.terminate_only or not state.asyncio_safe:
        return
    try:
        in_transaction = bool(dbapi_connection._connection.get_transaction_status())
    except Exception:
        in_transaction = True
    if in_transaction:
        dbapi_connection.rollback()


def mysql_url(url: str) -> sa.URL:
    """MySQL/MariaDB through asyncmy (docs/decisions/0005-asyncmy.md); an older `mysql+aiomysql://` URL
    keeps working and means the same database."""
    parsed = sa.engine.make_url(url)
    if parsed.drivername == "mysql+aiomysql":
        return parsed.set(drivername="mysql+asyncmy")
    return parsed


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


# --------------------------------------------------------------------------- SQLite writers queue up
# SQLite lets one connection write at a time. A writer that finds the lock taken is put to sleep by
# SQLite's busy handler, in growing steps of up to 100 ms, and whoever polls at the right moment goes
# first: under load some saves waited seconds (W2 in docs/PERFORMANCE.md: p99 1 s at 8 annotators).
# Within one process, writers now queue in arrival order on an asyncio lock taken just before their
# first INSERT/UPDATE/DELETE and released when their connection goes back to the pool (after the
# commit or rollback); reads never wait (WAL). Only the few processes' current writers still meet at
# SQLite's own lock. A writer that waits longer than the busy timeout goes ahead without the queue,
# so this is never worse than SQLite alone.
# Between worker processes (TAGMEDX_WORKERS > 1), each process's current writer then takes an flock on
# a file beside the database: the kernel hands it to the next waiter the moment it is released, where
# SQLite's busy handler would poll (W2 with 2 workers: p95 150 ms, p99 340 ms from those sleeps).
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")
_QUEUE_KEY = "tagmedx_write_queue"
# The execution option of a statement that writes a few rows (the save's, an audit record): on SQLite,
# once its transaction holds both write locks, it runs on the event loop's thread instead of a trip to
# the connection's (SQLite will not wait for another writer then, and a few rows take microseconds).
# The COMMIT still makes the trip: it may checkpoint the WAL, which writes and syncs the database file.
_SHORT_WRITE_OPTION = "tagmedx_short_write"
SHORT_WRITE = {_SHORT_WRITE_OPTION: True}


class ProcessWriterLock:
    """An exclusive flock on `path`, waited for in a worker thread so the event loop keeps serving.

    flock belongs to the open file, shared by this process's threads: `_waiting` lets one thread at a
    time wait for it, so a waiter that gave up (and passes the lock on when it finally gets it) can
    never release the lock of a later one."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._waiting = threading.Lock()
        self._guard = threading.Lock()

    async def acquire(self, seconds: float) -> bool:
        """True once held; False after `seconds` (then the caller goes ahead without it)."""
        if self._waiting.acquire(blocking=False):  # no earlier waiter is still out there
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            finally:
                self._waiting.release()
        state = {"held": False, "abandoned": False}

        def wait() -> None:
            with self._waiting:
                fcntl.flock(self.fd, fcntl.LOCK_EX)
                with self._guard:
                    if state["abandoned"]:  # the caller gave up meanwhile: pass the lock on
                        fcntl.flock(self.fd, fcntl.LOCK_UN)
                    else:
                        state["held"] = True

        waiting = asyncio.ensure_future(asyncio.to_thread(wait))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiting), seconds)
        with self._guard:
            state["abandoned"] = not state["held"]
            return state["held"]

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)


@dataclass
class _Held:
    lock: asyncio.Lock
    across_processes: ProcessWriterLock | None


def install_sqlite_write_queue(engine: AsyncEngine, lock_path: Path | None = None) -> None:
    locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
    across = ProcessWriterLock(lock_path) if lock_path is not None and fcntl is not None else None

    def before_execute(connection: sa.Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if _QUEUE_KEY in connection.info or statement.lstrip()[:6].upper() not in _WRITES:
            return
        if not in_greenlet():  # synchronous use (migrations, scripts): SQLite's busy handler alone
            return
        loop = asyncio.get_running_loop()
        lock = locks.setdefault(loop, asyncio.Lock())
        try:
            await_only(asyncio.wait_for(lock.acquire(), SQLITE_BUSY_SECONDS))
        except TimeoutError:
            return
        held = across is not None and await_only(across.acquire(SQLITE_BUSY_SECONDS))
        connection.info[_QUEUE_KEY] = _Held(lock, across if held else None)

    def release(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        held: _Held | None = record.info.pop(_QUEUE_KEY, None)
        if held is None:
            return
        if held.across_processes is not None:
            held.across_processes.release()
        if held.lock.locked():
            held.lock.release()

    def runs_inline(context: Any) -> bool:
        if not context.execution_options.get(_SHORT_WRITE_OPTION):
            return False
        held: _Held | None = context.root_connection.info.get(_QUEUE_KEY)
        return held is not None and (across is None or held.across_processes is not None)

    if isinstance(engine.dialect, OneTripDialect):
        engine.dialect.runs_inline = runs_inline  # type: ignore[method-assign]
    event.listen(engine.sync_engine, "before_cursor_execute", before_execute)
    for name in ("checkin", "invalidate", "soft_invalidate"):
        event.listen(engine.sync_engine.pool, name, release)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session. Its commit or rollback hands the connection back to the pool; after that
    a close() would only empty the session's identity map, which goes with the session anyway, and
    costs a greenlet switch on every request."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    session = sessionmaker()
    try:
        yield session
        await session.commit()
    except BaseException:
        await _safe_rollback(session)
        raise


async def _safe_rollback(session: AsyncSession) -> None:
    """Roll back, then close: whatever the rollback could not do (a broken connection), the close
    releases. Errors of either are swallowed: the original error is the one that matters."""
    with contextlib.suppress(Exception):
        await session.rollback()
    with contextlib.suppress(Exception):
        await session.close()


async def read_in_parallel(
    sessionmaker: async_sessionmaker[AsyncSession], *reads: Callable[[AsyncSession], Awaitable[Any]]
) -> list[Any]:
    """Run independent reads at once, each on a connection of its own (the database works on them
    side by side: MariaDB threads, SQLite connections in WAL mode); their results in order."""

    async def one(read: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        async with sessionmaker() as session:
            return await read(session)

    return list(await asyncio.gather(*(one(read) for read in reads)))


def is_connection_error(error: BaseException) -> bool:
    """True when `error` means the database cannot be reached (not a bad statement)."""
    if isinstance(error, sa.exc.TimeoutError | ConnectionError | TimeoutError):
        return True
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    args = getattr(error.orig, "args", ())
    code = args[0] if args else None
    # MySQL client errors: 2002/2003 cannot connect, 2006 gone away, 2013 lost connection
    return code in {2002, 2003, 2006, 2013} or "unable to open database" in str(error.orig)


# scope="function": the commit runs before the response is sent, so a failed commit is never a 200.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]


# --------------------------------------------------------------------------- deadlocks and lock waits
# MySQL/MariaDB: 1213 deadlock (the whole transaction was rolled back), 1205 lock wait timeout.
RETRYABLE_CODES = frozenset({1213, 1205})
DEADLOCK_ATTEMPTS = 3
T = TypeVar("T")


def is_deadlock(error: BaseException) -> bool:
    """True when `error` means the transaction lost a lock conflict and may simply be run again."""
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    args: tuple[Any, ...] = getattr(error.orig, "args", ())
    return bool(args) and args[0] in RETRYABLE_CODES


async def _backoff(attempt: int) -> None:
    await asyncio.sleep(0.02 * attempt + random.uniform(0, 0.03))  # noqa: S311 (jitter, not a secret)


async def retry_on_deadlock(work: Callable[[], Awaitable[T]], *, attempts: int = DEADLOCK_ATTEMPTS) -> T:
    """Run `work` (a whole transaction: it opens, commits or rolls back its own session) again when
    it loses a deadlock. Never wrap part of a transaction: after a deadlock MySQL has rolled it all back."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except sa.exc.DBAPIError as error:
            if not is_deadlock(error) or attempt == attempts:
                raise
            await _backoff(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


class DeadlockRetry:
    """Pure ASGI middleware: a request whose transaction loses a deadlock is run again, whole.

    The session dependency rolls the transaction back, and the response is not started before the
    commit, so replaying the request (its body kept in memory up to `max_replay_bytes`) repeats the
    unit of work from the start: guards, reads, writes and audit records. A request that cannot be
    replayed (a large upload, a response already started) or that keeps losing answers
    503 `database_busy` with `Retry-After`, never a 500. See docs/decisions/0003-deadlocks.md.
    """

    def __init__(self, app: ASGIApp, *, max_replay_bytes: int, attempts: int = DEADLOCK_ATTEMPTS) -> None:
        self.app = app
        self.max_replay_bytes = max_replay_bytes
        self.attempts = attempts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        recorded: list[Message] = []
        state = _Attempts()

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request" and state.replayable:
                state.size += len(message.get("body", b""))
                if state.size > self.max_replay_bytes:
                    state.replayable, recorded[:] = False, []
                else:
                    recorded.append(message)
            return message

        async def watching_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state.started = True
            await send(message)

        current_receive: Receive = recording_receive
        for attempt in range(1, self.attempts + 1):
            try:
                await self.app(scope, current_receive, watching_send)
                return
            except sa.exc.DBAPIError as error:
                if not is_deadlock(error) or state.started:
                    raise
                if not state.replayable or attempt == self.attempts:
                    await _busy(send)
                    return
            await _backoff(attempt)
            current_receive = _replaying(list(recorded), recording_receive)


@dataclass
class _Attempts:
    size: int = 0
    replayable: bool = True
    started: bool = False


def _replaying(messages: list[Message], then: Receive) -> Receive:
    """The recorded body messages again, then the live channel (for disconnects)."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        return await then()

    return receive


async def _busy(send: Send) -> None:
    body = json.dumps(
        {"detail": "The database is busy with conflicting changes. Try again.", "code": "database_busy"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

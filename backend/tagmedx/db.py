"""The database engine and the per-request session (commits on success, rolls back on error)."""

import asyncio
import contextlib
import json
import random
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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tagmedx.sqlite_driver import is_busy, is_full, one_trip_url
from tagmedx.sqlite_writers import (
    NO_WAIT,
    SHORT_WRITE,
    WAL_KEY,
    DatabaseBusy,
    ProcessWriterLock,
    hold_writer_lock,
    install_sqlite_write_queue,
    writer_lock_path,
)

__all__ = ["NO_WAIT", "SHORT_WRITE", "DatabaseBusy", "ProcessWriterLock", "hold_writer_lock"]

# How long a writer waits for the write lock (SQLite; another writer, maybe of another process,
# holds it) before DatabaseBusy: TAGMEDX_DATABASE_LOCK_WAIT_SECONDS in the server.
LOCK_WAIT_SECONDS = 5.0
# MariaDB/MySQL: a new connection (TCP, handshake, login) and the pool's ping of an idle one get this
# long; a server that accepts but never answers (SIGSTOP, a hung host) is then given up on.
MYSQL_CONNECT_SECONDS = 3.0
# Connections kept open per worker process (and as many more opened when needed): enough for the
# requests one process serves at once, so busy moments do not open and close one per request.
POOL_SIZE = 20


def create_engine(
    url: str,
    *,
    echo: bool = False,
    lock_wait_seconds: float = LOCK_WAIT_SECONDS,
    statement_timeout_seconds: float | None = None,
) -> AsyncEngine:
    """`statement_timeout_seconds` (MariaDB/MySQL): the longest wait for one answer of the server
    (asyncmy's read timeout; its writes never block, they go to asyncio's buffer), after which the
    connection is closed and the statement fails as a lost connection (503). None for no bound:
    the CLI's migrations may rebuild a large table for minutes."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo, lock_wait_seconds=lock_wait_seconds)
    connect_args: dict[str, Any] = {
        "connect_timeout": MYSQL_CONNECT_SECONDS,
        "async_creator_fn": _bounded_connect,
    }
    if statement_timeout_seconds is not None:
        connect_args["read_timeout"] = statement_timeout_seconds
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
        connect_args=connect_args,
    )
    engine.dialect.do_ping = _bounded_ping  # type: ignore[method-assign]
    event.listen(engine.sync_engine.pool, "reset", _rollback_if_in_transaction)
    return engine


def _sqlite_engine(url: str, *, echo: bool, lock_wait_seconds: float) -> AsyncEngine:
    database = sa.engine.make_url(url).database
    pool: dict[str, Any] = {}
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Connections beyond pool_size are closed when returned; at 32 concurrent requests the
        # default 5 meant opening (a thread and four PRAGMAs) and closing one per request.
        pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}
    engine = create_async_engine(
        one_trip_url(url), echo=echo, connect_args={"timeout": lock_wait_seconds}, **pool
    )

    def configure(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        (mode,) = cursor.fetchone()
        record.info[WAL_KEY] = str(mode).lower() == "wal"
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_wait_seconds * 1000)}")
        cursor.close()

    event.listen(engine.sync_engine, "connect", configure)
    install_sqlite_write_queue(engine, writer_lock_path(database), lock_wait_seconds)
    return engine


async def _bounded_connect(*args: Any, **kwargs: Any) -> Any:
    """asyncmy's connect, whole: its connect_timeout covers only the TCP connect, and a stalled server's
    kernel still accepts one; the handshake would then wait for as long as the read timeout allows."""
    import asyncmy
    from asyncmy.errors import OperationalError

    async def connect() -> Any:
        return await asyncmy.connect(*args, **kwargs)

    try:
        return await asyncio.wait_for(connect(), MYSQL_CONNECT_SECONDS)
    except TimeoutError:
        raise OperationalError(
            2003, f"Can't connect to MySQL server: no answer in {MYSQL_CONNECT_SECONDS:g} s"
        ) from None


def _bounded_ping(dbapi_connection: Any) -> bool:
    """The pool's check of an idle connection, bounded like a connect: False (the pool reconnects)
    when the server does not answer. asyncmy closes a connection whose read was cancelled."""
    try:
        dbapi_connection.await_(
            asyncio.wait_for(dbapi_connection._connection.ping(False), MYSQL_CONNECT_SECONDS)
        )
    except TimeoutError:
        return False
    except Exception as error:
        dbapi_connection._handle_exception(error)  # as SQLAlchemy's own ping: a DBAPI error
    return True


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


def cannot_write_now(error: BaseException) -> bool:
    """True when a write was refused for a reason that is no bug: the write lock held elsewhere
    (DatabaseBusy, SQLite's busy timeout) or a full disk. Work that can do without its write (a stamp
    of last use, a view counted) goes on without it."""
    if isinstance(error, DatabaseBusy):
        return True
    orig = getattr(error, "orig", None)
    return orig is not None and (is_busy(orig) or is_full(orig))


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

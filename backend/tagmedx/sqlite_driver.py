"""SQLAlchemy's aiosqlite dialect, with each statement run in one trip to the connection's thread.

aiosqlite runs a sqlite3 connection in its own thread. SQLAlchemy's stock adapter makes four trips
to it a statement (open a cursor, execute, fetch, close), and each trip costs two thread wake-ups:
measured here, 290 µs of CPU for a one-row SELECT, against 90 µs in one trip and 8 µs for SQLite
itself. Every request runs several statements, so this is most of what a request costs on SQLite
(docs/decisions/0004-sqlite-one-trip.md). Everything else is SQLAlchemy's own dialect.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)

DRIVER_NAME = "sqlite+tagmedx_aiosqlite"

_Outcome = tuple[Any, list[Any], int, int]  # description, rows, lastrowid, rowcount
SQLITE_BUSY = 5  # the primary result code; BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT share its low byte
SQLITE_FULL = 13


def is_busy(error: BaseException) -> bool:
    """True when `error` is SQLite's "database is locked": another connection held the lock longer than
    the busy timeout."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_BUSY


def is_full(error: BaseException) -> bool:
    """True when `error` is SQLite's "database or disk is full"."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_FULL


def _execute(connection: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """Runs in aiosqlite's thread: the whole statement, its rows and the cursor's close."""
    cursor = connection.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, [], cursor.lastrowid or 0, cursor.rowcount
    finally:
        cursor.close()


def _executemany(connection: sqlite3.Connection, operation: str, parameters: Sequence[Any]) -> _Outcome:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return None, [], cursor.lastrowid or 0, cursor.rowcount
    finally:
        cursor.close()


def _begin_immediate(connection: sqlite3.Connection, wait_ms: int) -> bool:
    """BEGIN IMMEDIATE, with SQLite's busy handler waiting at most `wait_ms` for the write lock (the
    connection's own busy timeout is put back after); False when another connection kept it."""
    (previous,) = connection.execute("PRAGMA busy_timeout").fetchone()
    connection.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if is_busy(error):
            return False
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout={int(previous)}")
    return True


async def _now(function: Any, *args: Any) -> _Outcome:
    """`function` called right away, as a coroutine that never suspends: awaited through SQLAlchemy's
    greenlet bridge like a trip (which AsyncConnection.execute requires), without the thread."""
    outcome: _Outcome = function(*args)
    return outcome


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _run(self, function: Any, operation: str, parameters: Any, *, inline: bool = False) -> None:
        aio = self._connection
        try:
            if inline:  # on the event loop's thread: see OneTripDialect.runs_inline
                outcome: _Outcome = self.await_(_now(function, aio._conn, operation, parameters))  # type: ignore[attr-defined]
            else:
                outcome = self.await_(aio._execute(function, aio._conn, operation, parameters))  # type: ignore[attr-defined]
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description, rows, self.lastrowid, self.rowcount = outcome
        self._rows = deque(rows)

    def execute(self, operation: Any, parameters: Any = None, *, inline: bool = False) -> None:
        self._run(_execute, operation, parameters, inline=inline)

    def executemany(self, operation: Any, seq_of_parameters: Any, *, inline: bool = False) -> None:
        self._run(_executemany, operation, seq_of_parameters, inline=inline)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Also skips the trip of a COMMIT or ROLLBACK with no transaction open: a request that only read
    commits, and the pool rolls back every connection it takes back, so that was two trips of three
    for a one-query request. sqlite3 knows it without asking the thread (`in_transaction` reads
    sqlite3_get_autocommit, and nothing else runs on the connection while its user waits here)."""

    __slots__ = ()

    def begin_immediate(self, seconds: float) -> bool:
        """Take SQLite's write lock for a transaction of this connection, waiting at most `seconds`.

        Tried first on the calling (event loop's) thread without any wait: with the lock free, as it is
        almost always once this process's writers have queued up, that costs microseconds and no trip.
        When another connection holds it (another process: the sqlite3 shell, a backup), the wait
        happens in aiosqlite's thread, so the event loop keeps serving meanwhile."""
        sqlite = self._connection._conn  # type: ignore[attr-defined]
        if _begin_immediate(sqlite, 0):
            return True
        if seconds <= 0:
            return False
        waited: bool = self.await_(self._connection._execute(_begin_immediate, sqlite, seconds * 1000))  # type: ignore[attr-defined]
        return waited

    @property
    def in_transaction(self) -> bool:
        """Whether sqlite3 has a transaction open (read without a trip: see `_in_transaction`)."""
        return self._in_transaction()

    def _in_transaction(self) -> bool:
        try:
            return bool(self._connection.in_transaction)
        except Exception:  # closed or broken: let the driver itself say so
            return True

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:  # streamed results (exports) keep the stock cursor: one trip a batch
            return super().cursor(server_side=True)
        return OneTripCursor(self)


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def _never(_context: Any) -> bool:
    return False


class OneTripDialect(SQLiteDialect_aiosqlite):
    """`runs_inline(context)`: whether a statement may skip the trip and run on the event loop's
    thread. db.install_sqlite_write_queue sets it: short writes of a transaction that holds the write
    lock, which SQLite then runs without waiting for anyone (docs/decisions/0004)."""

    supports_statement_cache = True
    runs_inline: Callable[[Any], bool] = staticmethod(_never)

    def _inline(self, cursor: Any, context: Any) -> bool:
        return isinstance(cursor, OneTripCursor) and context is not None and self.runs_inline(context)

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        if self._inline(cursor, context):
            cursor.execute(statement, parameters, inline=True)
        else:  # also any cursor that is not ours, which knows no `inline`
            cursor.execute(statement, parameters)

    def do_executemany(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        if self._inline(cursor, context):
            cursor.executemany(statement, parameters, inline=True)
        else:
            cursor.executemany(statement, parameters)

    @classmethod
    def import_dbapi(cls) -> OneTripDBAPI:  # type: ignore[override]
        return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))


sa.dialects.registry.register(DRIVER_NAME.replace("+", "."), __name__, "OneTripDialect")


def one_trip_url(url: str) -> sa.URL:
    """`sqlite+aiosqlite://...` as the same database through this module's dialect."""
    parsed = sa.engine.make_url(url)
    if parsed.drivername == "sqlite+aiosqlite":
        return parsed.set(drivername=DRIVER_NAME)
    return parsed

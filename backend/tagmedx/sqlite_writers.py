"""SQLite's writers: one at a time, in arrival order, each within a bounded wait, none on the event loop.

SQLite lets one connection write at a time. A writer that finds the lock taken is put to sleep by
SQLite's busy handler, in growing steps of up to 100 ms, and whoever polls at the right moment goes
first: under load some saves waited seconds (W2 in docs/PERFORMANCE.md: p99 1 s at 8 annotators).
So, before its first INSERT/UPDATE/DELETE, a transaction:

1. queues on an asyncio lock of its process (arrival order; released when its connection goes back to
   the pool, after the commit or rollback). Reads never wait (WAL).
2. takes an flock on a file beside the database, shared with the other worker processes and with the
   CLI (`hold_writer_lock`): the kernel hands it to the next waiter the moment it is released, where
   SQLite's busy handler would poll (W2 with 2 workers: p99 340 ms became 53 ms). It is waited for in
   a worker thread.
3. begins with BEGIN IMMEDIATE, which takes SQLite's write lock at once: tried on the event loop's
   thread without waiting (microseconds when the lock is free, as it is once 1 and 2 are held), else
   waited for in the connection's own thread, so a lock held by a process that knows nothing of 2
   (the sqlite3 shell's BEGIN EXCLUSIVE, a backup script) never holds up the event loop.

The three share one deadline (`wait_seconds`, TAGMEDX_DATABASE_LOCK_WAIT_SECONDS): a writer still
waiting then gets DatabaseBusy (503 `database_busy`, Retry-After), never a freeze or a bare 500.

Once its transaction holds SQLite's write lock, a statement marked SHORT_WRITE (the save's writes, an
audit record) runs on the event loop's thread instead of a trip to the connection's: in WAL mode a
statement of the lock holder waits for no other connection, and a few rows take microseconds
(docs/decisions/0004). The COMMIT keeps its trip: it may checkpoint the WAL, which writes and syncs
the database file. Without WAL (an in-memory database) everything makes the trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only
from sqlalchemy.util.concurrency import in_greenlet

from tagmedx.sqlite_driver import OneTripConnection, OneTripDialect

try:
    import fcntl
except ImportError:  # not on Windows: writers of several processes meet at SQLite's busy handler
    fcntl = None  # type: ignore[assignment]

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")
_QUEUE_KEY = "tagmedx_write_queue"
WAL_KEY = "tagmedx_wal"  # in a pooled connection's info: its journal mode is WAL
SHORT_WRITE_OPTION = "tagmedx_short_write"
# The execution option of a statement that writes a few rows: see the module's docstring.
SHORT_WRITE = {SHORT_WRITE_OPTION: True}
NO_WAIT_OPTION = "tagmedx_no_wait"
# The execution option of a first write that is not worth waiting for (a stamp of last use): when any
# writer holds a lock it needs, DatabaseBusy at once.
NO_WAIT = {NO_WAIT_OPTION: True}
# Paths of writer locks this whole process holds (a CLI command): its engines neither take nor wait.
_HELD_BY_THIS_PROCESS: set[Path] = set()


class DatabaseBusy(Exception):
    """A writer waited its whole bound for the write lock: another writer (maybe of another process)
    kept it. Nothing of the transaction was written."""

    def __init__(self) -> None:
        super().__init__("the database's write lock stayed taken")


def writer_lock_path(database: str | None) -> Path | None:
    """The lock file of an SQLite database file (None for an in-memory or URI database)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{Path(database).resolve()}.writer-lock")


class ProcessWriterLock:
    """An exclusive flock on `path`, waited for in a worker thread so the event loop keeps serving.

    flock belongs to the open file, shared by this process's threads: `_waiting` lets one thread at a
    time wait for it, so a waiter that gave up (and passes the lock on when it finally gets it) can
    never release the lock of a later one."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._waiting = threading.Lock()
        self._guard = threading.Lock()

    def try_acquire(self) -> bool:
        """Held now, or False at once."""
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    async def acquire(self, seconds: float) -> bool:
        """True once held; False after `seconds`."""
        if self._waiting.acquire(blocking=False):  # no earlier waiter is still out there
            try:
                if self.try_acquire():
                    return True
            finally:
                self._waiting.release()
        if seconds <= 0:
            return False
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

    def close(self) -> None:
        os.close(self.fd)


@contextlib.contextmanager
def hold_writer_lock(url: str, *, seconds: float = 60.0) -> Iterator[None]:
    """For a command that writes the database beside running servers (migrate, the demo's seeding):
    the servers' writer lock for the whole command, taken between two of their transactions, so they
    queue behind the command (and answer 503 `database_busy` after their bounded wait) instead of
    finding SQLite's own lock taken. SystemExit when it stays taken for `seconds`. Nothing for
    MariaDB/MySQL, whose writers wait for row locks only."""
    parsed = sa.engine.make_url(url)
    path = writer_lock_path(parsed.database) if parsed.get_backend_name() == "sqlite" else None
    if path is None or fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = ProcessWriterLock(path)
    try:
        deadline = time.monotonic() + seconds
        if not lock.try_acquire():
            print(f"TagMedX: waiting for the servers' writers to let go of {path}", file=sys.stderr)
            sys.stderr.flush()
        while not lock.try_acquire():
            if time.monotonic() > deadline:
                raise SystemExit(f"The database stayed busy for {seconds:g} s (lock {path}); try again.")
            time.sleep(0.01)
        _HELD_BY_THIS_PROCESS.add(path)
        try:
            yield
        finally:
            _HELD_BY_THIS_PROCESS.discard(path)
            lock.release()
    finally:
        lock.close()


@dataclass
class _Held:
    lock: asyncio.Lock
    across_processes: ProcessWriterLock | None  # None when the whole process holds it (the CLI)
    immediate: bool = False  # the current transaction began with BEGIN IMMEDIATE: SQLite's lock is ours


def _driver_connection(connection: sa.Connection) -> Any:
    return connection.connection.dbapi_connection


def install_sqlite_write_queue(engine: AsyncEngine, lock_path: Path | None, wait_seconds: float) -> None:
    locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
    across = ProcessWriterLock(lock_path) if lock_path is not None and fcntl is not None else None

    def queue_up(deadline: float) -> _Held:
        lock = locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        remaining = deadline - time.monotonic()
        if remaining <= 0 and lock.locked():
            raise DatabaseBusy()
        try:
            await_only(asyncio.wait_for(lock.acquire(), remaining) if remaining > 0 else lock.acquire())
        except TimeoutError:
            raise DatabaseBusy() from None
        if across is None or lock_path in _HELD_BY_THIS_PROCESS:
            return _Held(lock, None)
        if not await_only(across.acquire(deadline - time.monotonic())):
            lock.release()
            raise DatabaseBusy()
        return _Held(lock, across)

    def before_execute(
        connection: sa.Connection, _cursor: Any, statement: str, _parameters: Any, context: Any, *_args: Any
    ) -> None:
        if statement.lstrip()[:6].upper() not in _WRITES or not in_greenlet():
            return  # synchronous use (scripts): SQLite's busy handler alone
        driver = _driver_connection(connection)
        if not isinstance(driver, OneTripConnection):
            return
        held: _Held | None = connection.info.get(_QUEUE_KEY)
        if held is not None and held.immediate and driver.in_transaction:
            return
        no_wait = context is not None and context.execution_options.get(NO_WAIT_OPTION)
        deadline = time.monotonic() + (0 if no_wait else wait_seconds)
        if held is None:
            held = connection.info[_QUEUE_KEY] = queue_up(deadline)
        if driver.in_transaction:  # begun by something else (a SAVEPOINT): its writes make the trip
            return
        if not driver.begin_immediate(deadline - time.monotonic()):
            raise DatabaseBusy()
        held.immediate = True

    def transaction_ended(connection: sa.Connection, *_args: Any) -> None:
        held: _Held | None = connection.info.get(_QUEUE_KEY)
        if held is not None:
            held.immediate = False

    def release(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
        held: _Held | None = record.info.pop(_QUEUE_KEY, None)
        if held is None:
            return
        if held.across_processes is not None:
            held.across_processes.release()
        if held.lock.locked():
            held.lock.release()

    def runs_inline(context: Any) -> bool:
        if not context.execution_options.get(SHORT_WRITE_OPTION):
            return False
        info = context.root_connection.info
        held: _Held | None = info.get(_QUEUE_KEY)
        return held is not None and held.immediate and bool(info.get(WAL_KEY))

    if isinstance(engine.dialect, OneTripDialect):
        engine.dialect.runs_inline = runs_inline  # type: ignore[method-assign]
    event.listen(engine.sync_engine, "before_cursor_execute", before_execute)
    for name in ("commit", "rollback"):
        event.listen(engine.sync_engine, name, transaction_ended)
    for name in ("checkin", "invalidate", "soft_invalidate"):
        event.listen(engine.sync_engine.pool, name, release)

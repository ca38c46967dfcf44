"""A COMMIT or ROLLBACK with nothing to end costs no trip to the database (SQLite's thread, MariaDB's
socket): a request that only reads commits, and the pool resets every connection it takes back.
When there is something to end, it is ended: writes are kept by a commit and undone by a rollback.
And on SQLite, short writes (db.SHORT_WRITE) of a transaction holding the write locks make no trip
at all: they run on the event loop's thread, with the same results and errors."""

from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiosqlite.core
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tagmedx import db
from tagmedx.db import SHORT_WRITE, create_engine
from tests.conftest import which_database

pytestmark = pytest.mark.anyio


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE t (v INTEGER UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def sqlite_trips(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """What each trip to aiosqlite's thread ran: a statement, a commit, a rollback."""
    trips: Counter[str] = Counter()
    original = aiosqlite.core.Connection._execute

    async def counted(
        self: aiosqlite.Connection, function: object, *args: object, **kwargs: object
    ) -> object:
        name = getattr(function, "__name__", "")
        trips["statement" if name in ("_execute", "_executemany") else name] += 1
        return await original(self, function, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    return trips


async def test_sqlite_read_only_work_makes_one_trip_a_statement(
    sqlite_engine: AsyncEngine, sqlite_trips: Counter[str]
) -> None:
    async with sqlite_engine.connect() as connection:
        await connection.execute(sa.text("SELECT count(*) FROM t"))
        await connection.commit()
    assert sqlite_trips == {"statement": 1}


async def test_sqlite_writes_are_committed_and_rolled_back(
    sqlite_engine: AsyncEngine, sqlite_trips: Counter[str]
) -> None:
    async with sqlite_engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO t VALUES (1)"))
        await connection.commit()
        await connection.execute(sa.text("INSERT INTO t VALUES (2)"))
        await connection.rollback()
    assert sqlite_trips == {"statement": 2, "commit": 1, "rollback": 1}
    async with sqlite_engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT v FROM t"))).scalars().all() == [1]


def _insert_behind_sqlalchemy(table: str) -> Callable[[sa.Connection], None]:
    """Write through the driver's own cursor: the Connection begins no transaction of its own, so only
    the pool's reset can end the driver's when the connection goes back."""

    def insert(connection: sa.Connection) -> None:
        cursor = connection.connection.cursor()
        cursor.execute(f"INSERT INTO {table} VALUES (1)")
        cursor.close()

    return insert


async def test_sqlite_pool_rolls_back_what_a_returned_connection_left_open(
    sqlite_engine: AsyncEngine, sqlite_trips: Counter[str]
) -> None:
    async with sqlite_engine.connect() as connection:
        await connection.run_sync(_insert_behind_sqlalchemy("t"))
    assert sqlite_trips == {"statement": 1, "rollback": 1}
    async with sqlite_engine.connect() as connection:
        assert await connection.scalar(sa.text("SELECT count(*) FROM t")) == 0


async def _rollbacks(connection: AsyncConnection) -> int:
    row = (await connection.execute(sa.text("SHOW SESSION STATUS LIKE 'Com_rollback'"))).one()
    return int(row[1])


@pytest.mark.skipif(which_database() != "mysql", reason="the MariaDB/MySQL tier checks its server")
async def test_mysql_pool_sends_rollback_only_when_a_transaction_is_open(database_url: str) -> None:
    engine = create_engine(database_url)  # used one request at a time: always the same connection
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text("CREATE TEMPORARY TABLE trips (v INT) ENGINE=InnoDB"))
            await connection.commit()
            before = await _rollbacks(connection)  # connecting may have sent one
            await connection.commit()
        for _ in range(5):  # read, commit, back to the pool
            async with engine.connect() as connection:
                await connection.execute(sa.text("SELECT count(*) FROM trips"))
                await connection.commit()
        async with engine.connect() as connection:
            assert await _rollbacks(connection) == before
            await connection.commit()
            await connection.run_sync(_insert_behind_sqlalchemy("trips"))
        async with engine.connect() as connection:
            assert await _rollbacks(connection) == before + 1
            assert await connection.scalar(sa.text("SELECT count(*) FROM trips")) == 0
    finally:
        await engine.dispose()


_T = sa.table("t", sa.column("v"))
_SHORT_INSERT = sa.insert(_T).execution_options(**SHORT_WRITE)


async def test_sqlite_short_writes_of_the_lock_holder_make_no_trip(
    sqlite_engine: AsyncEngine, sqlite_trips: Counter[str]
) -> None:
    async with sqlite_engine.connect() as connection:
        await connection.execute(_SHORT_INSERT, {"v": 1})  # takes the write locks, then runs here
        await connection.execute(_SHORT_INSERT, [{"v": 2}, {"v": 3}])
        await connection.execute(sa.update(_T).values(v=_T.c.v + 10).execution_options(**SHORT_WRITE))
        await connection.execute(sa.insert(_T), {"v": 4})  # not marked: the trip as before
        await connection.commit()
    assert sqlite_trips == {"statement": 1, "commit": 1}
    async with sqlite_engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT v FROM t ORDER BY v"))).scalars().all() == [
            4,
            11,
            12,
            13,
        ]


async def test_sqlite_a_failing_short_write_raises_and_rolls_back_as_usual(
    sqlite_engine: AsyncEngine,
) -> None:
    async with sqlite_engine.connect() as connection:
        await connection.execute(_SHORT_INSERT, {"v": 1})
        with pytest.raises(sa.exc.IntegrityError):
            await connection.execute(_SHORT_INSERT, {"v": 1})
        await connection.rollback()
    async with sqlite_engine.connect() as connection:
        await connection.execute(_SHORT_INSERT, {"v": 5})
        await connection.commit()
        assert (await connection.execute(sa.text("SELECT v FROM t"))).scalars().all() == [5]


async def test_sqlite_a_writer_without_the_other_processes_lock_is_busy_and_makes_no_trip(
    sqlite_engine: AsyncEngine, sqlite_trips: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that waited its bound for the file lock shared with other worker processes gives up
    (DatabaseBusy: 503) instead of meeting SQLite's busy handler, and writes nothing."""

    async def gave_up(_lock: db.ProcessWriterLock, _seconds: float) -> bool:
        return False

    monkeypatch.setattr(db.ProcessWriterLock, "acquire", gave_up)
    async with sqlite_engine.connect() as connection:
        with pytest.raises(db.DatabaseBusy):
            await connection.execute(_SHORT_INSERT, {"v": 1})
        await connection.rollback()
    assert sqlite_trips == {}

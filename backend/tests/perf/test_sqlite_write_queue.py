"""SQLite writers of one process queue in order on the event loop instead of polling SQLite's lock
(tagmedx.db.install_sqlite_write_queue). Without the queue, a second writer with no busy timeout
fails at once with "database is locked"; with it, it waits for the first writer's commit."""

import asyncio
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from tagmedx.db import ProcessWriterLock, create_engine


async def _table(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))


async def test_a_second_writer_waits_for_the_first_to_commit(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}")
    await _table(engine)
    order: list[str] = []
    first_wrote, second_read = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with engine.connect() as connection:
            await connection.execute(sa.text("INSERT INTO notes (body) VALUES ('first')"))
            order.append("first wrote")
            first_wrote.set()
            await second_read.wait()
            for _ in range(20):  # let the second writer reach its INSERT
                await asyncio.sleep(0)
            await connection.commit()
            order.append("first committed")

    async def second() -> None:
        await first_wrote.wait()
        async with engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA busy_timeout=0")  # SQLite alone would fail now
            rows = (await connection.execute(sa.text("SELECT count(*) FROM notes"))).scalar_one()
            order.append(f"second read {rows}")  # WAL: readers never wait, and see committed rows only
            second_read.set()
            await connection.execute(sa.text("INSERT INTO notes (body) VALUES ('second')"))
            order.append("second wrote")
            await connection.commit()

    await asyncio.gather(first(), second())
    assert order == ["first wrote", "second read 0", "first committed", "second wrote"]
    async with engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT count(*) FROM notes"))).scalar_one() == 2
    await engine.dispose()


async def test_a_rolled_back_or_failed_writer_frees_the_queue(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}")
    await _table(engine)
    async with engine.connect() as connection:
        await connection.execute(sa.text("INSERT INTO notes (body) VALUES ('undone')"))
        await connection.rollback()
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text("INSERT INTO notes (id, body) VALUES (1, 'a')"))
            await connection.execute(sa.text("INSERT INTO notes (id, body) VALUES (1, 'again')"))
    except sa.exc.IntegrityError:
        pass
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA busy_timeout=0")
        await asyncio.wait_for(connection.execute(sa.text("INSERT INTO notes (body) VALUES ('b')")), 10)
        await connection.commit()
        assert (await connection.execute(sa.text("SELECT body FROM notes"))).scalars().all() == ["b"]
    await engine.dispose()


async def test_writers_of_two_processes_take_turns_on_the_file_lock(tmp_path: Path) -> None:
    """Two ProcessWriterLock objects on one file behave as two processes' (flock is per open file)."""
    path = tmp_path / "db.writer-lock"
    mine, theirs = ProcessWriterLock(path), ProcessWriterLock(path)
    assert await mine.acquire(1)
    assert not await theirs.acquire(0.1)  # held elsewhere: gives up after its wait
    waiting = asyncio.ensure_future(theirs.acquire(5))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    mine.release()
    assert await waiting  # handed over as soon as it was released, not after a poll
    assert not await mine.acquire(0.1)
    theirs.release()
    # the waiter that gave up above never kept the lock it got later
    assert await mine.acquire(1)
    mine.release()


async def test_sqlite_engines_queue_writers_across_processes_on_a_lock_file(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}")
    try:
        await _table(engine)
        async with engine.begin() as connection:
            await connection.execute(sa.text("INSERT INTO notes (body) VALUES ('x')"))
            outsider = ProcessWriterLock(tmp_path / "queue.db.writer-lock")
            assert not await outsider.acquire(0.1)  # this engine's writer holds it
        assert await outsider.acquire(1)  # released with the connection
        outsider.release()
    finally:
        await engine.dispose()

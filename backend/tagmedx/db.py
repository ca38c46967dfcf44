"""The database engine and the per-request session (commits on success, rolls back on error)."""

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        pool_recycle=1800,
        pool_timeout=5,
        isolation_level="READ COMMITTED",
        connect_args={"connect_timeout": 3},
    )


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await _safe_rollback(session)
            raise


async def _safe_rollback(session: AsyncSession) -> None:
    with contextlib.suppress(Exception):  # a broken connection: the original error matters
        await session.rollback()


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

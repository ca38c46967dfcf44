"""read_in_parallel: independent reads on connections of their own, answers in the order asked."""

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.db import read_in_parallel

pytestmark = pytest.mark.anyio


async def test_reads_run_on_separate_sessions_and_answer_in_order(app: FastAPI) -> None:
    seen: list[AsyncSession] = []

    async def value(session: AsyncSession, number: int) -> int:
        seen.append(session)
        return int((await session.execute(sa.select(sa.literal(number)))).scalar_one())

    answers = await read_in_parallel(
        app.state.sessionmaker,
        lambda own: value(own, 1),
        lambda own: value(own, 2),
        lambda own: value(own, 3),
    )
    assert answers == [1, 2, 3]
    assert len({id(session) for session in seen}) == 3


async def test_a_failing_read_fails_the_whole(app: FastAPI) -> None:
    async def broken(session: AsyncSession) -> None:
        await session.execute(sa.text("SELECT * FROM no_such_table"))

    with pytest.raises(sa.exc.DBAPIError):
        await read_in_parallel(app.state.sessionmaker, broken, lambda own: own.execute(sa.select(1)))

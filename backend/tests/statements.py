"""Counting the SQL statements the app sends, for tests that guard against N+1 queries."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI


class StatementLog(list[str]):
    """The statements sent while a `count_statements` block ran."""

    @property
    def count(self) -> int:
        return len(self)


@contextmanager
def count_statements(app: FastAPI) -> Iterator[StatementLog]:
    """Collect the SQL statements the app's engine sends while the block runs."""
    log = StatementLog()
    engine = app.state.engine.sync_engine

    def listener(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        log.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield log
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)

"""Numbers people see: packages and samples are numbered within their set (#1, #2, ...).

Ids are global and jump from set to set; a manager says "package #3 of the chest set". A row inserted
without a number gets the set's highest number + 1, read once per statement and set (a statement that
inserts a thousand samples of one set reads it once and counts on), so every way rows arrive (uploads,
scripts, tests, benches: ORM or Core, one row or many) numbers them the same way.

Numbers never change afterwards, whatever else is deleted. Inserts of packages and samples are
serialised per set by the set's lock (features/samples: repository.lock_set), and a unique index on
(set_id, number) refuses a writer that bypassed it. A number freed by deleting the set's last package
or sample may be given again to the next one.
"""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine.default import DefaultExecutionContext

_CACHE = "_tagmedx_set_numbers"


def next_in_set(table_name: str) -> Callable[[DefaultExecutionContext], int]:
    """A column default: the next number of the row's set in `table_name`."""
    table = sa.table(table_name, sa.column("set_id"), sa.column("number"))

    def default(context: DefaultExecutionContext) -> int:
        set_id = context.get_current_parameters()["set_id"]  # type: ignore[no-untyped-call]
        counters: dict[Any, int] = context.__dict__.setdefault(_CACHE, {})
        if set_id not in counters:
            highest = sa.select(sa.func.coalesce(sa.func.max(table.c.number), 0)).where(
                table.c.set_id == set_id
            )
            counters[set_id] = int(context.root_connection.scalar(highest) or 0)
        counters[set_id] += 1
        return counters[set_id]

    return default

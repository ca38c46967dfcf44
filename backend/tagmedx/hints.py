"""Index hints for MySQL and MariaDB, for reads whose plan must not depend on the statistics of the moment.

Their optimizers choose between an index and a scan from sampled table statistics, which move as tables
grow; for a few reads a wrong choice costs a walk over a whole table or a whole set per request. On
SQLite (and any other database) the statement is unchanged.
"""

from functools import cache
from typing import Any

import sqlalchemy as sa

MYSQL_DIALECTS = ("mysql", "mariadb")


def force_index(statement: sa.Select[Any], model: Any, index: str) -> sa.Select[Any]:
    """`statement` reading `model`'s table through `index` on MySQL/MariaDB (FORCE INDEX).

    The name is checked against the model's indexes on every database, so a renamed index fails the
    tests on SQLite too, not only a query on MySQL.
    """
    if index not in _index_names(model):
        raise ValueError(f"{model.__tablename__} has no index {index!r}")
    for dialect in MYSQL_DIALECTS:
        statement = statement.with_hint(model, f"FORCE INDEX ({index})", dialect_name=dialect)
    return statement


@cache
def _index_names(model: Any) -> frozenset[str]:
    table: sa.Table = model.__table__
    names = {str(index.name) for index in table.indexes}
    names |= {str(unique.name) for unique in table.constraints if isinstance(unique, sa.UniqueConstraint)}
    return frozenset(names | {"PRIMARY"})

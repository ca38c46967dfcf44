"""Index hints for MySQL and MariaDB, for reads whose plan must not depend on the statistics of the moment.

Their optimizers choose between an index and a scan from sampled table statistics, which move as tables
grow; for a few reads a wrong choice costs a walk over a whole table or a whole set per request. On
SQLite (and any other database) the statement is unchanged.

`through_id_range` is here, not in a repository, because both the grid (samples) and the exports read
samples this way.
"""

from functools import cache
from typing import Any

import sqlalchemy as sa

from tagmedx.models import Sample

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


def through_id_range(statement: sa.Select[Any], package_id: int | None) -> sa.Select[Any]:
    """A read of a set's samples (of one package, if given) from an id on, in id order, as a range of
    (set, id) or (package, id) in the index on MySQL/MariaDB. MariaDB otherwise walked the set's entries
    from its first sample, so a page cost 0.15 ms at the start of a 100k set and 5-7 ms at its end."""
    index = "ix_samples_set_id" if package_id is None else "ix_samples_package_id"
    return force_index(statement, Sample, index)


@cache
def _index_names(model: Any) -> frozenset[str]:
    table: sa.Table = model.__table__
    names = {str(index.name) for index in table.indexes}
    names |= {str(unique.name) for unique in table.constraints if isinstance(unique, sa.UniqueConstraint)}
    return frozenset(names | {"PRIMARY"})

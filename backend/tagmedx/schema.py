"""Whether the database's schema is the one this code was written for: Alembic's revision in the
database against the newest migration beside the code. `serve` refuses to start on any other
(cli.py); /api/health reports it on every call, for a replica started before a migration finished."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection

from tagmedx.db import is_connection_error

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
MIGRATE_COMMAND = "python -m tagmedx migrate"

SchemaStatus = Literal["current", "behind", "unknown"]


@dataclass(frozen=True)
class CodeRevisions:
    heads: frozenset[str]
    known: frozenset[str]


@lru_cache
def code_revisions() -> CodeRevisions:
    """The migrations' heads and every revision they know (read once: Alembic loads each file)."""
    script = ScriptDirectory(str(MIGRATIONS))
    return CodeRevisions(
        heads=frozenset(script.get_heads()),
        known=frozenset(revision.revision for revision in script.walk_revisions()),
    )


@dataclass(frozen=True)
class SchemaState:
    status: SchemaStatus
    database: frozenset[str]  # the revisions the database says it is at (none: never migrated)
    code: frozenset[str]

    @property
    def explanation(self) -> str:
        found = ", ".join(sorted(self.database)) or "no schema"
        wanted = ", ".join(sorted(self.code))
        if self.status == "behind":
            return (
                f"The database's schema ({found}) is behind this version of TagMedX ({wanted}): "
                f"run `{MIGRATE_COMMAND}` (make migrate) with the same settings, then start the server."
            )
        if self.status == "unknown":
            return (
                f"The database's schema ({found}) is not one this version of TagMedX knows ({wanted}): "
                "it was migrated by a newer version. Run that version, or restore a backup that matches."
            )
        return f"The database's schema is current ({wanted})."


def judge(database: frozenset[str]) -> SchemaState:
    code = code_revisions()
    if database == code.heads:
        status: SchemaStatus = "current"
    elif database <= code.known:
        status = "behind"
    else:
        status = "unknown"
    return SchemaState(status=status, database=database, code=code.heads)


async def read_schema_state(connection: AsyncConnection) -> SchemaState:
    """One statement. A database without Alembic's table was never migrated (behind); errors of an
    unreachable database are raised."""
    try:
        rows = (await connection.execute(sa.text("SELECT version_num FROM alembic_version"))).scalars()
        database = frozenset(str(revision) for revision in rows)
    except sa.exc.DBAPIError as error:
        if is_connection_error(error):
            raise
        await connection.rollback()
        database = frozenset()
    return judge(database)

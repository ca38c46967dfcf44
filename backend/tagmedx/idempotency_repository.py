"""Every SQL statement of `Idempotency-Key` rows (idempotency.py says what they mean).

A row is "owned" while it has no answer yet and its `owner` is the token of the request holding it;
the updates below run on that condition only, so a request that lost its key changes nothing.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import IdempotencyKey


def _owned_by(row_id: int, owner: str | None) -> sa.ColumnElement[bool]:
    held = IdempotencyKey.owner.is_(None) if owner is None else IdempotencyKey.owner == owner
    return sa.and_(IdempotencyKey.id == row_id, IdempotencyKey.status_code.is_(None), held)


async def find(session: AsyncSession, user_id: int, key: str) -> IdempotencyKey | None:
    statement = sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
    return (await session.execute(statement)).scalar_one_or_none()


async def delete(session: AsyncSession, row_id: int) -> None:
    await session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id == row_id))


async def insert(session: AsyncSession, row: IdempotencyKey) -> None:
    """Insert now; IntegrityError when a simultaneous twin inserted the same (user, key) first."""
    session.add(row)
    await session.flush([row])


async def _update_owned(
    session: AsyncSession, row_id: int, held_by: str | None, values: dict[str, Any]
) -> bool:
    result = await session.execute(
        sa.update(IdempotencyKey)
        .where(_owned_by(row_id, held_by))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def take_over(
    session: AsyncSession,
    row_id: int,
    old_owner: str | None,
    owner: str,
    lease_until: datetime,
    now: datetime,
) -> bool:
    """Take a row whose request died without an answer, if `old_owner` still holds it (one taker wins)."""
    values = {"owner": owner, "lease_until": lease_until, "created_at": now}
    return await _update_owned(session, row_id, old_owner, values)


async def keep_answer(
    session: AsyncSession, row_id: int, owner: str, status_code: int, response: Any, now: datetime
) -> bool:
    """Store the answer and release the row, if `owner` still holds it."""
    values = {
        "status_code": status_code,
        "response": response,
        "owner": None,
        "lease_until": None,
        "created_at": now,
    }
    return await _update_owned(session, row_id, owner, values)


async def renew(session: AsyncSession, row_id: int, owner: str, lease_until: datetime) -> None:
    await _update_owned(session, row_id, owner, {"lease_until": lease_until})


async def free(session: AsyncSession, row_id: int, owner: str) -> None:
    """Delete the row, if `owner` still holds it without an answer."""
    await session.execute(
        sa.delete(IdempotencyKey).where(_owned_by(row_id, owner)).execution_options(synchronize_session=False)
    )


async def expired_ids(session: AsyncSession, cutoff: datetime, limit: int) -> Sequence[int]:
    """Through the created_at index: one index probe when nothing has expired."""
    statement = sa.select(IdempotencyKey.id).where(IdempotencyKey.created_at < cutoff).limit(limit)
    return (await session.execute(statement)).scalars().all()


async def delete_ids(session: AsyncSession, ids: Sequence[int]) -> None:
    await session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id.in_(ids)))

"""`Idempotency-Key`: a retried request (e.g. an upload whose answer was lost) repeats nothing.

The first request with a key does its work and stores its answer under (caller, key) in the SAME
transaction as that work: both are kept, or neither. A later request with the same key and the
same fingerprint gets the stored answer again (`Idempotent-Replayed: true`) without running; the
same key with a different request answers 400. Two concurrent first requests with one key: the
unique (user_id, key) index lets one commit; the other answers 409 and changes nothing.

Answers are kept for KEEP_FOR: each request that stores one then removes the expired ones, after its
response, in short transactions of their own (prune_expired), so the table never grows without bound.

In a route:

    remembered = await idempotency.start(session, user.id, key, idempotency.fingerprint(...))
    if remembered.replay is not None:
        return remembered.replay
    result = ...  # the work
    if await remembered.keep(session, 201, result):
        background.add_task(idempotency.prune_expired, sessionmaker)
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.db import retry_on_deadlock
from tagmedx.errors import BadRequest, Conflict
from tagmedx.models import IdempotencyKey
from tagmedx.models.base import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
PRUNE_BATCH = 500  # expired answers deleted per transaction: short row locks, bounded memory

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique printable string (e.g. a UUID). Sending the same key again within "
        "24 hours replays the first answer instead of repeating the work.",
    ),
]


class KeyReused(BadRequest):
    code = "idempotency_key_reused"
    detail = "This Idempotency-Key was used for a different request. Use a new key for a new request."


class KeyInFlight(Conflict):
    code = "idempotency_key_in_use"
    detail = "A request with this Idempotency-Key is being processed. Retry in a moment."


def fingerprint(*parts: object) -> str:
    """A digest of what makes two requests "the same" (method, path, names and sizes of files...)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass
class Remembered:
    user_id: int
    key: str | None
    request_hash: str
    replay: JSONResponse | None = None

    async def keep(self, session: AsyncSession, status_code: int, body: Any) -> bool:
        """Store the answer in the caller's transaction (True; False without a key); a concurrent
        twin makes this a 409."""
        if self.key is None:
            return False
        session.add(
            IdempotencyKey(
                user_id=self.user_id,
                key=self.key,
                request_hash=self.request_hash,
                status_code=status_code,
                response=jsonable_encoder(body),
            )
        )
        try:
            await session.flush()
        except sa.exc.IntegrityError as error:
            raise KeyInFlight() from error
        return True


async def start(session: AsyncSession, user_id: int, key: str | None, request_hash: str) -> Remembered:
    """Look the key up: a stored answer to replay, or a `Remembered` to `keep` the new answer with."""
    remembered = Remembered(user_id=user_id, key=key, request_hash=request_hash)
    if key is None:
        return remembered
    stored = (
        await session.execute(
            sa.select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
        )
    ).scalar_one_or_none()
    if stored is not None and stored.created_at < utcnow() - KEEP_FOR:
        await session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id == stored.id))
        await session.flush()
        stored = None
    if stored is None:
        return remembered
    if stored.request_hash != request_hash:
        raise KeyReused()
    if stored.status_code is None:
        raise KeyInFlight()
    remembered.replay = JSONResponse(
        stored.response, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
    )
    return remembered


async def prune_expired(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Delete the answers kept longer than KEEP_FOR, PRUNE_BATCH at a time; how many went. Through
    the created_at index, so it costs one index probe when nothing has expired."""
    cutoff = utcnow() - KEEP_FOR

    async def one_batch() -> int:
        async with sessionmaker() as session:
            expired = sa.select(IdempotencyKey.id).where(IdempotencyKey.created_at < cutoff)
            ids = (await session.execute(expired.limit(PRUNE_BATCH))).scalars().all()
            if ids:
                await session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.id.in_(ids)))
            await session.commit()
            return len(ids)

    removed = 0
    while True:
        batch = await retry_on_deadlock(one_batch)
        removed += batch
        if batch < PRUNE_BATCH:
            return removed

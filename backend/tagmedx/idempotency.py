"""`Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header): a retried request (an upload
or a claim whose answer was lost, or that timed out on the client) repeats nothing.

Per caller and key, whatever the number of servers sharing the database:

1. Before any work, the request writes the key's row in a short transaction of its own, with no
   answer yet, owned by a random token until `lease_until`. The unique (user_id, key) index lets
   exactly one of several simultaneous first requests have it. A request that finds the row gets
   - its answer again, when it has one and the request is the same (`Idempotent-Replayed: true`);
   - 422 `idempotency_key_reused` when the key was used for another request (the draft's 422);
   - 409 `idempotency_in_progress` with `Retry-After` while the first request still works (the
     draft's "concurrent request"): retried after it, it gets the first one's answer;
   - the key itself, once the lease has run out without an answer (the first request's server died
     mid-way): taken over on condition of the token it found, so one taker wins.
2. The work runs in the request's own transaction, and `keep` writes the answer into the row in
   that same transaction, on condition of still owning it: the work and its answer are committed
   together or not at all, and a request whose key was taken over commits nothing (409).
3. While the work runs its lease is renewed every RENEW_EVERY (ZIP imports take minutes). A request
   that ends without an answer kept (a refusal, an error, a failed commit) deletes its row, so a
   retry runs the work anew; only successes are replayed.

Answers are kept for KEEP_FOR: each request that stores one then removes the expired ones, after its
response, in short transactions of their own (prune_expired), so the table never grows without bound.

In a route, declare the guard FIRST (it then ends after the request's transaction):

    async def route(idempotent: IdempotencyGuard, session: Session, ...):
        replay = await idempotent.start(user.id, idempotency.fingerprint(...))
        if replay is not None:
            return replay
        result = ...  # the work
        if await idempotent.keep(session, 201, result):
            background.add_task(idempotency.prune_expired, sessionmaker)
"""

import asyncio
import contextlib
import hashlib
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx import idempotency_repository as repository
from tagmedx.db import retry_on_deadlock
from tagmedx.errors import Conflict, Unprocessable
from tagmedx.models import IdempotencyKey
from tagmedx.models.base import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
LEASE = timedelta(seconds=30)  # how long a first request holds its key without renewing it
RENEW_EVERY = LEASE / 3
RETRY_AFTER_SECONDS = 2
PRUNE_BATCH = 500  # expired answers deleted per transaction: short row locks, bounded memory
log = logging.getLogger("tagmedx.idempotency")

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique printable string (e.g. a UUID). Sending the same key again within "
        "24 hours replays the first answer instead of repeating the work; while the first request "
        "still runs, 409 `idempotency_in_progress` with Retry-After; the same key for another "
        "request, 422 `idempotency_key_reused`.",
    ),
]


class KeyReused(Unprocessable):
    code = "idempotency_key_reused"
    detail = "This Idempotency-Key was used for a different request. Use a new key for a new request."


class KeyInProgress(Conflict):
    code = "idempotency_in_progress"
    detail = (
        "A request with this Idempotency-Key is still being processed. Send it again in a moment "
        "(same key, same request) to get its answer."
    )

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}


def fingerprint(*parts: object) -> str:
    """A digest of what makes two requests "the same" (method, path, names and sizes of files...)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


class Idempotency:
    """One request's use of its Idempotency-Key (none: every method does nothing)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], key: str | None) -> None:
        self.sessionmaker = sessionmaker
        self.key = key
        self.row_id: int | None = None
        self.owner = secrets.token_hex(16)
        self.kept = False
        self._done = asyncio.Event()
        self._renewing: asyncio.Task[None] | None = None

    async def start(self, user_id: int, request_hash: str) -> JSONResponse | None:
        """Hold the key for this request (None: go ahead with the work), or the answer to replay;
        KeyReused or KeyInProgress otherwise."""
        if self.key is None:
            return None
        key = self.key

        async def attempt() -> JSONResponse | None:
            async with self.sessionmaker() as session:
                outcome = await self._claim(session, user_id, key, request_hash)
                await session.commit()
                return outcome

        for _ in range(2):  # a concurrent first request may insert between our read and insert
            try:
                replay = await retry_on_deadlock(attempt)
            except IntegrityError:
                continue
            if replay is None:
                self._renewing = asyncio.create_task(self._renew())
            return replay
        raise KeyInProgress()

    async def _claim(
        self, session: AsyncSession, user_id: int, key: str, request_hash: str
    ) -> JSONResponse | None:
        now = utcnow()
        stored = await repository.find(session, user_id, key)
        if stored is not None and stored.created_at < now - KEEP_FOR:
            await repository.delete(session, stored.id)
            stored = None
        if stored is None:
            held = IdempotencyKey(
                user_id=user_id,
                key=key,
                request_hash=request_hash,
                owner=self.owner,
                lease_until=now + LEASE,
                created_at=now,
            )
            await repository.insert(session, held)  # IntegrityError: a twin inserted it first
            self.row_id = held.id
            return None
        if stored.request_hash != request_hash:
            raise KeyReused()
        if stored.status_code is not None:
            return JSONResponse(
                stored.response, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
            )
        if stored.lease_until is not None and stored.lease_until > now:
            raise KeyInProgress()
        # its request died without an answer: take the key over
        if not await repository.take_over(session, stored.id, stored.owner, self.owner, now + LEASE, now):
            raise KeyInProgress()
        self.row_id = stored.id
        return None

    async def keep(self, session: AsyncSession, status_code: int, body: Any) -> bool:
        """Store the answer in the caller's transaction (True; False without a key). KeyInProgress
        when the key is no longer this request's (its lease ran out and a retry took it over)."""
        if self.row_id is None:
            return False
        answer = jsonable_encoder(body)
        if not await repository.keep_answer(session, self.row_id, self.owner, status_code, answer, utcnow()):
            raise KeyInProgress(
                "A retry with this Idempotency-Key took it over; this request changed nothing."
            )
        self.kept = True
        return True

    async def _renew(self) -> None:
        """Extend the lease every RENEW_EVERY until the request ends. A renewal that fails is only
        logged: at worst the lease runs out and a retry takes the key over, which `keep` refuses."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._done.wait(), RENEW_EVERY.total_seconds())
            if self._done.is_set():
                return
            try:
                await self._write(repository.renew, utcnow() + LEASE)
            except Exception:
                log.warning("could not renew the lease of an Idempotency-Key", exc_info=True)

    async def _write(self, change: Callable[..., Awaitable[None]], *args: Any) -> None:
        """`change(session, row_id, owner, *args)` to this request's row, in a short transaction of
        its own, replayed after a deadlock."""
        row_id = self.row_id
        assert row_id is not None

        async def run() -> None:
            async with self.sessionmaker() as session:
                await change(session, row_id, self.owner, *args)
                await session.commit()

        await retry_on_deadlock(run)

    async def finish(self, *, succeeded: bool) -> None:
        """After the request's transaction: stop renewing; without an answer committed, free the key."""
        self._done.set()
        if self._renewing is not None:
            await self._renewing
        if self.row_id is not None and not (succeeded and self.kept):
            try:
                await self._write(repository.free)
            except Exception:  # the database is away: the lease runs out, then a retry takes the key
                log.warning("could not free an Idempotency-Key after its request", exc_info=True)


async def _guard(request: Request, key: IdempotencyKeyHeader = None) -> AsyncIterator[Idempotency]:
    """Entered before the request's session (declare it first), so it ends after the commit."""
    idempotency = Idempotency(request.app.state.sessionmaker, key)
    try:
        yield idempotency
    except BaseException:
        await idempotency.finish(succeeded=False)
        raise
    await idempotency.finish(succeeded=True)


IdempotencyGuard = Annotated[Idempotency, Depends(_guard, scope="function")]


async def prune_expired(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Delete the answers kept longer than KEEP_FOR, PRUNE_BATCH at a time; how many went. Through
    the created_at index, so it costs one index probe when nothing has expired."""
    cutoff = utcnow() - KEEP_FOR

    async def one_batch() -> int:
        async with sessionmaker() as session:
            ids = await repository.expired_ids(session, cutoff, PRUNE_BATCH)
            if ids:
                await repository.delete_ids(session, ids)
            await session.commit()
            return len(ids)

    removed = 0
    while True:
        batch = await retry_on_deadlock(one_batch)
        removed += batch
        if batch < PRUNE_BATCH:
            return removed

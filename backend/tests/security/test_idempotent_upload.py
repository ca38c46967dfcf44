"""Uploads accept an Idempotency-Key: a retried upload never creates a duplicate; a key reused for a
different upload is refused (422, as the IETF draft has it); a retry that overlaps the first upload
answers 409 `idempotency_in_progress` with Retry-After and, sent again once the first is done, the
first one's answer (issue 21, item 6). Across server processes: tests/faults/test_idempotent_overlap.py."""

import asyncio
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx import idempotency
from tagmedx.features.samples import service as sample_service
from tagmedx.models import IdempotencyKey, Sample
from tagmedx.models.base import utcnow
from tests.faults.holds import DEADLINE_SECONDS, Hold
from tests.packages.helpers import separate_client
from tests.samples.helpers import count, files_field, make_world, png

pytestmark = pytest.mark.anyio


async def send(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    set_id: int,
    key: str | None,
    *items: tuple[str, bytes],
) -> httpx.Response:
    extra = {"Idempotency-Key": key} if key is not None else {}
    return await client.post(
        f"/api/sets/{set_id}/samples", files=files_field(*items), headers=headers | extra
    )


async def test_a_retried_upload_answers_the_same_and_adds_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    items = [("a.png", png(seed=1)), ("b.png", png(seed=2))]
    first = await send(client, world.admin.headers, world.set_id, "upload-7f3a", *items)
    assert first.status_code == 201, first.text
    again = await send(client, world.admin.headers, world.set_id, "upload-7f3a", *items)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await count(session, Sample) == 2


async def test_without_a_key_a_repeat_is_judged_again(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    first = await send(client, world.admin.headers, world.set_id, None, ("a.png", png(seed=1)))
    assert first.status_code == 201
    again = await send(client, world.admin.headers, world.set_id, None, ("a.png", png(seed=1)))
    assert again.status_code == 409  # the duplicate-content rule, not a replay
    assert await count(session, Sample) == 1


async def test_a_key_reused_for_another_upload_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    assert (
        await send(client, world.admin.headers, world.set_id, "k1", ("a.png", png(seed=1)))
    ).status_code == 201
    other = await send(client, world.admin.headers, world.set_id, "k1", ("other.png", png(seed=5)))
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert await count(session, Sample) == 1


async def test_keys_belong_to_their_user(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    from tagmedx.models import Role
    from tests.samples.helpers import add_member

    await add_member(session, world.group_id, world.outsider, Role.admin)
    mine = await send(client, world.admin.headers, world.set_id, "shared", ("a.png", png(seed=1)))
    theirs = await send(client, world.outsider.headers, world.set_id, "shared", ("b.png", png(seed=2)))
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "idempotent-replayed" not in theirs.headers
    assert await count(session, Sample) == 2


async def test_a_refused_upload_is_not_remembered(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    refused = await send(client, world.admin.headers, world.set_id, "k2", ("a.png", b"not an image at all"))
    assert refused.status_code == 415
    assert await count(session, IdempotencyKey) == 0


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "tab\tkey"])
async def test_a_malformed_key_is_422(client: httpx.AsyncClient, session: AsyncSession, key: str) -> None:
    world = await make_world(session)
    response = await send(client, world.admin.headers, world.set_id, key, ("a.png", png()))
    assert response.status_code == 422
    assert await count(session, Sample) == 0


async def test_concurrent_twins_create_the_samples_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    items = [("a.png", png(seed=1))]
    answers = await asyncio.gather(
        *(send(client, world.admin.headers, world.set_id, "twin", *items) for _ in range(4))
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}, [answer.text for answer in answers]
    refused = [answer.json()["code"] for answer in answers if answer.status_code == 409]
    assert set(refused) <= {"idempotency_in_progress"}  # never the duplicate rule's 409: the key's
    created = [answer.json() for answer in answers if answer.status_code == 201]
    assert all(body == created[0] for body in created)  # later ones replay the first
    assert await count(session, Sample) == 1
    keys = await session.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey))
    assert keys == 1


async def test_a_retry_overlapping_the_first_upload_waits_its_turn_then_gets_its_answer(
    app: FastAPI, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    items = [("a.png", png(seed=1)), ("b.png", png(seed=2)), ("c.png", png(seed=3))]
    hold = Hold()
    monkeypatch.setattr(sample_service, "upload_samples", hold.wrap(sample_service.upload_samples))

    async with separate_client(app) as first_client, separate_client(app) as retry_client:
        first = asyncio.create_task(send(first_client, world.admin.headers, world.set_id, "slow", *items))
        await hold.entered()  # the first upload holds its key and is inside its work
        overlapping = await send(retry_client, world.admin.headers, world.set_id, "slow", *items)
        assert overlapping.status_code == 409, overlapping.text
        assert overlapping.json()["code"] == "idempotency_in_progress"
        assert int(overlapping.headers["retry-after"]) >= 1
        assert await count(session, Sample) == 0  # the retry did nothing
        hold.release.set()
        answered = await first
        again = await send(retry_client, world.admin.headers, world.set_id, "slow", *items)
    assert answered.status_code == 201, answered.text
    assert again.status_code == 201
    assert again.json() == answered.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await count(session, Sample) == 3


async def test_a_key_whose_first_request_died_is_taken_over_once_its_lease_ran_out(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A row without an answer is what a server killed mid-upload leaves behind."""
    world = await make_world(session)
    items = [("a.png", png(seed=1))]
    request_hash = idempotency.fingerprint(world.set_id, [("a.png", len(items[0][1]))])
    orphan = IdempotencyKey(
        user_id=world.admin.id,
        key="orphan",
        request_hash=request_hash,
        owner="dead" * 8,
        lease_until=utcnow() + timedelta(minutes=1),
    )
    session.add(orphan)
    await session.commit()

    leased = await send(client, world.admin.headers, world.set_id, "orphan", *items)
    assert leased.status_code == 409
    assert leased.json()["code"] == "idempotency_in_progress"
    orphan.lease_until = utcnow() - timedelta(seconds=1)
    await session.commit()
    taken = await send(client, world.admin.headers, world.set_id, "orphan", *items)
    assert taken.status_code == 201, taken.text
    replayed = await send(client, world.admin.headers, world.set_id, "orphan", *items)
    assert replayed.json() == taken.json()
    assert await count(session, Sample) == 1


async def test_a_long_upload_renews_its_lease(
    app: FastAPI, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    monkeypatch.setattr(idempotency, "RENEW_EVERY", timedelta(milliseconds=1))
    hold = Hold()
    monkeypatch.setattr(sample_service, "upload_samples", hold.wrap(sample_service.upload_samples))
    async with separate_client(app) as http:
        first = asyncio.create_task(send(http, world.admin.headers, world.set_id, "long", ("a.png", png())))
        await hold.entered()
        leases = set()
        deadline = asyncio.get_running_loop().time() + DEADLINE_SECONDS
        while len(leases) < 3 and asyncio.get_running_loop().time() < deadline:
            session.expire_all()
            leases.add(await session.scalar(sa.select(IdempotencyKey.lease_until)))
            await asyncio.sleep(0.01)
        hold.release.set()
        assert (await first).status_code == 201
    assert len(leases) >= 3  # renewed while it worked
    session.expire_all()
    kept = (await session.execute(sa.select(IdempotencyKey))).scalar_one()
    assert (kept.status_code, kept.owner, kept.lease_until) == (201, None, None)


async def test_serving_an_image_counts_a_view(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    uploaded = await send(client, world.admin.headers, world.set_id, None, ("a.png", png()))
    sample_id = uploaded.json()["created"][0]["id"]
    for _ in range(3):
        assert (
            await client.get(f"/api/samples/{sample_id}/image", headers=world.annotator.headers)
        ).status_code == 200
    assert (
        await client.get(f"/api/samples/{sample_id}/thumbnail", headers=world.annotator.headers)
    ).status_code == 200
    refused = await client.get(f"/api/samples/{sample_id}/image", headers=world.outsider.headers)
    assert refused.status_code == 404
    views = await client.get(f"/api/groups/{world.group_id}/audit/image-views", headers=world.admin.headers)
    assert [(item["user_id"], item["count"]) for item in views.json()["items"]] == [(world.annotator.id, 3)]


def _kept(user_id: int, key: str, age: timedelta) -> IdempotencyKey:
    return IdempotencyKey(
        user_id=user_id, key=key, request_hash="x", status_code=201, response={}, created_at=utcnow() - age
    )


async def _keys(session: AsyncSession) -> set[str]:
    session.expire_all()
    return set((await session.execute(sa.select(IdempotencyKey.key))).scalars())


async def test_an_upload_that_keeps_an_answer_removes_the_expired_ones(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    expired = idempotency.KEEP_FOR + timedelta(minutes=1)
    session.add_all([_kept(world.admin.id, f"old-{i}", expired) for i in range(3)])
    session.add_all([_kept(world.annotator.id, "old-other-user", expired)])
    session.add(_kept(world.admin.id, "recent", idempotency.KEEP_FOR - timedelta(minutes=1)))
    await session.commit()

    plain = await send(client, world.admin.headers, world.set_id, None, ("a.png", png(seed=1)))
    assert plain.status_code == 201
    assert len(await _keys(session)) == 5  # an upload without a key keeps nothing and prunes nothing

    keyed = await send(client, world.admin.headers, world.set_id, "new-key", ("b.png", png(seed=2)))
    assert keyed.status_code == 201
    assert await _keys(session) == {"recent", "new-key"}


async def test_pruning_goes_in_short_batches_until_nothing_has_expired(
    app: FastAPI, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    monkeypatch.setattr(idempotency, "PRUNE_BATCH", 2)
    session.add_all([_kept(world.admin.id, f"old-{i}", timedelta(days=3)) for i in range(5)])
    session.add(_kept(world.admin.id, "fresh", timedelta(hours=1)))
    await session.commit()
    assert await idempotency.prune_expired(app.state.sessionmaker) == 5
    assert await _keys(session) == {"fresh"}
    assert await idempotency.prune_expired(app.state.sessionmaker) == 0

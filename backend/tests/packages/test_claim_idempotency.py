"""POST /api/sets/{id}/packages/claim with an Idempotency-Key (issue 13 item 2, issue 21 item 6): a
double click or a retried script claims one package, never two; a retry overlapping the first claim
answers 409 `idempotency_in_progress` with Retry-After, then the first claim's answer. Across server
processes: tests/faults/test_idempotent_overlap.py."""

import asyncio
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx import idempotency
from tagmedx.features.packages import service as package_service
from tagmedx.models import IdempotencyKey, Package
from tagmedx.models.base import utcnow
from tests.faults.holds import Hold
from tests.packages.helpers import Team, Workspace, insert_package, insert_set, make_team, separate_client


async def claimable(
    client: httpx.AsyncClient, session: AsyncSession, packages: int = 3
) -> tuple[Team, Workspace]:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    for _ in range(packages):
        await insert_package(session, space, samples=1)
    return team, space


async def claimed_by(session: AsyncSession, user_id: int) -> list[int]:
    session.expire_all()
    rows = await session.execute(
        sa.select(Package.id).where(Package.assignee_id == user_id).order_by(Package.id)
    )
    return list(rows.scalars())


def claim(
    http: httpx.AsyncClient, team: Team, set_id: int, key: str | None
) -> "asyncio.Future[httpx.Response]":
    headers = team.annotator.headers | ({"Idempotency-Key": key} if key else {})
    return asyncio.ensure_future(http.post(f"/api/sets/{set_id}/packages/claim", headers=headers))


async def test_a_repeated_key_answers_the_first_claim(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, space = await claimable(client, session)
    first = await claim(client, team, space.set_id, "click-1")
    assert first.status_code == 200, first.text
    again = await claim(client, team, space.set_id, "click-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await claimed_by(session, team.annotator.id) == [first.json()["id"]]
    other = await claim(client, team, space.set_id, "click-2")  # a new key is a new claim
    assert other.json()["id"] != first.json()["id"]
    without = await claim(client, team, space.set_id, None)
    assert without.status_code == 200
    assert len(await claimed_by(session, team.annotator.id)) == 3


async def test_a_double_click_with_one_key_claims_one_package(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, space = await claimable(client, session)
    async with separate_client(app) as one, separate_client(app) as two:
        answers = await asyncio.gather(
            claim(one, team, space.set_id, "double"), claim(two, team, space.set_id, "double")
        )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses in ([200, 200], [200, 409]), [answer.text for answer in answers]
    assert [answer.json()["code"] for answer in answers if answer.status_code == 409] in (
        [],
        ["idempotency_in_progress"],
    )
    assert len({answer.json()["id"] for answer in answers if answer.status_code == 200}) == 1
    assert len(await claimed_by(session, team.annotator.id)) == 1


async def test_a_retry_overlapping_the_first_claim_gets_409_then_its_answer(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, space = await claimable(client, session)
    hold = Hold()
    monkeypatch.setattr(package_service, "claim_package", hold.wrap(package_service.claim_package))
    async with separate_client(app) as first_client:
        first = claim(first_client, team, space.set_id, "held")
        await hold.entered()
        overlapping = await claim(client, team, space.set_id, "held")
        assert overlapping.status_code == 409, overlapping.text
        assert overlapping.json()["code"] == "idempotency_in_progress"
        assert overlapping.headers["retry-after"].isdigit()
        assert await claimed_by(session, team.annotator.id) == []
        hold.release.set()
        answered = await first
    assert answered.status_code == 200
    again = await claim(client, team, space.set_id, "held")
    assert again.json() == answered.json()
    assert await claimed_by(session, team.annotator.id) == [answered.json()["id"]]


async def test_a_claim_whose_key_was_taken_over_commits_nothing(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first claim stalls past its lease (as a stopped server would); a retry takes the key over
    and claims; when the first one wakes up its claim is refused and rolled back: one package."""
    team, space = await claimable(client, session)
    monkeypatch.setattr(idempotency, "RENEW_EVERY", timedelta(hours=1))  # it stalls: no renewal
    hold = Hold()
    monkeypatch.setattr(package_service, "claim_package", hold.wrap(package_service.claim_package))
    async with separate_client(app) as first_client:
        first = claim(first_client, team, space.set_id, "stalled")
        await hold.entered()
        await session.execute(sa.update(IdempotencyKey).values(lease_until=utcnow() - timedelta(seconds=1)))
        await session.commit()
        taker = await claim(client, team, space.set_id, "stalled")
        assert taker.status_code == 200, taker.text
        hold.release.set()
        late = await first
    assert late.status_code == 409
    assert late.json()["code"] == "idempotency_in_progress"
    assert await claimed_by(session, team.annotator.id) == [taker.json()["id"]]
    replay = await claim(client, team, space.set_id, "stalled")
    assert replay.json() == taker.json()


async def test_no_package_left_is_not_remembered(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, space = await claimable(client, session, packages=0)
    none_left = await claim(client, team, space.set_id, "empty")
    assert none_left.status_code == 404
    session.expire_all()
    assert await session.scalar(sa.select(sa.func.count()).select_from(IdempotencyKey)) == 0
    package = await insert_package(session, space, samples=1)
    later = await claim(client, team, space.set_id, "empty")
    assert later.status_code == 200
    assert later.json()["id"] == package


async def test_a_key_used_for_another_set_is_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, space = await claimable(client, session)
    other = await insert_set(session, team.group_id, name="Other")
    await insert_package(session, other, samples=1)
    assert (await claim(client, team, space.set_id, "mine")).status_code == 200
    reused = await claim(client, team, other.set_id, "mine")
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    for bad in ("", "with space", "x" * 256):
        response = await client.post(
            f"/api/sets/{space.set_id}/packages/claim",
            headers=team.annotator.headers | {"Idempotency-Key": bad},
        )
        assert response.status_code == 422
    assert len(await claimed_by(session, team.annotator.id)) == 1


async def test_openapi_documents_the_key(client: httpx.AsyncClient) -> None:
    operation = (await client.get("/api/openapi.json")).json()["paths"]["/api/sets/{set_id}/packages/claim"][
        "post"
    ]
    assert "Idempotency-Key" in {parameter["name"] for parameter in operation["parameters"]}
    assert {"409", "422"} <= set(operation["responses"])

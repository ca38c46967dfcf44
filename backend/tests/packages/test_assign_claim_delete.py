"""PATCH /api/packages/{id}, POST /api/sets/{id}/packages/claim and DELETE /api/packages/{id}."""

import asyncio

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Box, Examination, Package, Sample
from tests.factories import make_user
from tests.packages.helpers import (
    add_annotator,
    audit_actions,
    insert_package,
    insert_set,
    make_team,
    quick_members,
    scalar,
    separate_client,
)


async def package_row(session: AsyncSession, package_id: int) -> tuple[int | None, bool] | None:
    session.expire_all()
    row = (
        await session.execute(
            sa.select(Package.assignee_id, Package.is_ready).where(Package.id == package_id)
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1])


async def test_admin_assigns_reassigns_and_unassigns(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    other = await add_annotator(client, session, team)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=2)
    url = f"/api/packages/{package}"

    assigned = await client.patch(url, json={"assignee_id": team.annotator.id}, headers=team.admin.headers)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["assignee_id"] == team.annotator.id
    assert assigned.json()["status"] == "in_progress"
    assert assigned.json()["assignee"]["id"] == team.annotator.id

    ready = await client.patch(url, json={"is_ready": True}, headers=team.annotator.headers)
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready"

    handed_on = await client.patch(url, json={"assignee_id": other.id}, headers=team.admin.headers)
    assert handed_on.json()["assignee_id"] == other.id
    assert handed_on.json()["is_ready"] is True  # finished work stays finished (test_reassign_ready.py)

    unassigned = await client.patch(
        url, json={"assignee_id": None, "is_ready": False}, headers=team.admin.headers
    )
    assert unassigned.status_code == 200
    assert unassigned.json()["assignee_id"] is None
    assert unassigned.json()["assignee"] is None
    assert unassigned.json()["status"] == "unassigned"
    assert await package_row(session, package) == (None, False)
    assert await audit_actions(session, team.group_id) == [
        "package.assign",
        "package.ready",
        "package.assign",
        "package.unassign",
        "package.unready",
    ]


async def test_admin_may_assign_and_ready_at_once(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)

    response = await client.patch(
        f"/api/packages/{package}",
        json={"assignee_id": team.annotator.id, "is_ready": True},
        headers=team.admin.headers,
    )

    assert response.status_code == 200, response.text
    assert await package_row(session, package) == (team.annotator.id, True)


async def test_assignee_marks_ready_and_not_ready(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1, assignee_id=team.annotator.id)
    url = f"/api/packages/{package}"

    assert (
        await client.patch(url, json={"is_ready": True}, headers=team.annotator.headers)
    ).status_code == 200
    assert await package_row(session, package) == (team.annotator.id, True)
    again = await client.patch(url, json={"is_ready": False}, headers=team.annotator.headers)
    assert again.status_code == 200
    assert again.json()["status"] == "in_progress"
    assert await audit_actions(session, team.group_id) == ["package.ready", "package.unready"]


async def test_annotators_cannot_assign_or_ready_others_packages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    other = await add_annotator(client, session, team)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1, assignee_id=team.annotator.id)
    free = await insert_package(session, space, samples=1)
    url = f"/api/packages/{package}"

    to_self = await client.patch(url, json={"assignee_id": other.id}, headers=other.headers)
    assert to_self.status_code == 403
    own = await client.patch(url, json={"assignee_id": None}, headers=team.annotator.headers)
    assert own.status_code == 403
    claim_by_patch = await client.patch(
        f"/api/packages/{free}", json={"assignee_id": other.id}, headers=other.headers
    )
    assert claim_by_patch.status_code == 403
    not_mine = await client.patch(url, json={"is_ready": True}, headers=other.headers)
    assert not_mine.status_code == 403
    assert await package_row(session, package) == (team.annotator.id, False)
    assert await package_row(session, free) == (None, False)


async def test_assignee_must_be_a_member(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client, session)
    outsider = await make_user(client)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)
    url = f"/api/packages/{package}"

    for assignee_id in (outsider.id, 999999):
        response = await client.patch(url, json={"assignee_id": assignee_id}, headers=team.admin.headers)
        assert response.status_code == 400
        assert response.json()["code"] == "assignee_not_member"
    assert await package_row(session, package) == (None, False)


async def test_an_unassigned_package_cannot_be_ready(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)

    response = await client.patch(
        f"/api/packages/{package}", json={"is_ready": True}, headers=team.admin.headers
    )

    assert response.status_code == 409
    assert response.json()["code"] == "package_unassigned"
    assert await package_row(session, package) == (None, False)


async def test_patch_refuses_bad_bodies_strangers_and_anonymous(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)
    url = f"/api/packages/{package}"

    for body in (
        {"is_ready": "yes"},
        {"is_ready": None},
        {"assignee_id": 0},
        {"assignee_id": "someone"},
        {"status": "ready"},
    ):
        response = await client.patch(url, json=body, headers=team.admin.headers)
        assert response.status_code == 422, body
    for raw in ('{"assignee_id": NaN}', '{"is_ready": Infinity}', "NaN"):
        headers = {**team.admin.headers, "Content-Type": "application/json"}
        response = await client.patch(url, content=raw, headers=headers)
        assert response.status_code == 422, raw
    assert (await client.patch(url, json={"is_ready": False})).status_code == 401
    hidden = await client.patch(url, json={"assignee_id": stranger.admin.id}, headers=stranger.admin.headers)
    assert hidden.status_code == 404
    missing = await client.patch("/api/packages/999999", json={"is_ready": False}, headers=team.admin.headers)
    assert missing.status_code == 404
    assert await package_row(session, package) == (None, False)
    assert await audit_actions(session, team.group_id) == []


async def test_claim_takes_the_lowest_free_package_with_samples(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    await insert_package(session, space, samples=0)  # empty: skipped
    await insert_package(session, space, samples=1, assignee_id=team.admin.id)  # taken
    await insert_package(session, space, samples=1, assignee_id=team.admin.id, is_ready=True)
    first_free = await insert_package(session, space, samples=2)
    second_free = await insert_package(session, space, samples=2)
    url = f"/api/sets/{space.set_id}/packages/claim"

    claimed = await client.post(url, headers=team.annotator.headers)

    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["id"] == first_free
    assert claimed.json()["assignee_id"] == team.annotator.id
    assert claimed.json()["status"] == "in_progress"
    assert await package_row(session, first_free) == (team.annotator.id, False)
    assert (await client.post(url, headers=team.admin.headers)).json()["id"] == second_free
    none_left = await client.post(url, headers=team.annotator.headers)
    assert none_left.status_code == 404
    assert none_left.json()["code"] == "no_package_left"
    assert await audit_actions(session, team.group_id) == ["package.claim", "package.claim"]


async def test_claim_refuses_strangers_and_anonymous(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)
    url = f"/api/sets/{space.set_id}/packages/claim"

    assert (await client.post(url)).status_code == 401
    hidden = await client.post(url, headers=stranger.annotator.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "set_not_found"
    missing = await client.post("/api/sets/999999/packages/claim", headers=team.annotator.headers)
    assert missing.status_code == 404
    assert (
        await client.post("/api/sets/abc/packages/claim", headers=team.annotator.headers)
    ).status_code == 422
    assert await package_row(session, package) == (None, False)


async def test_concurrent_claims_never_share_a_package(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    claimers = await quick_members(session, team.group_id, 24)
    space = await insert_set(session, team.group_id)
    packages = [await insert_package(session, space, samples=1) for _ in range(10)]
    url = f"/api/sets/{space.set_id}/packages/claim"

    async def claim(headers: dict[str, str]) -> httpx.Response:
        async with separate_client(app) as http:
            return await http.post(url, headers=headers)

    responses = await asyncio.gather(*(claim(person.headers) for person in claimers))

    won = [response.json()["id"] for response in responses if response.status_code == 200]
    lost = [response for response in responses if response.status_code != 200]
    assert sorted(won) == packages
    assert len(lost) == len(claimers) - len(packages)
    assert all(response.status_code == 404 for response in lost), [r.text for r in lost]
    assert all(response.json()["code"] == "no_package_left" for response in lost)
    session.expire_all()
    rows = (await session.execute(sa.select(Package.id, Package.assignee_id))).all()
    winners = {response.json()["assignee_id"] for response in responses if response.status_code == 200}
    assert len(winners) == len(packages)
    assert {assignee for _, assignee in rows} == winners
    assert (await audit_actions(session, team.group_id)).count("package.claim") == len(packages)


async def test_admin_deletes_a_package_with_its_samples_and_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    doomed = await insert_package(session, space, samples=2, assignee_id=team.annotator.id)
    kept = await insert_package(session, space, samples=1)
    storage = app.state.storage
    session.expire_all()
    samples = (
        await session.execute(
            sa.select(Sample.package_id, Sample.original_key, Sample.display_key, Sample.thumbnail_key)
        )
    ).all()
    for _, *keys in samples:
        for key in keys:
            await storage.put(key, b"bytes", "application/octet-stream")
    doomed_sample = space.samples[doomed][0]
    examination = Examination(
        sample_id=doomed_sample, set_id=space.set_id, user_id=team.annotator.id, comment=""
    )
    session.add(examination)
    await session.flush()
    session.add(Box(examination_id=examination.id, label_id=space.label_ids[0], x=1, y=1, width=2, height=2))
    await session.commit()

    response = await client.delete(f"/api/packages/{doomed}", headers=team.admin.headers)

    assert response.status_code == 204, response.text
    assert await package_row(session, doomed) is None
    assert await package_row(session, kept) == (None, False)
    assert await scalar(session, sa.select(sa.func.count(Sample.id)).where(Sample.package_id == doomed)) == 0
    assert await scalar(session, sa.select(sa.func.count(Examination.id))) == 0
    assert await scalar(session, sa.select(sa.func.count(Box.id))) == 0
    for package_id, *keys in samples:
        for key in keys:
            assert await storage.exists(key) is (package_id == kept)
    assert await audit_actions(session, team.group_id) == ["package.delete"]


async def test_delete_refuses_annotators_strangers_and_anonymous(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1, assignee_id=team.annotator.id)
    url = f"/api/packages/{package}"

    assert (await client.delete(url)).status_code == 401
    assert (await client.delete(url, headers=team.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=stranger.admin.headers)).status_code == 404
    assert (await client.delete("/api/packages/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.delete("/api/packages/x", headers=team.admin.headers)).status_code == 422
    assert await package_row(session, package) == (team.annotator.id, False)

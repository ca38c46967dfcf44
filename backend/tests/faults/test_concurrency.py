"""Concurrency on the real database: 50 concurrent claims of one set give 50 distinct packages; a save
that fails midway leaves nothing behind. (Two saves with one version, one 409: that is
tests/examinations/test_save.py.)"""

import asyncio

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.examinations import repository as examination_repository
from tagmedx.models import Box, Examination, Package
from tests.conftest import which_database
from tests.examinations.helpers import box, make_scene, reading
from tests.packages.helpers import insert_package, insert_set, make_team, quick_members, separate_client

pytestmark = pytest.mark.anyio

CLAIMERS = 60
PACKAGES = 50


@pytest.mark.skipif(which_database() != "mysql", reason="row locking is meaningful on MariaDB/MySQL only")
async def test_fifty_concurrent_claims_get_fifty_distinct_packages(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    claimers = await quick_members(session, team.group_id, CLAIMERS)
    space = await insert_set(session, team.group_id)
    packages = [await insert_package(session, space, samples=1) for _ in range(PACKAGES)]
    url = f"/api/sets/{space.set_id}/packages/claim"

    async def claim(headers: dict[str, str]) -> httpx.Response:
        async with separate_client(app) as http:
            return await http.post(url, headers=headers)

    responses = await asyncio.gather(*(claim(person.headers) for person in claimers))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * PACKAGES + [404] * (CLAIMERS - PACKAGES), [r.text for r in responses]
    won = [response.json()["id"] for response in responses if response.status_code == 200]
    assert sorted(won) == packages  # every package once, none twice
    session.expire_all()
    assignees = (await session.execute(sa.select(Package.assignee_id))).scalars().all()
    assert None not in assignees and len(set(assignees)) == PACKAGES


async def test_a_save_that_fails_midway_leaves_nothing(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    body = reading(boxes=[box(label), box(label, x=50)])

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk failed halfway through the save")

    monkeypatch.setattr(examination_repository, "insert_boxes", broken)  # after the examination row
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.put(scene.url, json=body, headers=scene.team.annotator.headers)
    assert response.status_code == 500
    session.expire_all()
    assert await session.scalar(sa.select(sa.func.count()).select_from(Examination)) == 0
    assert await session.scalar(sa.select(sa.func.count()).select_from(Box)) == 0
    monkeypatch.undo()
    saved = await client.put(scene.url, json=body, headers=scene.team.annotator.headers)
    assert saved.status_code == 200, saved.text
    assert len(saved.json()["boxes"]) == 2

"""Guards that keep the hot paths fast: every list and detail endpoint runs the same number of SQL
statements whatever the number of rows behind it (no N+1). Counts, never timings.

Endpoints guarded elsewhere: sets list (tests/sets), packages lists and detail (tests/packages),
statistics (tests/stats), exports (tests/exports), the review list of a sample (tests/examinations)."""

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Sample
from tests.factories import Caller, join_group, make_group, make_user
from tests.sets.helpers import (
    Team,
    insert_examination,
    insert_package,
    insert_sample,
    make_label,
    make_set,
    make_team,
)
from tests.statements import count_statements


async def statements(app: FastAPI, client: httpx.AsyncClient, url: str, caller: Caller, **params: Any) -> int:
    with count_statements(app) as seen:
        response = await client.get(url, params=params, headers=caller.headers)
    assert response.status_code == 200, response.text
    assert len(seen) > 0  # the counter really watches the app's engine
    return len(seen)


@dataclass
class Scene:
    team: Team
    set_id: int
    label_ids: list[int]
    package_id: int
    samples: list[Sample]


async def make_scene(client: httpx.AsyncClient, session: AsyncSession) -> Scene:
    team = await make_team(client)
    created = await make_set(client, team)
    label = await make_label(client, team, created["id"])
    package = await insert_package(session, created["id"])
    package.assignee_id = team.annotator.id
    sample = await insert_sample(session, created["id"], package.id)
    await insert_examination(session, sample, team.annotator.id, box_label_ids=(label["id"],))
    await session.commit()
    return Scene(team, created["id"], [label["id"]], package.id, [sample])


async def grow(
    client: httpx.AsyncClient, session: AsyncSession, scene: Scene, count: int = 6
) -> list[Caller]:
    """More of everything: labels, samples with examinations and boxes, members, audit events."""
    for _ in range(count):
        label = await make_label(client, scene.team, scene.set_id)
        scene.label_ids.append(label["id"])
    for index in range(count):
        package = await insert_package(session, scene.set_id)
        sample = await insert_sample(session, scene.set_id, package.id)
        author = scene.team.annotator.id if index % 2 else scene.team.admin.id
        await insert_examination(session, sample, author, box_label_ids=tuple(scene.label_ids[:3]))
        scene.samples.append(sample)
    await session.commit()
    members = []
    for _ in range(count):
        member = await make_user(client)
        await join_group(client, member, scene.team.group)
        members.append(member)
    return members


async def test_group_list_and_detail(app: FastAPI, client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    group_url = f"/api/groups/{scene.team.group['id']}"
    before = [
        await statements(app, client, "/api/groups", scene.team.admin),
        await statements(app, client, group_url, scene.team.admin),
        await statements(app, client, group_url, scene.team.annotator),
    ]
    await grow(client, session, scene)
    for number in range(5):
        await make_group(client, scene.team.admin, name=f"Other {number}")
    after = [
        await statements(app, client, "/api/groups", scene.team.admin),
        await statements(app, client, group_url, scene.team.admin),
        await statements(app, client, group_url, scene.team.annotator),
    ]
    assert after == before


async def test_members_list(app: FastAPI, client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    url = f"/api/groups/{scene.team.group['id']}/members"
    before = await statements(app, client, url, scene.team.annotator)
    await grow(client, session, scene)
    assert len((await client.get(url, headers=scene.team.admin.headers)).json()["items"]) == 8
    assert await statements(app, client, url, scene.team.annotator) == before


async def test_set_detail_and_labels(app: FastAPI, client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    urls = [f"/api/sets/{scene.set_id}", f"/api/sets/{scene.set_id}/labels"]
    before = [await statements(app, client, url, scene.team.annotator) for url in urls]
    await grow(client, session, scene)
    labels = await client.get(urls[1], headers=scene.team.annotator.headers)
    assert len(labels.json()["items"]) == 7
    assert [await statements(app, client, url, scene.team.annotator) for url in urls] == before


SAMPLE_FILTERS: list[dict[str, Any]] = [
    {},
    {"annotated": "true"},
    {"annotated": "false"},
    {"tentative": "false"},
    {"bad_quality": "true"},
]


async def test_samples_list_with_every_filter(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    url = f"/api/sets/{scene.set_id}/samples"
    filters = [*SAMPLE_FILTERS, {"package_id": scene.package_id}]
    before = [await statements(app, client, url, scene.team.annotator, **query) for query in filters]
    await grow(client, session, scene)
    listed = await client.get(url, headers=scene.team.annotator.headers)
    assert len(listed.json()["items"]) == 7
    after = [await statements(app, client, url, scene.team.annotator, **query) for query in filters]
    assert after == before
    paged = await statements(app, client, url, scene.team.admin, limit=2)
    assert paged == before[0]


async def test_sample_detail(app: FastAPI, client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    url = f"/api/samples/{scene.samples[0].id}"
    before = await statements(app, client, url, scene.team.annotator)
    readers = await grow(client, session, scene)
    for reader in readers:  # many readers of this very sample, each with boxes
        await insert_examination(session, scene.samples[0], reader.id, box_label_ids=(scene.label_ids[0],))
    await session.commit()
    assert await statements(app, client, url, scene.team.annotator) == before


async def test_my_examination_and_saving_it(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    sample_id = scene.samples[0].id
    url = f"/api/samples/{sample_id}/examination"
    label = scene.label_ids[0]

    saved: dict[str, Any] = {}

    async def save(boxes: int) -> int:
        body = {
            "tentative": False,
            "bad_quality": False,
            "label_ids": [],
            "boxes": [{"label_id": label, "x": i, "y": 1, "width": 5, "height": 5} for i in range(boxes)],
        }
        with count_statements(app) as seen:
            response = await client.put(url, json=body, headers=scene.team.annotator.headers)
        assert response.status_code == 200, response.text
        assert len(response.json()["boxes"]) == boxes
        saved.update(response.json())
        return len(seen)

    one_box = await save(1)
    reading_one = await statements(app, client, url, scene.team.annotator)
    # the caller, their role and the sample in one statement; then the examination, labels, boxes
    assert reading_one == 4
    # that one (reading what the rules need as well), the examination's row, emptying it, the boxes,
    # the audit record
    assert one_box == 5
    assert await save(20) == one_box
    assert await statements(app, client, url, scene.team.annotator) == reading_one
    # the answer of the save (built without reading back) is exactly what a read returns
    read = (await client.get(url, headers=scene.team.annotator.headers)).json()
    assert read["boxes"] == saved["boxes"]
    assert [box["x"] for box in read["boxes"]] == list(range(20))
    assert {key: read[key] for key in ("label_ids", "version", "updated_at")} == {
        key: saved[key] for key in ("label_ids", "version", "updated_at")
    }


async def test_audit_list(app: FastAPI, client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    url = f"/api/groups/{scene.team.group['id']}/audit"
    before = await statements(app, client, url, scene.team.admin)
    filtered = await statements(app, client, url, scene.team.admin, action="label.create")
    await grow(client, session, scene)
    events = await client.get(url, headers=scene.team.admin.headers)
    assert len(events.json()["items"]) >= 12
    assert await statements(app, client, url, scene.team.admin) == before
    assert await statements(app, client, url, scene.team.admin, action="label.create") == filtered

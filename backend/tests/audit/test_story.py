"""GET /api/groups/{group_id}/audit/story (issue 13 item 14): the trail reads like a story. A reading's
autosaves collapse into one entry with names ("Dr X read chest_012.dcm: 2 boxes, Nodule, Mass") until
its reader does something else; the raw trail stays as it was."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Label, Sample, User
from tests.factories import Caller
from tests.packages.helpers import Team, insert_package, insert_set, make_team

pytestmark = pytest.mark.anyio


async def story(client: httpx.AsyncClient, caller: Caller, group_id: int, **query: Any) -> httpx.Response:
    return await client.get(f"/api/groups/{group_id}/audit/story", params=query, headers=caller.headers)


async def save(client: httpx.AsyncClient, caller: Caller, sample_id: int, label_ids: list[int]) -> None:
    boxes = [
        {"label_id": label, "x": 1 + 5 * n, "y": 1, "width": 4, "height": 4}
        for n, label in enumerate(label_ids)
    ]
    body = {"tentative": False, "bad_quality": False, "boxes": boxes, "label_ids": []}
    response = await client.put(f"/api/samples/{sample_id}/examination", json=body, headers=caller.headers)
    assert response.status_code == 200, response.text


async def reading_room(client: httpx.AsyncClient, session: AsyncSession) -> tuple[Team, Any, int]:
    """A doctor (Dr Anna ...) with a package of two images in the set "Chest", labels Nodule and Mass."""
    team = await make_team(client, session)
    await session.execute(sa.update(User).where(User.id == team.annotator.id).values(title="Dr"))
    space = await insert_set(session, team.group_id, name="Chest")
    for label_id, name in zip(space.label_ids, ("Nodule", "Mass"), strict=True):
        await session.execute(sa.update(Label).where(Label.id == label_id).values(name=name))
    package = await insert_package(session, space, samples=2, assignee_id=team.annotator.id)
    for sample_id, filename in zip(space.samples[package], ("chest_012.dcm", "chest_013.dcm"), strict=True):
        await session.execute(sa.update(Sample).where(Sample.id == sample_id).values(filename=filename))
    await session.commit()
    return team, space, package


async def test_autosaves_of_one_reading_collapse_into_one_entry_with_names(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, space, package = await reading_room(client, session)
    first, second = space.samples[package]
    nodule, mass = space.label_ids
    for labels in ([nodule], [nodule, nodule], [nodule, mass]):  # three autosaves as the boxes come
        await save(client, team.annotator, first, labels)
    await save(client, team.annotator, second, [mass])
    ready = await client.patch(
        f"/api/packages/{package}", json={"is_ready": True}, headers=team.annotator.headers
    )
    assert ready.status_code == 200

    response = await story(client, team.admin, team.group_id)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    doctor = f"Dr Anna {(await session.get(User, team.annotator.id)).surname}"  # type: ignore[union-attr]
    assert [item["text"] for item in items[:3]] == [
        f"{doctor} marked package #1 of “Chest” ready",
        f"{doctor} read chest_013.dcm (#2 in “Chest”): 1 box, Mass",
        f"{doctor} read chest_012.dcm (#1 in “Chest”): 2 boxes, Nodule, Mass",
    ]
    reading = items[2]
    assert reading["events"] == 3
    assert reading["action"] == "examination.save"
    assert reading["sample_id"] == first and reading["set_id"] == space.set_id
    assert reading["first_event_id"] < reading["id"]
    assert reading["started_at"] <= reading["at"]
    assert reading["user"]["title"] == "Dr"
    assert items[0]["package_id"] == package
    # the raw trail is untouched: every autosave is still there
    raw = await client.get(f"/api/groups/{team.group_id}/audit", headers=team.admin.headers)
    assert [item["action"] for item in raw.json()["items"]].count("examination.save") == 4


async def test_another_persons_events_do_not_break_a_run_but_the_readers_own_do(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, space, package = await reading_room(client, session)
    first, second = space.samples[package]
    nodule, _ = space.label_ids
    await save(client, team.annotator, first, [nodule])
    changed = await client.patch(
        f"/api/groups/{team.group_id}", json={"description": "x"}, headers=team.admin.headers
    )
    assert changed.status_code == 200  # the admin's event, between two autosaves of the doctor's reading
    await save(client, team.annotator, first, [nodule, nodule])
    await save(client, team.annotator, second, [nodule])
    await save(client, team.annotator, first, [nodule])  # back to the first image: a new entry

    items = (await story(client, team.admin, team.group_id)).json()["items"]
    reads = [(item["sample_id"], item["events"]) for item in items if item["action"] == "examination.save"]

    assert reads == [(first, 1), (second, 1), (first, 2)]


async def test_pages_hold_entries_and_tell_no_raw_event_twice(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, space, package = await reading_room(client, session)
    first, second = space.samples[package]
    nodule, _ = space.label_ids
    for sample_id in (first, second, first, second):
        await save(client, team.annotator, sample_id, [nodule])
        await save(client, team.annotator, sample_id, [nodule, nodule])

    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await story(client, team.admin, team.group_id, **query)).json()
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    raw = (await client.get(f"/api/groups/{team.group_id}/audit", headers=team.admin.headers)).json()["items"]
    assert sum(item["events"] for item in seen) == len(raw)
    assert [item["events"] for item in seen if item["action"] == "examination.save"] == [2, 2, 2, 2]


async def test_deleted_objects_are_told_from_the_event(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, _, package = await reading_room(client, session)
    deleted = await client.delete(f"/api/packages/{package}", headers=team.admin.headers)
    assert deleted.status_code == 204

    items = (await story(client, team.admin, team.group_id)).json()["items"]

    assert items[0]["text"].endswith("deleted package #1 (since deleted) and its 2 images")
    assert items[0]["package_id"] is None


async def test_the_story_is_for_admins_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, _, _ = await reading_room(client, session)
    assert (await story(client, team.annotator, team.group_id)).status_code == 403
    assert (await client.get(f"/api/groups/{team.group_id}/audit/story")).status_code == 401
    assert (await story(client, team.admin, 999999)).status_code == 404
    bad = await story(
        client, team.admin, team.group_id, since="2026-12-02T00:00:00", until="2026-12-01T00:00:00"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_time_range"
    assert (await story(client, team.admin, team.group_id, limit=0)).status_code == 422
    assert (await story(client, team.admin, team.group_id, cursor="nonsense!")).status_code == 422

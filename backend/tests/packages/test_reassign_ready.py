"""Reassigning a ready package never demotes finished work (issue 13 item 1): the package stays ready,
its first reader's readings stay theirs, in the default (ready-only) export and in their "my work";
only an explicit `is_ready: false` reopens it. The decision is written in PATCH's OpenAPI text."""

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.packages.helpers import add_annotator, audit_actions, insert_package, insert_set, make_team


async def _read(client: httpx.AsyncClient, headers: dict[str, str], sample_id: int, label_id: int) -> None:
    box = {"label_id": label_id, "x": 1, "y": 1, "width": 10, "height": 10}
    body = {"tentative": False, "bad_quality": False, "boxes": [box], "label_ids": []}
    saved = await client.put(f"/api/samples/{sample_id}/examination", json=body, headers=headers)
    assert saved.status_code == 200, saved.text


async def _exported_readers(client: httpx.AsyncClient, set_id: int, headers: dict[str, str]) -> set[int]:
    """The annotators of the default export (COCO, scope=ready)."""
    response = await client.get(f"/api/sets/{set_id}/export", params={"format": "coco"}, headers=headers)
    assert response.status_code == 200, response.text
    annotations = json.loads(response.content)["annotations"]
    return {int(item["annotator"]["user_id"]) for item in annotations}


async def test_a_ready_package_handed_to_another_reader_stays_ready_with_its_readings(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    second = await add_annotator(client, session, team)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=2, assignee_id=team.annotator.id)
    for sample_id in space.samples[package]:
        await _read(client, team.annotator.headers, sample_id, space.label_ids[0])
    url = f"/api/packages/{package}"
    marked = await client.patch(url, json={"is_ready": True}, headers=team.annotator.headers)
    assert marked.json()["status"] == "ready"
    assert await _exported_readers(client, space.set_id, team.admin.headers) == {team.annotator.id}

    handed = await client.patch(url, json={"assignee_id": second.id}, headers=team.admin.headers)

    assert handed.status_code == 200, handed.text
    assert handed.json()["assignee_id"] == second.id
    assert handed.json()["is_ready"] is True and handed.json()["status"] == "ready"
    # the first reader's finished work: still exported by default, still under their name
    assert await _exported_readers(client, space.set_id, team.admin.headers) == {team.annotator.id}
    # ... and still in their work, with how much of it they read
    mine = await client.get("/api/packages", headers=team.annotator.headers)
    listed = {item["id"]: item for item in mine.json()["items"]}
    assert listed[package]["assignee_id"] == second.id
    assert listed[package]["is_ready"] is True
    assert listed[package]["read_by_me"] == 2
    theirs = await client.get("/api/packages", headers=second.headers)
    assert [item["id"] for item in theirs.json()["items"]] == [package]
    assert theirs.json()["items"][0]["read_by_me"] == 0
    assert await audit_actions(session, team.group_id) == [
        *["examination.save"] * 2,
        "package.ready",
        "package.assign",
    ]


async def test_only_an_explicit_not_ready_reopens_a_handed_package(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    second = await add_annotator(client, session, team)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1, assignee_id=team.annotator.id, is_ready=True)
    url = f"/api/packages/{package}"

    reopened = await client.patch(
        url, json={"assignee_id": second.id, "is_ready": False}, headers=team.admin.headers
    )

    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "in_progress"
    assert reopened.json()["assignee_id"] == second.id


async def test_a_ready_package_does_not_go_back_to_the_pool_on_its_own(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1, assignee_id=team.annotator.id, is_ready=True)
    url = f"/api/packages/{package}"

    refused = await client.patch(url, json={"assignee_id": None}, headers=team.admin.headers)

    assert refused.status_code == 409
    assert refused.json()["code"] == "package_ready"
    assert "is_ready: false" in refused.json()["detail"]
    pooled = await client.patch(
        url, json={"assignee_id": None, "is_ready": False}, headers=team.admin.headers
    )
    assert pooled.status_code == 200
    assert pooled.json()["status"] == "unassigned"


async def test_the_decision_is_written_in_the_openapi_of_patch(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/api/openapi.json")).json()
    operation = schema["paths"]["/api/packages/{package_id}"]["patch"]
    assert "Reassigning never demotes finished work" in operation["description"]
    assert "409" in operation["responses"]

"""Conditional requests as HTTP has them (issue 21, item 5): a reading carries an ETag; If-Match on
its writes (the save, the delete, the box routes) is honoured with 412 when stale; the box routes
take the reading's `version` as well (409); a write with neither lands unconditionally; If-None-Match
on the read gives 304."""

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.examinations.helpers import Scene, box, make_scene, reading, stored
from tests.packages.helpers import separate_client

ROUNDS = 25


async def with_reading(client: httpx.AsyncClient, session: AsyncSession) -> tuple[Scene, httpx.Response]:
    scene = await make_scene(client, session)
    saved = await client.put(
        scene.url, json=reading(boxes=[box(scene.space.label_ids[0])]), headers=scene.team.annotator.headers
    )
    assert saved.status_code == 200, saved.text
    return scene, saved


async def test_reads_and_writes_carry_the_readings_etag(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    first = saved.headers["etag"]
    assert first.startswith('"') and first.endswith('"')  # a strong tag

    read = await client.get(scene.url, headers=headers)
    assert read.headers["etag"] == first

    created = await client.post(
        f"/api/examinations/{saved.json()['id']}/boxes", json=box(scene.space.label_ids[1]), headers=headers
    )
    assert created.status_code == 201
    patched = await client.patch(f"/api/boxes/{created.json()['id']}", json={"x": 1}, headers=headers)
    tags = [first, created.headers["etag"], patched.headers["etag"]]
    assert len(set(tags)) == 3  # every change of the reading, its boxes' included, gives a new tag
    assert (await client.get(scene.url, headers=headers)).headers["etag"] == patched.headers["etag"]
    replaced = await client.put(scene.url, json=reading(), headers=headers)
    assert replaced.headers["etag"] not in tags


async def test_if_none_match_answers_304_while_the_reading_is_unchanged(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    current = saved.headers["etag"]

    for value in (current, f'"0.0", {current}', f"W/{current}", "*"):
        unchanged = await client.get(scene.url, headers=headers | {"If-None-Match": value})
        assert unchanged.status_code == 304, value
        assert unchanged.content == b""
        assert unchanged.headers["etag"] == current
    changed = await client.put(scene.url, json=reading(version=1), headers=headers)
    for value in (current, "garbage", '"1.1'):
        fresh = await client.get(scene.url, headers=headers | {"If-None-Match": value})
        assert fresh.status_code == 200, value
        assert fresh.json()["version"] == 2
        assert fresh.headers["etag"] == changed.headers["etag"]
    other = await client.get(scene.url, headers=scene.team.admin.headers | {"If-None-Match": "*"})
    assert other.status_code == 404  # the admin has no reading of their own here


async def test_a_save_with_a_stale_if_match_is_412_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    first = saved.headers["etag"]
    label = scene.space.label_ids[0]

    second = await client.put(scene.url, json=reading(comment="mine"), headers=headers | {"If-Match": first})
    assert second.status_code == 200, second.text
    assert second.json()["version"] == 2
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    for value in (first, f"W/{second.headers['etag']}", "nonsense", '"999.2.0"'):
        stale = await client.put(
            scene.url, json=reading(boxes=[box(label, x=0)]), headers=headers | {"If-Match": value}
        )
        assert stale.status_code == 412, (value, stale.text)
        assert stale.json()["code"] == "precondition_failed"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before

    listed = await client.put(
        scene.url, json=reading(), headers=headers | {"If-Match": f"{first}, {second.headers['etag']}"}
    )
    assert listed.status_code == 200
    anything = await client.put(scene.url, json=reading(), headers=headers | {"If-Match": "*"})
    assert anything.status_code == 200
    assert anything.json()["version"] == 4


async def test_if_match_on_a_sample_without_a_reading_is_412(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers
    for value in ("*", '"1.1"'):
        refused = await client.put(scene.url, json=reading(), headers=headers | {"If-Match": value})
        assert refused.status_code == 412
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None


async def test_a_write_with_neither_if_match_nor_version_replaces_unconditionally(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, _saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    label = scene.space.label_ids[0]
    elsewhere = await client.put(scene.url, json=reading(comment="elsewhere"), headers=headers)
    assert elsewhere.json()["version"] == 2

    replaced = await client.put(scene.url, json=reading(boxes=[box(label, x=7)]), headers=headers)
    assert replaced.status_code == 200
    assert replaced.json()["version"] == 3
    patched = await client.patch(
        f"/api/boxes/{replaced.json()['boxes'][0]['id']}", json={"x": 1}, headers=headers
    )
    assert patched.status_code == 200
    assert patched.json()["examination_version"] == 4


async def test_a_reading_deleted_and_made_again_does_not_match_the_old_tag(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    old = saved.headers["etag"]
    assert (await client.delete(scene.url, headers=headers)).status_code == 204
    again = await client.put(scene.url, json=reading(), headers=headers)
    assert again.json()["version"] == 1  # the same version number as the old tag's
    refused = await client.put(scene.url, json=reading(comment="late"), headers=headers | {"If-Match": old})
    assert refused.status_code == 412


async def test_a_delete_with_a_stale_if_match_is_412(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    newer = await client.put(scene.url, json=reading(), headers=headers)

    stale = await client.delete(scene.url, headers=headers | {"If-Match": saved.headers["etag"]})
    assert stale.status_code == 412
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is not None
    by_admin = await client.delete(
        scene.url,
        params={"user_id": scene.team.annotator.id},
        headers=scene.team.admin.headers | {"If-Match": saved.headers["etag"]},
    )
    assert by_admin.status_code == 412
    current = await client.delete(scene.url, headers=headers | {"If-Match": newer.headers["etag"]})
    assert current.status_code == 204
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None


async def test_box_routes_honour_if_match_and_the_readings_version(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    label = scene.space.label_ids[1]
    examination_id = saved.json()["id"]
    old_tag = saved.headers["etag"]
    add_url = f"/api/examinations/{examination_id}/boxes"
    created = await client.post(add_url, json=box(label) | {"version": 1}, headers=headers)
    assert created.status_code == 201, created.text
    box_url = f"/api/boxes/{created.json()['id']}"
    before = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert before is not None and before.version == 2

    refusals = [
        (await client.post(add_url, json=box(label), headers=headers | {"If-Match": old_tag}), 412),
        (await client.post(add_url, json=box(label) | {"version": 1}, headers=headers), 409),
        (await client.patch(box_url, json={"x": 3}, headers=headers | {"If-Match": old_tag}), 412),
        (await client.patch(box_url, json={"x": 3, "version": 1}, headers=headers), 409),
        (await client.delete(box_url, headers=headers | {"If-Match": old_tag}), 412),
        (await client.delete(box_url, params={"version": 1}, headers=headers), 409),
    ]
    for answer, status in refusals:
        assert answer.status_code == status, answer.text
        assert answer.json()["code"] == ("precondition_failed" if status == 412 else "stale_version")
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before  # not even a version

    current = created.headers["etag"]
    patched = await client.patch(box_url, json={"x": 3}, headers=headers | {"If-Match": current})
    assert patched.status_code == 200
    assert patched.json()["examination_version"] == 3
    patched = await client.patch(box_url, json={"y": 4, "version": 3}, headers=headers)
    assert (patched.json()["x"], patched.json()["y"]) == (3, 4)
    both_fine = {"If-Match": patched.headers["etag"]}
    deleted = await client.delete(box_url, params={"version": 4}, headers=headers | both_fine)
    assert deleted.status_code == 204
    assert (await client.patch(box_url, json={"x": 1}, headers=headers)).status_code == 404


async def test_openapi_documents_the_conditions(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/api/openapi.json")).json()["paths"]
    writes = [
        ("/api/samples/{sample_id}/examination", "put"),
        ("/api/samples/{sample_id}/examination", "delete"),
        ("/api/examinations/{examination_id}/boxes", "post"),
        ("/api/boxes/{box_id}", "patch"),
        ("/api/boxes/{box_id}", "delete"),
    ]
    for path, method in writes:
        operation = paths[path][method]
        headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
        assert "If-Match" in headers, (path, method)
        assert "unconditional" in headers["If-Match"]["description"]
        assert "412" in operation["responses"], (path, method)
    read = paths["/api/samples/{sample_id}/examination"]["get"]
    assert "If-None-Match" in {p["name"] for p in read["parameters"]}
    assert "304" in read["responses"]
    assert "ETag" in read["responses"]["200"]["headers"]


@pytest.mark.parametrize("condition", ["if-match", "version"])
async def test_two_simultaneous_conditional_saves_give_one_200_every_round(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, condition: str
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    label = scene.space.label_ids[0]
    loser = 412 if condition == "if-match" else 409

    async def save(current: httpx.Response, x: float) -> httpx.Response:
        body = reading(boxes=[box(label, x=x)])
        extra = {"If-Match": current.headers["etag"]} if condition == "if-match" else {}
        if condition == "version":
            body["version"] = current.json()["version"]
        async with separate_client(app) as http:
            return await http.put(scene.url, json=body, headers=headers | extra)

    current = saved
    for round_number in range(ROUNDS):
        answers = await asyncio.gather(save(current, 1), save(current, 2))
        assert sorted(answer.status_code for answer in answers) == [200, loser], (
            round_number,
            [answer.text for answer in answers],
        )
        current = next(answer for answer in answers if answer.status_code == 200)
    final = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert final is not None and final.version == 1 + ROUNDS
    assert final.boxes[0][1] == current.json()["boxes"][0]["x"]


async def test_two_simultaneous_patches_with_one_if_match_give_one_200_every_round(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, saved = await with_reading(client, session)
    headers = scene.team.annotator.headers
    url = f"/api/boxes/{saved.json()['boxes'][0]['id']}"
    current = saved.headers["etag"]

    async def patch(body: dict[str, Any]) -> httpx.Response:
        async with separate_client(app) as http:
            return await http.patch(url, json=body, headers=headers | {"If-Match": current})

    for round_number in range(ROUNDS):
        answers = await asyncio.gather(patch({"x": round_number}), patch({"y": round_number}))
        assert sorted(answer.status_code for answer in answers) == [200, 412], [a.text for a in answers]
        current = next(answer for answer in answers if answer.status_code == 200).headers["etag"]
    final = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert final is not None and final.version == 1 + ROUNDS

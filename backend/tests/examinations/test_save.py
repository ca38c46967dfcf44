"""PUT /api/samples/{sample_id}/examination: the whole reading, saved atomically."""

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.examinations import repository
from tagmedx.features.examinations.dependencies import labels_named
from tagmedx.models import Examination, SetType
from tests.examinations.helpers import HEIGHT, WIDTH, box, make_scene, reading, stored
from tests.packages.helpers import (
    add_annotator,
    audit_actions,
    insert_set,
    make_team,
    separate_client,
)


async def test_the_assignee_creates_then_replaces_a_detection_reading(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    first_label, second_label, _ = scene.space.label_ids
    headers = scene.team.annotator.headers
    body = reading(
        tentative=True,
        comment="nodule?",
        boxes=[box(first_label, comment="left"), box(second_label, x=0, y=0, width=WIDTH, height=HEIGHT)],
    )

    created = await client.put(scene.url, json=body, headers=headers)

    assert created.status_code == 200, created.text
    answer = created.json()
    assert answer["sample_id"] == scene.sample_id
    assert answer["set_id"] == scene.space.set_id
    assert answer["user_id"] == scene.team.annotator.id
    assert answer["author"] == {"name": "Anna", "surname": answer["author"]["surname"], "role": "annotator"}
    assert answer["version"] == 1
    assert answer["tentative"] is True
    assert answer["bad_quality"] is False
    assert answer["comment"] == "nodule?"
    assert answer["label_ids"] == []
    assert [
        (b["label_id"], b["x"], b["y"], b["width"], b["height"], b["comment"]) for b in answer["boxes"]
    ] == [
        (first_label, 10, 20, 30, 40, "left"),
        (second_label, 0, 0, WIDTH, HEIGHT, ""),
    ]
    assert all(isinstance(b["id"], int) for b in answer["boxes"])
    assert answer["created_at"] and answer["updated_at"]

    replaced = await client.put(
        scene.url,
        json=reading(tentative=False, bad_quality=True, boxes=[box(second_label, x=5.5)], version=1),
        headers=headers,
    )

    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["id"] == answer["id"]
    assert replaced.json()["version"] == 2
    assert replaced.json()["tentative"] is False  # clearable, unlike the original
    assert replaced.json()["comment"] == ""
    saved = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert saved is not None
    assert (saved.version, saved.tentative, saved.bad_quality) == (2, False, True)
    assert saved.boxes == [(second_label, 5.5, 20, 30, 40, "")]
    session.expire_all()
    set_id = (await session.execute(sa.select(Examination.set_id))).scalar_one()
    assert set_id == scene.space.set_id
    assert await audit_actions(session, scene.team.group_id) == ["examination.save", "examination.save"]


async def test_a_classification_reading_takes_labels(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session, type=SetType.classification, multi_label=True)
    first_label, second_label, third_label = scene.space.label_ids
    headers = scene.team.annotator.headers

    response = await client.put(
        scene.url, json=reading(label_ids=[third_label, first_label, third_label]), headers=headers
    )

    assert response.status_code == 200, response.text
    assert sorted(response.json()["label_ids"]) == sorted([first_label, third_label])
    assert response.json()["boxes"] == []
    again = await client.put(scene.url, json=reading(label_ids=[second_label], version=1), headers=headers)
    assert again.json()["label_ids"] == [second_label]
    saved = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert saved is not None
    assert saved.label_ids == [second_label]
    cleared = await client.put(scene.url, json=reading(label_ids=[]), headers=headers)
    assert cleared.json()["label_ids"] == []
    assert cleared.json()["version"] == 3


async def test_an_admin_annotates_any_sample_even_unassigned(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session, assigned=False)

    response = await client.put(scene.url, json=reading(), headers=scene.team.admin.headers)

    assert response.status_code == 200, response.text
    assert response.json()["author"]["role"] == "admin"
    assert response.json()["user_id"] == scene.team.admin.id


async def test_only_the_assignee_or_an_admin_annotates(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    other = await add_annotator(client, session, scene.team)
    unassigned = await make_scene(client, session, assigned=False)

    not_mine = await client.put(scene.url, json=reading(), headers=other.headers)
    free = await client.put(unassigned.url, json=reading(), headers=unassigned.team.annotator.headers)

    assert not_mine.status_code == 403
    assert not_mine.json()["code"] == "not_assignee"
    assert free.status_code == 403
    assert await stored(session, scene.sample_id, other.id) is None
    assert await stored(session, unassigned.sample_id, unassigned.team.annotator.id) is None


async def test_strangers_and_anonymous_are_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    stranger = await make_team(client, session, name="Elsewhere")

    assert (await client.put(scene.url, json=reading())).status_code == 401
    hidden = await client.put(scene.url, json=reading(), headers=stranger.admin.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "sample_not_found"
    missing = await client.put(
        "/api/samples/999999/examination", json=reading(), headers=scene.team.admin.headers
    )
    assert missing.status_code == 404
    assert await stored(session, scene.sample_id, stranger.admin.id) is None


def _bad_bodies(labels: list[int], other_set_label: int) -> list[tuple[str, Any, str | None]]:
    """(why, body, expected code or None for FastAPI's validation_error)."""
    first = labels[0]
    return [
        ("box past the right edge", reading(boxes=[box(first, x=90, width=11)]), "box_outside_image"),
        ("box past the bottom edge", reading(boxes=[box(first, y=70, height=10.01)]), "box_outside_image"),
        (
            "box starting past the image",
            reading(boxes=[box(first, x=WIDTH, width=1)]),
            "box_outside_image",
        ),
        ("negative width", reading(boxes=[box(first, width=-5)]), "validation_error"),
        ("zero height", reading(boxes=[box(first, height=0)]), "validation_error"),
        ("negative x", reading(boxes=[box(first, x=-1)]), "validation_error"),
        ("unknown label", reading(boxes=[box(999999)]), "label_not_in_set"),
        ("label of another set", reading(boxes=[box(other_set_label)]), "label_not_in_set"),
        ("labels in a detection set", reading(label_ids=[first]), "label_ids_not_allowed"),
        ("too many boxes", reading(boxes=[box(first)] * 5001), "validation_error"),
        ("missing tentative", {"bad_quality": False}, "validation_error"),
        ("tentative as a string", reading(tentative="yes"), "validation_error"),
        ("tentative null", reading(tentative=None), "validation_error"),
        ("long comment", reading(comment="x" * 5001), "validation_error"),
        ("long box comment", reading(boxes=[box(first, comment="x" * 5001)]), "validation_error"),
        ("unknown field", reading(colour="red"), "validation_error"),
        ("negative version", reading(version=-1), "validation_error"),
        ("box without width", reading(boxes=[{"label_id": first, "x": 1, "y": 1, "height": 2}]), None),
    ]


async def test_bad_readings_get_422_and_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    other_space = await insert_set(session, scene.team.group_id, name="Other")
    headers = scene.team.annotator.headers
    labels = scene.space.label_ids
    good = await client.put(scene.url, json=reading(boxes=[box(labels[0])], comment="kept"), headers=headers)
    assert good.status_code == 200
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    for why, body, code in _bad_bodies(labels, other_space.label_ids[0]):
        response = await client.put(scene.url, json=body, headers=headers)
        assert response.status_code == 422, (why, response.text)
        assert isinstance(response.json()["detail"], str | list), why
        if code is not None:
            assert response.json()["code"] == code, (why, response.text)

    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before


async def test_labels_the_guard_could_not_count_are_checked_all_the_same(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The save's guard counts the labels the raw JSON names as integers; an id that only validation
    turns into one (7.0, an integer to JSON Schema) is checked by a query of its own, never waved
    through; a numeric string is no integer at all (422)."""
    scene = await make_scene(client, session)
    other_space = await insert_set(session, scene.team.group_id, name="Other")
    headers = scene.team.annotator.headers
    first, second = scene.space.label_ids[:2]

    saved = await client.put(scene.url, json=reading(boxes=[box(float(first)), box(second)]), headers=headers)
    assert saved.status_code == 200, saved.text
    assert [b["label_id"] for b in saved.json()["boxes"]] == [first, second]

    stranger = float(other_space.label_ids[0])
    refused = await client.put(scene.url, json=reading(boxes=[box(first), box(stranger)]), headers=headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "label_not_in_set"
    text = await client.put(scene.url, json=reading(boxes=[box(first), box(str(first))]), headers=headers)
    assert text.status_code == 422
    assert text.json()["code"] == "validation_error"
    assert [b["label_id"] for b in (await client.get(scene.url, headers=headers)).json()["boxes"]] == [
        first,
        second,
    ]


def test_the_save_guard_counts_only_plain_integer_label_ids() -> None:
    body = {
        "label_ids": [3, "4", True, 0, 2**63],
        "boxes": [{"label_id": 5}, {"label_id": 5.0}, "box", {"x": 1}, {"label_id": 6}],
    }
    assert labels_named(body) == {3, 5, 6}
    assert labels_named([1, 2]) == labels_named(None) == labels_named({"boxes": {"label_id": 1}}) == set()


async def test_non_finite_numbers_get_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = {**scene.team.annotator.headers, "Content-Type": "application/json"}

    for number in ("NaN", "Infinity", "-Infinity", "1e400"):
        raw = (
            '{"tentative": false, "bad_quality": false, "boxes": '
            f'[{{"label_id": {label}, "x": 1, "y": 1, "width": {number}, "height": 2}}]}}'
        )
        response = await client.put(scene.url, content=raw, headers=headers)
        assert response.status_code == 422, (number, response.text)
    for raw in (
        '{"tentative": NaN, "bad_quality": false}',
        '{"tentative": false, "bad_quality": false, "version": Infinity}',
        f'{{"tentative": false, "bad_quality": false, "label_ids": [{label}, NaN]}}',
        "NaN",
    ):
        response = await client.put(scene.url, content=raw, headers=headers)
        assert response.status_code == 422, (raw, response.text)

    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None


async def test_boxes_are_refused_in_a_classification_set(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session, type=SetType.classification)
    label = scene.space.label_ids[0]

    response = await client.put(
        scene.url, json=reading(boxes=[box(label)]), headers=scene.team.annotator.headers
    )

    assert response.status_code == 422
    assert response.json()["code"] == "boxes_not_allowed"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None


async def test_a_box_a_hair_outside_is_clamped_into_the_image(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    body = reading(boxes=[box(label, x=50, width=50 + 5e-7, y=0, height=HEIGHT + 5e-7)])

    response = await client.put(scene.url, json=body, headers=scene.team.annotator.headers)

    assert response.status_code == 200, response.text
    saved = response.json()["boxes"][0]
    assert saved["x"] + saved["width"] <= WIDTH
    assert saved["y"] + saved["height"] <= HEIGHT


async def test_a_stale_version_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    await client.put(scene.url, json=reading(boxes=[box(label)]), headers=headers)
    await client.put(scene.url, json=reading(boxes=[box(label, x=1)], version=1), headers=headers)
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    stale = await client.put(
        scene.url, json=reading(tentative=True, boxes=[], comment="lost", version=1), headers=headers
    )

    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert "2" in stale.json()["detail"]
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before
    assert before is not None and before.version == 2
    gone = await client.put(
        f"/api/samples/{scene.space.samples[scene.package_id][1]}/examination",
        json=reading(version=3),
        headers=headers,
    )
    assert gone.status_code == 409  # a version for an examination that does not exist


async def test_two_concurrent_saves_of_one_version_give_exactly_one_conflict(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    assert (await client.put(scene.url, json=reading(boxes=[box(label)]), headers=headers)).status_code == 200

    async def save(x: float) -> httpx.Response:
        async with separate_client(app) as http:
            body = reading(boxes=[box(label, x=x), box(label, x=x)], version=1)
            return await http.put(scene.url, json=body, headers=headers)

    responses = await asyncio.gather(save(1), save(2), save(3), save(4))

    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 409, 409, 409], [response.text for response in responses]
    winner = next(response for response in responses if response.status_code == 200).json()
    saved = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert saved is not None
    assert saved.version == 2
    assert [b[1] for b in saved.boxes] == [winner["boxes"][0]["x"]] * 2


async def test_concurrent_first_saves_create_one_examination(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers

    async def save() -> httpx.Response:
        async with separate_client(app) as http:
            return await http.put(scene.url, json=reading(), headers=headers)

    responses = await asyncio.gather(save(), save(), save())

    assert all(response.status_code in (200, 409) for response in responses), [r.text for r in responses]
    session.expire_all()
    count = (await session.execute(sa.select(sa.func.count(Examination.id)))).scalar_one()
    assert count == 1


async def test_a_save_failing_half_way_leaves_the_old_reading(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    await client.put(
        scene.url, json=reading(comment="old", boxes=[box(label), box(label, x=2)]), headers=headers
    )
    before = await stored(session, scene.sample_id, scene.team.annotator.id)
    calls: list[int] = []

    async def explode(session: AsyncSession, examination_id: int, boxes: Any) -> None:
        remaining = await session.execute(
            sa.text(f"SELECT COUNT(*) FROM boxes WHERE examination_id = {examination_id}")
        )
        calls.append(remaining.scalar_one())
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repository, "insert_boxes", explode)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.put(
            scene.url, json=reading(tentative=True, comment="new", boxes=[box(label, x=9)]), headers=headers
        )

    assert response.status_code == 500
    assert calls == [0]  # the old boxes were already deleted inside the transaction
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before
    assert await audit_actions(session, scene.team.group_id) == ["examination.save"]


async def test_the_ready_package_rule(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session, is_ready=True)

    refused = await client.put(scene.url, json=reading(), headers=scene.team.annotator.headers)
    admin = await client.put(scene.url, json=reading(), headers=scene.team.admin.headers)

    assert refused.status_code == 409
    assert refused.json()["code"] == "package_ready"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None
    assert admin.status_code == 200
    reopened = await client.patch(
        f"/api/packages/{scene.package_id}", json={"is_ready": False}, headers=scene.team.annotator.headers
    )
    assert reopened.status_code == 200
    assert (
        await client.put(scene.url, json=reading(), headers=scene.team.annotator.headers)
    ).status_code == 200


async def test_version_zero_creates_only_and_never_replaces(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers
    first = await client.put(scene.url, json=reading(version=0), headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    again = await client.put(scene.url, json=reading(comment="other tab", version=0), headers=headers)

    assert again.status_code == 409
    assert again.json()["code"] == "stale_version"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before

"""Classification sets take one label a reading unless the set's multi_label says otherwise (issue 13
item 4): Normal and Abnormal together is refused with 422 single_label, and a set turns single-label
only while no reading of it holds several labels."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import SetType
from tests.examinations.helpers import make_scene, reading, stored
from tests.sets.helpers import make_team

pytestmark = pytest.mark.anyio


async def test_a_single_label_set_refuses_two_classes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session, type=SetType.classification)
    normal, abnormal, _ = scene.space.label_ids
    headers = scene.team.annotator.headers

    refused = await client.put(scene.url, json=reading(label_ids=[normal, abnormal]), headers=headers)

    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "single_label"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None
    one = await client.put(scene.url, json=reading(label_ids=[abnormal, abnormal]), headers=headers)
    assert one.status_code == 200, one.text
    assert one.json()["label_ids"] == [abnormal]


async def test_an_admin_is_held_to_one_label_too(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session, type=SetType.classification)
    normal, abnormal, _ = scene.space.label_ids

    refused = await client.put(
        scene.url, json=reading(label_ids=[normal, abnormal]), headers=scene.team.admin.headers
    )

    assert refused.status_code == 422 and refused.json()["code"] == "single_label"


async def test_a_multi_label_set_takes_several(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session, type=SetType.classification, multi_label=True)
    labels = scene.space.label_ids

    saved = await client.put(scene.url, json=reading(label_ids=labels), headers=scene.team.annotator.headers)

    assert saved.status_code == 200, saved.text
    assert saved.json()["label_ids"] == sorted(labels)


async def test_sets_are_single_label_unless_created_otherwise(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    url = f"/api/groups/{team.group['id']}/sets"
    body = {"name": "Chest", "type": "classification", "package_size": 5}
    admin = team.admin.headers

    plain = await client.post(url, json=body, headers=admin)
    several = await client.post(url, json=body | {"multi_label": True}, headers=admin)
    not_a_bool = await client.post(url, json=body | {"multi_label": "yes"}, headers=admin)

    assert plain.status_code == 201 and plain.json()["multi_label"] is False
    assert several.status_code == 201 and several.json()["multi_label"] is True
    assert not_a_bool.status_code == 422
    read = await client.get(f"/api/sets/{several.json()['id']}", headers=admin)
    assert read.json()["multi_label"] is True


async def test_a_set_turns_single_label_only_without_readings_of_several(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session, type=SetType.classification, multi_label=True)
    normal, abnormal, _ = scene.space.label_ids
    set_url = f"/api/sets/{scene.space.set_id}"
    admin = scene.team.admin.headers
    await client.put(
        scene.url, json=reading(label_ids=[normal, abnormal]), headers=scene.team.annotator.headers
    )

    refused = await client.patch(set_url, json={"multi_label": False}, headers=admin)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "multi_label_in_use"
    null = await client.patch(set_url, json={"multi_label": None}, headers=admin)
    assert null.status_code == 422

    await client.put(scene.url, json=reading(label_ids=[normal]), headers=scene.team.annotator.headers)
    changed = await client.patch(set_url, json={"multi_label": False}, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["multi_label"] is False
    again = await client.patch(set_url, json={"multi_label": True}, headers=admin)
    assert again.json()["multi_label"] is True

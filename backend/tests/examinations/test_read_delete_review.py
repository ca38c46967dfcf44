"""GET and DELETE /api/samples/{sample_id}/examination, GET /api/samples/{sample_id}/examinations."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Package
from tests.examinations.helpers import box, make_scene, reading, stored
from tests.packages.helpers import add_annotator, audit_actions, make_team
from tests.statements import count_statements


async def test_read_my_examination(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    saved = await client.put(scene.url, json=reading(comment="hm", boxes=[box(label)]), headers=headers)

    mine = await client.get(scene.url, headers=headers)

    assert mine.status_code == 200
    assert mine.json() == saved.json()
    admins = await client.get(scene.url, headers=scene.team.admin.headers)
    assert admins.status_code == 404  # the admin has no reading of their own here
    assert admins.json()["code"] == "examination_not_found"


async def test_read_is_refused_to_strangers_and_anonymous(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    await client.put(scene.url, json=reading(), headers=scene.team.annotator.headers)

    assert (await client.get(scene.url)).status_code == 401
    assert (await client.get(scene.url, headers=stranger.admin.headers)).json()["code"] == "sample_not_found"
    missing = await client.get("/api/samples/999999/examination", headers=scene.team.annotator.headers)
    assert missing.status_code == 404
    assert (
        await client.get("/api/samples/-1/examination", headers=scene.team.admin.headers)
    ).status_code == 422


async def test_the_author_deletes_their_examination(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    await client.put(scene.url, json=reading(boxes=[box(label)]), headers=headers)

    response = await client.delete(scene.url, headers=headers)

    assert response.status_code == 204
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None
    again = await client.delete(scene.url, headers=headers)
    assert again.status_code == 404
    assert again.json()["code"] == "examination_not_found"
    assert await audit_actions(session, scene.team.group_id) == ["examination.save", "examination.delete"]


async def test_an_admin_deletes_another_readers_examination(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    other = await add_annotator(client, session, scene.team)
    await client.put(scene.url, json=reading(), headers=scene.team.annotator.headers)
    await client.put(scene.url, json=reading(), headers=scene.team.admin.headers)
    target = {"user_id": scene.team.annotator.id}

    by_annotator = await client.delete(
        scene.url, params={"user_id": scene.team.admin.id}, headers=other.headers
    )
    assert by_annotator.status_code == 403
    by_author_of_none = await client.delete(scene.url, headers=other.headers)
    assert by_author_of_none.status_code == 404
    assert (
        await client.delete(scene.url, params={"user_id": "x"}, headers=scene.team.admin.headers)
    ).status_code == 422
    assert (await client.delete(scene.url, params=target)).status_code == 401
    stranger = await make_team(client, session, name="Elsewhere")
    assert (await client.delete(scene.url, params=target, headers=stranger.admin.headers)).status_code == 404
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is not None

    by_admin = await client.delete(scene.url, params=target, headers=scene.team.admin.headers)

    assert by_admin.status_code == 204
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is None
    assert await stored(session, scene.sample_id, scene.team.admin.id) is not None


async def test_delete_obeys_the_ready_package_rule(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers
    await client.put(scene.url, json=reading(), headers=headers)
    await client.patch(f"/api/packages/{scene.package_id}", json={"is_ready": True}, headers=headers)

    refused = await client.delete(scene.url, headers=headers)

    assert refused.status_code == 409
    assert refused.json()["code"] == "package_ready"
    assert await stored(session, scene.sample_id, scene.team.annotator.id) is not None
    target = {"user_id": scene.team.annotator.id}
    assert (
        await client.delete(scene.url, params=target, headers=scene.team.admin.headers)
    ).status_code == 204


async def test_admins_review_every_reading_of_a_sample(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    review_url = f"/api/samples/{scene.sample_id}/examinations"
    await client.put(
        scene.url, json=reading(tentative=True, boxes=[box(label)]), headers=scene.team.annotator.headers
    )
    await client.put(
        scene.url, json=reading(boxes=[box(label), box(label, x=1)]), headers=scene.team.admin.headers
    )

    with count_statements(app) as few:
        response = await client.get(review_url, headers=scene.team.admin.headers)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["user_id"] for item in items] == [scene.team.annotator.id, scene.team.admin.id]
    assert [item["author"]["role"] for item in items] == ["annotator", "admin"]
    assert all(item["author"]["name"] == "Anna" for item in items)
    assert [len(item["boxes"]) for item in items] == [1, 2]
    assert items[0]["tentative"] is True
    first_page = (await client.get(review_url, params={"limit": 1}, headers=scene.team.admin.headers)).json()
    assert len(first_page["items"]) == 1 and first_page["next_cursor"]

    readers = [await add_annotator(client, session, scene.team) for _ in range(4)]
    for reader in readers:
        session.expire_all()
        package = await session.get(Package, scene.package_id)
        assert package is not None
        package.assignee_id = reader.id
        await session.commit()
        body = reading(boxes=[box(label), box(label, y=3), box(label, y=4)])
        assert (await client.put(scene.url, json=body, headers=reader.headers)).status_code == 200
    with count_statements(app) as many:
        more = await client.get(review_url, headers=scene.team.admin.headers)
    assert len(more.json()["items"]) == 6
    assert len(many) == len(few)


async def test_review_is_for_admins_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    review_url = f"/api/samples/{scene.sample_id}/examinations"

    assert (await client.get(review_url)).status_code == 401
    assert (await client.get(review_url, headers=scene.team.annotator.headers)).status_code == 403
    assert (await client.get(review_url, headers=stranger.admin.headers)).status_code == 404
    missing = await client.get("/api/samples/999999/examinations", headers=scene.team.admin.headers)
    assert missing.status_code == 404
    bad_limit = await client.get(review_url, params={"limit": 0}, headers=scene.team.admin.headers)
    assert bad_limit.status_code == 422
    empty = await client.get(review_url, headers=scene.team.admin.headers)
    assert empty.json() == {"items": [], "next_cursor": None}

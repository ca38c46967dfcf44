"""GET /api/sets/{set_id}/packages, GET /api/packages and GET /api/packages/{package_id}."""

import httpx
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Examination, Membership
from tests.factories import join_group, make_user
from tests.packages.helpers import add_annotator, insert_package, insert_set, make_team
from tests.statements import count_statements


async def examine(session: AsyncSession, sample_id: int, set_id: int, user_id: int) -> None:
    session.add(Examination(sample_id=sample_id, set_id=set_id, user_id=user_id, comment=""))
    await session.commit()


async def test_set_packages_show_status_assignee_and_counts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    other = await add_annotator(client, session, team)
    space = await insert_set(session, team.group_id)
    open_package = await insert_package(session, space, samples=3)
    mine = await insert_package(session, space, samples=4, assignee_id=team.annotator.id)
    done = await insert_package(session, space, samples=2, assignee_id=team.annotator.id, is_ready=True)
    # unassigned: anyone's examination counts, once per sample
    await examine(session, space.samples[open_package][0], space.set_id, other.id)
    await examine(session, space.samples[open_package][0], space.set_id, team.admin.id)
    # assigned: only the assignee's examinations count
    await examine(session, space.samples[mine][0], space.set_id, team.annotator.id)
    await examine(session, space.samples[mine][1], space.set_id, team.annotator.id)
    await examine(session, space.samples[mine][2], space.set_id, other.id)

    response = await client.get(f"/api/sets/{space.set_id}/packages", headers=team.annotator.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    items = {item["id"]: item for item in body["items"]}
    assert [item["id"] for item in body["items"]] == [open_package, mine, done]
    assert items[open_package] | {"created_at": None, "updated_at": None} == {
        "id": open_package,
        "set_id": space.set_id,
        "number": 1,
        "assignee_id": None,
        "assignee": None,
        "is_ready": False,
        "status": "unassigned",
        "sample_count": 3,
        "annotated_count": 1,
        "created_at": None,
        "updated_at": None,
    }
    assert items[mine]["status"] == "in_progress"
    assert items[mine]["annotated_count"] == 2
    assert items[mine]["sample_count"] == 4
    assert items[mine]["assignee"]["id"] == team.annotator.id
    assert items[mine]["assignee"]["name"] == "Anna"
    assert items[mine]["assignee"]["surname"]
    assert items[done]["status"] == "ready"
    assert items[done]["annotated_count"] == 0


async def test_set_packages_filters_and_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    free = await insert_package(session, space, samples=1)
    working = await insert_package(session, space, samples=1, assignee_id=team.annotator.id)
    ready = await insert_package(session, space, samples=1, assignee_id=team.annotator.id, is_ready=True)
    admins = await insert_package(session, space, samples=1, assignee_id=team.admin.id)
    url = f"/api/sets/{space.set_id}/packages"
    headers = team.admin.headers

    async def ids(**params: object) -> list[int]:
        response = await client.get(url, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids(status="unassigned") == [free]
    assert await ids(status="in_progress") == [working, admins]
    assert await ids(status="ready") == [ready]
    assert await ids(assignee_id=team.annotator.id) == [working, ready]
    assert await ids(assignee_id=team.annotator.id, status="ready") == [ready]

    first = (await client.get(url, params={"limit": 3}, headers=headers)).json()
    assert [item["id"] for item in first["items"]] == [free, working, ready]
    second = (
        await client.get(url, params={"limit": 3, "cursor": first["next_cursor"]}, headers=headers)
    ).json()
    assert [item["id"] for item in second["items"]] == [admins]
    assert second["next_cursor"] is None


async def test_set_packages_refuses_bad_filters_strangers_and_anonymous(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    stranger_team = await make_team(client, session, name="Elsewhere")
    space = await insert_set(session, team.group_id)
    url = f"/api/sets/{space.set_id}/packages"

    assert (await client.get(url)).status_code == 401
    hidden = await client.get(url, headers=stranger_team.admin.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "set_not_found"
    missing = await client.get("/api/sets/999999/packages", headers=team.admin.headers)
    assert missing.status_code == 404
    bad_status = await client.get(url, params={"status": "finished"}, headers=team.admin.headers)
    assert bad_status.status_code == 422
    bad_assignee = await client.get(url, params={"assignee_id": "me"}, headers=team.admin.headers)
    assert bad_assignee.status_code == 422
    bad_cursor = await client.get(url, params={"cursor": "nonsense!"}, headers=team.admin.headers)
    assert bad_cursor.status_code == 422


async def test_my_packages_span_groups_and_filter_by_readiness(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first = await make_team(client, session, name="Radiology")
    second = await make_team(client, session, name="Cardiology")
    doctor = first.annotator
    await join_group(client, doctor, second.group)
    space_one = await insert_set(session, first.group_id, name="Lungs")
    space_two = await insert_set(session, second.group_id, name="Hearts")
    one = await insert_package(session, space_one, samples=2, assignee_id=doctor.id)
    two = await insert_package(session, space_two, samples=3, assignee_id=doctor.id, is_ready=True)
    await insert_package(session, space_two, samples=3, assignee_id=second.annotator.id)
    await insert_package(session, space_one, samples=3)
    await examine(session, space_one.samples[one][1], space_one.set_id, doctor.id)

    response = await client.get("/api/packages", headers=doctor.headers)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["id"] for item in items] == [one, two]
    assert items[0]["set_name"] == "Lungs"
    assert items[0]["set_type"] == "detection"
    assert items[0]["group_id"] == first.group_id
    assert items[0]["group_name"] == "Radiology"
    assert items[0]["annotated_count"] == 1
    assert items[0]["sample_count"] == 2
    assert items[1]["group_name"] == "Cardiology"
    assert items[1]["status"] == "ready"

    ready = await client.get("/api/packages", params={"is_ready": "true"}, headers=doctor.headers)
    assert [item["id"] for item in ready.json()["items"]] == [two]
    open_ones = await client.get("/api/packages", params={"is_ready": "false"}, headers=doctor.headers)
    assert [item["id"] for item in open_ones.json()["items"]] == [one]

    newcomer = await make_user(client)
    assert (await client.get("/api/packages", headers=newcomer.headers)).json()["items"] == []
    assert (await client.get("/api/packages")).status_code == 401
    bad = await client.get("/api/packages", params={"is_ready": "perhaps"}, headers=doctor.headers)
    assert bad.status_code == 422


async def test_my_packages_leave_out_groups_i_left(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    await insert_package(session, space, samples=1, assignee_id=team.annotator.id)
    await session.execute(delete(Membership).where(Membership.user_id == team.annotator.id))
    await session.commit()

    response = await client.get("/api/packages", headers=team.annotator.headers)

    assert response.json()["items"] == []


async def test_package_detail_lists_samples_and_where_to_start(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=4, assignee_id=team.annotator.id)
    samples = space.samples[package]
    await examine(session, samples[0], space.set_id, team.annotator.id)
    await examine(session, samples[2], space.set_id, team.annotator.id)
    await examine(session, samples[1], space.set_id, team.admin.id)

    response = await client.get(f"/api/packages/{package}", headers=team.annotator.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert [sample["id"] for sample in body["samples"]] == samples
    assert [sample["annotated_by_me"] for sample in body["samples"]] == [True, False, True, False]
    assert body["samples"][0]["filename"].startswith("image-")
    assert body["first_unannotated_sample_id"] == samples[1]
    assert body["annotated_count"] == 2
    assert body["sample_count"] == 4
    assert body["status"] == "in_progress"
    assert body["set_name"] == "Chest X-ray"
    assert body["group_id"] == team.group_id

    as_admin = (await client.get(f"/api/packages/{package}", headers=team.admin.headers)).json()
    assert [sample["annotated_by_me"] for sample in as_admin["samples"]] == [False, True, False, False]
    assert as_admin["first_unannotated_sample_id"] == samples[0]

    await examine(session, samples[1], space.set_id, team.annotator.id)
    await examine(session, samples[3], space.set_id, team.annotator.id)
    finished = (await client.get(f"/api/packages/{package}", headers=team.annotator.headers)).json()
    assert finished["first_unannotated_sample_id"] is None


async def test_package_detail_is_hidden_from_strangers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    stranger = await make_team(client, session, name="Elsewhere")
    space = await insert_set(session, team.group_id)
    package = await insert_package(session, space, samples=1)

    assert (await client.get(f"/api/packages/{package}")).status_code == 401
    hidden = await client.get(f"/api/packages/{package}", headers=stranger.admin.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "package_not_found"
    assert (await client.get("/api/packages/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.get("/api/packages/0", headers=team.admin.headers)).status_code == 422


async def test_statement_counts_do_not_grow_with_rows(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id)
    for _ in range(2):
        await insert_package(session, space, samples=2, assignee_id=team.annotator.id)

    async def statements(url: str) -> int:
        with count_statements(app) as seen:
            response = await client.get(url, headers=team.annotator.headers)
        assert response.status_code == 200, response.text
        return len(seen)

    first_package = space.packages[0]
    small = [
        await statements(f"/api/sets/{space.set_id}/packages"),
        await statements("/api/packages"),
        await statements(f"/api/packages/{first_package}"),
    ]
    for _ in range(6):
        await insert_package(session, space, samples=5, assignee_id=team.annotator.id)
    extra = await insert_package(session, space, samples=0)
    assert extra
    for sample_id in space.samples[space.packages[2]]:
        await examine(session, sample_id, space.set_id, team.annotator.id)
    large = [
        await statements(f"/api/sets/{space.set_id}/packages"),
        await statements("/api/packages"),
        await statements(f"/api/packages/{space.packages[2]}"),
    ]
    assert large == small

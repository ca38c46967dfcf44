"""GET/PATCH/DELETE /api/groups/{group_id}/members[/{user_id}]."""

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, Examination, Membership, Package, Role
from tests.factories import join_group, make_group, make_user
from tests.groups.helpers import add_examination, add_package, add_sample, add_set, make_team, role_of
from tests.rows import count_rows

pytestmark = pytest.mark.anyio


def member_url(group_id: int, user_id: int) -> str:
    return f"/api/groups/{group_id}/members/{user_id}"


async def test_list_members_with_profile_and_role(client: httpx.AsyncClient) -> None:
    admin = await make_user(
        client, title="dr", specialization="Radiology", practice_start_year=2009, name="Ewa"
    )
    group = await make_group(client, admin)
    doctor = await make_user(client)
    await join_group(client, doctor, group)
    response = await client.get(f"/api/groups/{group['id']}/members", headers=doctor.headers)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(item["user_id"], item["role"]) for item in items] == [
        (admin.id, "admin"),
        (doctor.id, "annotator"),
    ]
    first = items[0]
    assert first["email"] == admin.email
    assert (first["name"], first["title"], first["specialization"], first["practice_start_year"]) == (
        "Ewa",
        "dr",
        "Radiology",
        2009,
    )
    assert first["joined_at"] and "surname" in first
    assert "password_hash" not in first


async def test_list_filters_by_role_and_pages(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    for _ in range(3):
        await join_group(client, await make_user(client), team.group)
    url = f"/api/groups/{team.group_id}/members"
    admins = (await client.get(url, params={"role": "admin"}, headers=team.admin.headers)).json()
    assert [item["user_id"] for item in admins["items"]] == [team.admin.id]
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(url, params=params, headers=team.admin.headers)).json()
        seen.extend(item["user_id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and seen == sorted(seen)
    bad = await client.get(url, params={"role": "boss"}, headers=team.admin.headers)
    assert bad.status_code == 422


async def test_list_is_for_members_only(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    url = f"/api/groups/{team.group_id}/members"
    hidden = await client.get(url, headers=outsider.headers)
    assert hidden.status_code == 404
    assert team.admin.email not in hidden.text
    assert (await client.get("/api/groups/999999/members", headers=team.admin.headers)).status_code == 404
    assert (await client.get(url)).status_code == 401


async def test_admin_promotes_and_demotes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    url = member_url(team.group_id, team.annotator.id)
    promoted = await client.patch(url, json={"role": "admin"}, headers=team.admin.headers)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["role"] == "admin"
    assert promoted.json()["user_id"] == team.annotator.id
    # the new admin sees the join code now
    group = (await client.get(f"/api/groups/{team.group_id}", headers=team.annotator.headers)).json()
    assert group["join_code"] == team.group["join_code"]
    same = await client.patch(url, json={"role": "admin"}, headers=team.admin.headers)
    assert same.status_code == 200
    demoted = await client.patch(url, json={"role": "annotator"}, headers=team.admin.headers)
    assert demoted.json()["role"] == "annotator"
    events = (
        (
            await session.execute(
                sa.select(AuditEvent.detail)
                .where(AuditEvent.action == "member.role_change")
                .order_by(AuditEvent.id)
            )
        )
        .scalars()
        .all()
    )
    assert events == [{"from": "annotator", "to": "admin"}, {"from": "admin", "to": "annotator"}]


async def test_the_last_admin_cannot_be_demoted(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    response = await client.patch(
        member_url(team.group_id, team.admin.id), json={"role": "annotator"}, headers=team.admin.headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert await role_of(session, team.group_id, team.admin.id) is Role.admin


async def test_two_admins_demoting_each_other_leave_one_admin(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    first, second = team.admin, team.annotator
    await client.patch(member_url(team.group_id, second.id), json={"role": "admin"}, headers=first.headers)
    demote = {"role": "annotator"}
    one = await client.patch(member_url(team.group_id, second.id), json=demote, headers=first.headers)
    assert one.status_code == 200
    back = await client.patch(member_url(team.group_id, first.id), json=demote, headers=second.headers)
    assert back.status_code == 403  # no longer an admin
    itself = await client.patch(member_url(team.group_id, first.id), json=demote, headers=first.headers)
    assert itself.status_code == 409
    assert await role_of(session, team.group_id, first.id) is Role.admin


async def test_concurrent_mutual_demotion_keeps_an_admin(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    first, second = team.admin, team.annotator
    await client.patch(member_url(team.group_id, second.id), json={"role": "admin"}, headers=first.headers)
    demote = {"role": "annotator"}
    responses = await asyncio.gather(
        client.patch(member_url(team.group_id, second.id), json=demote, headers=first.headers),
        client.patch(member_url(team.group_id, first.id), json=demote, headers=second.headers),
    )
    codes = sorted(response.status_code for response in responses)
    assert codes[0] == 200 and codes[1] in {403, 409}, [response.text for response in responses]
    admins = await count_rows(
        session, Membership, Membership.group_id == team.group_id, Membership.role == Role.admin
    )
    assert admins == 1


async def test_concurrent_leaving_of_two_admins_keeps_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    first, second = team.admin, team.annotator
    await client.patch(member_url(team.group_id, second.id), json={"role": "admin"}, headers=first.headers)
    responses = await asyncio.gather(
        client.delete(member_url(team.group_id, first.id), headers=first.headers),
        client.delete(member_url(team.group_id, second.id), headers=second.headers),
    )
    assert sorted(response.status_code for response in responses) == [204, 409]
    admins = await count_rows(
        session, Membership, Membership.group_id == team.group_id, Membership.role == Role.admin
    )
    assert admins == 1


@pytest.mark.parametrize("body", [{}, {"role": "owner"}, {"role": None}, {"role": 1}, {"role": ["admin"]}])
async def test_patch_rejects_bad_bodies(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, Any]
) -> None:
    team = await make_team(client)
    url = member_url(team.group_id, team.annotator.id)
    response = await client.patch(url, json=body, headers=team.admin.headers)
    assert response.status_code == 422
    assert await role_of(session, team.group_id, team.annotator.id) is Role.annotator


async def test_patch_needs_an_admin_and_a_member(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    elsewhere = await make_group(client, outsider, name="Elsewhere")
    body = {"role": "admin"}
    own_url = member_url(team.group_id, team.annotator.id)
    assert (await client.patch(own_url, json=body, headers=team.annotator.headers)).status_code == 403
    assert (await client.patch(own_url, json=body, headers=outsider.headers)).status_code == 404
    assert (await client.patch(own_url, json=body)).status_code == 401
    stranger = await client.patch(
        member_url(team.group_id, outsider.id), json=body, headers=team.admin.headers
    )
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "member_not_found"
    missing = await client.patch(member_url(team.group_id, 999999), json=body, headers=team.admin.headers)
    assert missing.status_code == 404
    other_group = member_url(elsewhere["id"], outsider.id)
    assert (await client.patch(other_group, json=body, headers=team.admin.headers)).status_code == 404
    assert await role_of(session, team.group_id, team.annotator.id) is Role.annotator
    assert await role_of(session, team.group_id, outsider.id) is None


async def test_removing_a_member_returns_their_open_packages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    doctor = team.annotator
    other_admin = await make_user(client)
    other = await make_group(client, other_admin, name="Other")
    await join_group(client, doctor, other)
    image_set = await add_set(session, team.group_id)
    open_package = await add_package(session, image_set.id, assignee_id=doctor.id)
    ready_package = await add_package(session, image_set.id, assignee_id=doctor.id, is_ready=True)
    elsewhere = await add_package(session, (await add_set(session, other["id"])).id, assignee_id=doctor.id)
    await add_examination(session, await add_sample(session, open_package), doctor.id)
    await session.commit()
    ids = (open_package.id, ready_package.id, elsewhere.id)

    response = await client.delete(member_url(team.group_id, doctor.id), headers=team.admin.headers)
    assert response.status_code == 204, response.text

    rows = dict(
        (await session.execute(sa.select(Package.id, Package.assignee_id).where(Package.id.in_(ids)))).all()
    )
    assert rows == {open_package.id: None, ready_package.id: doctor.id, elsewhere.id: doctor.id}
    assert await count_rows(session, Examination, Examination.user_id == doctor.id) == 1
    assert await role_of(session, team.group_id, doctor.id) is None
    assert await role_of(session, other["id"], doctor.id) is Role.annotator
    assert (await client.get(f"/api/groups/{team.group_id}", headers=doctor.headers)).status_code == 404
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "member.remove"))
    ).scalar_one()
    assert (event.user_id, event.object_id, event.group_id) == (team.admin.id, doctor.id, team.group_id)


async def test_a_member_leaves(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    response = await client.delete(
        member_url(team.group_id, team.annotator.id), headers=team.annotator.headers
    )
    assert response.status_code == 204
    assert await role_of(session, team.group_id, team.annotator.id) is None
    assert await count_rows(session, AuditEvent, AuditEvent.action == "member.leave") == 1


async def test_an_admin_leaves_when_another_admin_stays(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    url = member_url(team.group_id, team.admin.id)
    alone = await client.delete(url, headers=team.admin.headers)
    assert alone.status_code == 409
    assert alone.json()["code"] == "last_admin"
    await client.patch(
        member_url(team.group_id, team.annotator.id), json={"role": "admin"}, headers=team.admin.headers
    )
    assert (await client.delete(url, headers=team.admin.headers)).status_code == 204
    assert await role_of(session, team.group_id, team.admin.id) is None
    # the remaining admin is now the last one and cannot be removed either
    last = member_url(team.group_id, team.annotator.id)
    assert (await client.delete(last, headers=team.annotator.headers)).status_code == 409


async def test_remove_needs_an_admin_or_oneself(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    colleague = await make_user(client)
    await join_group(client, colleague, team.group)
    outsider = await make_user(client)
    elsewhere = await make_group(client, outsider, name="Elsewhere")
    url = member_url(team.group_id, colleague.id)
    assert (await client.delete(url, headers=team.annotator.headers)).status_code == 403
    admin_url = member_url(team.group_id, team.admin.id)
    assert (await client.delete(admin_url, headers=team.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=outsider.headers)).status_code == 404
    assert (await client.delete(url)).status_code == 401
    stranger = member_url(team.group_id, outsider.id)
    assert (await client.delete(stranger, headers=team.admin.headers)).status_code == 404
    assert (
        await client.delete(member_url(team.group_id, 999999), headers=team.admin.headers)
    ).status_code == 404
    other_group = member_url(elsewhere["id"], outsider.id)
    assert (await client.delete(other_group, headers=team.admin.headers)).status_code == 404
    assert (await client.delete(member_url(team.group_id, 0), headers=team.admin.headers)).status_code == 422
    assert await count_rows(session, Membership, Membership.group_id == team.group_id) == 3

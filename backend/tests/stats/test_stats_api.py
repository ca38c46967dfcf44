"""GET /api/groups/{group_id}/stats and GET /api/sets/{set_id}/stats on a small hand-built data set."""

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import SetType
from tests.factories import Caller, join_group, make_group, make_user
from tests.groups.helpers import (
    Team,
    add_examination,
    add_label,
    add_package,
    add_sample,
    add_set,
    make_team,
)

pytestmark = pytest.mark.anyio


@dataclass
class World:
    team: Team
    third: Caller
    outsider: Caller
    detection_id: int
    classification_id: int
    detection_labels: list[int]
    classification_labels: list[int]
    other_set_id: int


async def build(client: httpx.AsyncClient, session: AsyncSession) -> World:
    team = await make_team(client)
    admin, second = team.admin, team.annotator
    third = await make_user(client)
    await join_group(client, third, team.group)
    outsider = await make_user(client)
    other = await make_group(client, outsider, name="Other")

    detection = await add_set(session, team.group_id, SetType.detection)
    l1, l2, l3 = [await add_label(session, detection.id) for _ in range(3)]
    p1 = await add_package(session, detection.id, assignee_id=second.id, is_ready=True)
    p2 = await add_package(session, detection.id, assignee_id=third.id)
    p3 = await add_package(session, detection.id)
    s1, s2 = await add_sample(session, p1), await add_sample(session, p1)
    s3, _s4 = await add_sample(session, p2), await add_sample(session, p3)
    await add_examination(session, s1, second.id, box_labels=(l1, l1, l2))
    await add_examination(session, s2, second.id)
    await add_examination(session, s1, third.id, box_labels=(l2,))
    await add_examination(session, s3, admin.id, box_labels=(l1,))

    classification = await add_set(session, team.group_id, SetType.classification)
    k1, k2 = await add_label(session, classification.id), await add_label(session, classification.id)
    q1 = await add_package(session, classification.id, assignee_id=third.id, is_ready=True)
    t1, _t2 = await add_sample(session, q1), await add_sample(session, q1)
    await add_examination(session, t1, third.id, chosen_labels=(k1,))
    await add_examination(session, t1, admin.id, chosen_labels=(k1,))

    # another group's work must never show up
    other_set = await add_set(session, other["id"])
    other_label = await add_label(session, other_set.id)
    other_package = await add_package(session, other_set.id, assignee_id=outsider.id, is_ready=True)
    for _ in range(3):
        sample = await add_sample(session, other_package)
        await add_examination(session, sample, outsider.id, box_labels=(other_label,))
    await session.commit()
    return World(
        team=team,
        third=third,
        outsider=outsider,
        detection_id=detection.id,
        classification_id=classification.id,
        detection_labels=[l1.id, l2.id, l3.id],
        classification_labels=[k1.id, k2.id],
        other_set_id=other_set.id,
    )


async def test_group_stats(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    team = world.team
    response = await client.get(f"/api/groups/{team.group_id}/stats", headers=team.annotator.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "sets": 2,
        "samples": 6,
        "annotated_samples": 4,
        "packages": 4,
        "ready_packages": 2,
        "members": [
            {"user_id": team.admin.id, "annotated_samples": 2, "ready_packages": 0},
            {"user_id": team.annotator.id, "annotated_samples": 2, "ready_packages": 1},
            {"user_id": world.third.id, "annotated_samples": 2, "ready_packages": 1},
        ],
    }


async def test_group_stats_for_one_member(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    team = world.team
    url = f"/api/groups/{team.group_id}/stats"
    response = await client.get(url, params={"user_id": world.third.id}, headers=team.admin.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "sets": 2,
        "samples": 6,
        "annotated_samples": 2,
        "packages": 2,
        "ready_packages": 1,
        "members": [{"user_id": world.third.id, "annotated_samples": 2, "ready_packages": 1}],
    }
    stranger = await client.get(url, params={"user_id": world.outsider.id}, headers=team.admin.headers)
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "member_not_found"
    for bad in ("0", "abc", "-1"):
        invalid = await client.get(url, params={"user_id": bad}, headers=team.admin.headers)
        assert invalid.status_code == 422, bad


async def test_group_stats_of_an_empty_group(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    body = (await client.get(f"/api/groups/{team.group_id}/stats", headers=team.admin.headers)).json()
    assert body["sets"] == body["samples"] == body["annotated_samples"] == body["packages"] == 0
    assert [member["user_id"] for member in body["members"]] == [team.admin.id, team.annotator.id]


async def test_group_stats_are_for_members_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    url = f"/api/groups/{world.team.group_id}/stats"
    assert (await client.get(url, headers=world.outsider.headers)).status_code == 404
    missing = await client.get("/api/groups/999999/stats", headers=world.team.admin.headers)
    assert missing.status_code == 404
    assert (await client.get(url)).status_code == 401


async def test_detection_set_stats(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    team = world.team
    response = await client.get(f"/api/sets/{world.detection_id}/stats", headers=team.annotator.headers)
    assert response.status_code == 200, response.text
    l1, l2, l3 = world.detection_labels
    assert response.json() == {
        "samples": 4,
        "annotated_samples": 3,
        "packages": 3,
        "assigned_packages": 2,
        "ready_packages": 1,
        "labels": [
            {"label_id": l1, "count": 3},
            {"label_id": l2, "count": 2},
            {"label_id": l3, "count": 0},
        ],
        "annotators": sorted(
            [
                {"user_id": team.admin.id, "annotated_samples": 1},
                {"user_id": team.annotator.id, "annotated_samples": 2},
                {"user_id": world.third.id, "annotated_samples": 1},
            ],
            key=lambda row: row["user_id"],
        ),
    }


async def test_classification_set_stats(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    team = world.team
    response = await client.get(f"/api/sets/{world.classification_id}/stats", headers=team.admin.headers)
    assert response.status_code == 200, response.text
    k1, k2 = world.classification_labels
    body = response.json()
    assert (body["samples"], body["annotated_samples"]) == (2, 1)
    assert (body["packages"], body["assigned_packages"], body["ready_packages"]) == (1, 1, 1)
    assert body["labels"] == [{"label_id": k1, "count": 2}, {"label_id": k2, "count": 0}]
    assert body["annotators"] == sorted(
        [
            {"user_id": team.admin.id, "annotated_samples": 1},
            {"user_id": world.third.id, "annotated_samples": 1},
        ],
        key=lambda row: row["user_id"],
    )


async def test_set_stats_are_for_members_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await build(client, session)
    url = f"/api/sets/{world.detection_id}/stats"
    hidden = await client.get(url, headers=world.outsider.headers)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "set_not_found"
    assert (await client.get("/api/sets/999999/stats", headers=world.team.admin.headers)).status_code == 404
    assert (await client.get("/api/sets/0/stats", headers=world.team.admin.headers)).status_code == 422
    assert (await client.get(url)).status_code == 401
    # the outsider's own set is visible to them, and the team's admin cannot see it
    own = await client.get(f"/api/sets/{world.other_set_id}/stats", headers=world.outsider.headers)
    assert own.status_code == 200
    assert own.json()["annotated_samples"] == 3
    across = await client.get(f"/api/sets/{world.other_set_id}/stats", headers=world.team.admin.headers)
    assert across.status_code == 404

"""Reading groups, members and statistics costs the same number of SQL statements whatever the row count."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import SetType
from tests.factories import join_group, make_group, make_user
from tests.groups.helpers import Team, add_examination, add_label, add_package, add_sample, add_set, make_team
from tests.statements import count_statements

pytestmark = pytest.mark.anyio


async def grow(
    client: httpx.AsyncClient, session: AsyncSession, team: Team, set_id: int, rounds: int
) -> None:
    """Add members, groups of the admin, labels, packages, samples, examinations and boxes."""
    members = []
    for _ in range(rounds):
        member = await make_user(client)
        await join_group(client, member, team.group)
        await make_group(client, team.admin, name="More")
        members.append(member)
    labels = [await add_label(session, set_id) for _ in range(rounds)]
    for member in members:
        package = await add_package(session, set_id, assignee_id=member.id, is_ready=True)
        for _ in range(2):
            sample = await add_sample(session, package)
            await add_examination(session, sample, member.id, box_labels=tuple(labels[:2]))
            await add_examination(session, sample, team.admin.id, box_labels=(labels[-1],))
    await session.commit()


async def statements_for(app: FastAPI, client: httpx.AsyncClient, team: Team, set_id: int) -> dict[str, int]:
    urls = {
        "groups": "/api/groups",
        "members": f"/api/groups/{team.group_id}/members",
        "group stats": f"/api/groups/{team.group_id}/stats",
        "member stats": f"/api/groups/{team.group_id}/stats?user_id={team.annotator.id}",
        "set stats": f"/api/sets/{set_id}/stats",
    }
    counts = {}
    for name, url in urls.items():
        with count_statements(app) as counter:
            response = await client.get(url, headers=team.admin.headers)
        assert response.status_code == 200, response.text
        counts[name] = counter.count
    return counts


async def test_reads_do_not_grow_with_rows(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client)
    image_set = await add_set(session, team.group_id, SetType.detection)
    await session.commit()
    await grow(client, session, team, image_set.id, rounds=1)
    small = await statements_for(app, client, team, image_set.id)

    await grow(client, session, team, image_set.id, rounds=6)
    large = await statements_for(app, client, team, image_set.id)

    assert large == small
    assert max(small.values()) <= 8, small  # authentication, guard, then a few aggregate queries

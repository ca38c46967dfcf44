"""Changing and deleting labels: partial updates, clearing the shortcut, and labels in use."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, Label
from tests.rows import count_rows
from tests.sets.helpers import (
    Team,
    insert_examination,
    insert_package,
    insert_sample,
    make_label,
    make_set,
    make_team,
)

pytestmark = pytest.mark.anyio  # at collection time, so parametrized async tests keep their parameters


async def team_with_label(client: httpx.AsyncClient, **fields: Any) -> tuple[Team, dict[str, Any]]:
    team = await make_team(client)
    created = await make_set(client, team)
    label = await make_label(client, team, created["id"], **{"name": "Nodule", "shortcut": "n", **fields})
    return team, label


async def stored_label(session: AsyncSession, label_id: int) -> Label | None:
    session.expire_all()
    return await session.get(Label, label_id)


async def test_admin_changes_only_the_fields_sent(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, label = await team_with_label(client, description="Round")
    response = await client.patch(
        f"/api/labels/{label['id']}", json={"name": "Mass", "color": "#ABCDEF"}, headers=team.admin.headers
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["name"], changed["color"], changed["shortcut"], changed["description"]) == (
        "Mass",
        "#abcdef",
        "n",
        "Round",
    )
    stored = await stored_label(session, label["id"])
    assert stored is not None and (stored.name, stored.color) == ("Mass", "#abcdef")
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "label.update"))
    ).scalar_one()
    assert event.object_id == label["id"]
    assert event.detail["before"] == {"name": "Nodule", "color": "#00ff00"}
    assert event.detail["after"] == {"name": "Mass", "color": "#abcdef"}


async def test_shortcut_and_description_can_be_cleared(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, label = await team_with_label(client, description="Round")
    response = await client.patch(
        f"/api/labels/{label['id']}", json={"shortcut": None, "description": None}, headers=team.admin.headers
    )
    assert response.status_code == 200
    assert (response.json()["shortcut"], response.json()["description"]) == (None, "")
    stored = await stored_label(session, label["id"])
    assert stored is not None and (stored.shortcut, stored.description) == (None, "")


async def test_renaming_to_a_taken_name_or_shortcut_is_409(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, label = await team_with_label(client)
    other = await make_label(client, team, label["set_id"], name="Mass", shortcut="m")
    url = f"/api/labels/{other['id']}"
    taken_name = await client.patch(url, json={"name": "NODULE"}, headers=team.admin.headers)
    assert taken_name.status_code == 409
    assert taken_name.json()["code"] == "label_name_taken"
    taken_shortcut = await client.patch(url, json={"shortcut": "n"}, headers=team.admin.headers)
    assert taken_shortcut.status_code == 409
    assert taken_shortcut.json()["code"] == "shortcut_taken"
    stored = await stored_label(session, other["id"])
    assert stored is not None and (stored.name, stored.shortcut) == ("Mass", "m")
    own = await client.patch(url, json={"name": "mass", "shortcut": "m"}, headers=team.admin.headers)
    assert own.status_code == 200
    assert own.json()["name"] == "mass"


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": None},
        {"color": "red"},
        {"color": "#12345"},
        {"color": None},
        {"shortcut": "ab"},
        {"shortcut": "Z"},
        {"set_id": 7},
    ],
)
async def test_bad_changes_are_422_and_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, Any]
) -> None:
    team, label = await team_with_label(client)
    response = await client.patch(f"/api/labels/{label['id']}", json=body, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    stored = await stored_label(session, label["id"])
    assert stored is not None and (stored.name, stored.color, stored.shortcut) == ("Nodule", "#00ff00", "n")


async def test_changing_needs_an_admin_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, label = await team_with_label(client)
    other = await make_team(client, name="Other")
    url = f"/api/labels/{label['id']}"
    body = {"name": "Taken over"}
    assert (await client.patch(url, json=body)).status_code == 401
    assert (await client.patch(url, json=body, headers=team.annotator.headers)).status_code == 403
    hidden = await client.patch(url, json=body, headers=other.admin.headers)
    assert hidden.status_code == 404
    assert "Nodule" not in hidden.text
    assert (
        await client.patch("/api/labels/999999", json=body, headers=team.admin.headers)
    ).status_code == 404
    stored = await stored_label(session, label["id"])
    assert stored is not None and stored.name == "Nodule"


async def test_admin_deletes_an_unused_label(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, label = await team_with_label(client)
    response = await client.delete(f"/api/labels/{label['id']}", headers=team.admin.headers)
    assert response.status_code == 204
    assert await stored_label(session, label["id"]) is None
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "label.delete"))
    ).scalar_one()
    assert event.object_id == label["id"] and event.detail == {"set_id": label["set_id"], "name": "Nodule"}
    listed = await client.get(f"/api/sets/{label['set_id']}/labels", headers=team.admin.headers)
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    ("boxes", "chosen", "message"),
    [
        (12, 0, "used by 12 boxes and 0 classifications"),
        (1, 0, "used by 1 box and 0 classifications"),
        (0, 1, "used by 0 boxes and 1 classification"),
    ],
)
async def test_a_label_in_use_cannot_be_deleted(
    client: httpx.AsyncClient, session: AsyncSession, boxes: int, chosen: int, message: str
) -> None:
    team, label = await team_with_label(client)
    package = await insert_package(session, label["set_id"])
    sample = await insert_sample(session, label["set_id"], package.id)
    await insert_examination(
        session,
        sample,
        team.admin.id,
        box_label_ids=(label["id"],) * boxes,
        chosen_label_ids=(label["id"],) * chosen,
    )
    await session.commit()
    response = await client.delete(f"/api/labels/{label['id']}", headers=team.admin.headers)
    assert response.status_code == 409
    assert response.json()["code"] == "label_in_use"
    assert message in response.json()["detail"]
    assert await stored_label(session, label["id"]) is not None
    assert await count_rows(session, AuditEvent, AuditEvent.action == "label.delete") == 0


async def test_deleting_needs_an_admin_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, label = await team_with_label(client)
    other = await make_team(client, name="Other")
    url = f"/api/labels/{label['id']}"
    assert (await client.delete(url)).status_code == 401
    assert (await client.delete(url, headers=team.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=other.admin.headers)).status_code == 404
    assert (await client.delete("/api/labels/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.delete("/api/labels/abc", headers=team.admin.headers)).status_code == 422
    assert await stored_label(session, label["id"]) is not None

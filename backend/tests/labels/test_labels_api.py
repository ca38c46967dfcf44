"""The labels routes: create with default shortcuts, list in pages, change, delete unless in use."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.labels import repository
from tagmedx.models import AuditEvent, Label
from tests.rows import count_rows
from tests.sets.helpers import Team, make_label, make_set, make_team

pytestmark = pytest.mark.anyio  # at collection time, so parametrized async tests keep their parameters


def labels_url(set_id: int) -> str:
    return f"/api/sets/{set_id}/labels"


async def team_with_set(client: httpx.AsyncClient) -> tuple[Team, int]:
    team = await make_team(client)
    created = await make_set(client, team)
    return team, int(created["id"])


async def stored_label(session: AsyncSession, label_id: int) -> Label | None:
    session.expire_all()
    return await session.get(Label, label_id)


async def test_admin_creates_a_label(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, set_id = await team_with_set(client)
    body = {"name": " Nodule ", "description": "Round opacity", "color": "#FFaa00", "shortcut": "n"}
    response = await client.post(labels_url(set_id), json=body, headers=team.admin.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created == {
        "id": created["id"],
        "set_id": set_id,
        "name": "Nodule",
        "description": "Round opacity",
        "color": "#ffaa00",
        "shortcut": "n",
    }
    stored = await stored_label(session, created["id"])
    assert stored is not None and stored.color == "#ffaa00"
    event = (
        await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "label.create"))
    ).scalar_one()
    assert event.object_id == created["id"] and event.group_id == team.group["id"]


async def test_labels_get_digits_1_to_9_then_0_by_default(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    letter = await make_label(client, team, set_id, shortcut="a")
    shortcuts = [(await make_label(client, team, set_id))["shortcut"] for _ in range(11)]
    assert letter["shortcut"] == "a"
    assert shortcuts == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", None]


async def test_default_shortcut_fills_the_first_free_digit(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    await make_label(client, team, set_id, shortcut="1")
    await make_label(client, team, set_id, shortcut="3")
    assert (await make_label(client, team, set_id))["shortcut"] == "2"
    assert (await make_label(client, team, set_id))["shortcut"] == "4"


async def test_explicit_null_shortcut_means_none(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    assert (await make_label(client, team, set_id, shortcut=None))["shortcut"] is None
    assert (await make_label(client, team, set_id))["shortcut"] == "1"


async def test_duplicate_name_in_the_set_is_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, set_id = await team_with_set(client)
    await make_label(client, team, set_id, name="Nodule")
    response = await client.post(
        labels_url(set_id), json={"name": "nodule ", "color": "#000000"}, headers=team.admin.headers
    )
    assert response.status_code == 409
    assert response.json()["code"] == "label_name_taken"
    assert await count_rows(session, Label) == 1
    other_set = await make_set(client, team, name="Other set")
    assert (await make_label(client, team, other_set["id"], name="Nodule"))["name"] == "Nodule"


async def test_duplicate_shortcut_is_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team, set_id = await team_with_set(client)
    await make_label(client, team, set_id, shortcut="q")
    response = await client.post(
        labels_url(set_id),
        json={"name": "Mass", "color": "#000000", "shortcut": "q"},
        headers=team.admin.headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "shortcut_taken"
    assert '"q"' in response.json()["detail"]
    assert await count_rows(session, Label) == 1


async def test_a_race_on_name_or_shortcut_still_answers_409(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks pass (another request saved the same name between check and insert): the unique
    constraint decides, and the answer is the same 409, not a 500."""
    team, set_id = await team_with_set(client)
    await make_label(client, team, set_id, name="Nodule", shortcut="q")

    async def never_taken(*_args: Any, **_kwargs: Any) -> bool:
        return False

    monkeypatch.setattr(repository, "name_taken", never_taken)
    monkeypatch.setattr(repository, "shortcut_taken", never_taken)
    by_name = await client.post(
        labels_url(set_id), json={"name": "Nodule", "color": "#000000"}, headers=team.admin.headers
    )
    assert by_name.status_code == 409
    assert by_name.json()["code"] == "label_name_taken"
    by_shortcut = await client.post(
        labels_url(set_id),
        json={"name": "Mass", "color": "#000000", "shortcut": "q"},
        headers=team.admin.headers,
    )
    assert by_shortcut.status_code == 409
    assert by_shortcut.json()["code"] == "shortcut_taken"
    assert await count_rows(session, Label) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "n" * 101},
        {"name": None},
        {"color": "red"},
        {"color": "#12345"},
        {"color": "#1234567"},
        {"color": "#gggggg"},
        {"color": "ffaa00"},
        {"color": None},
        {"shortcut": "ab"},
        {"shortcut": ""},
        {"shortcut": "A"},
        {"shortcut": "!"},
        {"shortcut": 1},
        {"set_id": 3},
    ],
)
async def test_bad_input_is_422_and_creates_nothing(
    client: httpx.AsyncClient, session: AsyncSession, change: dict[str, Any]
) -> None:
    team, set_id = await team_with_set(client)
    body = {"name": "Nodule", "color": "#ff0000", **change}
    response = await client.post(labels_url(set_id), json=body, headers=team.admin.headers)
    assert response.status_code == 422, response.text
    assert await count_rows(session, Label) == 0


async def test_color_is_required(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    response = await client.post(labels_url(set_id), json={"name": "Nodule"}, headers=team.admin.headers)
    assert response.status_code == 422


async def test_creating_needs_an_admin_of_the_sets_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team, set_id = await team_with_set(client)
    other = await make_team(client, name="Other")
    body = {"name": "Nodule", "color": "#ff0000"}
    assert (await client.post(labels_url(set_id), json=body)).status_code == 401
    assert (
        await client.post(labels_url(set_id), json=body, headers=team.annotator.headers)
    ).status_code == 403
    hidden = await client.post(labels_url(set_id), json=body, headers=other.admin.headers)
    assert hidden.status_code == 404
    assert (await client.post(labels_url(999999), json=body, headers=team.admin.headers)).status_code == 404
    assert await count_rows(session, Label) == 0


async def test_member_lists_labels_by_id_in_pages(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    made = [(await make_label(client, team, set_id))["id"] for _ in range(5)]
    other_set = await make_set(client, team, name="Other set")
    await make_label(client, team, other_set["id"])
    seen: list[int] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2} if cursor is None else {"limit": 2, "cursor": cursor}
        response = await client.get(labels_url(set_id), params=params, headers=team.annotator.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 2
        assert all(item["set_id"] == set_id for item in page["items"])
        seen.extend(item["id"] for item in page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
    assert pages == 3


async def test_listing_needs_a_login_and_membership(client: httpx.AsyncClient) -> None:
    team, set_id = await team_with_set(client)
    await make_label(client, team, set_id, name="Nodule")
    other = await make_team(client, name="Other")
    assert (await client.get(labels_url(set_id))).status_code == 401
    hidden = await client.get(labels_url(set_id), headers=other.admin.headers)
    assert hidden.status_code == 404
    assert "Nodule" not in hidden.text
    assert (await client.get(labels_url(999999), headers=team.admin.headers)).status_code == 404
    bad_cursor = await client.get(
        labels_url(set_id), params={"cursor": "nonsense!"}, headers=team.admin.headers
    )
    assert bad_cursor.status_code == 422

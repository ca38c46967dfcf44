"""GET /api/overview (issue 13 item 12): a manager's home shows their groups' progress and what needs
them; a doctor, who manages nothing, gets no groups (their home is their work)."""

from datetime import UTC, datetime, timedelta

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Examination, Package, Sample
from tests.packages.helpers import insert_package, insert_set, make_team


async def test_a_manager_sees_progress_and_what_needs_attention(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session, name="Radiology")
    chest = await insert_set(session, team.group_id, name="Chest")
    empty = await insert_set(session, team.group_id, name="Knees")
    free = await insert_package(session, chest, samples=2)
    held = await insert_package(session, chest, samples=2, assignee_id=team.annotator.id)
    done = await insert_package(session, chest, samples=1, assignee_id=team.annotator.id, is_ready=True)
    long_ago = datetime.now(UTC) - timedelta(days=10)
    await session.execute(sa.update(Package).where(Package.id == held).values(updated_at=long_ago))
    session.add_all(
        [
            Examination(sample_id=chest.samples[done][0], set_id=chest.set_id, user_id=team.annotator.id,
                        tentative=True, comment=""),
            Examination(sample_id=chest.samples[held][0], set_id=chest.set_id, user_id=team.annotator.id,
                        bad_quality=True, comment="", updated_at=long_ago, created_at=long_ago),
        ]
    )  # fmt: skip
    await session.execute(
        sa.update(Sample)
        .where(Sample.id == chest.samples[free][0])
        .values(suspected_text=True, files_missing=True)
    )
    await session.commit()

    response = await client.get("/api/overview", headers=team.admin.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stalled_after_days"] == 3
    [group] = body["groups"]
    assert group["name"] == "Radiology"
    assert [item["name"] for item in group["sets"]] == ["Knees", "Chest"]  # newest first
    knees, chest_overview = group["sets"]
    assert knees["samples"] == 0 and knees["set_id"] == empty.set_id and knees["stalled"] == []
    assert chest_overview | {"stalled": None} == {
        "set_id": chest.set_id,
        "name": "Chest",
        "type": "detection",
        "samples": 5,
        "annotated_samples": 2,
        "packages": {"unassigned": 1, "in_progress": 1, "ready": 1},
        "tentative_samples": 1,
        "bad_quality_samples": 1,
        "suspected_text_samples": 1,
        "missing_files_samples": 1,
        "stalled": None,
    }
    [stalled] = chest_overview["stalled"]
    assert stalled["package_id"] == held and stalled["number"] == 2
    assert stalled["assignee_id"] == team.annotator.id and stalled["assignee_name"].startswith("Anna ")


async def test_a_recent_save_keeps_a_package_from_stalling(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    chest = await insert_set(session, team.group_id)
    held = await insert_package(session, chest, samples=1, assignee_id=team.annotator.id)
    await session.execute(
        sa.update(Package).where(Package.id == held).values(updated_at=datetime.now(UTC) - timedelta(days=9))
    )
    session.add(
        Examination(
            sample_id=chest.samples[held][0], set_id=chest.set_id, user_id=team.annotator.id, comment=""
        )
    )
    await session.commit()

    body = (await client.get("/api/overview", headers=team.admin.headers)).json()

    assert body["groups"][0]["sets"][0]["stalled"] == []


async def test_doctors_manage_nothing_and_strangers_see_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    team = await make_team(client, session)
    await insert_set(session, team.group_id)
    other = await make_team(client, session, name="Elsewhere")

    doctor = await client.get("/api/overview", headers=team.annotator.headers)
    assert doctor.status_code == 200
    assert doctor.json()["groups"] == []
    stranger = (await client.get("/api/overview", headers=other.admin.headers)).json()
    assert [group["name"] for group in stranger["groups"]] == ["Elsewhere"]
    assert stranger["groups"][0]["sets"] == []
    assert (await client.get("/api/overview")).status_code == 401

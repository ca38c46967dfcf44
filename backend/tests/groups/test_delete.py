"""DELETE /api/groups/{group_id}: everything under the group goes, stored files too, nothing else."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    AuditEvent,
    Box,
    Examination,
    ExaminationLabel,
    Group,
    Label,
    Membership,
    Package,
    Sample,
    Set,
    SetType,
)
from tagmedx.storage import Storage
from tests.factories import make_group, make_user
from tests.groups.helpers import (
    add_examination,
    add_label,
    add_package,
    add_sample,
    add_set,
    make_team,
    sha_of,
)
from tests.rows import count_rows

pytestmark = pytest.mark.anyio


async def store_files(storage: Storage, sample: Sample) -> list[str]:
    keys = sorted({sample.original_key, sample.display_key, sample.thumbnail_key})
    for key in keys:
        await storage.put(key, b"bytes", "application/octet-stream")
    return keys


async def test_delete_removes_everything_under_the_group_and_its_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    storage: Storage = app.state.storage
    team = await make_team(client)
    other_admin = await make_user(client)
    other = await make_group(client, other_admin, name="Other")
    # the doomed group: a detection set and a classification set, with examinations using labels
    detection = await add_set(session, team.group_id, SetType.detection)
    classification = await add_set(session, team.group_id, SetType.classification)
    nodule, tumour = await add_label(session, detection.id), await add_label(session, classification.id)
    package = await add_package(session, detection.id, assignee_id=team.annotator.id)
    other_package = await add_package(session, classification.id)
    doomed = await add_sample(session, package)
    shared = await add_sample(session, other_package, sha256=sha_of("shared"))
    await add_examination(session, doomed, team.annotator.id, box_labels=(nodule, nodule))
    await add_examination(session, shared, team.admin.id, chosen_labels=(tumour,))
    # the surviving group holds a sample with the same content (same stored files)
    kept_set = await add_set(session, other["id"])
    kept_label = await add_label(session, kept_set.id)
    kept_sample = await add_sample(session, await add_package(session, kept_set.id), sha256=sha_of("shared"))
    await add_examination(session, kept_sample, other_admin.id, box_labels=(kept_label,))
    await session.commit()
    doomed_keys = await store_files(storage, doomed)
    shared_keys = await store_files(storage, shared)

    response = await client.delete(f"/api/groups/{team.group_id}", headers=team.admin.headers)
    assert response.status_code == 204, response.text
    assert response.content == b""

    for model in (Set, Label, Package, Sample, Examination, Box, ExaminationLabel):
        assert await count_rows(session, model) == (0 if model is ExaminationLabel else 1), model
    assert await count_rows(session, Group) == 1
    assert await count_rows(session, Membership, Membership.group_id == team.group_id) == 0
    assert await count_rows(session, Sample, Sample.id == kept_sample.id) == 1
    for key in doomed_keys:
        assert not await storage.exists(key), key
    for key in shared_keys:
        assert await storage.exists(key), f"{key} is still used by the other group"
    assert await count_rows(session, AuditEvent, AuditEvent.action == "group.delete") == 1
    gone = await client.get(f"/api/groups/{team.group_id}", headers=team.admin.headers)
    assert gone.status_code == 404
    listed = (await client.get("/api/groups", headers=team.annotator.headers)).json()
    assert listed["items"] == []


async def test_delete_is_for_admins_of_the_group(client: httpx.AsyncClient, session: AsyncSession) -> None:
    team = await make_team(client)
    outsider = await make_user(client)
    await add_set(session, team.group_id)
    await session.commit()
    url = f"/api/groups/{team.group_id}"
    assert (await client.delete(url, headers=team.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=outsider.headers)).status_code == 404
    assert (await client.delete("/api/groups/999999", headers=team.admin.headers)).status_code == 404
    assert (await client.delete(url)).status_code == 401
    assert await count_rows(session, Group) == 1
    assert await count_rows(session, Set) == 1
    assert await count_rows(session, Membership) == 2

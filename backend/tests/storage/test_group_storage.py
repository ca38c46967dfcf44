"""GET /api/groups/{group_id}/storage: the figures an admin sees of the group's stored files."""

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Sample, StoredFile
from tests.samples.helpers import add_set, make_world, png, upload


async def test_an_admin_sees_samples_bytes_and_missing_files(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    image = png(seed=1)
    created = await upload(client, world.admin, world.set_id, ("a.png", image), ("b.png", png(seed=2)))
    first, second = created.json()["created"]
    other_set = await add_set(session, world.group_id)
    assert (await upload(client, world.admin, other_set, ("a.png", image))).status_code == 201  # shared files
    await session.execute(sa.update(Sample).where(Sample.id == second["id"]).values(files_missing=True))
    await session.commit()
    rows = await session.execute(sa.select(StoredFile.key, StoredFile.size_bytes))
    on_disk = {key: (app.state.settings.data_dir / "images" / key).stat().st_size for key, _ in rows}

    answer = await client.get(f"/api/groups/{world.group_id}/storage", headers=world.admin.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "samples": 3,
        "bytes": sum(on_disk.values()),  # the shared image's files count once
        "missing": [{"sample_id": second["id"], "set_id": world.set_id, "filename": "b.png"}],
    }
    assert first["id"] != second["id"]


async def test_an_empty_group_has_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    answer = await client.get(f"/api/groups/{world.group_id}/storage", headers=world.admin.headers)
    assert answer.json() == {"samples": 0, "bytes": 0, "missing": []}


async def test_only_the_groups_admins_see_it(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    url = f"/api/groups/{world.group_id}/storage"
    assert (await client.get(url)).status_code == 401
    refused = await client.get(url, headers=world.annotator.headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    hidden = await client.get(url, headers=world.outsider.headers)
    assert hidden.status_code == 404
    assert (await client.get("/api/groups/99999999/storage", headers=world.admin.headers)).status_code == 404


async def test_a_bad_group_id_is_a_clear_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    answer = await client.get("/api/groups/not-a-number/storage", headers=world.admin.headers)
    assert answer.status_code == 422
    assert "detail" in answer.json()


async def test_the_route_is_documented(app: FastAPI) -> None:
    operation = app.openapi()["paths"]["/api/groups/{group_id}/storage"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(operation["responses"])

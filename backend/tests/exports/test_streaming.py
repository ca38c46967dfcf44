"""The export streams over several chunks, and its statement count follows chunks, not rows."""

import csv
import io
import json
import zipfile

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.exports import reader
from tagmedx.models import Label, Package
from tests.exports.helpers import add_examination, add_labels, add_package, add_sample, make_set, make_world
from tests.statements import count_statements

pytestmark = pytest.mark.anyio


async def _fill(
    session: AsyncSession, package: Package, labels: list[Label], count: int, user_id: int
) -> None:
    for number in range(count):
        sample = await add_sample(session, package, f"s{number}.png", width=100 + number, height=50)
        if number % 3 != 2:  # every third sample stays unread
            boxes = [(labels[number % 2], number, 1, 5, 5), (labels[0], 0, 0, 10 + number, 10)]
            await add_examination(session, sample, user_id, boxes=boxes[: 1 + number % 2])
    await session.commit()


async def test_every_format_crosses_several_chunks(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Many")
    labels = await add_labels(session, item, ["A", "B"])
    first = await add_package(session, item, ready=True)
    second = await add_package(session, item, ready=False)
    await _fill(session, first, labels, 7, world.annotator.id)
    await _fill(session, second, labels, 4, world.admin.id)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 2)
    url = f"/api/sets/{item.id}/export?scope=all&format="
    document = (await client.get(url + "coco", headers=world.admin.headers)).json()
    ids = [image["id"] for image in document["images"]]
    assert len(ids) == 11 and ids == sorted(ids)
    # 7 samples: read 0,1,3,4,6 -> boxes 1+2+2+1+1 = 7 ... and 4 samples: read 0,1,3 -> 1+2+2 = 5
    assert len(document["annotations"]) == 12
    assert len({a["id"] for a in document["annotations"]}) == 12
    assert len(document["examinations"]) == 8
    rows = list(
        csv.DictReader(io.StringIO((await client.get(url + "csv", headers=world.admin.headers)).text))
    )
    assert len(rows) == 12
    archive = zipfile.ZipFile(
        io.BytesIO((await client.get(url + "yolo", headers=world.admin.headers)).content)
    )
    assert archive.testzip() is None
    assert len([name for name in archive.namelist() if name.startswith("labels/")]) == 8
    assert len(archive.read("readers.csv").decode().splitlines()) == 1 + 12
    archive = zipfile.ZipFile(
        io.BytesIO((await client.get(url + "voc", headers=world.admin.headers)).content)
    )
    assert len([name for name in archive.namelist() if name.startswith("Annotations/")]) == 11
    ready = (await client.get(url.replace("all", "ready") + "coco", headers=world.admin.headers)).json()
    assert len(ready["images"]) == 7 and len(ready["annotations"]) == 7


async def _statements_for(client: httpx.AsyncClient, app: FastAPI, url: str, headers: dict[str, str]) -> int:
    with count_statements(app) as statements:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200
    return len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "INSERT"))])


@pytest.mark.parametrize("export_format", ["coco", "csv", "yolo", "voc"])
async def test_statements_follow_chunks_not_rows(
    client: httpx.AsyncClient,
    session: AsyncSession,
    app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
    export_format: str,
) -> None:
    world = await make_world(client, session)
    small = await make_set(session, world.group_id, name="Small")
    large = await make_set(session, world.group_id, name="Large")
    small_labels = await add_labels(session, small, ["A", "B"])
    large_labels = await add_labels(session, large, ["A", "B"])
    await _fill(session, await add_package(session, small, ready=True), small_labels, 3, world.annotator.id)
    await _fill(session, await add_package(session, large, ready=True), large_labels, 30, world.annotator.id)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 100)  # one chunk each
    query = f"/export?format={export_format}"
    few = await _statements_for(client, app, f"/api/sets/{small.id}{query}", world.admin.headers)
    many = await _statements_for(client, app, f"/api/sets/{large.id}{query}", world.admin.headers)
    assert few == many  # ten times the rows, the same statements
    monkeypatch.setattr(reader, "CHUNK_SIZE", 10)  # three chunks
    chunked = await _statements_for(client, app, f"/api/sets/{large.id}{query}", world.admin.headers)
    assert few < chunked <= few + 2 * 3 * (2 if export_format == "coco" else 1) + 3


async def test_json_is_valid_however_chunks_fall(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Edges")
    labels = await add_labels(session, item, ["A", "B"])
    await _fill(session, await add_package(session, item, ready=True), labels, 6, world.annotator.id)
    for size in (1, 2, 3, 5, 6, 7):
        monkeypatch.setattr(reader, "CHUNK_SIZE", size)
        response = await client.get(f"/api/sets/{item.id}/export", headers=world.admin.headers)
        document = json.loads(response.content)
        assert len(document["images"]) == 6 and len(document["annotations"]) == 6, size

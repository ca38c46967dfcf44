"""The export streams over several chunks, and its statement count follows chunks, not rows."""

import csv
import io
import json
import zipfile

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx import hints
from tagmedx.features.exports import reader, repository
from tagmedx.models import Label, Package, SetType
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
    assert len([row for row in rows if row["box_id"]]) == 12
    assert len([row for row in rows if not row["annotator_id"]]) == 3  # the unread samples, once each
    assert len(rows) == 12 + 3 and len({row["sample_id"] for row in rows}) == 11
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


async def test_long_id_lists_are_read_in_slices_with_the_same_result(
    client: httpx.AsyncClient,
    session: AsyncSession,
    app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = await make_world(client, session)
    detection = await make_set(session, world.group_id, name="Boxes")
    labels = await add_labels(session, detection, ["A", "B"])
    await _fill(session, await add_package(session, detection, ready=True), labels, 9, world.annotator.id)
    classification = await make_set(session, world.group_id, name="Classes", set_type=SetType.classification)
    classes = await add_labels(session, classification, ["X", "Y", "Z"])
    package = await add_package(session, classification, ready=True)
    for number in range(7):
        sample = await add_sample(session, package, f"c{number}.png")
        await add_examination(session, sample, world.annotator.id, labels=classes[: 1 + number % 3])
    await session.commit()
    urls = [f"/api/sets/{detection.id}/export?format=csv", f"/api/sets/{classification.id}/export?format=csv"]
    whole = [(await client.get(url, headers=world.admin.headers)).text for url in urls]
    whole_count = await _statements_for(client, app, urls[0], world.admin.headers)
    monkeypatch.setattr(repository, "IN_LIST_MAX", 2)
    sliced = [(await client.get(url, headers=world.admin.headers)).text for url in urls]
    assert sliced == whole
    assert len(whole[0].splitlines()) == 1 + 9 + 3  # a row a box, and one for each unread sample
    assert len(whole[1].splitlines()) == 1 + (1 + 2 + 3) * 2 + 1  # a row a chosen label
    # 9 samples and 6 examinations in slices of 2: 5 examination reads and 3 box reads, not 1 and 1
    assert await _statements_for(client, app, urls[0], world.admin.headers) == whole_count + 4 + 2


async def test_chunks_are_read_through_named_indexes_on_mysql(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id)
    labels = await add_labels(session, item, ["A", "B"])
    package = await add_package(session, item, ready=True)
    await _fill(session, package, labels, 3, world.annotator.id)
    mysql = app.state.engine.dialect.name in hints.MYSQL_DIALECTS
    for url in (f"/api/sets/{item.id}/export?format=csv", f"/api/packages/{package.id}/export?format=csv"):
        with count_statements(app) as statements:
            assert (await client.get(url, headers=world.admin.headers)).status_code == 200
        hinted = [s for s in statements if "FORCE INDEX" in s]
        # samples, examinations, boxes: each chunk read names its index there, and only there
        assert len(hinted) == (3 if mysql else 0), statements

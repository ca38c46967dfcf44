"""Each format exported, parsed back and compared with what the database holds."""

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import httpx
import pandas
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.exports.formats.csv_format import TEXT_COLUMNS
from tagmedx.models import Box, Examination, SetType
from tests.exports.helpers import (
    World,
    add_examination,
    add_labels,
    add_package,
    add_sample,
    make_set,
    make_world,
)

pytestmark = pytest.mark.anyio


async def _export(
    client: httpx.AsyncClient, world: World, query: str, *, package_id: int | None = None
) -> bytes:
    path = f"/api/packages/{package_id}/export" if package_id else f"/api/sets/{world.item.id}/export"
    response = await client.get(f"{path}?{query}", headers=world.admin.headers)
    assert response.status_code == 200, response.text
    return response.content


async def _boxes_in_db(session: AsyncSession, sample_ids: list[int]) -> dict[int, tuple[Any, ...]]:
    rows = await session.execute(
        sa.select(Box.id, Examination.sample_id, Examination.user_id, Box.label_id, Box.x, Box.y)
        .add_columns(Box.width, Box.height)
        .join(Examination, Examination.id == Box.examination_id)
        .where(Examination.sample_id.in_(sample_ids))
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _open_zip(content: bytes, tmp_path: Any) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    if shutil.which("unzip"):
        path = tmp_path / "export.zip"
        path.write_bytes(content)
        result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    return archive


async def test_coco_detection_matches_the_database(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    document = json.loads(await _export(client, world, "format=coco&scope=all"))
    assert document["info"]["scope"] == "all"
    assert document["info"]["description"] == "Chest"
    assert [(c["id"], c["name"], c["color"]) for c in document["categories"]] == [
        (label.id, label.name, label.color) for label in world.labels
    ]
    images = {image["id"]: image for image in document["images"]}
    assert set(images) == {world.read.id, world.unread.id, world.pending.id}
    assert images[world.read.id] | {} == {
        "id": world.read.id,
        "file_name": f"{world.read.id}_chest.png",
        "original_filename": "chest.png",
        "width": 200,
        "height": 100,
        "package_id": world.ready.id,
        "format": "png",
    }
    assert images[world.unread.id]["modality"] == "CT"  # a DICOM sample, unread but listed
    assert images[world.unread.id]["file_name"] == f"{world.unread.id}_lung.png"  # as rendered
    assert (images[world.unread.id]["width"], images[world.unread.id]["height"]) == (512, 256)
    expected = await _boxes_in_db(session, list(images))
    found = {
        a["id"]: (a["image_id"], a["annotator"]["user_id"], a["category_id"], *a["bbox"])
        for a in document["annotations"]
    }
    assert found == expected
    first = next(a for a in document["annotations"] if a["comment"] == "small")
    assert first["area"] == 30 * 40
    assert first["iscrowd"] == 0 and first["segmentation"] == []
    assert first["annotator"] == {
        "user_id": world.annotator.id,
        "email": world.annotator.email,
        "name": "Jan Lis",
    }
    tentative = next(a for a in document["annotations"] if a["annotator"]["user_id"] == world.admin.id)
    assert tentative["bbox"] == [50.5, 25.25, 20, 10]
    assert tentative["tentative"] is True and tentative["bad_quality"] is False
    assert tentative["examination_comment"] == "check"
    assert {e["image_id"] for e in document["examinations"]} == {world.read.id, world.pending.id}
    assert len(document["examinations"]) == 3


async def test_scope_ready_keeps_only_ready_packages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    document = json.loads(await _export(client, world, "format=coco"))
    assert {image["id"] for image in document["images"]} == {world.read.id, world.unread.id}
    assert {a["image_id"] for a in document["annotations"]} == {world.read.id}
    assert len(document["annotations"]) == 3
    rows = list(csv.DictReader(io.StringIO((await _export(client, world, "format=csv")).decode())))
    assert {int(row["sample_id"]) for row in rows} == {world.read.id, world.unread.id}
    assert {int(row["sample_id"]) for row in rows if row["box_id"]} == {world.read.id}


async def test_package_export_holds_only_that_package(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    document = json.loads(await _export(client, world, "format=coco&scope=all", package_id=world.open.id))
    assert [image["id"] for image in document["images"]] == [world.pending.id]
    assert [a["image_id"] for a in document["annotations"]] == [world.pending.id]
    assert document["info"]["package_id"] == world.open.id
    # the open package has nothing ready
    ready_only = json.loads(await _export(client, world, "format=coco", package_id=world.open.id))
    assert ready_only["images"] == [] and ready_only["annotations"] == []


async def test_an_empty_set_is_a_valid_document(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Empty")
    await session.commit()
    response = await client.get(f"/api/sets/{item.id}/export?format=coco", headers=world.admin.headers)
    document = json.loads(response.content)
    assert document["categories"] == [] and document["images"] == [] and document["annotations"] == []


async def test_csv_detection_rows(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    await add_examination(session, world.unread, world.admin.id, comment="nothing there")
    await session.commit()
    text = (await _export(client, world, "format=csv&scope=all")).decode("utf-8")
    assert text.startswith('"sample_id","file_name","original_filename","image_width","image_height",')
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    negative = [row for row in rows if row["sample_id"] == str(world.unread.id)]
    assert len(negative) == 1  # read, no box: one row, box columns empty
    assert negative[0]["annotator_id"] == str(world.admin.id)
    assert negative[0]["examination_comment"] == "nothing there"
    assert all(negative[0][key] == "" for key in ("box_id", "label_id", "label", "x", "y", "width", "height"))
    rows = [row for row in rows if row["box_id"]]
    expected = await _boxes_in_db(session, [world.read.id, world.unread.id, world.pending.id])
    found = {
        int(row["box_id"]): (
            int(row["sample_id"]),
            int(row["annotator_id"]),
            int(row["label_id"]),
            *(float(row[key]) for key in ("x", "y", "width", "height")),
        )
        for row in rows
    }
    assert found == expected
    small = next(row for row in rows if row["box_comment"] == "small")
    assert small["label"] == "Nodule" and small["original_filename"] == "chest.png"
    assert small["file_name"] == f"{world.read.id}_chest.png"
    assert (small["image_width"], small["image_height"]) == ("200", "100")
    assert small["annotator_email"] == world.annotator.email
    assert small["tentative"] == "false"
    admins = next(row for row in rows if row["annotator_id"] == str(world.admin.id))
    assert admins["tentative"] == "true" and admins["examination_comment"] == "check"


HOSTILE_TEXT = [
    '=HYPERLINK("http://x")',
    "+ grade 3",
    "-2+3",
    "@SUM(1+1)",
    "a;b",
    'with "quotes", and a comma',
    "two\nlines",
    "\ttabbed",
    "NA",
    "1",
    " spaced ",
    "żółć",
]


async def test_csv_keeps_any_text_as_it_is(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """Label names, file names and comments come back exactly, through Python's csv and pandas: quoted,
    never rewritten (no apostrophe before = + - @)."""
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Risky")
    labels = await add_labels(session, item, HOSTILE_TEXT)
    package = await add_package(session, item, ready=True)
    sample = await add_sample(session, package, "+cmd|' /C calc'!A0.png")
    boxes = [(label, 1, 1, 2, 2, text) for label, text in zip(labels, reversed(HOSTILE_TEXT), strict=True)]
    await add_examination(session, sample, world.admin.id, boxes=boxes, comment="-2+3")
    await session.commit()
    response = await client.get(f"/api/sets/{item.id}/export?format=csv", headers=world.admin.headers)
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert [row["label"] for row in rows] == HOSTILE_TEXT
    assert [row["box_comment"] for row in rows] == list(reversed(HOSTILE_TEXT))
    assert {row["original_filename"] for row in rows} == {"+cmd|' /C calc'!A0.png"}
    assert {row["examination_comment"] for row in rows} == {"-2+3"}
    assert rows[0]["x"] == "1" and ',1,1,2,2,"' in response.text  # numbers are bare, text is quoted
    table = pandas.read_csv(io.BytesIO(response.content), converters={name: str for name in TEXT_COLUMNS})
    assert list(table["label"]) == HOSTILE_TEXT
    assert list(table["x"]) == [1] * len(HOSTILE_TEXT)


async def test_classification_set_in_coco_and_csv(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Triage", set_type=SetType.classification)
    normal, abnormal, review = await add_labels(session, item, ["Normal", "Abnormal", "Needs review"])
    package = await add_package(session, item, ready=True)
    first = await add_sample(session, package, "a.png")
    second = await add_sample(session, package, "b.png")
    await add_examination(session, first, world.annotator.id, labels=[abnormal, review], bad_quality=True)
    await add_examination(session, first, world.admin.id, labels=[normal], comment="fine")
    await session.commit()
    response = await client.get(f"/api/sets/{item.id}/export?format=coco", headers=world.admin.headers)
    document = response.json()
    assert [c["id"] for c in document["categories"]] == [normal.id, abnormal.id, review.id]
    assert {image["id"] for image in document["images"]} == {first.id, second.id}
    annotations = document["annotations"]
    assert all("bbox" not in a and a["image_id"] == first.id for a in annotations)
    assert sorted((a["annotator"]["user_id"], a["category_id"]) for a in annotations) == sorted(
        [(world.annotator.id, abnormal.id), (world.annotator.id, review.id), (world.admin.id, normal.id)]
    )
    assert len({a["id"] for a in annotations}) == 3
    assert all(a["bad_quality"] for a in annotations if a["annotator"]["user_id"] == world.annotator.id)
    response = await client.get(f"/api/sets/{item.id}/export?format=csv", headers=world.admin.headers)
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    chosen = sorted((row["sample_id"], row["annotator_id"], row["label"]) for row in rows)
    assert chosen == sorted(  # a row per chosen label
        [
            (str(first.id), str(world.annotator.id), "Abnormal"),
            (str(first.id), str(world.annotator.id), "Needs review"),
            (str(first.id), str(world.admin.id), "Normal"),
            (str(second.id), "", ""),  # unread: listed once, without a reader
        ]
    )
    by_label = {row["label"]: row for row in rows}
    assert (
        by_label["Abnormal"]["label_id"] == str(abnormal.id) and by_label["Abnormal"]["bad_quality"] == "true"
    )
    assert by_label["Needs review"]["examination_id"] == by_label["Abnormal"]["examination_id"]
    assert by_label["Normal"]["comment"] == "fine"
    assert by_label["Normal"]["file_name"] == f"{first.id}_a.png"


async def test_yolo_zip(client: httpx.AsyncClient, session: AsyncSession, tmp_path: Any) -> None:
    world = await make_world(client, session)
    twin = await add_sample(session, world.ready, "chest.png", width=100, height=100)  # same file name
    await add_examination(session, twin, world.annotator.id)  # read, nothing found
    await session.commit()
    archive = _open_zip(await _export(client, world, "format=yolo&scope=all"), tmp_path)
    names = set(archive.namelist())
    assert {"README.txt", "classes.txt", "data.yaml", "readers.csv", "images.csv"} <= names
    assert archive.read("classes.txt").decode() == "Nodule\nMass\n"
    yaml = archive.read("data.yaml").decode()
    assert "nc: 2" in yaml and 'names: ["Nodule", "Mass"]' in yaml
    read_file = f"labels/{world.read.id}_chest.txt"
    twin_file = f"labels/{twin.id}_chest.txt"
    assert {read_file, twin_file, f"labels/{world.pending.id}_late.txt"} <= names
    assert f"labels/{world.unread.id}_lung.txt" not in names  # nobody read it
    assert archive.read(twin_file) == b""  # read, no finding
    lines = archive.read(read_file).decode().splitlines()
    # image 200 x 100: Nodule (10, 20, 30, 40) -> centre (25, 40)
    assert lines == [
        "0 0.125000 0.400000 0.150000 0.400000",
        "1 0.500000 0.500000 1.000000 1.000000",
        "1 0.302500 0.302500 0.100000 0.100000",
    ]
    readers = list(csv.DictReader(io.StringIO(archive.read("readers.csv").decode(), newline="")))
    of_read = [row for row in readers if row["file"] == read_file]
    assert [(row["line"], row["annotator_id"]) for row in of_read] == [
        ("1", str(world.annotator.id)),
        ("2", str(world.annotator.id)),
        ("3", str(world.admin.id)),
    ]
    images = list(csv.DictReader(io.StringIO(archive.read("images.csv").decode(), newline="")))
    assert {int(row["sample_id"]) for row in images} == {
        world.read.id,
        world.unread.id,
        world.pending.id,
        twin.id,
    }


async def test_voc_zip(client: httpx.AsyncClient, session: AsyncSession, tmp_path: Any) -> None:
    world = await make_world(client, session)
    await add_examination(
        session, world.unread, world.annotator.id, boxes=[(world.labels[0], 0, 0, 512, 256, '<b>&\x01"</b>')]
    )
    await session.commit()
    archive = _open_zip(await _export(client, world, "format=voc"), tmp_path)
    names = set(archive.namelist())
    read_name = f"Annotations/{world.read.id}_chest.xml"
    unread_name = f"Annotations/{world.unread.id}_lung.xml"
    assert {"README.txt", "labels.txt", "ImageSets/Main/all.txt", read_name, unread_name} <= names
    assert f"Annotations/{world.pending.id}_late.xml" not in names  # not ready
    root = ET.fromstring(archive.read(read_name))
    assert root.findtext("filename") == f"{world.read.id}_chest.png"
    assert root.findtext("original_filename") == "chest.png"
    assert (root.findtext("size/width"), root.findtext("size/height"), root.findtext("size/depth")) == (
        "200",
        "100",
        "3",
    )
    objects = root.findall("object")
    assert len(objects) == 3
    small = objects[0]
    assert small.findtext("name") == "Nodule" and small.findtext("difficult") == "0"
    assert small.findtext("truncated") == "0" and small.findtext("pose") == "Unspecified"
    corners = [int(small.findtext(f"bndbox/{tag}") or 0) for tag in ("xmin", "ymin", "xmax", "ymax")]
    assert corners == [11, 21, 40, 60]  # (10, 20, 30, 40) as 1-based inclusive pixels
    assert small.findtext("annotator/email") == world.annotator.email
    assert objects[2].findtext("tentative") == "1"
    unread = ET.fromstring(archive.read(unread_name))
    assert unread.findtext("size/depth") == "1"
    assert unread.findtext("object/comment") == '<b>&"</b>'  # escaped, control character dropped
    assert [int(unread.findtext(f"object/bndbox/{t}") or 0) for t in ("xmin", "ymin", "xmax", "ymax")] == [
        1,
        1,
        512,
        256,
    ]
    stems = archive.read("ImageSets/Main/all.txt").decode().split()
    assert stems == [f"{world.read.id}_chest", f"{world.unread.id}_lung"]


async def test_hostile_file_names_stay_inside_the_zip(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Any
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Names")
    package = await add_package(session, item, ready=True)
    names = [
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "/abs/olute.png",
        'qu"ote.png',
        "żółć łza.dcm",
        "...",
        "",
    ]
    samples = [await add_sample(session, package, name) for name in names]
    await session.commit()
    for export_format in ("yolo", "voc"):
        response = await client.get(
            f"/api/sets/{item.id}/export?format={export_format}&scope=all", headers=world.admin.headers
        )
        archive = _open_zip(response.content, tmp_path)
        for member in archive.namelist():
            assert member.isascii() and not member.startswith("/") and ".." not in member.split("/")
            assert "\\" not in member and '"' not in member
        extract = tmp_path / export_format
        archive.extractall(extract)
        assert all(path.resolve().is_relative_to(extract.resolve()) for path in extract.rglob("*"))
    members = set(archive.namelist())
    assert f"Annotations/{samples[0].id}_passwd.xml" in members
    assert f"Annotations/{samples[4].id}_zolc_lza.xml" in members
    assert f"Annotations/{samples[6].id}.xml" in members
    quoted = ET.fromstring(archive.read(f"Annotations/{samples[3].id}_qu_ote.xml"))
    assert quoted.findtext("filename") == f"{samples[3].id}_qu_ote.png"
    assert quoted.findtext("original_filename") == 'qu"ote.png'
    assert ET.fromstring(archive.read(f"Annotations/{samples[0].id}_passwd.xml")).findtext("filename") == (
        f"{samples[0].id}_passwd.png"
    )

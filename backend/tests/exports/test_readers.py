"""Our exports read by tools we did not write: pycocotools, datumaro (CVAT's dataset framework) and
globox load COCO, Pascal VOC and YOLO, with and without images, and find the API's boxes on a
4000 x 3000 JPEG and a 2600 x 2800 DICOM, with two uploads of the same name that must not collide."""

import csv
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datumaro
import globox
import httpx
import numpy as np
import pytest
from datumaro.components.annotation import AnnotationType, Bbox
from PIL import Image
from pycocotools.coco import COCO
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.exports.naming import image_file_name
from tagmedx.models import SetType
from tests.exports.helpers import World, add_labels, make_set, make_world
from tests.exports.uploads import chest_dicom, gradient, unzip, upload

pytestmark = pytest.mark.anyio

LABELS = ["Nodule", "Mass: spiculated", "#2 effusion"]
VOC_LABELS = ["Nodule", "Mass_ spiculated", "_#2 effusion"]  # labelmap.txt fields (README.txt)


@dataclass
class Scene:
    world: World
    set_id: int
    label_ids: list[int]
    samples: dict[str, dict[str, Any]]  # by a name of the test's (two are uploaded as scan.png)
    boxes: dict[int, list[tuple[str, list[float]]]]  # by sample id: (label name, [x, y, w, h]) from the API

    def file_name(self, key: str) -> str:
        sample = self.samples[key]
        return image_file_name(sample["id"], sample["filename"], sample["format"])

    def size(self, key: str) -> tuple[int, int]:
        return self.samples[key]["width"], self.samples[key]["height"]

    @property
    def ids(self) -> set[int]:
        return {sample["id"] for sample in self.samples.values()}


async def make_scene(client: httpx.AsyncClient, session: AsyncSession) -> Scene:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Readers")
    labels = await add_labels(session, item, LABELS)
    await session.commit()
    files = {
        "scan": ("scan.png", gradient(120, 90)),
        "scan twin": ("scan.png", gradient(100, 80, grey=True)),
        "photo": ("photo.jpg", gradient(4000, 3000, image_format="JPEG")),
        "chest": ("chest.dcm", chest_dicom(2600, 2800)),
        "negative": ("negative.png", gradient(64, 64, tint=7)),
        "unread": ("unread.png", gradient(64, 64, tint=99)),
    }
    samples = {key: await upload(client, world, item.id, *file) for key, file in files.items()}
    nodule, mass, effusion = (label.id for label in labels)
    drawn = {
        "scan": [(nodule, 10, 20, 30.5, 40)],
        "scan twin": [(mass, 0, 0, 100, 80), (effusion, 12.25, 7.75, 20, 10)],
        "photo": [(nodule, 3500.25, 2500.5, 499.75, 499.5), (mass, 0, 0, 4000, 3000), (effusion, 1, 2, 3, 4)],
        "chest": [(mass, 2000, 2600.5, 599, 199.5), (nodule, 123.5, 456.25, 78.5, 90)],
        "negative": [],
    }
    boxes = {}
    for key, specs in drawn.items():
        body = {
            "tentative": False,
            "bad_quality": False,
            "boxes": [
                {"label_id": lid, "x": x, "y": y, "width": w, "height": h} for lid, x, y, w, h in specs
            ],
        }
        url = f"/api/samples/{samples[key]['id']}/examination"
        saved = await client.put(url, json=body, headers=world.admin.headers)
        assert saved.status_code == 200, saved.text
        boxes[samples[key]["id"]] = await _api_boxes(client, world, samples[key]["id"], labels)
    return Scene(world, item.id, [label.id for label in labels], samples, boxes)


async def _api_boxes(
    client: httpx.AsyncClient, world: World, sample_id: int, labels: list[Any]
) -> list[tuple[str, list[float]]]:
    names = {label.id: label.name for label in labels}
    page = await client.get(f"/api/samples/{sample_id}/examinations", headers=world.admin.headers)
    assert page.status_code == 200, page.text
    return sorted(
        (names[box["label_id"]], [box["x"], box["y"], box["width"], box["height"]])
        for examination in page.json()["items"]
        for box in examination["boxes"]
    )


async def _download(client: httpx.AsyncClient, scene: Scene, query: str) -> bytes:
    response = await client.get(
        f"/api/sets/{scene.set_id}/export?scope=all&{query}", headers=scene.world.admin.headers
    )
    assert response.status_code == 200, response.text
    return response.content


def _check_images(scene: Scene, folder: Path) -> None:
    """Every image is there once, under its export name, at the size its coordinates are in."""
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        scene.file_name(key) for key in scene.samples
    )
    for key in scene.samples:
        with Image.open(folder / scene.file_name(key)) as image:
            assert image.size == scene.size(key), key


def _datumaro(path: Path, format_name: str, **options: Any) -> datumaro.Dataset:
    logging.getLogger().setLevel(logging.WARNING)  # datumaro logs each item at INFO
    return datumaro.Dataset.import_from(str(path), format_name, **options)


def _datumaro_boxes(dataset: datumaro.Dataset) -> dict[str, list[tuple[str, list[float]]]]:
    names = dataset.categories()[AnnotationType.label]
    return {
        item.id: sorted(
            (names[ann.label].name, [ann.x, ann.y, ann.w, ann.h])
            for ann in item.annotations
            if isinstance(ann, Bbox)
        )
        for item in dataset
    }


@pytest.mark.parametrize("images", [True, False])
async def test_coco_loads_in_pycocotools_datumaro_and_globox(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, images: bool
) -> None:
    scene = await make_scene(client, session)
    content = await _download(client, scene, f"format=coco&images={str(images).lower()}")
    document_path = tmp_path / "annotations" / "instances_default.json"
    if images:
        unzip(content, tmp_path)
        _check_images(scene, tmp_path / "images")
    else:  # the layout the COCO readers expect, around the plain JSON
        document_path.parent.mkdir()
        document_path.write_bytes(content)
        (tmp_path / "images").mkdir()

    coco = COCO(str(document_path))
    assert set(coco.getImgIds()) == scene.ids
    names = {category["id"]: category["name"] for category in coco.loadCats(coco.getCatIds())}
    for key, sample in scene.samples.items():
        (entry,) = coco.loadImgs([sample["id"]])
        assert entry["file_name"] == scene.file_name(key)
        assert (entry["width"], entry["height"]) == scene.size(key)
        annotations = coco.loadAnns(coco.getAnnIds(imgIds=[sample["id"]]))
        found = sorted((names[a["category_id"]], a["bbox"]) for a in annotations)
        assert found == scene.boxes.get(sample["id"], []), key

    dataset = _datumaro(tmp_path, "coco_instances")
    assert len(dataset) == len(scene.samples)  # the two scan.png uploads are two items
    by_id = _datumaro_boxes(dataset)
    for key, sample in scene.samples.items():
        item_id = scene.file_name(key).rsplit(".", 1)[0]
        assert by_id[item_id] == scene.boxes.get(sample["id"], []), key
        item = dataset.get(item_id, "default")
        assert item.media.size == scene.size(key)[::-1]
        if images:
            assert item.media.data.shape[:2] == scene.size(key)[::-1]

    annotation_set = globox.AnnotationSet.from_coco(document_path)
    assert len(annotation_set) == len(scene.samples)
    assert {annotation.image_id for annotation in annotation_set} == {
        scene.file_name(k) for k in scene.samples
    }


@pytest.mark.parametrize("images", [True, False])
async def test_voc_loads_in_datumaro_and_globox(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, images: bool
) -> None:
    scene = await make_scene(client, session)
    unzip(await _download(client, scene, f"format=voc&images={str(images).lower()}"), tmp_path)
    if images:
        _check_images(scene, tmp_path / "JPEGImages")
    dataset = _datumaro(tmp_path, "voc_detection", coordinate_mode="voc-one-based")
    assert [label.name for label in dataset.categories()[AnnotationType.label]] == VOC_LABELS
    assert len(dataset) == len(scene.samples)
    by_id = _datumaro_boxes(dataset)
    renamed = dict(zip(LABELS, VOC_LABELS, strict=True))
    for key, sample in scene.samples.items():
        item_id = scene.file_name(key).rsplit(".", 1)[0]
        expected = sorted(
            (renamed[name], _voc_pixels(box)) for name, box in scene.boxes.get(sample["id"], [])
        )
        assert by_id[item_id] == expected, key
        item = dataset.get(item_id, "all")
        assert item.media.size == scene.size(key)[::-1]
        if images:
            assert item.media.data.shape[:2] == scene.size(key)[::-1]

    annotation_set = globox.AnnotationSet.from_pascal_voc(tmp_path / "Annotations")
    assert {annotation.image_id for annotation in annotation_set} == {
        scene.file_name(k) for k in scene.samples
    }


def _voc_pixels(box: list[float]) -> list[float]:
    """A box as the VOC export rounds it to whole pixels, read back 0-based (x, y, w, h)."""
    x, y, width, height = box
    left, top = round(x + 1e-9), round(y + 1e-9)  # VOC rounds halves up
    return [left, top, round(x + width + 1e-9) - left, round(y + height + 1e-9) - top]


async def test_yolo_loads_in_datumaro(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path
) -> None:
    scene = await make_scene(client, session)
    unzip(await _download(client, scene, "format=yolo&images=true"), tmp_path)
    _check_images(scene, tmp_path / "images")
    dataset = _datumaro(tmp_path, "yolo")
    assert [label.name for label in dataset.categories()[AnnotationType.label]] == LABELS
    read = {key for key in scene.samples if key != "unread"}  # YOLO has label files for read images only
    assert len(dataset) == len(read)
    by_id = _datumaro_boxes(dataset)
    for key in read:
        item_id = scene.file_name(key).rsplit(".", 1)[0]
        found = by_id[item_id]
        expected = scene.boxes[scene.samples[key]["id"]]
        assert [name for name, _ in found] == [name for name, _ in expected], key
        for (_, got), (_, want) in zip(found, expected, strict=True):
            assert np.allclose(got, want, atol=0.01), (key, got, want)  # 6 decimals of 4000 px


async def test_csv_boxes_are_the_apis(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path
) -> None:
    scene = await make_scene(client, session)
    archive = unzip(await _download(client, scene, "format=csv&images=true"), tmp_path)
    _check_images(scene, tmp_path / "images")
    rows = list(csv.DictReader(io.StringIO(archive.read("annotations.csv").decode(), newline="")))
    found: dict[int, list[tuple[str, list[float]]]] = {}
    for row in rows:
        assert row["file_name"] in {scene.file_name(key) for key in scene.samples}
        if row["box_id"]:
            box = [float(row[name]) for name in ("x", "y", "width", "height")]
            found.setdefault(int(row["sample_id"]), []).append((row["label"], box))
    assert {sample_id: sorted(boxes) for sample_id, boxes in found.items()} == {
        sample_id: boxes for sample_id, boxes in scene.boxes.items() if boxes
    }
    assert len(rows) == sum(max(len(boxes), 1) for boxes in scene.boxes.values()) + 1  # + the unread one


async def test_a_classification_set_loads_as_coco_labels(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Triage", set_type=SetType.classification)
    normal, abnormal = await add_labels(session, item, ["Normal", "Abnormal"])
    await session.commit()
    first = await upload(client, world, item.id, "scan.png", gradient(40, 30))
    second = await upload(client, world, item.id, "scan.png", gradient(30, 40, grey=True))
    for sample, label in ((first, abnormal), (second, normal)):
        body = {"tentative": False, "bad_quality": False, "label_ids": [label.id]}
        saved = await client.put(
            f"/api/samples/{sample['id']}/examination", json=body, headers=world.admin.headers
        )
        assert saved.status_code == 200, saved.text
    response = await client.get(
        f"/api/sets/{item.id}/export?scope=all&images=true", headers=world.admin.headers
    )
    archive = unzip(response.content, tmp_path)
    document = json.loads(archive.read("annotations/labels_default.json"))
    assert len(COCO(str(tmp_path / "annotations" / "labels_default.json")).getImgIds()) == 2
    assert all("bbox" not in annotation for annotation in document["annotations"])
    dataset = _datumaro(tmp_path, "coco_labels")
    names = dataset.categories()[AnnotationType.label]
    chosen = {item.id: [names[ann.label].name for ann in item.annotations] for item in dataset}
    assert chosen == {f"{first['id']}_scan": ["Abnormal"], f"{second['id']}_scan": ["Normal"]}

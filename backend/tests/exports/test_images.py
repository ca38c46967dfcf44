"""Exports with images=true: one ZIP per format holding every image at the size its coordinates are in."""

import asyncio
import io
import itertools
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.exports import reader
from tagmedx.features.exports.naming import image_file_name
from tagmedx.models import Label, Sample
from tests.exports.helpers import World, add_examination, add_labels, make_set, make_world
from tests.exports.uploads import colour_dicom, jpeg, png, small_ct, unzip, upload

pytestmark = pytest.mark.anyio

FOLDERS = {"coco": "images", "csv": "images", "yolo": "images", "voc": "JPEGImages"}


@dataclass
class Scene:
    world: World
    set_id: int
    labels: list[Label]
    uploaded: dict[str, bytes]  # by name as uploaded
    samples: dict[str, dict[str, Any]]  # the created samples, by name as uploaded

    def file_name(self, name: str) -> str:
        sample = self.samples[name]
        return image_file_name(sample["id"], sample["filename"], sample["format"])


async def make_scene(client: httpx.AsyncClient, session: AsyncSession) -> Scene:
    """An RGB and a greyscale PNG, a JPEG, a CT and a colour DICOM, each with a box."""
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Images")
    labels = await add_labels(session, item, ["Nodule", "Mass"])
    await session.commit()
    uploaded = {
        "rgb.png": png(64, 48, seed=1),
        "grey.png": png(50, 40, seed=2, grey=True),
        "photo.jpg": jpeg(80, 60),
        "ct.dcm": small_ct(),
        "colour.dcm": colour_dicom(),
    }
    samples = {name: await upload(client, world, item.id, name, data) for name, data in uploaded.items()}
    for sample in samples.values():
        row = await session.get(Sample, sample["id"])
        assert row is not None
        await add_examination(session, row, world.annotator.id, boxes=[(labels[0], 1, 2, 10, 12)])
    await session.commit()
    return Scene(world, item.id, labels, uploaded, samples)


async def _export(client: httpx.AsyncClient, scene: Scene, query: str) -> httpx.Response:
    response = await client.get(
        f"/api/sets/{scene.set_id}/export?scope=all&{query}", headers=scene.world.admin.headers
    )
    assert response.status_code == 200, response.text
    return response


def _pixels(data: bytes) -> np.ndarray[Any, Any]:
    return np.asarray(Image.open(io.BytesIO(data)))


@pytest.mark.parametrize("export_format", ["coco", "csv", "yolo", "voc"])
async def test_every_format_holds_every_image_at_its_annotated_size(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, export_format: str
) -> None:
    scene = await make_scene(client, session)
    response = await _export(client, scene, f"format={export_format}&images=true")
    assert response.headers["content-type"] == "application/zip"
    assert f'-{export_format}-all-images.zip"' in response.headers["content-disposition"]
    archive = unzip(response.content, tmp_path)
    folder = FOLDERS[export_format]
    written = {name.split("/", 1)[1] for name in archive.namelist() if name.startswith(f"{folder}/")}
    assert written == {scene.file_name(name) for name in scene.samples}
    for name, sample in scene.samples.items():
        data = archive.read(f"{folder}/{scene.file_name(name)}")
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (sample["width"], sample["height"]), name
        if sample["format"] != "dicom":
            assert data == scene.uploaded[name]  # raster images as stored
        else:  # rendered as the display image is (not downscaled at this size), lossless
            shown = await client.get(f"/api/samples/{sample['id']}/image", headers=scene.world.admin.headers)
            assert np.array_equal(_pixels(data), _pixels(shown.content)), name
    assert "missing.txt" not in archive.namelist()
    readme = archive.read("README.txt").decode()
    assert "Images: included" in readme and f"{folder}/<file_name>" in readme


async def test_coco_and_csv_with_images_name_their_documents(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path
) -> None:
    scene = await make_scene(client, session)
    coco = unzip((await _export(client, scene, "format=coco&images=true")).content, tmp_path / "coco")
    document = json.loads(coco.read("annotations/instances_default.json"))
    plain = (await _export(client, scene, "format=coco")).json()
    assert document["images"] == plain["images"] and document["annotations"] == plain["annotations"]
    table = unzip((await _export(client, scene, "format=csv&images=true")).content, tmp_path / "csv")
    assert table.read("annotations.csv") == (await _export(client, scene, "format=csv")).content
    assert "Format quoted field as text" in table.read("README.txt").decode()


@pytest.mark.parametrize("images", ["true", "false"])
async def test_voc_depth_follows_the_image(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, images: str
) -> None:
    scene = await make_scene(client, session)
    archive = unzip((await _export(client, scene, f"format=voc&images={images}")).content, tmp_path)
    depths = {}
    for name in scene.samples:
        stem = scene.file_name(name).rsplit(".", 1)[0]
        depths[name] = ET.fromstring(archive.read(f"Annotations/{stem}.xml")).findtext("size/depth")
    grey = "1" if images == "true" else "3"  # a PNG's channels are known once the export reads it
    assert depths == {"rgb.png": "3", "grey.png": grey, "photo.jpg": "3", "ct.dcm": "1", "colour.dcm": "3"}


async def test_an_unreadable_image_is_listed_and_the_rest_is_complete(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI, tmp_path: Path
) -> None:
    scene = await make_scene(client, session)
    gone, shrunk = scene.samples["photo.jpg"], scene.samples["rgb.png"]
    key = await session.scalar(sa.select(Sample.original_key).where(Sample.id == gone["id"]))
    await app.state.storage.delete(key)
    await session.execute(sa.update(Sample).where(Sample.id == shrunk["id"]).values(width=65))
    await session.commit()
    archive = unzip((await _export(client, scene, "format=coco&images=true")).content, tmp_path)
    lines = archive.read("missing.txt").decode().splitlines()
    assert lines[0] == "sample_id\tfile_name\treason"
    assert sorted(lines[1:]) == sorted(
        [
            f"{gone['id']}\t{scene.file_name('photo.jpg')}\tthe stored file is missing",
            f"{shrunk['id']}\t{scene.file_name('rgb.png')}\tthe stored image is 64 x 48 px, not 65 x 48",
        ]
    )
    written = {name for name in archive.namelist() if name.startswith("images/")}
    assert written == {f"images/{scene.file_name(name)}" for name in ("grey.png", "ct.dcm", "colour.dcm")}
    document = json.loads(archive.read("annotations/instances_default.json"))
    assert len(document["images"]) == 5 and len(document["annotations"]) == 5  # annotations all kept


@pytest.mark.parametrize("export_format", ["coco", "csv", "yolo", "voc"])
async def test_images_cross_several_chunks(
    client: httpx.AsyncClient,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    export_format: str,
) -> None:
    scene = await make_scene(client, session)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 2)
    archive = unzip((await _export(client, scene, f"format={export_format}&images=true")).content, tmp_path)
    folder = FOLDERS[export_format]
    assert sorted(name for name in archive.namelist() if name.startswith(f"{folder}/")) == sorted(
        f"{folder}/{scene.file_name(name)}" for name in scene.samples
    )


async def test_each_image_is_sent_before_the_next_is_read(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed one image at a time: the server never holds more than the image it is writing."""
    scene = await make_scene(client, session)
    events: list[str] = []
    storage = app.state.storage
    original_get = storage.get

    async def logged_get(key: str) -> bytes:
        events.append("read")
        return bytes(await original_get(key))

    monkeypatch.setattr(storage, "get", logged_get)
    await _asgi_body(app, f"/api/sets/{scene.set_id}/export", scene.world, events)
    assert events.count("read") == 5
    reads = [index for index, event in enumerate(events) if event == "read"]
    assert all("sent" in events[first + 1 : second] for first, second in itertools.pairwise(reads))
    assert events[-1] == "sent"


async def _asgi_body(app: FastAPI, path: str, world: World, events: list[str]) -> None:
    """Call the app as a server would, noting each body message as it is sent (httpx's ASGI transport
    collects the whole body first, which would hide whether the server streams)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"format=yolo&scope=all&images=true",
        "root_path": "",
        "headers": [(b"authorization", f"Bearer {world.admin.token}".encode()), (b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "state": {},
    }
    done = asyncio.Event()
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200
        elif message["type"] == "http.response.body" and message.get("body"):
            events.append("sent")

    await app(scope, receive, send)
    done.set()


@pytest.mark.parametrize("export_format", ["yolo", "voc"])
async def test_without_images_the_readme_says_how_to_get_them(
    client: httpx.AsyncClient, session: AsyncSession, tmp_path: Path, export_format: str
) -> None:
    scene = await make_scene(client, session)
    archive = unzip((await _export(client, scene, f"format={export_format}")).content, tmp_path)
    readme = archive.read("README.txt").decode()
    assert "Images: not included" in readme and "images=true" in readme and "downscaled" in readme
    assert not [name for name in archive.namelist() if name.startswith(f"{FOLDERS[export_format]}/")]

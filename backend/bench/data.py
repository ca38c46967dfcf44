"""Inputs the workloads need: synthetic PNGs, real DICOM files (fresh UIDs), users, a group and sets."""

from __future__ import annotations

import io
import secrets
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

PASSWORD = "bench-password-1234"
# Real uncompressed images from pydicom-data (CT, MR, CR, US); each copy gets fresh UIDs, so 50 files
# are 50 distinct samples.
DICOM_SOURCES = (
    "CT_small.dcm",
    "MR_small.dcm",
    "693_UNCI.dcm",
    "MR2_UNCI.dcm",
    "US1_UNCI.dcm",
    "RG3_UNCI.dcm",
)


def _png(index: int) -> bytes:
    from PIL import Image

    rng = np.random.default_rng(index)
    y, x = np.mgrid[0:512, 0:512]
    centre = rng.integers(100, 412, size=2)
    body = 180 * np.exp(-(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) / (2 * 140.0**2)))
    pixels = np.clip(body + rng.normal(0, 6, (512, 512)) + 20, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def pngs(count: int) -> list[bytes]:
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_png, range(count), chunksize=16))


def dicoms(count: int) -> list[tuple[str, bytes]]:
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.uid import generate_uid

    sources = []
    for name in DICOM_SOURCES:
        path = get_testdata_file(name)
        if path is not None:
            sources.append((name, Path(str(path))))
    files = []
    for index in range(count):
        name, path = sources[index % len(sources)]
        dataset = pydicom.dcmread(path)
        dataset.SOPInstanceUID = generate_uid()
        dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
        dataset.SeriesInstanceUID = generate_uid()
        buffer = io.BytesIO()
        dataset.save_as(buffer, enforce_file_format=True)
        files.append((f"{index:03d}-{name}", buffer.getvalue()))
    return files


@dataclass
class Person:
    email: str
    token: str
    id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class World:
    admin: Person
    annotators: list[Person] = field(default_factory=list)
    group_id: int = 0
    labels: dict[int, list[int]] = field(default_factory=dict)  # set id -> label ids


def check(response: httpx.Response, *expected: int) -> httpx.Response:
    if response.status_code not in (expected or (200,)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
        )
    return response


async def person(client: httpx.AsyncClient, tag: str) -> Person:
    email = f"{tag}-{secrets.token_hex(3)}@bench.tagmedx.org"
    body = {"email": email, "password": PASSWORD, "name": "Bench", "surname": tag.title()}
    check(await client.post("/api/auth/register", json=body), 201)
    login = check(await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})).json()
    client.cookies.clear()  # bearer only: cookie-authenticated writes would need the CSRF header
    return Person(email=email, token=login["access_token"], id=login["user"]["id"])


async def world(client: httpx.AsyncClient, annotators: int) -> World:
    import anyio

    admin = await person(client, "manager")
    created = World(admin=admin)
    group = check(await client.post("/api/groups", json={"name": "Bench"}, headers=admin.headers), 201).json()
    created.group_id = group["id"]

    async def join(index: int) -> None:
        member = await person(client, f"doctor{index}")
        check(
            await client.post(
                "/api/groups/join", json={"join_code": group["join_code"]}, headers=member.headers
            )
        )
        created.annotators.append(member)

    async with anyio.create_task_group() as tasks:
        for index in range(annotators):
            tasks.start_soon(join, index)
    created.annotators.sort(key=lambda member: member.id)
    return created


async def new_set(
    client: httpx.AsyncClient, world: World, name: str, package_size: int, labels: int = 3
) -> int:
    body = {"name": name, "type": "detection", "package_size": package_size}
    url = f"/api/groups/{world.group_id}/sets"
    set_id = int(check(await client.post(url, json=body, headers=world.admin.headers), 201).json()["id"])
    ids = []
    for index in range(labels):
        label = {"name": f"finding {index}", "color": f"#{(index * 0x3F5A21) % 0xFFFFFF:06x}"}
        response = await client.post(f"/api/sets/{set_id}/labels", json=label, headers=world.admin.headers)
        ids.append(int(check(response, 201).json()["id"]))
    world.labels[set_id] = ids
    return set_id

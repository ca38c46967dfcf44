"""Speed and memory of a large export (not collected by pytest).

Builds a detection set of N samples with 3 boxes each (bulk inserts), then downloads it in every
format through the ASGI app, reading the body as a client would, and reports the time and the
growth of the process's resident memory while it streams.

With --images N it uploads N large images instead (half 2600 x 2800 DICOMs, half 4000 x 3000 JPEGs)
and downloads them with images=true, to show the time per image and that memory stays flat.

Run: cd backend && .venv/bin/python -m tests.exports.bench_export [--samples 100000] [--mysql]
     cd backend && .venv/bin/python -m tests.exports.bench_export --images 40
"""

import argparse
import asyncio
import gc
import hashlib
import os
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from tagmedx.main import create_app
from tagmedx.models import Box, Examination, Label, Package, Sample, Set, SetType
from tests import mysql_server
from tests.conftest import make_settings, migrate
from tests.exports.uploads import chest_dicom, gradient
from tests.factories import make_group, make_user

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


async def fill(app: object, group_id: int, user_id: int, samples: int) -> int:
    sessionmaker = app.state.sessionmaker  # type: ignore[attr-defined]
    async with sessionmaker() as session:
        item = Set(group_id=group_id, name="Benchmark", type=SetType.detection, package_size=100)
        session.add(item)
        await session.flush()
        labels = [Label(set_id=item.id, name=f"L{i}", color="#e03131") for i in range(5)]
        session.add_all(labels)
        await session.flush()
        label_ids = [label.id for label in labels]
        package_rows = [{"set_id": item.id, "is_ready": True} for _ in range(samples // 100 + 1)]
        await session.execute(sa.insert(Package), package_rows)
        package_ids = list(
            (await session.scalars(sa.select(Package.id).where(Package.set_id == item.id))).all()
        )
        await session.commit()
        for start in range(0, samples, 5000):
            numbers = range(start, min(start + 5000, samples))
            rows = []
            for n in numbers:
                digest = hashlib.sha256(str(n).encode()).hexdigest()
                rows.append(
                    {
                        "set_id": item.id,
                        "package_id": package_ids[n // 100],
                        "filename": f"img{n}.png",
                        "format": "png",
                        "width": 1024,
                        "height": 768,
                        "frames": 1,
                        "size_bytes": 1,
                        "content_sha256": digest,
                        "original_key": "k",
                        "original_media_type": "image/png",
                        "display_key": "k",
                        "display_media_type": "image/png",
                        "thumbnail_key": "k",
                        "thumbnail_media_type": "image/jpeg",
                    }
                )
            await session.execute(sa.insert(Sample), rows)
            ids = list(
                (
                    await session.scalars(
                        sa.select(Sample.id)
                        .where(Sample.set_id == item.id)
                        .order_by(Sample.id.desc())
                        .limit(len(rows))
                    )
                ).all()
            )
            await session.execute(
                sa.insert(Examination),
                [{"sample_id": i, "set_id": item.id, "user_id": user_id, "comment": ""} for i in ids],
            )
            exams = list(
                (await session.scalars(sa.select(Examination.id).where(Examination.sample_id.in_(ids)))).all()
            )
            await session.execute(
                sa.insert(Box),
                [
                    {
                        "examination_id": e,
                        "label_id": label_ids[(e + k) % 5],
                        "x": 10.5 * k,
                        "y": 20.0,
                        "width": 30.25,
                        "height": 40.0,
                        "comment": "",
                    }
                    for e in exams
                    for k in range(3)
                ],
            )
            await session.commit()
        return item.id


async def download(app: object, path: str, query: str, token: str) -> tuple[int, int]:
    """Call the ASGI app directly, counting the body as it streams (httpx's ASGI transport would
    buffer the whole response and hide whether the server streams)."""
    before = peak = rss()
    size = 0
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"authorization", f"Bearer {token}".encode()), (b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
        "state": {},
    }

    done = asyncio.Event()
    requested = False

    async def receive() -> dict[str, object]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        nonlocal size, peak
        if message["type"] == "http.response.start":
            assert message["status"] == 200, message
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))  # type: ignore[arg-type]
            peak = max(peak, rss())

    await app(scope, receive, send)  # type: ignore[operator]
    done.set()
    return size, peak - before


async def upload_images(client: httpx.AsyncClient, token: str, group_id: int, count: int) -> int:
    """A set of `count` real images (uploaded, so their files are stored); its id."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {"name": "Images", "type": "detection", "package_size": 100}
    created = await client.post(f"/api/groups/{group_id}/sets", json=body, headers=headers)
    assert created.status_code == 201, created.text
    set_id = int(created.json()["id"])
    for number in range(count):
        name, data = (
            (f"chest{number}.dcm", chest_dicom(offset=number, grain=64))
            if number % 2 == 0
            else (f"photo{number}.jpg", gradient(4000, 3000, image_format="JPEG", tint=number))
        )
        response = await client.post(
            f"/api/sets/{set_id}/samples", files=[("files", (name, data))], headers=headers
        )
        assert response.status_code in (200, 201), response.text
    return set_id


async def export_images(
    app: object, client: httpx.AsyncClient, token: str, group_id: int, count: int
) -> None:
    began = time.perf_counter()
    set_id = await upload_images(client, token, group_id, count)
    print(f"uploaded {count} images in {time.perf_counter() - began:.1f} s")
    for export_format in ("coco", "voc"):
        gc.collect()
        began = time.perf_counter()
        path, query = f"/api/sets/{set_id}/export", f"format={export_format}&scope=all&images=true"
        size, growth = await download(app, path, query, token)
        took = time.perf_counter() - began
        megabytes = f"{size / 1e6:7.1f} MB  memory growth {growth / 1e6:6.1f} MB"
        print(f"{export_format:5} images {took:6.2f} s  {megabytes}")


async def main(url: str, folder: Path, samples: int, images: int) -> None:
    if True:
        app = create_app(make_settings(url, folder / "data"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
            admin = await make_user(client)
            group = await make_group(client, admin)
            if images:
                await export_images(app, client, admin.token, group["id"], images)
                await app.state.engine.dispose()
                return
            began = time.perf_counter()
            set_id = await fill(app, group["id"], admin.id, samples)
            print(f"filled {samples} samples / {samples * 3} boxes in {time.perf_counter() - began:.1f} s")
            for export_format in ("coco", "csv", "yolo", "voc"):
                gc.collect()
                path = f"/api/sets/{set_id}/export"
                query = f"format={export_format}&scope=all"
                began = time.perf_counter()
                size, growth = await download(app, path, query, admin.token)
                took = time.perf_counter() - began
                megabytes = f"{size / 1e6:7.1f} MB  memory growth {growth / 1e6:6.1f} MB"
                print(f"{export_format:5} {took:6.2f} s  {megabytes}")
        await app.state.engine.dispose()


def run(samples: int, mysql: bool, images: int = 0) -> None:
    folder = Path(tempfile.mkdtemp())
    name = f"tagmedx_bench_{os.getpid()}"
    if mysql:
        mysql_server.admin(f"CREATE DATABASE {name} CHARACTER SET utf8mb4")
        url = f"{mysql_server.server_url()}/{name}?charset=utf8mb4"
    else:
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    try:
        migrate(url)
        asyncio.run(main(url, folder, samples, images))
    finally:
        if mysql:
            mysql_server.admin(f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--mysql", action="store_true")
    parser.add_argument("--images", type=int, default=0, help="export this many real images instead")
    arguments = parser.parse_args()
    run(arguments.samples, arguments.mysql, arguments.images)

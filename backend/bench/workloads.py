"""Workloads W0-W5 of issue 5, each with a bounded number of requests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import data, load, seed
from bench.server import Server


@dataclass
class Context:
    server: Server
    scale: float
    client: httpx.AsyncClient
    world: data.World
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    upload_set: int = 0
    sample_ids: list[int] = field(default_factory=list)

    def n(self, count: int) -> int:
        return max(10, int(count * self.scale))

    def keep(self, result: load.Result, key: str) -> load.Result:
        self.results[key] = result.summary()
        summary = self.results[key]
        print(
            f"  {key:<34} {summary['per_second']:>9}/s  p50 {summary['p50_ms']:>7} ms  "
            f"p95 {summary['p95_ms']:>7} ms  p99 {summary['p99_ms']:>7} ms  errors {summary['errors']}  "
            f"cpu/req server {summary['server_cpu_ms']} ms client {summary['client_cpu_ms']} ms",
            flush=True,
        )
        return result


def _pool(ctx: Context, concurrency: int) -> load.Clients:
    return load.Clients(ctx.server.base_url, concurrency)


async def w0_ceiling(ctx: Context, concurrencies: tuple[int, ...]) -> None:
    for concurrency in concurrencies:
        async with _pool(ctx, concurrency) as client:

            async def health(_w: int, _i: int, client: load.Clients = client) -> load.Answer:
                return await client.get("/api/health")

            result = await load.run("health", health, count=ctx.n(3000), concurrency=concurrency, warmup=200)
            ctx.keep(result, f"W0 health c={concurrency}")


async def w1_upload(ctx: Context) -> None:
    pngs = data.pngs(ctx.n(500))
    dicoms = data.dicoms(max(6, ctx.n(50)))
    # at least 40 packages: every W2 annotator claims one of their own
    package_size = max(1, min(10, (len(pngs) + len(dicoms)) // 40))
    ctx.upload_set = await data.new_set(ctx.client, ctx.world, "W1 uploads", package_size=package_size)
    headers = ctx.world.admin.headers
    url = f"/api/sets/{ctx.upload_set}/samples"
    created: list[int] = []
    async with _pool(ctx, 4) as client:

        def uploader(files: list[tuple[str, bytes, str]]) -> Callable[[int, int], Awaitable[load.Answer]]:
            cursor = iter(files)

            async def upload(_w: int, _i: int) -> load.Answer:
                name, body, media = next(cursor)
                response = await client.post(url, files={"files": (name, body, media)}, headers=headers)
                if response.status_code == 201:
                    created.extend(sample["id"] for sample in response.json()["created"])
                    if response.json()["rejected"]:
                        return httpx.Response(422, text=str(response.json()["rejected"]))
                return response

            return upload

        png_files = [(f"synthetic-{i:04d}.png", body, "image/png") for i, body in enumerate(pngs)]
        ctx.keep(
            await load.run("png", uploader(png_files), count=len(png_files), concurrency=4, expect=(201,)),
            "W1 upload png c=4",
        )
        dicom_files = [(name, body, "application/dicom") for name, body in dicoms]
        ctx.keep(
            await load.run(
                "dicom", uploader(dicom_files), count=len(dicom_files), concurrency=4, expect=(201,)
            ),
            "W1 upload dicom c=4",
        )
    ctx.extra["dicom_mb"] = round(sum(len(body) for _, body in dicoms) / 1e6, 1)
    ctx.sample_ids = sorted(created)


async def w2_annotate(ctx: Context, concurrencies: tuple[int, ...]) -> None:
    label = ctx.world.labels[ctx.upload_set][0]
    own: dict[int, list[int]] = {}
    for member in ctx.world.annotators[: max(concurrencies)]:
        claim = await ctx.client.post(f"/api/sets/{ctx.upload_set}/packages/claim", headers=member.headers)
        package = data.check(claim).json()
        detail = data.check(await ctx.client.get(f"/api/packages/{package['id']}", headers=member.headers))
        own[member.id] = [sample["id"] for sample in detail.json()["samples"]]
    for concurrency in concurrencies:
        members = ctx.world.annotators[:concurrency]
        async with _pool(ctx, concurrency) as client:

            async def save(worker: int, iteration: int, client: load.Clients = client) -> load.Answer:
                member = members[worker]  # noqa: B023
                samples = own[member.id]
                body = {
                    "tentative": iteration % 7 == 0,
                    "bad_quality": False,
                    "comment": "",
                    "label_ids": [],
                    "boxes": [
                        {"label_id": label, "x": 4 + iteration % 5, "y": 6, "width": 20, "height": 18},
                        {"label_id": label, "x": 30, "y": 32, "width": 16.5, "height": 12},
                    ],
                }
                sample = samples[iteration % len(samples)]
                return await client.put(
                    f"/api/samples/{sample}/examination", json=body, headers=member.headers
                )

            result = await load.run(
                "save", save, count=ctx.n(3000), concurrency=concurrency, warmup=concurrency * 5
            )
            ctx.keep(result, f"W2 save c={concurrency}")


async def w3_browse(ctx: Context) -> int:
    set_id = await data.new_set(ctx.client, ctx.world, "W3 browse", package_size=100, labels=5)
    annotators = [member.id for member in ctx.world.annotators[:8]]
    samples = max(1000, int(100_000 * min(ctx.scale * 4, 1.0)))
    ctx.extra["seed"] = seed.seed_set(
        ctx.server.sync_url(),
        set_id=set_id,
        annotator_ids=annotators,
        label_ids=ctx.world.labels[set_id],
        samples=samples,
    )
    print(f"  seeded {ctx.extra['seed']}", flush=True)
    headers = ctx.world.admin.headers
    for name, query in (
        ("", {}),
        (" annotated=false", {"annotated": "false"}),
        (" tentative=true", {"tentative": "true"}),
    ):
        async with _pool(ctx, 1) as client:
            cursor: dict[str, str | None] = {"next": None}

            async def page(
                _w: int, _i: int, client: load.Clients = client, query: dict[str, str] = query
            ) -> load.Answer:
                params = {"limit": "100", **query}
                if cursor["next"]:  # noqa: B023
                    params["cursor"] = cursor["next"]  # noqa: B023
                response = await client.get(f"/api/sets/{set_id}/samples", params=params, headers=headers)
                if response.status_code == 200:
                    cursor["next"] = response.json()["next_cursor"]  # noqa: B023
                return response

            ctx.keep(
                await load.run("page", page, count=ctx.n(300), concurrency=1, warmup=3), f"W3 page{name} c=1"
            )
    async with _pool(ctx, 1) as client:
        packages_cursor: dict[str, str | None] = {"next": None}

        async def packages(_w: int, _i: int, client: load.Clients = client) -> load.Answer:
            params = {"limit": "100"}
            if packages_cursor["next"]:
                params["cursor"] = packages_cursor["next"]
            response = await client.get(f"/api/sets/{set_id}/packages", params=params, headers=headers)
            if response.status_code == 200:
                packages_cursor["next"] = response.json()["next_cursor"]
            return response

        ctx.keep(
            await load.run("packages", packages, count=ctx.n(30), concurrency=1, warmup=2),
            "W3 packages page c=1",
        )

        async def stats(_w: int, _i: int, client: load.Clients = client) -> load.Answer:
            return await client.get(f"/api/sets/{set_id}/stats", headers=headers)

        ctx.keep(await load.run("stats", stats, count=ctx.n(40), concurrency=1, warmup=2), "W3 set stats c=1")

        async def group_stats(_w: int, _i: int, client: load.Clients = client) -> load.Answer:
            return await client.get(f"/api/groups/{ctx.world.group_id}/stats", headers=headers)

        ctx.keep(
            await load.run("gstats", group_stats, count=ctx.n(40), concurrency=1, warmup=2),
            "W3 group stats c=1",
        )
    async with _pool(ctx, 8) as client:
        members = ctx.world.annotators[:8]

        async def browse(worker: int, iteration: int, client: load.Clients = client) -> load.Answer:
            params = {"limit": "100", "annotated": "false" if iteration % 2 else "true"}
            return await client.get(
                f"/api/sets/{set_id}/samples", params=params, headers=members[worker].headers
            )

        ctx.keep(
            await load.run("page8", browse, count=ctx.n(1000), concurrency=8, warmup=16), "W3 first page c=8"
        )
    return set_id


async def w4_images(ctx: Context) -> None:
    headers = ctx.world.admin.headers
    ids = ctx.sample_ids
    for kind in ("thumbnail", "image"):
        async with _pool(ctx, 8) as client:

            async def fetch(
                worker: int, iteration: int, client: load.Clients = client, kind: str = kind
            ) -> load.Answer:
                sample = ids[(worker * 997 + iteration * 13) % len(ids)]
                return await client.get(f"/api/samples/{sample}/{kind}", headers=headers)

            ctx.keep(
                await load.run(kind, fetch, count=ctx.n(3000), concurrency=8, warmup=40), f"W4 {kind} c=8"
            )


class MemoryWatch:
    """Peak resident memory of the server's processes while the export runs (polled, and the
    kernel's own high-water mark VmHWM after resetting it through /proc/<pid>/clear_refs)."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes = processes
        self.baseline = {p.pid: p.memory_info().rss for p in processes}
        self.peak = dict(self.baseline)
        self.stop = threading.Event()
        for process in processes:
            with contextlib.suppress(OSError):
                Path(f"/proc/{process.pid}/clear_refs").write_text("5")
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.stop.is_set():
            for process in self.processes:
                with contextlib.suppress(psutil.Error):
                    self.peak[process.pid] = max(self.peak[process.pid], process.memory_info().rss)
            time.sleep(0.01)

    def finish(self) -> dict[str, float]:
        self.stop.set()
        self.thread.join()
        growth = 0
        for process in self.processes:
            high = self.peak[process.pid]
            try:
                for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        high = max(high, int(line.split()[1]) * 1024)
            except OSError:
                pass
            growth = max(growth, high - self.baseline[process.pid])
        return {
            "baseline_mb": round(max(self.baseline.values()) / 2**20, 1),
            "peak_growth_mb": round(growth / 2**20, 1),
        }


async def w5_export(ctx: Context, set_id: int) -> None:
    watch = MemoryWatch(ctx.server.processes())
    started = time.perf_counter()
    body = bytearray()
    url = f"/api/sets/{set_id}/export"
    async with ctx.client.stream(
        "GET", url, params={"format": "coco", "scope": "all"}, headers=ctx.world.admin.headers, timeout=600
    ) as response:
        data.check(response)
        first_byte = time.perf_counter() - started
        async for chunk in response.aiter_raw():
            body.extend(chunk)
    seconds = time.perf_counter() - started
    memory = watch.finish()
    coco = json.loads(bytes(body))  # a complete, valid document: counted, not timed
    size = len(body)
    ctx.extra["export"] = {
        "seconds": round(seconds, 2),
        "first_byte_s": round(first_byte, 3),
        "megabytes": round(size / 1e6, 1),
        "images": len(coco["images"]),
        "annotations": len(coco["annotations"]),
        **memory,
    }
    print(f"  W5 export coco                     {ctx.extra['export']}", flush=True)

"""`python -m bench`: start the server, run W0-W5, print the tables, write docs/PERFORMANCE.md."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from bench import data, load, machine, report, spa, workloads
from bench.server import Server, mysql_admin

NOTES_FILE = "notes.md"


async def run_workloads(server: Server, scale: float) -> workloads.Context:
    async with load.client(server.base_url, 8) as client:
        print("setting up users and a group", flush=True)
        world = await data.world(client, annotators=32)
        ctx = workloads.Context(server=server, scale=scale, client=client, world=world)
        only = set(filter(None, os.environ.get("BENCH_ONLY", "").lower().split(",")))

        def wanted(name: str) -> bool:
            return not only or name in only

        if wanted("w0"):
            print("W0 ceiling", flush=True)
            await workloads.w0_ceiling(ctx, (1, 4, 8, 32))
        print("W1 upload", flush=True)
        await workloads.w1_upload(ctx)  # W2 and W4 work on these samples
        if wanted("w2"):
            print("W2 annotate", flush=True)
            await workloads.w2_annotate(ctx, (8, 32))
        if wanted("w4"):
            print("W4 images", flush=True)
            await workloads.w4_images(ctx)
        if wanted("w3") or wanted("w5"):
            print("W3 browse", flush=True)
            big_set = await workloads.w3_browse(ctx)
            print("W5 export", flush=True)
            await workloads.w5_export(ctx, big_set)
        return ctx


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "sqlite"), choices=("sqlite", "mysql"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("TAGMEDX_WORKERS", "2")))
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--no-doc", action="store_true", help="print only; keep docs/PERFORMANCE.md")
    arguments = parser.parse_args()
    started = time.monotonic()
    mysql_version = mysql_admin("SELECT VERSION()") if arguments.db == "mysql" else ""
    info = machine.describe(arguments.db, mysql_version)
    server = Server(arguments.db, arguments.workers)
    print(
        f"server: {server.base_url}, {arguments.db}, {arguments.workers} worker(s), data in {server.data_dir}"
    )
    try:
        server.start()
        processes = server.processes()
        load.SERVER_CPU = lambda: sum(sum(p.cpu_times()[:2]) for p in processes)
        ctx = asyncio.run(run_workloads(server, arguments.scale))
    finally:
        server.stop()
    info["load_after"] = round(os.getloadavg()[0], 2)
    run: dict[str, Any] = {
        "machine": info,
        "workers": arguments.workers,
        "scale": arguments.scale,
        "results": ctx.results,
        "extra": ctx.extra,
        "spa": {"bundle": spa.bundle(), "frames": spa.editor_frames()},
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    report.print_run(run)
    if arguments.no_doc or arguments.scale != 1 or os.environ.get("BENCH_ONLY"):
        print("\n(figures not saved: --no-doc or a scale other than 1)")
        return
    report.save(run)
    notes_path = report.RESULTS.parent / NOTES_FILE
    notes = notes_path.read_text() if notes_path.exists() else ""
    report.DOC.write_text(report.render(notes))
    print(f"\nwrote {report.DOC}")


if __name__ == "__main__":
    main()

"""Profile one workload: `python -m bench.profile w2|w4|w0|w1|w3` runs it against a one-worker server
while py-spy samples that worker; prints the hottest functions (own and cumulative time)."""

from __future__ import annotations

import asyncio
import collections
import subprocess
import sys
from pathlib import Path

from bench import data, load, workloads
from bench.server import Server


def summarise(raw: Path, top: int = 45) -> None:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        samples += count
        frames = stack.split(";")
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    print(f"{samples} samples\n--- own time")
    for frame, count in own.most_common(top):
        print(f"{100 * count / samples:5.1f}%  {frame}")
    print("--- cumulative (tagmedx, sqlalchemy, fastapi, starlette, pydantic)")
    wanted = ("tagmedx", "sqlalchemy", "fastapi", "starlette", "pydantic", "aiosqlite", "asyncmy", "uvicorn")
    shown = 0
    for frame, count in total.most_common():
        if any(name in frame for name in wanted):
            print(f"{100 * count / samples:5.1f}%  {frame}")
            shown += 1
            if shown >= top:
                break


async def scenario(server: Server, which: str) -> None:
    async with load.client(server.base_url, 8) as client:
        world = await data.world(client, annotators=8)
        ctx = workloads.Context(
            server=server, scale=float(sys.argv[3]) if len(sys.argv) > 3 else 0.3, client=client, world=world
        )
        if which in ("w2", "w4"):
            ctx.scale, scale = 0.1, ctx.scale
            await workloads.w1_upload(ctx)
            ctx.scale = scale
        pid = server.processes()[0].pid
        raw = server.data_dir / "profile.txt"
        spy = subprocess.Popen(  # noqa: ASYNC220, S603
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--pid",
                str(pid),
                "--rate",
                "250",
                "--format",
                "raw",
                "--output",
                str(raw),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await asyncio.sleep(1.0)
        if which == "w0":
            await workloads.w0_ceiling(ctx, (8,))
        elif which == "w2":
            await workloads.w2_annotate(ctx, (8,))
        elif which == "w4":
            await workloads.w4_images(ctx)
        elif which == "w1":
            await workloads.w1_upload(ctx)
        elif which == "w3":
            await workloads.w3_browse(ctx)
        spy.send_signal(2)
        spy.wait()
        summarise(raw)


def main() -> None:
    database = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    server = Server(database, 1)
    try:
        server.start()
        asyncio.run(scenario(server, sys.argv[1]))
    finally:
        server.stop()


if __name__ == "__main__":
    main()

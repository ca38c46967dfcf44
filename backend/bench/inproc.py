"""Per-request cost inside one process (no HTTP server, no network): `python -m bench.inproc [sqlite|mysql]`.
Counts the SQL statements of each request and profiles the hot ones with pyinstrument."""

from __future__ import annotations

import asyncio
import sys
import time

import httpx
import sqlalchemy as sa

from bench import data
from bench.server import Server
from tagmedx.config import Settings
from tagmedx.main import create_app


async def main(database: str, profile: str | None) -> None:
    server = Server(database, 1)
    import subprocess

    if server.mysql_name:
        from bench.server import mysql_admin

        mysql_admin(f"CREATE DATABASE {server.mysql_name}")
    subprocess.run(  # noqa: ASYNC221
        [sys.executable, "-m", "tagmedx", "migrate"],
        env=server.env(),
        check=True,
        cwd=server.data_dir,
        capture_output=True,
    )
    settings = Settings(database_url=server.database_url, data_dir=server.data_dir, demo=False)
    app = create_app(settings)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            world = await data.world(client, annotators=2)
            set_id = await data.new_set(client, world, "s", package_size=2)
            files = data.pngs(4)
            for i, body in enumerate(files):
                r = await client.post(
                    f"/api/sets/{set_id}/samples",
                    files={"files": (f"{i}.png", body, "image/png")},
                    headers=world.admin.headers,
                )
                data.check(r, 201)
            doctor = world.annotators[0]
            package = data.check(
                await client.post(f"/api/sets/{set_id}/packages/claim", headers=doctor.headers)
            ).json()
            detail = data.check(
                await client.get(f"/api/packages/{package['id']}", headers=doctor.headers)
            ).json()
            sample = detail["samples"][0]["id"]
            label = world.labels[set_id][0]
            body = {
                "tentative": False,
                "bad_quality": False,
                "label_ids": [],
                "boxes": [
                    {"label_id": label, "x": 1, "y": 2, "width": 10, "height": 10},
                    {"label_id": label, "x": 20, "y": 22, "width": 10, "height": 10},
                ],
            }
            cases = {
                "health": lambda: client.get("/api/health"),
                "me": lambda: client.get("/api/users/me", headers=doctor.headers),
                "thumbnail": lambda: client.get(f"/api/samples/{sample}/thumbnail", headers=doctor.headers),
                "image": lambda: client.get(f"/api/samples/{sample}/image", headers=doctor.headers),
                "save": lambda: client.put(
                    f"/api/samples/{sample}/examination", json=body, headers=doctor.headers
                ),
                "get exam": lambda: client.get(f"/api/samples/{sample}/examination", headers=doctor.headers),
                "samples page": lambda: client.get(f"/api/sets/{set_id}/samples", headers=doctor.headers),
                "set stats": lambda: client.get(f"/api/sets/{set_id}/stats", headers=doctor.headers),
            }
            for name, make in cases.items():
                for _ in range(20):
                    await make()
                statements = 0
                n = 300
                started = time.perf_counter()
                for _ in range(n):
                    response = await make()
                elapsed = (time.perf_counter() - started) / n * 1000
                print(
                    f"{name:<14} {response.status_code} {elapsed:6.2f} ms/request  {statements / n:4.1f} statements"  # noqa: E501
                )
            if profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005, async_mode="enabled")
                profiler.start()
                for _ in range(300):
                    await cases[profile]()
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
    finally:
        await app.state.engine.dispose()
        server.stop()


if __name__ == "__main__":
    asyncio.run(
        main(sys.argv[1] if len(sys.argv) > 1 else "sqlite", sys.argv[2] if len(sys.argv) > 2 else None)
    )

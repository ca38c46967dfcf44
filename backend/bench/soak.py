"""`python -m bench.soak` (`make soak`): the default stack under 16 annotators for SOAK_MINUTES (30);
the server's memory, open files, threads and latency a minute, and every acknowledged write checked
at the end. A full run rewrites its section of docs/RELIABILITY.md.

Settings (environment): SOAK_MINUTES (30), SOAK_ANNOTATORS (16), SOAK_THINK_MS (100, between one
request of an annotator and its next), TAGMEDX_WORKERS (1, as `make run`)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import time
from pathlib import Path
from typing import Any

import anyio
import httpx
import psutil

from bench import data, load, machine, seed, soak_report
from bench.server import Server
from bench.soak_annotator import Annotator, Ledger, Minutes, Sets, verify

# a package of 8 PNGs and 2 DICOM files for each annotator
PNGS_A_PACKAGE = 8
DICOMS_A_PACKAGE = 2
PACKAGE_SIZE = PNGS_A_PACKAGE + DICOMS_A_PACKAGE
BROWSE_SAMPLES = 25_000
BROWSE_PACKAGE_SIZE = 50  # half of its packages wait for a claim: 250, for a claim every 2 min each
SCAN_WAIT_SECONDS = 15 * 60


def _settings() -> dict[str, Any]:
    return {
        "minutes": float(os.environ.get("SOAK_MINUTES", "30")),
        "annotators": int(os.environ.get("SOAK_ANNOTATORS", "16")),
        "think_ms": float(os.environ.get("SOAK_THINK_MS", "100")),
        "workers": int(os.environ.get("TAGMEDX_WORKERS", "1")),
    }


async def _upload(client: httpx.AsyncClient, world: data.World, set_id: int, packages: int) -> None:
    """One file a request, in order (packages fill as the files come): each package gets its PNGs
    and its DICOM files."""
    pngs = data.pngs(PNGS_A_PACKAGE * packages)
    dicoms = data.dicoms(DICOMS_A_PACKAGE * packages)
    files = []
    for package in range(packages):
        for index in range(package * PNGS_A_PACKAGE, (package + 1) * PNGS_A_PACKAGE):
            files.append((f"soak-{index:04d}.png", pngs[index], "image/png"))
        for index in range(package * DICOMS_A_PACKAGE, (package + 1) * DICOMS_A_PACKAGE):
            files.append((dicoms[index][0], dicoms[index][1], "application/dicom"))
    for file in files:
        answer = await client.post(
            f"/api/sets/{set_id}/samples", files={"files": file}, headers=world.admin.headers
        )
        if data.check(answer, 201).json()["rejected"]:
            raise RuntimeError(f"{file[0]} was refused: {answer.json()['rejected']}")


async def _wait_for_scans(client: httpx.AsyncClient, world: data.World, set_id: int) -> int:
    """Seconds until the OCR scanner has looked at every uploaded sample (the default stack scans
    each one once; a soak measures the steady state after it)."""
    started = time.monotonic()
    while True:
        answer = data.check(
            await client.get(
                f"/api/sets/{set_id}/samples", params={"limit": "1000"}, headers=world.admin.headers
            )
        )
        pending = sum(item["text_scan_status"] == "pending" for item in answer.json()["items"])
        waited = time.monotonic() - started
        if not pending or waited > SCAN_WAIT_SECONDS:
            print(f"  OCR: {pending} samples still pending after {waited:.0f} s", flush=True)
            return round(waited)
        await asyncio.sleep(5)


async def _prepare(server: Server, settings: dict[str, Any]) -> tuple[data.World, Sets, dict[str, Any]]:
    async with load.client(server.base_url, 8) as client:
        world = await data.world(client, settings["annotators"])
        work = await data.new_set(client, world, "Soak readings", package_size=PACKAGE_SIZE)
        packages = settings["annotators"]
        print(f"uploading {packages} packages of {PNGS_A_PACKAGE} PNGs and {DICOMS_A_PACKAGE} DICOM files")
        await _upload(client, world, work, packages)
        browse = await data.new_set(client, world, "Soak browse", package_size=BROWSE_PACKAGE_SIZE)
        seeded = seed.seed_set(
            server.sync_url(),
            set_id=browse,
            annotator_ids=[person.id for person in world.annotators],
            label_ids=world.labels[browse],
            samples=BROWSE_SAMPLES,
            package_size=BROWSE_PACKAGE_SIZE,
        )
        print(f"seeded the browse set: {seeded}", flush=True)
        print("waiting for the OCR scans of the uploads", flush=True)
        scan_seconds = await _wait_for_scans(client, world, work)
    setup = {
        "pngs": PNGS_A_PACKAGE * packages,
        "dicoms": DICOMS_A_PACKAGE * packages,
        "browse_samples": BROWSE_SAMPLES,
        "seeded": seeded,
        "ocr_seconds": scan_seconds,
    }
    return world, Sets(work=work, browse=browse, labels=world.labels[work]), setup


class ProcessWatch:
    """The server's processes: resident memory, open files and threads now, CPU since the last look
    (and this load generator's, the same host's yardstick); the size of the SQLite database and of its
    write-ahead log."""

    def __init__(self, processes: list[psutil.Process], database: Path) -> None:
        self.processes = processes
        self.database = database
        self.last_cpu = self._cpu()
        self.last_client_cpu = time.process_time()

    def _cpu(self) -> float:
        return sum(sum(process.cpu_times()[:2]) for process in self.processes)

    def _files(self) -> dict[str, int]:
        """Open files: all of them, SQLite's connections (each holds the database open, and has a
        thread of its own) and everything else (sockets, stored files, logs): a pool that opens
        connections up to its bound under a busier moment is not a leak, anything else growing is."""
        total = connections = sqlite = 0
        for process in self.processes:
            for entry in Path(f"/proc/{process.pid}/fd").iterdir():
                try:
                    target = os.readlink(entry)
                except OSError:  # closed meanwhile
                    continue
                total += 1
                connections += target == str(self.database)
                sqlite += target.startswith(str(self.database))  # its WAL, shared memory, writers' lock
        return {"open_files": total, "sqlite_connections": connections, "other_files": total - sqlite}

    def look(self) -> dict[str, float | int]:
        files = self._files()
        connections = files["sqlite_connections"]
        threads = sum(p.num_threads() for p in self.processes)
        cpu, client_cpu = self._cpu(), time.process_time()
        server_seconds, client_seconds = cpu - self.last_cpu, client_cpu - self.last_client_cpu
        self.last_cpu, self.last_client_cpu = cpu, client_cpu
        return {
            "rss_mb": round(sum(p.memory_info().rss for p in self.processes) / 2**20, 1),
            **files,
            "threads": threads,
            "other_threads": threads - connections,
            "server_cpu_s": round(server_seconds, 3),
            "client_cpu_s": round(client_seconds, 3),
            "database_mb": _megabytes(self.database),
            "wal_mb": _megabytes(self.database.with_name(self.database.name + "-wal")),
            "load": round(os.getloadavg()[0], 2),
        }


def _megabytes(path: Path) -> float:
    return round(path.stat().st_size / 2**20, 1) if path.exists() else 0.0


def _minute(minute: int, traffic: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """One minute's row: its traffic, the server's state at its end and the CPU a request cost the
    server and the load generator. Their ratio does not move when the whole host slows down (a
    shared VM's CPU time a request varies by up to 2x), so a server that grows costlier shows in it."""
    requests = int(traffic["requests"])
    server_ms = 1000 * state["server_cpu_s"] / requests if requests else 0.0
    client_ms = 1000 * state["client_cpu_s"] / requests if requests else 0.0
    return {
        "minute": minute,
        **traffic,
        **state,
        "server_cpu_ms": round(server_ms, 3),
        "client_cpu_ms": round(client_ms, 3),
        "cpu_ratio": round(server_ms / client_ms, 3) if client_ms else 0.0,
    }


async def _claim_own(client: httpx.AsyncClient, person: data.Person, set_id: int) -> tuple[int, list[int]]:
    claim = data.check(await client.post(f"/api/sets/{set_id}/packages/claim", headers=person.headers))
    package = int(claim.json()["id"])
    detail = data.check(await client.get(f"/api/packages/{package}", headers=person.headers)).json()
    return package, [int(sample["id"]) for sample in detail["samples"]]


async def _drive(
    server: Server, world: data.World, sets: Sets, settings: dict[str, Any]
) -> tuple[list[dict[str, Any]], Minutes, dict[str, int]]:
    count = settings["annotators"]
    async with load.client(server.base_url, 4) as client:
        owned = [await _claim_own(client, person, sets.work) for person in world.annotators]
    watch = ProcessWatch(server.processes(), server.data_dir / "tagmedx.db")
    minutes_total = max(1, round(settings["minutes"]))
    started = time.monotonic()
    record = Minutes(started, minutes_total)
    ledger = Ledger()
    states: list[dict[str, Any]] = [watch.look()]  # the server at each minute's end; [0]: before
    annotators = [
        Annotator(
            person,
            server.base_url,
            sets,
            package,
            samples,
            ledger=ledger,
            minutes=record,
            think_seconds=settings["think_ms"] / 1000,
            claim_offset=index * 120.0 / count,
        )
        for index, (person, (package, samples)) in enumerate(zip(world.annotators, owned, strict=True))
    ]
    deadline = started + 60 * settings["minutes"]

    async def sample_minutes() -> None:
        for minute in range(1, minutes_total + 1):
            await asyncio.sleep(max(0.0, started + 60 * minute - time.monotonic()))
            states.append(watch.look())
            row = _minute(minute, record.summary(minute - 1), states[-1])
            print(
                "  minute {minute:>3}: {requests} requests, {errors} errors, p50 {p50_ms} ms, "
                "p99 {p99_ms} ms, save p99 {save_p99_ms} ms, CPU a request {server_cpu_ms} ms "
                "(client {client_cpu_ms} ms), "
                "RSS {rss_mb} MB, {open_files} files ({other_files} not SQLite's), {threads} threads, "
                "{sqlite_connections} SQLite connections, database {database_mb} MB "
                "(WAL {wal_mb} MB), load {load}".format(**row),
                flush=True,
            )

    print(f"{count} annotators for {settings['minutes']:g} min", flush=True)
    async with anyio.create_task_group() as group:
        group.start_soon(sample_minutes)
        for annotator in annotators:
            group.start_soon(annotator.run, deadline)
    # traffic by the minute in which each request ended, the last minute's stragglers included
    rows = [_minute(0, Minutes(started, 1).summary(0), states[0])]
    rows += [_minute(m, record.summary(m - 1), states[m]) for m in range(1, minutes_total + 1)]
    print("checking every acknowledged write", flush=True)
    checked = await verify(server.base_url, world.annotators, ledger)
    return rows, record, checked


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--no-doc", action="store_true", help="print only; keep docs/RELIABILITY.md")
    arguments = parser.parse_args()
    settings = _settings()
    info = machine.describe("sqlite")
    server = Server("sqlite", settings["workers"], ocr="auto")
    print(f"server: {server.base_url}, SQLite, {settings['workers']} worker(s), data in {server.data_dir}")
    try:
        server.start()
        world, sets, setup = asyncio.run(_prepare(server, settings))
        rows, record, checked = asyncio.run(_drive(server, world, sets, settings))
    finally:
        server.stop()
    info["load_after"] = round(os.getloadavg()[0], 2)
    minutes = rows[1:]
    run: dict[str, Any] = {
        "machine": info,
        "workers": settings["workers"],
        "ocr": "auto (tesseract " + ("found" if shutil.which("tesseract") else "not found") + ")",
        "settings": {**settings},
        "setup": setup,
        "totals": record.totals(60 * settings["minutes"]),
        "verified": checked,
        "flatness": soak_report.verdicts(minutes),
        "minutes": rows,
    }
    full = not arguments.no_doc and settings["minutes"] >= soak_report.FULL_MINUTES
    if full:  # kept before anything renders it
        soak_report.save(run)
    soak_report.print_run(run)
    if full:
        soak_report.write_doc(run)
        print(f"\nwrote {soak_report.DOC}")
    else:
        print(f"\n(not written to docs: shorter than {soak_report.FULL_MINUTES} minutes, or --no-doc)")
    lost = checked["lost"] + checked["lost_claims"] + checked["claimed_twice"]
    raise SystemExit(1 if lost else 0)


if __name__ == "__main__":
    main()

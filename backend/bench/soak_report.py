"""What `make soak` concludes from its minutes: is each series flat, and the section of
docs/RELIABILITY.md that shows it."""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.machine import ROOT
from bench.report import RESULTS, table

DOC = ROOT / "docs" / "RELIABILITY.md"
HEADING = "## Long runs (`make soak`)"
RESULT_FILE = RESULTS / "soak.json"
WINDOW = 5  # minutes: minutes 2-6 (after the first, which fills caches and pools) against the last 5
FULL_MINUTES = 30  # shorter runs print their figures and leave the document alone


@dataclass(frozen=True)
class Tolerance:
    """A series is flat when its last window's median stays within `share` (relative) or `amount`
    (absolute), whichever is larger, above the median of minutes 2-6."""

    share: float
    amount: float


# memory: 10 % or 8 MB; open files and threads besides SQLite's connections (which the pool opens up
# to its bound as concurrency rises): a handful; p99: the host's noise (2 CPUs shared); the server's
# CPU a request over the load generator's: 15 %
TOLERANCES = {
    "rss_mb": Tolerance(share=0.10, amount=8.0),
    "other_files": Tolerance(share=0.0, amount=4.0),
    "other_threads": Tolerance(share=0.0, amount=4.0),
    "p99_ms": Tolerance(share=0.5, amount=5.0),
    "cpu_ratio": Tolerance(share=0.15, amount=0.0),
}


def slope(values: list[float]) -> float:
    """Least-squares slope of evenly spaced values, per step."""
    count = len(values)
    if count < 2:
        return 0.0
    mean_x = (count - 1) / 2
    mean_y = statistics.fmean(values)
    spread = sum((x - mean_x) ** 2 for x in range(count))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread


def flatness(values: list[float], tolerance: Tolerance) -> dict[str, Any]:
    """`values[0]` is minute 1. Needs minutes 2-6 and a last window after them (10 minutes at least):
    a shorter series answers `flat: None`."""
    if len(values) < 2 * WINDOW:
        return {"start": None, "end": None, "ratio": None, "slope_per_10_min": None, "flat": None}
    start = statistics.median(values[1 : 1 + WINDOW])
    end = statistics.median(values[-WINDOW:])
    allowed = max(start * tolerance.share, tolerance.amount)
    return {
        "start": round(start, 2),
        "end": round(end, 2),
        "ratio": round(end / start, 3) if start else None,
        "slope_per_10_min": round(10 * slope(values[1:]), 3),
        "flat": end <= start + allowed,
    }


def verdicts(minutes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        name: flatness([float(minute[name]) for minute in minutes], tolerance)
        for name, tolerance in TOLERANCES.items()
    }


def _figure(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:g}{unit}"


def flatness_rows(run: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, verdict in run["flatness"].items():
        tolerance = TOLERANCES[name]
        allowed = " or ".join(
            part
            for part in (
                f"+{tolerance.share * 100:g} %" if tolerance.share else "",
                f"+{tolerance.amount:g}" if tolerance.amount else "",
            )
            if part
        )
        flat = {True: "**yes**", False: "**NO**", None: "too short"}[verdict["flat"]]
        rows.append(
            [
                LABELS[name],
                _figure(verdict["start"]),
                _figure(verdict["end"]),
                _figure(verdict["ratio"]),
                _figure(verdict["slope_per_10_min"]),
                allowed,
                flat,
            ]
        )
    return rows


LABELS = {
    "rss_mb": "server RSS, MB",
    "other_files": "open files besides SQLite's (/proc/PID/fd)",
    "other_threads": "threads besides those of SQLite connections",
    "p99_ms": "p99 latency, ms",
    "cpu_ratio": "server CPU a request / the client's",
}
FLATNESS_HEADER = ["series", "minutes 2-6", "last 5", "ratio", "slope / 10 min", "allowed", "flat"]
MINUTE_HEADER = [
    "minute",
    "requests",
    "errors",
    "p50 ms",
    "p99 ms",
    "save p99 ms",
    "server CPU ms/request",
    "client CPU ms/request",
    "RSS MB",
    "open files",
    "of them not SQLite's",
    "SQLite connections",
    "threads",
    "database MB",
    "WAL MB",
    "load",
]


def minute_rows(run: dict[str, Any]) -> list[list[str]]:
    rows = []
    for minute in run["minutes"]:
        traffic = [
            str(minute["requests"]),
            str(minute["errors"]),
            f"{minute['p50_ms']:g}",
            f"{minute['p99_ms']:g}",
            f"{minute['save_p99_ms']:g}",
            f"{minute['server_cpu_ms']:.2f}",
            f"{minute['client_cpu_ms']:.2f}",
        ]
        if minute["minute"] == 0:  # the server before the annotators: no traffic yet
            traffic = ["-"] * len(traffic)
        state = [f"{minute['rss_mb']:g}", str(minute["open_files"]), str(minute["other_files"])]
        state += [str(minute["sqlite_connections"]), str(minute["threads"])]
        state += [f"{minute['database_mb']:g}", f"{minute['wal_mb']:g}"]
        rows.append([str(minute["minute"]), *traffic, *state, f"{minute['load']:g}"])
    return rows


def writes_rows(run: dict[str, Any]) -> list[list[str]]:
    checked = run["verified"]
    return [
        ["examination saves (PUT, 200)", str(checked["saves"])],
        ["box edits (PATCH, 200)", str(checked["patches"])],
        ["package claims (200)", str(checked["claims"])],
        ["readings checked at the end", str(checked["readings"])],
        ["readings that differ from their last acknowledged write (**lost**)", str(checked["lost"])],
        ["claims not held by their claimer at the end (**lost**)", str(checked["lost_claims"])],
        ["packages claimed by two annotators", str(checked["claimed_twice"])],
        ["readings after an unanswered write (not counted)", str(checked["uncertain"])],
        ["reads during the run that differed from the last acknowledged write", str(checked["stale_reads"])],
    ]


def machine_line(run: dict[str, Any]) -> str:
    m = run["machine"]
    return (
        f"{m['date']}, commit `{m['commit']}`, {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, "
        f"Linux {m['kernel']}, Python {m['python']}, SQLite {m['sqlite']}, {run['workers']} server "
        f"worker(s), OCR {run['ocr']}, load average {m['load_before']} before and "
        f"{m.get('load_after', '?')} after"
    )


def render_section(run: dict[str, Any]) -> str:
    totals = run["totals"]
    setup = run["setup"]
    parts = [
        HEADING,
        "",
        INTRO.format(**run["settings"], **setup),
        "",
        f"Last run: {machine_line(run)}. {totals['requests']:,} requests in {run['settings']['minutes']:g} "
        f"minutes ({totals['per_second']:g} a second), **{totals['errors']} errors**"
        + (f" (first: `{totals['first_error']}`)" if totals["first_error"] else "")
        + f", p50 {totals['p50_ms']:g} ms, p99 {totals['p99_ms']:g} ms over the whole run.",
        "",
        "Every acknowledged write, checked through the API once the annotators stopped:",
        "",
        table(["writes", "count"], writes_rows(run)),
        "",
        "Flat or not (medians of minutes 2-6 against the last five; the slope by least squares over "
        "minutes 2 to the end):",
        "",
        table(FLATNESS_HEADER, flatness_rows(run)),
        "",
        "Minute by minute (latencies seen by the annotators; RSS, open files, connections and threads of the "
        "server's process at the end of each minute; minute 0 is the server just before the annotators "
        "start):",
        "",
        table(MINUTE_HEADER, minute_rows(run)),
        "",
        NOTES,
    ]
    return "\n".join(parts)


INTRO = """A benchmark, not a test: `make soak` starts the server as `make run` does (`python -m tagmedx
migrate`, then `serve`; SQLite in a fresh data folder, {workers} worker(s), OCR at its default)
in a process of its own, and {annotators} annotators work on it for `SOAK_MINUTES` ({minutes:g} here)
from one load-generator process (`bench/wire.py`, a keep-alive connection each), with
{think_ms:g} ms between one request and the next. Each annotator claims a package of a set of
{pngs} PNGs and {dicoms} DICOM files uploaded through the API and goes round its samples: the
sample, its display image (and its pixels for a DICOM), the next one's thumbnail (every other visit
with `If-None-Match`, as a browser revalidates), its reading, then saves the reading with one to four
boxes and the version it read, edits a box (`PATCH` with the version) every other visit, lists pages of
samples and packages, and claims a package of a second set ({browse_samples:,} samples written into the
database, as `make bench` does) every two minutes. The server's OCR scans every uploaded image once;
the run starts when those scans are done ({ocr_seconds} s of waiting here)."""

NOTES = """How to read it: the server's RSS grows in the first minute as its image cache (64 MB a
worker), connection pool and SQLite's page cache fill, then should stay put. SQLite's connections
are counted apart from the other open files and threads: each holds the database and its WAL open and
has a thread, and the pool keeps up to 20 a worker (20 more for a busy moment, closed after it), so a
slower host, with more requests in flight, opens a few more; that is a plateau, not a leak. What is
judged is the rest: sockets, stored files being sent, logs, other threads. The database grows with
the audit trail (a record for every save, edit and claim) while the write-ahead log stays bounded by
SQLite's checkpoints; the p99 moves with the host (2 CPUs shared with other work), so its bound is loose
and the load average is shown beside it. The CPU a request costs moves with the host too (up to 2x
on this VM, docs/PERFORMANCE.md), for the server and for the load generator alike: their ratio does
not, so a server that grows costlier as its tables grow shows there. Shorter runs (`SOAK_MINUTES=3
make soak`) print the same tables and leave this file alone; `backend/bench/results/soak.json` keeps the
last full run's figures."""


def save(run: dict[str, Any]) -> None:
    RESULT_FILE.parent.mkdir(exist_ok=True)
    RESULT_FILE.write_text(json.dumps(run, indent=2) + "\n")


def replace_section(document: str, section: str) -> str:
    """The document with everything from HEADING to the next `## ` heading replaced by `section`."""
    pattern = re.compile(r"^" + re.escape(HEADING) + r"\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if not pattern.search(document):
        raise ValueError(f"{HEADING!r} is not a heading of the document")
    replaced = pattern.sub(lambda _match: section.rstrip() + "\n\n", document, count=1)
    return replaced.rstrip("\n") + "\n"


def write_doc(run: dict[str, Any], path: Path = DOC) -> None:
    path.write_text(replace_section(path.read_text(), render_section(run)))


def print_run(run: dict[str, Any]) -> None:
    print()
    print(render_section(run))

"""The printed table and docs/PERFORMANCE.md (both databases: each run keeps its figures in results/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.machine import ROOT

RESULTS = Path(__file__).with_name("results")
DOC = ROOT / "docs" / "PERFORMANCE.md"

# (workload key, metric, comparison, target, Label Studio 1.23 on the same kind of machine, from issue 5)
TARGETS: list[tuple[str, str, str, float, str]] = [
    ("W1 upload png c=4", "per_second", ">=", 60, "6.6/s"),
    ("W2 save c=8", "per_second", ">=", 400, "3.7/s"),
    ("W2 save c=8", "p99_ms", "<=", 50, "4300 ms"),
    ("W3 page c=1", "p95_ms", "<=", 15, "440 ms"),
    ("W3 set stats c=1", "p95_ms", "<=", 100, ""),
    ("W4 thumbnail c=8", "per_second", ">=", 800, "21/s"),
    ("W5 export coco", "seconds", "<=", 10, "3.3 s for 500 tasks"),
    ("W5 export coco", "peak_growth_mb", "<=", 150, ""),
]
UNITS = {"per_second": "/s", "p99_ms": " ms", "p95_ms": " ms", "seconds": " s", "peak_growth_mb": " MB"}


def save(run: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{run['machine']['database']}.json"
    path.write_text(json.dumps(run, indent=2) + "\n")
    return path


def _value(run: dict[str, Any], key: str, metric: str) -> float | None:
    if key == "W5 export coco":
        export = run.get("extra", {}).get("export")
        return None if export is None else float(export[metric])
    result = run["results"].get(key)
    return None if result is None else float(result[metric])


def _ceiling(run: dict[str, Any], concurrency: int) -> dict[str, Any] | None:
    ceiling: dict[str, Any] | None = run["results"].get(f"W0 health c={concurrency}")
    return ceiling


def target_rows(run: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, metric, comparison, target, peer in TARGETS:
        value = _value(run, key, metric)
        if value is None:
            rows.append([key, metric, "not measured", f"{comparison} {target:g}{UNITS[metric]}", "no", peer])
            continue
        met = value >= target if comparison == ">=" else value <= target
        rows.append(
            [
                key,
                metric,
                f"{value:g}{UNITS[metric]}",
                f"{comparison} {target:g}{UNITS[metric]}",
                "**yes**" if met else "**NO**",
                peer,
            ]
        )
    return rows


def workload_rows(run: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, result in run["results"].items():
        ceiling = _ceiling(run, int(result["concurrency"]))
        share = "" if ceiling is None else f"{100 * result['per_second'] / ceiling['per_second']:.0f} %"
        w0 = "" if ceiling is None else f"{ceiling['per_second']}/s, p99 {ceiling['p99_ms']} ms"
        rows.append(
            [
                key,
                str(result["requests"]),
                str(result["errors"]),
                f"{result['per_second']}/s",
                share,
                str(result["p50_ms"]),
                str(result["p95_ms"]),
                str(result["p99_ms"]),
                str(result.get("server_cpu_ms", "")),
                str(result.get("client_cpu_ms", "")),
                w0,
            ]
        )
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def print_run(run: dict[str, Any]) -> None:
    print()
    print(table(["workload", "metric", "measured", "target", "met", "Label Studio"], target_rows(run)))
    print()
    print(table(WORKLOAD_HEADER, workload_rows(run)))


WORKLOAD_HEADER = [
    "workload",
    "requests",
    "errors",
    "rate",
    "share of W0",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "server CPU ms/request",
    "client CPU ms/request",
    "W0 ceiling at that concurrency",
]


def _machine(run: dict[str, Any]) -> str:
    m = run["machine"]
    database = "SQLite " + m["sqlite"] if m["database"] == "sqlite" else m["mariadb"]
    return (
        f"{m['date']}, commit `{m['commit']}`, {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, "
        f"Linux {m['kernel']}, Python {m['python']}, {database}, {run['workers']} server worker(s), "
        f"load average {m['load_before']} before and {m.get('load_after', '?')} after the run, "
        f"{run['minutes']} min in all"
    )


def _spa(run: dict[str, Any]) -> str:
    lines = []
    bundle = run.get("spa", {}).get("bundle")
    if bundle:
        lines.append(
            f"- Initial download (what `frontend/dist/index.html` loads): JavaScript {bundle['js_bytes'] / 1024:.0f} KiB, "  # noqa: E501
            f"**{bundle['js_gzip'] / 1024:.0f} KiB gzipped**; JS + CSS {bundle['total_gzip'] / 1024:.0f} KiB gzipped."  # noqa: E501
        )
        for item in bundle["files"]:
            lines.append(
                f"  - `{item['file']}`: {item['bytes'] / 1024:.0f} KiB, {item['gzip'] / 1024:.0f} KiB gzipped"
            )
    else:
        lines.append("- Bundle: `frontend/dist` did not exist (run `make frontend` first).")
    frames = run.get("spa", {}).get("frames")
    if frames and "error" not in frames:
        lines.append(
            f"- Editor with {frames['boxes']} boxes, panning in Chromium ({frames['browser']}, headless, software "  # noqa: E501
            f"rendering): {frames['frames']} frames, median {frames['median_ms']} ms, p95 {frames['p95_ms']} ms, "  # noqa: E501
            f"max {frames['max_ms']} ms between requestAnimationFrame callbacks."
        )
    else:
        reason = frames["error"] if frames else "not measured in this run"
        lines.append(f"- Editor frame time with 500 boxes: {reason}.")
    return "\n".join(lines)


def render(notes: str) -> str:
    runs = []
    for database in ("sqlite", "mysql"):
        path = RESULTS / f"{database}.json"
        if path.exists():
            runs.append(json.loads(path.read_text()))
    parts = [HEADER]
    for run in runs:
        title = "SQLite" if run["machine"]["database"] == "sqlite" else "MariaDB"
        seeded = run.get("extra", {}).get("seed", {})
        export = run.get("extra", {}).get("export", {})
        parts.append(f"## {title}\n\n{_machine(run)}.\n")
        parts.append(
            table(["workload", "metric", "measured", "target", "met", "Label Studio 1.23"], target_rows(run))
        )
        parts.append(
            "\nEvery workload, beside the W0 ceiling (`GET /api/health`) at the same concurrency, with the CPU "  # noqa: E501
            "time a request cost the server (all its workers) and the load generator:\n"
        )
        parts.append(table(WORKLOAD_HEADER, workload_rows(run)))
        parts.append(
            f"\nW3/W5 set: {seeded.get('samples')} samples in {seeded.get('packages')} packages, "
            f"{seeded.get('examinations')} examinations, {seeded.get('boxes')} boxes, seeded in "
            f"{seeded.get('seconds')} s. W5 COCO export: {export.get('megabytes')} MB, {export.get('images')} images, "  # noqa: E501
            f"{export.get('annotations')} annotations, first byte after {export.get('first_byte_s')} s, "
            f"{export.get('seconds')} s in all; server RSS {export.get('baseline_mb')} MB before, "
            f"peak growth {export.get('peak_growth_mb')} MB.\n"
        )
    if runs:  # the latest run that measured the built app (a run without frontend/dist could not)
        measured = [run for run in runs if run.get("spa", {}).get("bundle")]
        parts.append("## The web app\n\n" + _spa((measured or runs)[-1]) + "\n")
    parts.append(notes)
    return "\n".join(parts).rstrip() + "\n"


HEADER = """# Performance

Measured by `make bench` (SQLite) and `BENCH_DB=mysql make bench` (MariaDB): one command starts the real
server (`python -m tagmedx serve`, uvicorn, `TAGMEDX_WORKERS` processes with a socket each) on 127.0.0.1
with a fresh data folder and a fresh database, builds the data it needs through the API (W3's large set is
written straight into the database), runs each workload with a bounded number of requests from a separate
load-generator process (`bench/wire.py`: a lean HTTP/1.1 client, fixed concurrency, one keep-alive
connection per concurrent user), prints these tables and rewrites this file. The load
generator shares the machine's CPUs with the server, as the W0 ceiling does: a share of W0 says how much
of what this machine can serve at all a workload reaches.

Workloads (issue 5): **W0** `GET /api/health` (one `SELECT 1`) at each concurrency used below;
**W1** 500 synthetic 512x512 PNGs and 50 real DICOM files (pydicom-data CT, MR, CR, US; fresh UIDs
each), one file a request, 4 at a time; **W2** 8 and 32 annotators each saving examinations (2 boxes
of one label) on samples of the package they claimed; **W3** pages of 100 samples (plain, and with the
`annotated=false` and `tentative=true` review filters, walked by cursor), set and group statistics in a
set of 100k samples and 300k boxes; **W4** display images and thumbnails, 8 at a time; **W5** the COCO
export of the 100k set (`scope=all`), its time and the peak growth of the server's resident memory
(polled every 10 ms and the kernel's VmHWM). Latencies are measured by the client (they include
the client's own queueing at that concurrency).
"""

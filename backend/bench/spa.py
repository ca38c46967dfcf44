"""The SPA's initial download: the JS and CSS that frontend/dist/index.html loads, raw and gzipped."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

from bench.machine import ROOT

DIST = ROOT / "frontend" / "dist"
FRAME_SCRIPT = Path(__file__).with_name("editor_frames.mjs")


def bundle() -> dict[str, object] | None:
    index = DIST / "index.html"
    if not index.exists():
        return None
    html = index.read_text()
    paths = re.findall(r'(?:src|href)="(/?assets/[^"]+\.(?:js|css))"', html)
    files = []
    for path in dict.fromkeys(paths):
        body = (DIST / path.lstrip("/")).read_bytes()
        files.append({"file": path.lstrip("/"), "bytes": len(body), "gzip": len(gzip.compress(body, 9))})
    scripts = [f for f in files if str(f["file"]).endswith(".js")]
    return {
        "files": files,
        "js_bytes": sum(int(f["bytes"]) for f in scripts),
        "js_gzip": sum(int(f["gzip"]) for f in scripts),
        "total_gzip": sum(int(f["gzip"]) for f in files),
    }


def editor_frames() -> dict[str, object] | None:
    """Frame times of the editor with 500 boxes while panning, measured in Chromium (see editor_frames.mjs)."""  # noqa: E501
    if not FRAME_SCRIPT.exists() or not (ROOT / "frontend" / "node_modules" / "playwright-core").exists():
        return None
    try:
        run = subprocess.run(  # noqa: S603
            ["node", str(FRAME_SCRIPT)],  # noqa: S607
            cwd=ROOT / "frontend",
            capture_output=True,
            text=True,
            timeout=180,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"error": str(error)}
    if run.returncode != 0:
        return {"error": (run.stderr or run.stdout)[-500:]}
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))

"""Throughput of process_upload on 512x512 PNG uploads (not collected by pytest).

Run: cd backend && .venv/bin/python -m tests.imaging.bench_process [--threads 2] [--seconds 5]
"""

from __future__ import annotations

import argparse
import io
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image

from tagmedx.imaging import process_upload


def sample_pngs(count: int) -> list[bytes]:
    """Photo-like 512x512 RGB PNGs (smooth gradients plus noise), different from each other."""
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:512, 0:512].astype(np.float32)
    uploads = []
    for index in range(count):
        base = 127 + 90 * np.sin((x + 37 * index) / 60.0) * np.cos(y / 45.0)
        noise = rng.normal(0, 6, (512, 512, 3))
        rgb = np.clip(base[..., None] + noise, 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(rgb).save(buffer, format="PNG")
        uploads.append(buffer.getvalue())
    return uploads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5.0)
    arguments = parser.parse_args()
    uploads = sample_pngs(16)
    secret = b"bench"
    for data in uploads:  # warm up
        process_upload(data, uid_secret=secret)

    def worker(offset: int) -> int:
        done = 0
        deadline = time.perf_counter() + arguments.seconds
        while time.perf_counter() < deadline:
            process_upload(uploads[(offset + done) % len(uploads)], uid_secret=secret)
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=arguments.threads) as pool:
        total = sum(pool.map(worker, range(arguments.threads)))
    elapsed = time.perf_counter() - started
    size = sum(len(data) for data in uploads) / len(uploads)
    print(
        f"{total / elapsed:.1f} uploads/s of 512x512 PNG (~{size / 1024:.0f} KiB) "
        f"with {arguments.threads} thread(s)"
    )


if __name__ == "__main__":
    main()

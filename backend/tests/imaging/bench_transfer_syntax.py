"""Upload processing time of a JPEG Lossless CT against its uncompressed twin (not collected by pytest).

The CT is pydicom-data's 693_UNCR.dcm (512 x 512, 14 bits); dcmtk's dcmcjpeg compresses it as JPEG
Lossless SV1 (1.2.840.10008.1.2.4.70) and, for comparison, JPEG-LS lossless and RLE.
Run: cd backend && .venv/bin/python -m tests.imaging.bench_transfer_syntax [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

from pydicom.data import get_testdata_file

from tagmedx.imaging import process_upload

ENCODERS = {
    "uncompressed": None,
    "JPEG Lossless SV1": ["dcmcjpeg", "+e1"],
    "JPEG-LS lossless": ["dcmcjpls", "+el"],
    "RLE lossless": ["dcmcrle"],
}


def milliseconds(data: bytes, repeat: int) -> list[float]:
    process_upload(data, uid_secret=b"bench")  # warm up: imports, plugin discovery
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        process_upload(data, uid_secret=b"bench")
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()
    source = Path(str(get_testdata_file("693_UNCR.dcm", download=False)))
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as folder:
        for name, encoder in ENCODERS.items():
            path = source
            if encoder:
                path = Path(folder) / f"{encoder[0]}.dcm"
                subprocess.run([*encoder, str(source), str(path)], check=True, capture_output=True)
            data = path.read_bytes()
            times = milliseconds(data, arguments.repeat)
            print(
                f"{name:18s} {len(data) / 1024:6.0f} KiB  median {statistics.median(times):6.1f} ms  "
                f"min {min(times):6.1f} ms  ({arguments.repeat} runs, 512 x 512 CT)"
            )


if __name__ == "__main__":
    main()

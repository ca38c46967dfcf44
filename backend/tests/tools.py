"""Independent tools the tests read our files with (dcmtk, dicom3tools, ...), found on PATH.

Locally a missing tool skips the test with the package that provides it; in CI (CI=true), where
.ci/run installs them, a missing tool fails the test instead, so a check can never silently vanish.
"""

import os
import shutil

import pytest

DEBIAN_PACKAGE = {
    "dciodvfy": "dicom3tools",
    "dcmdump": "dcmtk",
    "dcm2pnm": "dcmtk",
    "dcmdjpeg": "dcmtk",
    "dcmdjpls": "dcmtk",
    "dsrdump": "dcmtk",
    "tesseract": "tesseract-ocr",
}


def require(tool: str) -> str:
    """The tool's path; skips (locally) or fails (CI) when it is not installed."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} is not installed (Debian package {DEBIAN_PACKAGE.get(tool, tool)})"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)

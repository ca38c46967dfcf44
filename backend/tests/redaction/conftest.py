"""Tesseract is needed by these tests: on CI (CI=true) its absence fails them, elsewhere it skips them."""

import os

import pytest

from tagmedx.imaging.burned_in import tesseract_available


@pytest.fixture
def tesseract() -> None:
    if tesseract_available():
        return
    message = "the tesseract program is not installed (Debian: tesseract-ocr tesseract-ocr-eng)"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)

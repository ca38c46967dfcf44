"""Unit tests of the intake rules: names, escaping entries, and skipping archived duplicates early."""

import zipfile

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.samples import service
from tagmedx.features.samples.intake import _escapes, _skipped, clean_filename
from tagmedx.models import Sample

from .helpers import count, make_world, png, upload, zip_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("scan.png", "scan.png"),
        ("C:\\fakepath\\scan.png", "C:/fakepath/scan.png"),
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/./x.png", "abs/x.png"),
        ("a\x00b\x1b[31m.png", "ab[31m.png"),
        ("", "unnamed"),
        (None, "unnamed"),
        ("  /  ", "unnamed"),
    ],
)
def test_clean_filename(raw: str | None, expected: str) -> None:
    assert clean_filename(raw) == expected


def test_clean_filename_keeps_both_ends_of_long_names() -> None:
    name = clean_filename("a" * 300 + ".dcm")
    assert len(name) == 255 and name.startswith("aaa") and name.endswith(".dcm")


@pytest.mark.parametrize(
    ("name", "escapes"),
    [
        ("a/b.png", False),
        ("a..b.png", False),
        ("../b.png", True),
        ("a/../../b.png", True),
        ("a\\..\\..\\b.png", True),
        ("/b.png", True),
        ("\\b.png", True),
        ("C:/b.png", True),
        ("c:b.png", True),
    ],
)
def test_escaping_entry_names(name: str, escapes: bool) -> None:
    assert _escapes(name) is escapes


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("folder/", True),
        ("__MACOSX/folder/._a.png", True),
        ("folder/.DS_Store", True),
        ("folder/Thumbs.db", True),
        (".hidden/a.png", True),
        ("folder/a.png", False),
    ],
)
def test_skipped_entries(name: str, skipped: bool) -> None:
    assert _skipped(zipfile.ZipInfo(name)) is skipped


async def test_a_reuploaded_archive_is_not_processed_again(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = await make_world(session)
    archive = zip_of({"a.png": png(seed=1), "b.png": png(seed=2)})
    assert (await upload(client, world.admin, world.set_id, ("study.zip", archive))).status_code == 201
    calls = 0
    real = service.prepare

    async def counting(*args: object) -> object:
        nonlocal calls
        calls += 1
        return await real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "prepare", counting)
    again = await upload(client, world.admin, world.set_id, ("study.zip", archive))
    assert again.status_code == 422
    assert again.json()["code"] == "no_valid_files"
    assert [item["code"] for item in again.json()["rejected"]] == ["duplicate", "duplicate"]
    assert [item["filename"] for item in again.json()["rejected"]] == ["study.zip/a.png", "study.zip/b.png"]
    assert calls == 0
    assert await count(session, Sample) == 2

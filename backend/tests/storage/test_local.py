"""LocalStorage specifics: confinement to the root, atomic writes, health check."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from tagmedx.storage import LocalStorage, StorageError, StorageUnavailable
from tagmedx.storage import local as local_module

pytestmark = pytest.mark.anyio


def files_under(directory: Path) -> set[Path]:
    return {path for path in directory.rglob("*") if path.is_file()}


def test_creates_its_root(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "er" / "root"
    storage = LocalStorage(root)
    assert root.is_dir()
    assert storage.root == root.resolve()


async def test_files_live_at_root_slash_key(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "root")
    await storage.put("ab/abcdef/original", b"content", "image/png")
    assert (tmp_path / "root" / "ab" / "abcdef" / "original").read_bytes() == b"content"


async def test_never_writes_outside_its_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (tmp_path / "outside.txt").write_bytes(b"untouched")
    storage = LocalStorage(root)
    before = files_under(tmp_path)
    for key in ["../outside.txt", "../x", "/tmp/x", "x/../../y", "a/../../outside.txt", ".."]:
        with pytest.raises(ValueError):
            await storage.put(key, b"evil", "text/plain")
        with pytest.raises(ValueError):
            await storage.delete(key)
    assert files_under(tmp_path) == before
    assert (tmp_path / "outside.txt").read_bytes() == b"untouched"

    await storage.put("ok/inside", b"fine", "text/plain")
    await storage.put("...", b"dots are a name here", "text/plain")
    created = files_under(tmp_path) - before
    assert created == {root / "ok" / "inside", root / "..."}


async def test_failed_write_keeps_old_content_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = LocalStorage(tmp_path)
    await storage.put("ab/key", b"old content", "text/plain")

    def write_half_then_fail(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(local_module, "_write_fully", write_half_then_fail)
    with pytest.raises(StorageError) as raised:
        await storage.put("ab/key", b"new content that will not fit" * 1000, "text/plain")
    assert isinstance(raised.value.__cause__, OSError)

    assert await storage.get("ab/key") == b"old content"
    assert sorted(path.name for path in (tmp_path / "ab").iterdir()) == ["key"]


async def test_failed_rename_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = LocalStorage(tmp_path)

    def refuse(*args: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError):
        await storage.put("new/key", b"data", "text/plain")
    monkeypatch.undo()
    assert not await storage.exists("new/key")
    assert list((tmp_path / "new").iterdir()) == []


async def test_readers_never_see_partial_content(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    versions = [bytes([index]) * (2 * 1024 * 1024) for index in range(1, 4)]
    await storage.put("hot/key", versions[0], "application/octet-stream")
    path = tmp_path / "hot" / "key"
    stop = threading.Event()
    seen: list[bytes] = []

    def read_repeatedly() -> None:
        while not stop.is_set():
            seen.append(path.read_bytes())

    reader = threading.Thread(target=read_repeatedly)
    reader.start()
    try:
        for round_number in range(15):
            await storage.put("hot/key", versions[round_number % 3], "application/octet-stream")
    finally:
        stop.set()
        reader.join()
    assert seen
    assert all(content in versions for content in seen)
    assert [p.name for p in (tmp_path / "hot").iterdir()] == ["key"]


async def test_stream_keeps_reading_the_version_it_opened(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await storage.put("k", b"a" * 300_000, "application/octet-stream")
    iterator = storage.stream("k", 1000)
    chunks = [await anext(iterator)]
    await storage.put("k", b"b" * 300_000, "application/octet-stream")
    chunks.extend([chunk async for chunk in iterator])
    assert b"".join(chunks) == b"a" * 300_000
    assert await storage.get("k") == b"b" * 300_000


async def test_key_below_an_existing_file_is_a_storage_error(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    await storage.put("a", b"file", "text/plain")
    with pytest.raises(StorageError):
        await storage.put("a/b", b"child", "text/plain")
    assert not await storage.exists("a/b")
    await storage.delete("a/b")


async def test_temp_files_are_not_keys(tmp_path: Path) -> None:
    # Temporary names end in '~', which keys cannot contain.
    with pytest.raises(ValueError):
        await LocalStorage(tmp_path).get(".tmp-abc~")


async def test_check_raises_when_root_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "root"
    storage = LocalStorage(root)
    await storage.check()
    root.rmdir()
    root.write_bytes(b"now a file")
    with pytest.raises(StorageUnavailable):
        await storage.check()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
async def test_check_raises_when_root_is_read_only(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "root")
    (tmp_path / "root").chmod(0o500)
    try:
        with pytest.raises(StorageUnavailable):
            await storage.check()
    finally:
        (tmp_path / "root").chmod(0o700)

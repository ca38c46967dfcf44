"""The behaviour every backend promises, run against each of them."""

from __future__ import annotations

import os

import pytest

from tagmedx.storage import Storage, StorageKeyNotFound

pytestmark = pytest.mark.anyio

BAD_KEYS = ["../x", "/abs", "a//b", "UPPER", "a\\b", "x/../y", "", "x" * 256]


async def collect(storage: Storage, key: str, chunk_size: int = 1 << 16) -> list[bytes]:
    return [chunk async for chunk in storage.stream(key, chunk_size)]


def test_backends_satisfy_the_protocol(storage: Storage) -> None:
    assert isinstance(storage, Storage)


async def test_put_get_round_trip(storage: Storage) -> None:
    await storage.put("ab/abc/original", b"\x00\x01 pixels \xff", "image/png")
    assert await storage.get("ab/abc/original") == b"\x00\x01 pixels \xff"


async def test_empty_object(storage: Storage) -> None:
    await storage.put("empty", b"", "application/octet-stream")
    assert await storage.get("empty") == b""
    assert await storage.size("empty") == 0
    assert await storage.exists("empty")
    assert await collect(storage, "empty") == []


async def test_put_overwrites(storage: Storage) -> None:
    await storage.put("k/v", b"first version, longer", "text/plain")
    await storage.put("k/v", b"second", "text/plain")
    assert await storage.get("k/v") == b"second"
    assert await storage.size("k/v") == len(b"second")


async def test_stream_reassembles_big_content(storage: Storage) -> None:
    content = os.urandom(3 * 1024 * 1024 + 123)
    await storage.put("big/original", content, "application/dicom")
    chunks = await collect(storage, "big/original", 64 * 1024)
    assert b"".join(chunks) == content
    assert all(0 < len(chunk) <= 64 * 1024 for chunk in chunks)
    assert len(chunks) >= len(content) // (64 * 1024)


async def test_stream_default_chunk_size(storage: Storage) -> None:
    content = os.urandom(200_000)
    await storage.put("medium", content, "application/octet-stream")
    chunks = [chunk async for chunk in storage.stream("medium")]
    assert b"".join(chunks) == content
    assert all(len(chunk) <= 1 << 16 for chunk in chunks)


async def test_stream_can_stop_early(storage: Storage) -> None:
    await storage.put("partial", b"x" * 10_000, "application/octet-stream")
    iterator = storage.stream("partial", 1000)
    async for chunk in iterator:
        assert chunk == b"x" * 1000
        break
    await iterator.aclose()
    assert await storage.get("partial") == b"x" * 10_000


async def test_size_and_exists(storage: Storage) -> None:
    assert not await storage.exists("s/one")
    await storage.put("s/one", b"12345", "text/plain")
    assert await storage.exists("s/one")
    assert await storage.size("s/one") == 5


async def test_directory_like_prefix_is_not_an_object(storage: Storage) -> None:
    await storage.put("dir/child", b"x", "text/plain")
    assert not await storage.exists("dir")
    with pytest.raises(StorageKeyNotFound):
        await storage.get("dir")
    with pytest.raises(StorageKeyNotFound):
        await storage.size("dir")
    await storage.delete("dir")
    assert await storage.get("dir/child") == b"x"


async def test_missing_key_errors(storage: Storage) -> None:
    with pytest.raises(StorageKeyNotFound) as raised:
        await storage.get("no/such/key")
    assert raised.value.key == "no/such/key"
    assert "no/such/key" in str(raised.value)
    with pytest.raises(StorageKeyNotFound):
        await storage.size("no/such/key")
    with pytest.raises(StorageKeyNotFound):
        await collect(storage, "no/such/key")
    assert not await storage.exists("no/such/key")


async def test_delete_is_idempotent(storage: Storage) -> None:
    await storage.put("d/x", b"data", "text/plain")
    await storage.delete("d/x")
    assert not await storage.exists("d/x")
    await storage.delete("d/x")
    await storage.delete("never/existed")
    with pytest.raises(StorageKeyNotFound):
        await storage.get("d/x")


async def test_delete_many(storage: Storage) -> None:
    keys = [f"many/{index:04d}" for index in range(25)]
    for key in keys:
        await storage.put(key, key.encode(), "text/plain")
    await storage.put("many/keep", b"keep", "text/plain")
    await storage.delete_many([*keys, "many/missing", keys[0]])
    for key in keys:
        assert not await storage.exists(key)
    assert await storage.get("many/keep") == b"keep"
    await storage.delete_many([])
    await storage.delete_many(iter(keys))


async def test_delete_many_validates_every_key_before_deleting(storage: Storage) -> None:
    await storage.put("v/ok", b"1", "text/plain")
    with pytest.raises(ValueError):
        await storage.delete_many(["v/ok", "../evil"])
    assert await storage.exists("v/ok")


async def test_keys_are_isolated(storage: Storage) -> None:
    await storage.put("a/b", b"ab", "text/plain")
    await storage.put("a/bc", b"abc", "text/plain")
    await storage.put("a.b", b"a.b", "text/plain")
    assert await storage.get("a/b") == b"ab"
    assert await storage.get("a/bc") == b"abc"
    assert await storage.get("a.b") == b"a.b"


async def test_check_passes_when_healthy(storage: Storage) -> None:
    await storage.check()


@pytest.mark.parametrize("key", BAD_KEYS)
async def test_every_method_validates_its_key(storage: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        await storage.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        await storage.get(key)
    with pytest.raises(ValueError):
        storage.stream(key)
    with pytest.raises(ValueError):
        await storage.size(key)
    with pytest.raises(ValueError):
        await storage.exists(key)
    with pytest.raises(ValueError):
        await storage.delete(key)
    with pytest.raises(ValueError):
        await storage.delete_many([key])


async def test_stream_rejects_non_positive_chunk_size(storage: Storage) -> None:
    with pytest.raises(ValueError):
        storage.stream("k", 0)

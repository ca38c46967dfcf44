"""Storage.list_objects, on the local directory and on S3: every key with its size, nothing else."""

import os
import time
from pathlib import Path

import anyio
import pytest

from tagmedx.storage import LocalStorage, Storage, make_storage_key


async def _listed(storage: Storage) -> dict[str, int]:
    return {item.key: item.size async for item in storage.list_objects()}


async def test_every_object_is_listed_with_its_size(storage: Storage) -> None:
    keys = {
        make_storage_key(f"{seed:02x}" * 32, kind): seed + 1
        for seed in range(5)
        for kind in ("original", "thumbnail")
    }
    for key, size in keys.items():
        await storage.put(key, b"x" * size, "image/png")
    assert await _listed(storage) == keys
    await storage.delete(next(iter(keys)))
    assert len(await _listed(storage)) == len(keys) - 1


async def test_an_empty_storage_lists_nothing(storage: Storage) -> None:
    assert await _listed(storage) == {}


async def test_more_than_a_page_of_s3_objects(make_s3_storage: object) -> None:
    storage = make_s3_storage(prefix="p/")  # type: ignore[operator]
    keys = [make_storage_key(f"{seed:064x}", "pixels") for seed in range(1005)]  # S3 pages hold 1000
    for key in keys:
        await storage.put(key, b"1", "application/octet-stream")
    assert set(await _listed(storage)) == set(keys)


def test_local_listing_leaves_out_what_is_not_a_key(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "root")
    key = make_storage_key("ab" * 32, "display")
    (tmp_path / "root" / "ab" / ("ab" * 32)).mkdir(parents=True)
    (tmp_path / "root" / key).write_bytes(b"png")
    (tmp_path / "root" / "ab" / ".tmp-abc~").write_bytes(b"half")  # a write in progress
    (tmp_path / "root" / "ab" / "Upper.PNG").write_bytes(b"by hand")
    (tmp_path / "root" / "ab" / "link").symlink_to(tmp_path / "root" / key)
    (tmp_path / "root" / "loose").write_bytes(b"in the root")
    assert anyio.run(_listed, storage) == {key: 3}


@pytest.mark.parametrize("age, removed", [(7200.0, 1), (0.0, 0)])
async def test_only_old_temporary_files_are_removed(tmp_path: Path, age: float, removed: int) -> None:
    storage = LocalStorage(tmp_path / "root")
    temporary = tmp_path / "root" / "ab" / ".tmp-killed~"
    temporary.parent.mkdir(parents=True)
    temporary.write_bytes(b"half")
    os.utime(temporary, (time.time() - age, time.time() - age))
    assert await storage.remove_stale_temporaries(3600) == removed
    assert temporary.exists() is (removed == 0)

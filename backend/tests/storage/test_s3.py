"""S3Storage specifics: prefix and content type, batched deletes, unreachable endpoints."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from mypy_boto3_s3.client import S3Client

from tagmedx.storage import S3Storage, StorageUnavailable
from tagmedx.storage.s3 import DELETE_BATCH_SIZE

pytestmark = pytest.mark.anyio

MakeStorage = Callable[..., S3Storage]


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def down_storage(**overrides: Any) -> S3Storage:
    options: dict[str, Any] = {
        "bucket": "anything",
        "endpoint_url": f"http://127.0.0.1:{closed_port()}",
        "region": "us-east-1",
        "access_key_id": "testing",
        "secret_access_key": "testing",
        "connect_timeout": 0.5,
        "read_timeout": 0.5,
        "max_attempts": 1,
    }
    options.update(overrides)
    return S3Storage(**options)


async def test_objects_are_stored_under_prefix_with_content_type(
    make_s3_storage: MakeStorage, s3_client: S3Client
) -> None:
    storage = make_s3_storage(prefix="tenant-1/")
    await storage.put("ab/abc/thumbnail", b"jpeg bytes", "image/jpeg")
    head = s3_client.head_object(Bucket=storage.bucket, Key="tenant-1/ab/abc/thumbnail")
    assert head["ContentType"] == "image/jpeg"
    assert head["ContentLength"] == len(b"jpeg bytes")
    listed = s3_client.list_objects_v2(Bucket=storage.bucket)
    assert [item["Key"] for item in listed.get("Contents", [])] == ["tenant-1/ab/abc/thumbnail"]


async def test_prefixes_do_not_see_each_other(make_s3_storage: MakeStorage, s3_client: S3Client) -> None:
    first = make_s3_storage(prefix="one/")
    second = S3Storage(
        bucket=first.bucket,
        endpoint_url=s3_client.meta.endpoint_url,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
        prefix="two/",
    )
    await first.put("k", b"1", "text/plain")
    assert not await second.exists("k")
    await second.delete("k")
    assert await first.get("k") == b"1"


async def test_delete_many_batches_by_a_thousand(make_s3_storage: MakeStorage, s3_client: S3Client) -> None:
    storage = make_s3_storage(prefix="p/")
    keys = [f"bulk/{index:05d}" for index in range(2 * DELETE_BATCH_SIZE + 345)]
    stored = [keys[0], keys[999], keys[1000], keys[1999], keys[2000], keys[-1]]
    for key in stored:
        await storage.put(key, b"x", "text/plain")
    await storage.put("bulk/keep", b"keep", "text/plain")

    batch_sizes: list[int] = []

    def count_batch(params: dict[str, Any], **kwargs: Any) -> None:
        batch_sizes.append(len(params["Delete"]["Objects"]))

    storage._client.meta.events.register("provide-client-params.s3.DeleteObjects", count_batch)
    await storage.delete_many(keys)

    assert batch_sizes == [1000, 1000, 345]
    remaining = s3_client.list_objects_v2(Bucket=storage.bucket).get("Contents", [])
    assert [item["Key"] for item in remaining] == ["p/bulk/keep"]


async def test_delete_many_of_nothing_makes_no_request(make_s3_storage: MakeStorage) -> None:
    storage = make_s3_storage()
    calls: list[str] = []
    storage._client.meta.events.register(
        "provide-client-params.s3.*", lambda **kwargs: calls.append(kwargs["event_name"])
    )
    await storage.delete_many([])
    assert calls == []


async def test_check_raises_when_endpoint_is_down() -> None:
    with pytest.raises(StorageUnavailable):
        await down_storage().check()


async def test_operations_raise_unavailable_when_endpoint_is_down() -> None:
    storage = down_storage()
    with pytest.raises(StorageUnavailable):
        await storage.get("k")
    with pytest.raises(StorageUnavailable):
        await storage.put("k", b"x", "text/plain")


async def test_check_raises_when_bucket_is_missing(make_s3_storage: MakeStorage) -> None:
    storage = make_s3_storage(create_bucket=False)
    with pytest.raises(StorageUnavailable):
        await storage.check()


def test_constructor_rejects_bad_settings() -> None:
    with pytest.raises(ValueError):
        down_storage(bucket="")
    with pytest.raises(ValueError):
        down_storage(prefix="/absolute/")

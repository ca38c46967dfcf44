"""Storage in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, ...).

One boto3 client is created per instance and shared by every worker thread (boto3 clients are
thread-safe; sessions are not, so the session is only used while building the client).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

import boto3
from anyio import to_thread
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    HTTPClientError,
    NoCredentialsError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from tagmedx.storage.base import (
    DEFAULT_CHUNK_SIZE,
    StorageError,
    StorageKeyNotFound,
    StorageUnavailable,
    StoredObject,
    is_valid_key,
    validate_chunk_size,
    validate_key,
)

if TYPE_CHECKING:
    from botocore.response import StreamingBody
    from mypy_boto3_s3.client import S3Client

DELETE_BATCH_SIZE: Final = 1000  # the most keys one DeleteObjects call accepts
_NOT_FOUND_CODES: Final = frozenset({"404", "NoSuchKey", "NotFound"})
_UNAVAILABLE_ERRORS: Final = (
    EndpointConnectionError,
    BotoConnectionError,
    HTTPClientError,
    NoCredentialsError,
)


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _s3_errors(key: str | None) -> Iterator[None]:
    """Translate botocore failures into the storage error family."""
    try:
        yield
    except ClientError as error:
        if key is not None and _error_code(error) in _NOT_FOUND_CODES:
            raise StorageKeyNotFound(key) from None
        raise StorageError(f"S3 request failed for key {key!r}: {error}") from error
    except _UNAVAILABLE_ERRORS as error:
        raise StorageUnavailable(f"S3 endpoint unreachable: {error}") from error
    except BotoCoreError as error:
        raise StorageError(f"S3 request failed for key {key!r}: {error}") from error


class S3Storage:
    """Objects stored as ``prefix + key`` in one bucket, with their content type."""

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None,
        region: str | None,
        access_key_id: str | None,
        secret_access_key: str | None,
        prefix: str = "",
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        max_attempts: int = 3,
        max_pool_connections: int = 20,
        force_path_style: bool | None = None,
    ) -> None:
        """Credentials left as None come from boto3's usual chain (environment, instance role).

        ``max_attempts`` counts the first try (1 = no retries). Path-style addressing is used
        by default whenever a custom ``endpoint_url`` is given, as MinIO and friends expect.
        """
        if not bucket:
            raise ValueError("bucket must not be empty")
        if prefix.startswith("/"):
            raise ValueError("prefix must not start with '/'")
        self._bucket = bucket
        self._prefix = prefix
        path_style = endpoint_url is not None if force_path_style is None else force_path_style
        config = Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"mode": "standard", "total_max_attempts": max_attempts},
            max_pool_connections=max_pool_connections,
            s3={"addressing_style": "path" if path_style else "auto"},
            # Checksums only where S3 requires them: several S3-compatible servers reject the
            # default CRC headers of recent botocore versions.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        session = boto3.session.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        self._client: S3Client = session.client("s3", endpoint_url=endpoint_url, config=config)

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self._bucket!r}, prefix={self._prefix!r})"

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def prefix(self) -> str:
        return self._prefix

    def _object_key(self, key: str) -> str:
        return self._prefix + validate_key(key)

    # ----------------------------------------------------------------- writing

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        object_key = self._object_key(key)
        body = bytes(data)

        def put_sync() -> None:
            with _s3_errors(key):
                self._client.put_object(
                    Bucket=self._bucket, Key=object_key, Body=body, ContentType=content_type
                )

        await to_thread.run_sync(put_sync)

    async def delete(self, key: str) -> None:
        object_key = self._object_key(key)

        def delete_sync() -> None:
            with _s3_errors(key):
                self._client.delete_object(Bucket=self._bucket, Key=object_key)

        await to_thread.run_sync(delete_sync)

    async def delete_many(self, keys: Iterable[str]) -> None:
        # Validate everything before deleting anything; drop duplicates, keep order.
        object_keys = list(dict.fromkeys(self._object_key(key) for key in keys))
        for start in range(0, len(object_keys), DELETE_BATCH_SIZE):
            batch = object_keys[start : start + DELETE_BATCH_SIZE]
            await to_thread.run_sync(self._delete_batch_sync, batch)

    def _delete_batch_sync(self, object_keys: list[str]) -> None:
        with _s3_errors(None):
            response = self._client.delete_objects(
                Bucket=self._bucket,
                Delete={"Objects": [{"Key": key} for key in object_keys], "Quiet": True},
            )
        errors = response.get("Errors", [])
        if errors:
            first = errors[0]
            raise StorageError(
                f"S3 could not delete {len(errors)} object(s), e.g. {first.get('Key')!r}: "
                f"{first.get('Code')} {first.get('Message')}"
            )

    # ----------------------------------------------------------------- reading

    async def get(self, key: str) -> bytes:
        object_key = self._object_key(key)

        def get_sync() -> bytes:
            with _s3_errors(key):
                body = self._client.get_object(Bucket=self._bucket, Key=object_key)["Body"]
                try:
                    return body.read()
                finally:
                    body.close()

        return await to_thread.run_sync(get_sync)

    def stream(self, key: str, chunk_size: int = DEFAULT_CHUNK_SIZE) -> AsyncGenerator[bytes, None]:
        return self._stream(key, self._object_key(key), validate_chunk_size(chunk_size))

    async def _stream(self, key: str, object_key: str, chunk_size: int) -> AsyncGenerator[bytes, None]:
        def open_sync() -> StreamingBody:
            with _s3_errors(key):
                return self._client.get_object(Bucket=self._bucket, Key=object_key)["Body"]

        def read_sync(body: StreamingBody) -> bytes:
            with _s3_errors(key):
                chunk: bytes = body.read(chunk_size)
                return chunk

        body = await to_thread.run_sync(open_sync)
        try:
            while chunk := await to_thread.run_sync(read_sync, body):
                yield chunk
        finally:
            body.close()

    async def size(self, key: str) -> int:
        head = await self._head(key)
        return int(head["ContentLength"])

    async def exists(self, key: str) -> bool:
        try:
            await self._head(key)
        except StorageKeyNotFound:
            return False
        return True

    async def _head(self, key: str) -> dict[str, Any]:
        object_key = self._object_key(key)

        def head_sync() -> dict[str, Any]:
            with _s3_errors(key):
                return dict(self._client.head_object(Bucket=self._bucket, Key=object_key))

        return await to_thread.run_sync(head_sync)

    # ----------------------------------------------------------------- listing

    async def list_objects(self) -> AsyncGenerator[StoredObject, None]:
        # A page of up to 1000 objects per request (and per trip to a worker thread).
        token: str | None = None
        while True:
            page, token = await to_thread.run_sync(self._list_page_sync, token)
            for item in page:
                yield item
            if token is None:
                return

    def _list_page_sync(self, token: str | None) -> tuple[list[StoredObject], str | None]:
        arguments: dict[str, Any] = {"Bucket": self._bucket, "Prefix": self._prefix}
        if token is not None:
            arguments["ContinuationToken"] = token
        with _s3_errors(None):
            response = self._client.list_objects_v2(**arguments)
        page = []
        for item in response.get("Contents", []):
            key = str(item["Key"]).removeprefix(self._prefix)
            if is_valid_key(key):
                page.append(StoredObject(key, int(item.get("Size", 0))))
        following = response.get("NextContinuationToken") if response.get("IsTruncated") else None
        return page, following

    # ------------------------------------------------------------------ health

    async def check(self) -> None:
        def check_sync() -> None:
            try:
                self._client.head_bucket(Bucket=self._bucket)
            except ClientError as error:
                raise StorageUnavailable(
                    f"S3 bucket {self._bucket!r} is not usable: {_error_code(error)}"
                ) from error
            except BotoCoreError as error:
                raise StorageUnavailable(f"S3 endpoint unreachable: {error}") from error

        await to_thread.run_sync(check_sync)

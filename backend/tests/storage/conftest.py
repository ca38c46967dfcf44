"""Fixtures: one behavioural suite, run against a local directory and a real (moto) S3 server."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from mypy_boto3_s3.client import S3Client

from tagmedx.storage import LocalStorage, S3Storage, Storage

REGION = "us-east-1"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 with dummy credentials; nothing ever reaches AWS."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", REGION)
        patch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.delenv("AWS_PROFILE", raising=False)
        patch.delenv("AWS_SESSION_TOKEN", raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint: str) -> S3Client:
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def make_s3_storage(s3_endpoint: str, s3_client: S3Client) -> Callable[..., S3Storage]:
    """Build an S3Storage on a fresh, empty bucket (one per call)."""

    def make(prefix: str = "", create_bucket: bool = True) -> S3Storage:
        bucket = f"tagmedx-test-{uuid.uuid4().hex[:16]}"
        if create_bucket:
            s3_client.create_bucket(Bucket=bucket)
        return S3Storage(
            bucket=bucket,
            endpoint_url=s3_endpoint,
            region=REGION,
            access_key_id="testing",
            secret_access_key="testing",
            prefix=prefix,
        )

    return make


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "storage")
    make: Callable[..., S3Storage] = request.getfixturevalue("make_s3_storage")
    return make(prefix="files/")

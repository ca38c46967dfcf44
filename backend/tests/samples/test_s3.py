"""One upload round trip with S3 storage, against a local moto server (nothing reaches AWS)."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tests.conftest import make_settings

from .helpers import dicom, make_world, png, stored_files, upload

pytestmark = pytest.mark.anyio
REGION = "us-east-1"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", REGION)
        patch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.delenv("AWS_PROFILE", raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    name = f"tagmedx-samples-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=name)
    return name


@pytest.fixture
def settings(database_url: str, tmp_path: Path, s3_endpoint: str, bucket: str) -> Settings:
    return make_settings(
        database_url,
        tmp_path / "data",
        storage="s3",
        s3_bucket=bucket,
        s3_endpoint_url=s3_endpoint,
        s3_region=REGION,
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        s3_prefix="images/",
    )


def _keys(endpoint: str, bucket: str) -> set[str]:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    listed = client.list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listed.get("Contents", [])}


async def test_upload_serve_and_delete_with_s3(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, s3_endpoint: str, bucket: str
) -> None:
    world = await make_world(session)
    data = png(seed=21)
    response = await upload(
        client, world.admin, world.set_id, ("a.png", data), ("ct.dcm", dicom("CT_small.dcm"))
    )
    assert response.status_code == 201, response.text
    image, ct = response.json()["created"]
    keys = _keys(s3_endpoint, bucket)
    assert len(keys) == 7 and all(key.startswith("images/") for key in keys)
    assert stored_files(settings.data_dir / "images") == set()  # nothing went to the local folder

    original = await client.get(f"/api/samples/{image['id']}/original", headers=world.admin.headers)
    assert original.status_code == 200 and original.content == data
    pixels = await client.get(f"/api/samples/{ct['id']}/pixels", headers=world.annotator.headers)
    assert pixels.status_code == 200 and pixels.headers["x-modality"] == "CT"
    thumbnail = await client.get(f"/api/samples/{ct['id']}/thumbnail", headers=world.annotator.headers)
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/jpeg"

    assert (await client.delete(f"/api/samples/{ct['id']}", headers=world.admin.headers)).status_code == 204
    assert len(_keys(s3_endpoint, bucket)) == 3

"""Which storage backend runs, decided once from settings, and the dependency that hands it out."""

from typing import Annotated

from fastapi import Depends, Request

from tagmedx.config import Settings
from tagmedx.storage.base import Storage
from tagmedx.storage.local import LocalStorage
from tagmedx.storage.s3 import S3Storage


def create_storage(settings: Settings) -> Storage:
    if settings.storage == "s3":
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            prefix=settings.s3_prefix,
        )
    return LocalStorage(settings.data_dir / "images")


async def get_storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


AppStorage = Annotated[Storage, Depends(get_storage)]

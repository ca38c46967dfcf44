"""Where bytes live: one async interface, a local directory backend and an S3 backend.

Services depend on :class:`Storage` only; which backend runs is decided once, from settings.
"""

from tagmedx.storage.base import (
    DEFAULT_CHUNK_SIZE,
    MAX_KEY_LENGTH,
    STORAGE_KINDS,
    MeasuresSpace,
    Storage,
    StorageError,
    StorageFull,
    StorageKeyNotFound,
    StorageKind,
    StorageSpace,
    StorageUnavailable,
    StoredObject,
    make_storage_key,
    validate_key,
)
from tagmedx.storage.local import LocalStorage
from tagmedx.storage.s3 import S3Storage

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_KEY_LENGTH",
    "STORAGE_KINDS",
    "LocalStorage",
    "MeasuresSpace",
    "S3Storage",
    "Storage",
    "StorageError",
    "StorageFull",
    "StorageKeyNotFound",
    "StorageKind",
    "StorageSpace",
    "StorageUnavailable",
    "StoredObject",
    "make_storage_key",
    "validate_key",
]

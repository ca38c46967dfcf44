"""Settings, read once from the environment (prefix TAGMEDX_) and from an optional .env file."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, PrivateAttr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = "secret_key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TAGMEDX_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str = ""
    # A write waits this long for the write lock (SQLite: another writer of this or another process,
    # the sqlite3 shell, a backup) before answering 503 database_busy.
    database_lock_wait_seconds: float = Field(default=5.0, gt=0, le=600)
    # MariaDB/MySQL: the longest wait for one answer of the server before 503 database_unavailable.
    database_timeout_seconds: float = Field(default=10.0, gt=0, le=3600)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    secret_key: str = ""
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    registration: Literal["open", "closed"] = "open"
    access_token_minutes: int = Field(default=12 * 60, ge=1, le=60 * 24 * 90)
    cookie_secure: bool = False
    demo: bool = False

    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=30, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)

    storage: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_prefix: str = ""
    # Local storage: /api/health reports the storage `low` below this much free space.
    storage_min_free_mb: int = Field(default=1024, ge=0)

    max_file_bytes: int = Field(default=300 * 1024 * 1024, ge=1)
    max_image_pixels: int = Field(default=50_000_000, ge=1)
    max_zip_files: int = Field(default=10_000, ge=1)
    # Every ZIP of one upload together unpacks to at most max_zip_uncompressed_bytes, and each one to at
    # most max_zip_ratio times its own size (beyond its first MiB): counted as the bytes are inflated.
    max_zip_uncompressed_bytes: int = Field(default=4 * 1024**3, ge=1)
    max_zip_ratio: int = Field(default=100, ge=1)
    # Request bodies: larger ones answer 413 before they are read whole. Upload (multipart) routes
    # accept max_request_bytes (default: 4 x max_file_bytes + 1 MiB, room for several files in one
    # request); every other route (JSON) accepts max_json_bytes.
    max_request_bytes: int | None = Field(default=None, ge=1)
    max_json_bytes: int = Field(default=1024 * 1024, ge=1)

    frontend_dist: Path | None = None
    # OCR of burned-in text in the pixels (docs/IMAGING.md): auto = on when tesseract is installed.
    ocr: Literal["auto", "off"] = "auto"
    # Stored files (docs/decisions/0007-stored-files.md): an upload's lease on the files it writes,
    # renewed every file_lease_renew_seconds while it runs; the reclaimer looks every
    # reclaim_period_seconds (and right after deletes, and when a lease ends).
    file_lease_seconds: float = Field(default=60.0, gt=0, le=3600)
    file_lease_renew_seconds: float = Field(default=10.0, gt=0, le=600)
    reclaim_period_seconds: float = Field(default=30.0, gt=0, le=3600)
    # Local storage: a temporary file of a write this old has no writer left (a process killed
    # mid-write); the storage scan removes it.
    unfinished_write_seconds: float = Field(default=3600.0, ge=0)
    # Thumbnails and display images (up to 512 KiB each) kept in each worker's memory; 0 turns it off.
    image_cache_mb: int = Field(default=64, ge=0, le=64 * 1024)

    # The key read from (or written to) the data folder, kept after the first request: every
    # authenticated request needs it, and a file read per request showed in the profiles.
    _file_secret_key: str | None = PrivateAttr(default=None)

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'tagmedx.db'}"

    @property
    def resolved_max_request_bytes(self) -> int:
        return self.max_request_bytes or 4 * self.max_file_bytes + 1024 * 1024

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated on first use and kept in the data folder."""
        if self.secret_key:
            return self.secret_key
        if self._file_secret_key is None:
            self._file_secret_key = self._read_or_create_secret_key()
        return self._file_secret_key

    def _read_or_create_secret_key(self) -> str:
        path = self.data_dir / SECRET_KEY_FILE
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:
            with path.open("x") as handle:  # another process may win the race: then read its key
                handle.write(key)
            path.chmod(0o600)
        except FileExistsError:
            return path.read_text().strip()
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()

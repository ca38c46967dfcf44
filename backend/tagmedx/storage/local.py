"""Storage in a local directory: the object under key ``a/b/c`` is the file ``root/a/b/c``."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import AsyncGenerator, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from anyio import to_thread

from tagmedx.storage.base import (
    DEFAULT_CHUNK_SIZE,
    StorageError,
    StorageFull,
    StorageKeyNotFound,
    StorageSpace,
    StorageUnavailable,
    StoredObject,
    is_valid_key,
    validate_chunk_size,
    validate_key,
)

# Temporary files end in '~', a character keys may not contain, so they never collide with a key.
_TEMP_PREFIX = ".tmp-"
_TEMP_SUFFIX = "~"
_WRITE_BLOCK = 1 << 20
_FILE_MODE = 0o644
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})

logger = logging.getLogger("tagmedx.storage")


def _write_fully(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_WRITE_BLOCK])
        view = view[written:]


@contextlib.contextmanager
def _os_errors(key: str) -> Iterator[None]:
    """Report a missing file as StorageKeyNotFound and any other OS failure as StorageError."""
    try:
        yield
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise StorageKeyNotFound(key) from None
    except OSError as error:
        raise StorageError(f"storage key {key!r}: {error}") from error


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable; best effort (not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _FullDisk:
    """One episode of a full disk: logged when the first write finds no room, over when a write
    succeeds again or the free space has grown by what the failed write needed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ends_above: int | None = None  # free bytes beyond which the episode is over

    @property
    def active(self) -> bool:
        return self._ends_above is not None

    def no_room(self, root: Path, path: Path, needed: int, error: OSError) -> None:
        free = _free_bytes(root)
        with self._lock:
            if self._ends_above is not None:
                return
            # A quota is not in the disk's figures: only a write that succeeds ends that episode.
            self._ends_above = free + needed if error.errno == errno.ENOSPC else sys.maxsize
        logger.error(
            "storage_full: no room to store %s (%d bytes) in %s: errno %d %s (%s); %d bytes free",
            path,
            needed,
            root,
            error.errno,
            errno.errorcode.get(error.errno or 0, "?"),
            error.strerror,
            free,
        )

    def passed(self, root: Path, free: int | None = None) -> None:
        """The episode is over if a write succeeded (`free` None) or `free` says there is room again."""
        with self._lock:
            if self._ends_above is None or (free is not None and free <= self._ends_above):
                return
            self._ends_above = None
        logger.warning("storage has room again in %s: %d bytes free", root, _free_bytes(root))


def _free_bytes(root: Path) -> int:
    """What an unprivileged writer may still use on the root's file system."""
    figures = os.statvfs(root)
    return figures.f_bavail * figures.f_frsize


class LocalStorage:
    """Files under one root directory. Empty parent directories are left behind on delete."""

    def __init__(self, root: Path) -> None:
        self._root = Path(root).resolve()
        self._root.mkdir(parents=True, exist_ok=True)
        self._full = _FullDisk()

    @property
    def root(self) -> Path:
        return self._root

    def __repr__(self) -> str:
        return f"LocalStorage(root={str(self._root)!r})"

    def _path(self, key: str) -> Path:
        path = self._root.joinpath(*validate_key(key).split("/"))
        # Validation already excludes '..' and absolute keys; this guards against future changes.
        if os.path.commonpath([self._root, path]) != str(self._root):
            raise ValueError(f"storage key {key!r} points outside the storage root")
        return path

    # ----------------------------------------------------------------- writing

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        # The file system has nowhere to keep the content type; it is re-derived by the caller.
        path = self._path(key)
        await to_thread.run_sync(self._put_sync, key, path, bytes(data))

    def _put_sync(self, key: str, path: Path, data: bytes) -> None:
        try:
            self._write_atomically(path, data)
        except OSError as error:
            if error.errno in _NO_ROOM:
                self._full.no_room(self._root, path, len(data), error)
                raise StorageFull(f"no room to store key {key!r}: {error}") from error
            raise StorageError(f"cannot store key {key!r}: {error}") from error
        if self._full.active:
            self._full.passed(self._root)

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=path.parent)
        try:
            try:
                os.fchmod(fd, _FILE_MODE)
                _write_fully(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_directory(path.parent)

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await to_thread.run_sync(self._delete_sync, path)

    async def delete_many(self, keys: Iterable[str]) -> None:
        paths = [self._path(key) for key in keys]
        if paths:
            await to_thread.run_sync(self._delete_paths_sync, paths)

    def _delete_paths_sync(self, paths: list[Path]) -> None:
        for path in paths:
            self._delete_sync(path)

    def _delete_sync(self, path: Path) -> None:
        key = path.relative_to(self._root).as_posix()
        try:
            with _os_errors(key):
                if stat.S_ISREG(path.lstat().st_mode):
                    path.unlink()
        except StorageKeyNotFound:
            pass

    # ----------------------------------------------------------------- reading

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        return await to_thread.run_sync(self._get_sync, key, path)

    @staticmethod
    def _get_sync(key: str, path: Path) -> bytes:
        with _os_errors(key):
            return path.read_bytes()

    def stream(self, key: str, chunk_size: int = DEFAULT_CHUNK_SIZE) -> AsyncGenerator[bytes, None]:
        return self._stream(key, self._path(key), validate_chunk_size(chunk_size))

    async def _stream(self, key: str, path: Path, chunk_size: int) -> AsyncGenerator[bytes, None]:
        # The open file keeps reading the same content even if a put replaces it meanwhile.
        file = await to_thread.run_sync(self._open_sync, key, path)
        try:
            while chunk := await to_thread.run_sync(self._read_sync, key, file, chunk_size):
                yield chunk
        finally:
            file.close()

    @staticmethod
    def _read_sync(key: str, file: BinaryIO, chunk_size: int) -> bytes:
        with _os_errors(key):
            return file.read(chunk_size)

    @staticmethod
    def _open_sync(key: str, path: Path) -> BinaryIO:
        with _os_errors(key):
            file = path.open("rb")
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            file.close()
            raise StorageKeyNotFound(key)
        return file

    async def size(self, key: str) -> int:
        path = self._path(key)
        return await to_thread.run_sync(self._size_sync, key, path)

    @staticmethod
    def _size_sync(key: str, path: Path) -> int:
        with _os_errors(key):
            status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise StorageKeyNotFound(key)
        return status.st_size

    async def exists(self, key: str) -> bool:
        path = self._path(key)
        return await to_thread.run_sync(path.is_file)

    # ----------------------------------------------------------------- listing

    async def list_objects(self) -> AsyncGenerator[StoredObject, None]:
        # A folder of the fan-out (`ab/`) per trip to a worker thread: memory stays that of one folder.
        # Keys always have a folder (make_storage_key), so files right in the root are not listed.
        for directory in await to_thread.run_sync(self._top_directories):
            for item in await to_thread.run_sync(self._objects_under, directory):
                yield item

    def _top_directories(self) -> list[Path]:
        with os.scandir(self._root) as entries:
            return sorted(Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False))

    def _objects_under(self, directory: Path) -> list[StoredObject]:
        found = []
        for folder, _folders, names in os.walk(directory):
            for name in names:
                path = Path(folder, name)
                status = path.lstat()
                key = path.relative_to(self._root).as_posix()
                if stat.S_ISREG(status.st_mode) and is_valid_key(key):
                    found.append(StoredObject(key, status.st_size))
        return found

    async def remove_stale_temporaries(self, older_than_seconds: float) -> int:
        """Delete the temporary files of writes that never finished (a process killed mid-write),
        those older than `older_than_seconds`: a write renames its file within moments, so an old
        one has no writer left. How many went."""
        return await to_thread.run_sync(self._remove_stale_temporaries_sync, older_than_seconds)

    def _remove_stale_temporaries_sync(self, older_than_seconds: float) -> int:
        cutoff = time.time() - older_than_seconds
        removed = 0
        for folder, _folders, names in os.walk(self._root):
            for name in names:
                if not (name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)):
                    continue
                path = Path(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    if path.lstat().st_mtime < cutoff:
                        path.unlink()
                        removed += 1
        return removed

    # ------------------------------------------------------------------ health

    async def space(self) -> StorageSpace:
        return await to_thread.run_sync(self._space_sync)

    def _space_sync(self) -> StorageSpace:
        free = _free_bytes(self._root)
        if self._full.active:
            self._full.passed(self._root, free)
        return StorageSpace(free_bytes=free, full=self._full.active)

    async def check(self) -> None:
        await to_thread.run_sync(self._check_sync)

    def _check_sync(self) -> None:
        """The root must be a directory we can create (and remove) a file in."""
        try:
            fd, probe = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=self._root)
            os.close(fd)
            os.unlink(probe)
        except OSError as error:
            raise StorageUnavailable(
                f"storage directory {str(self._root)!r} is not writable: {error}"
            ) from error

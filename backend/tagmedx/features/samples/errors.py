"""The domain errors of samples."""

from tagmedx.errors import AppError, Conflict, NotFound, StorageFull
from tagmedx.storage import StorageFull as DiskFull


class SampleNotFound(NotFound):
    code = "sample_not_found"
    detail = "This sample was not found."


class NoPixels(NotFound):
    code = "no_pixels"
    detail = "Only DICOM samples have full-depth pixel data; use /image for PNG and JPEG samples."


class FileMissing(NotFound):
    code = "file_missing"
    detail = "The stored file of this sample is missing; an administrator should upload it again."


class StorageFailed(AppError):
    """Raised `from` the storage's error: a full disk answers 507 `storage_full` (it will not pass by
    itself), any other failure 503 with Retry-After."""

    status_code = 503
    code = "storage_unavailable"
    detail = "The image storage is unavailable. Try again in a moment."
    also: tuple[type[AppError], ...] = (StorageFull,)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}

    def resolve(self) -> AppError:
        cause = self.__cause__
        causes = cause.exceptions if isinstance(cause, BaseExceptionGroup) else (cause,)
        return StorageFull() if any(isinstance(error, DiskFull) for error in causes) else self


class StorageReadFailed(StorageFailed):
    """A read the storage did not answer: 503. A read never fills the disk, so it is never 507 (and
    the read routes do not document one)."""

    also = ()

    def resolve(self) -> AppError:
        return self


class SimultaneousDuplicate(Conflict):
    code = "duplicate"
    detail = (
        "Another upload added the same image to this set at the same moment; nothing of this upload "
        "was added. Upload it again: images already in the set will be listed as duplicates."
    )

"""The domain errors of samples."""

from tagmedx.errors import AppError, Conflict, NotFound


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
    status_code = 503
    code = "storage_unavailable"
    detail = "The image storage is unavailable. Try again in a moment."

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


class SimultaneousDuplicate(Conflict):
    code = "duplicate"
    detail = (
        "Another upload added the same image to this set at the same moment; nothing of this upload "
        "was added. Upload it again: images already in the set will be listed as duplicates."
    )

"""The domain errors of samples."""

from tagmedx.errors import AppError, NotFound


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

"""Request and response models of samples."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class DicomMetadata(BaseModel):
    """Display-relevant, non-identifying facts read from a DICOM upload after de-identification.

    Window values are in modality units (what `/pixels` holds, e.g. Hounsfield units for CT).
    """

    model_config = ConfigDict(extra="allow")

    modality: str | None = None
    body_part: str | None = None
    photometric: str | None = None
    frames: int | None = None
    rows: int | None = None
    columns: int | None = None
    window_center: float | None = None
    window_width: float | None = None
    window_presets: list[dict[str, Any]] = Field(default_factory=list)
    pixel_spacing: list[float] | None = None
    rescale_slope: float | None = None
    rescale_intercept: float | None = None
    bits_stored: int | None = None
    transfer_syntax: str | None = None
    manufacturer: str | None = None
    burned_in_annotation_risk: bool | None = None
    deidentification_method: str | None = None


class SampleOut(BaseModel):
    id: int
    set_id: int
    number: int = Field(
        description="The sample's place in its set (#1, #2, ...), as people name it; ids stay the API's "
        "handle. Never changes, whatever else is deleted"
    )
    package_id: int
    filename: str = Field(description="The uploaded file's name, or its path inside the uploaded ZIP")
    format: Literal["png", "jpeg", "dicom"]
    width: int
    height: int
    frames: int
    size_bytes: int = Field(description="Size of the uploaded file")
    created_at: datetime
    dicom: DicomMetadata | None = None
    burned_in_annotation_risk: bool = Field(
        description="True when the DICOM may show patient data burned into its pixels"
    )
    text_scan_status: Literal["pending", "done", "failed", "not_needed", "not_scanned"] = Field(
        description="The OCR scan for burned-in text: pending, done, failed, not_needed (not an image "
        "that is scanned), not_scanned (OCR is off on this server); see GET .../text-regions"
    )
    suspected_text: bool = Field(description="OCR found text in the pixels (admins: GET .../text-regions)")
    pixel_revision: int = Field(
        description="How many times the pixels were masked; image URLs may carry it (?v=) to skip caches"
    )
    files_missing: bool = Field(
        description="A stored file of the sample was found missing (its images answer 404 `file_missing`); "
        "uploading the same image to the set again repairs it"
    )


class SampleCount(BaseModel):
    count: int = Field(
        description="How many samples match the filters (with `below_number`: how many come before it)"
    )


class Rejection(BaseModel):
    filename: str
    detail: str = Field(description="Why the file was not added, as a sentence for the user")
    code: str = Field(
        description="unsupported_type, empty, too_large, too_many_pixels, corrupt, no_pixels, "
        "unsupported_transfer_syntax, duplicate, nested_zip, encrypted, unsafe_zip, too_many_files, "
        "zip_bomb, unsupported_compression, too_complex"
    )


class UploadResult(BaseModel):
    created: list[SampleOut]
    repaired: list[SampleOut] = Field(
        default_factory=list,
        description="Samples already in the set whose stored files were missing: written again",
    )
    rejected: list[Rejection]


class UploadRefused(BaseModel):
    """No file of the upload could be added."""

    detail: str
    code: str
    rejected: list[Rejection]


def sample_out(sample: Any) -> SampleOut:
    """The response of one sample: a Sample, or a row with repository.PAGE_COLUMNS (read in one call
    to pydantic's validator, which matters at a hundred samples a page)."""
    return SampleOut.model_validate(sample, from_attributes=True)

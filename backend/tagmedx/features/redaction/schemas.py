"""Request and response models of redaction."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ScanStatus = Literal["pending", "done", "failed", "not_needed", "not_scanned"]
MAX_MASK_REGIONS = 500


class TextRegionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    x: int = Field(description="Left edge, in pixels of the full-resolution image")
    y: int = Field(description="Top edge, in pixels of the full-resolution image")
    width: int
    height: int
    text: str = Field(description="What OCR read there (patient data, possibly): shown to admins only")
    confidence: float = Field(description="OCR's confidence in the line's surest word, 0 to 1")


class TextRegionsOut(BaseModel):
    status: ScanStatus = Field(
        description="pending (queued or being read), done, failed, not_needed (a DICOM whose "
        "BurnedInAnnotation is NO, not US nor secondary capture), not_scanned (OCR is off on this server)"
    )
    suspected_text: bool = Field(description="OCR found text in the image's pixels")
    regions: list[TextRegionOut]


class MaskRegion(BaseModel):
    """A rectangle in pixels of the full-resolution image; fractional edges are widened outwards."""

    model_config = ConfigDict(extra="forbid")

    x: float = Field(ge=0, le=1_000_000, allow_inf_nan=False, strict=True)
    y: float = Field(ge=0, le=1_000_000, allow_inf_nan=False, strict=True)
    width: float = Field(gt=0, le=1_000_000, allow_inf_nan=False, strict=True)
    height: float = Field(gt=0, le=1_000_000, allow_inf_nan=False, strict=True)


class MaskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regions: list[MaskRegion] = Field(min_length=1, max_length=MAX_MASK_REGIONS)


class ScanQueued(BaseModel):
    status: Literal["pending", "not_scanned"]

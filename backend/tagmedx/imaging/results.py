"""What the pipeline returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from .pixels import PixelInfo


@dataclass(frozen=True)
class DicomInfo:
    """Display-relevant, non-identifying facts about a DICOM upload (read AFTER de-identification,
    so it can never carry an attribute the profile removes: `study_description` is therefore None
    under the Basic Profile, which removes Study Description).

    Window values are in modality units (what `pixels` holds, e.g. Hounsfield units for CT).
    """

    modality: str | None
    body_part: str | None
    photometric: str
    frames: int
    window_center: float | None
    window_width: float | None
    window_presets: list[dict[str, Any]]
    pixel_spacing: list[float] | None
    rescale_slope: float
    rescale_intercept: float
    bits_stored: int | None
    transfer_syntax: str
    manufacturer: str | None
    study_description: str | None
    burned_in_annotation_risk: bool
    deidentification_method: str
    rows: int = 0
    columns: int = 0
    transfer_syntax_name: str = ""
    sop_class: str | None = None
    voi_function: str = "LINEAR"
    window_source: Literal["file", "auto"] = "auto"
    invert: bool = False  # MONOCHROME1: the viewer shows 255 - windowed value

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; never any patient-identifying attribute."""
        return asdict(self)


@dataclass(frozen=True)
class ProcessedImage:
    """Everything a caller stores for one accepted upload."""

    format: Literal["png", "jpeg", "dicom"]
    width: int
    height: int
    frames: int
    original: bytes  # PNG/JPEG: the upload, re-encoded upright if EXIF rotated it; DICOM: de-identified
    original_media_type: str
    display: bytes  # longest side <= 2048 px
    display_media_type: str
    thumbnail: bytes  # JPEG, longest side <= 256 px
    thumbnail_media_type: str
    pixels: bytes | None = None  # DICOM only; see PixelInfo (serve with Content-Encoding: gzip)
    pixel_info: PixelInfo | None = None
    dicom: DicomInfo | None = None

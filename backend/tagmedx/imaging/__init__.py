"""Decode PNG/JPEG/DICOM uploads, render them, make thumbnails and de-identify DICOM.

No HTTP, no database: pure, thread-safe functions meant to run in a worker thread.
"""

from .deidentify import DEIDENTIFICATION_METHOD, PROFILE_ROWS, anonymous_uid, deidentify
from .errors import ImageLimits, ImageRejected
from .pixels import PixelInfo, decode_pixels, encode_pixels
from .process import process_upload
from .results import DicomInfo, ProcessedImage
from .sniff import describe_content, sniff_format

__all__ = [
    "DEIDENTIFICATION_METHOD",
    "PROFILE_ROWS",
    "DicomInfo",
    "ImageLimits",
    "ImageRejected",
    "PixelInfo",
    "ProcessedImage",
    "anonymous_uid",
    "decode_pixels",
    "deidentify",
    "describe_content",
    "encode_pixels",
    "process_upload",
    "sniff_format",
]

"""Test images with text drawn into their pixels (Pillow's own font, so no system font is needed):
ultrasound-like DICOMs (white text on a dark speckled fan), a secondary capture, a PNG screenshot."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

from tagmedx.imaging.burned_in import Rect

US_IMAGE_STORAGE = UID("1.2.840.10008.5.1.4.1.1.6.1")
US_MULTIFRAME_STORAGE = UID("1.2.840.10008.5.1.4.1.1.3.1")
SECONDARY_CAPTURE = UID("1.2.840.10008.5.1.4.1.1.7")
CT_IMAGE_STORAGE = UID("1.2.840.10008.5.1.4.1.1.2")
NAME = "DOE^JANE  ID 12345678"
DATE = "2024-03-05 14:22"
FONT_SIZE = 14


@dataclass(frozen=True)
class Drawn:
    picture: Image.Image  # 'L' or 'RGB'
    boxes: list[Rect]  # where each text was drawn (Pillow's text bounding box)


def speckle(width: int = 640, height: int = 480, seed: int = 0) -> np.ndarray:
    """A dark image with an ultrasound-like fan of bright speckle."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    fan = ((xx - width / 2) ** 2 + (yy + 50) ** 2 < (height * 0.95) ** 2) & (
        np.abs(xx - width / 2) < (yy + 50) * 0.8
    )
    values = np.zeros((height, width), np.uint8)
    values[fan] = np.clip(rng.gamma(2.0, 30, int(fan.sum())), 0, 255).astype(np.uint8)
    return values


def draw_texts(picture: Image.Image, texts: list[tuple[tuple[int, int], str]], fill: object) -> list[Rect]:
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=FONT_SIZE)
    boxes = []
    for position, text in texts:
        draw.text(position, text, fill=fill, font=font)  # type: ignore[arg-type]
        left, top, right, bottom = draw.textbbox(position, text, font=font)
        boxes.append(Rect(int(left), int(top), int(right - left), int(bottom - top)))
    return boxes


def overlay_texts(width: int) -> list[tuple[tuple[int, int], str]]:
    return [((10, 8), NAME), ((width - 200, 8), DATE)]


def us_picture(*, rgb: bool = False, text: bool = True, seed: int = 0) -> Drawn:
    values = speckle(seed=seed)
    picture = Image.fromarray(values, mode="L").convert("RGB" if rgb else "L")
    boxes = draw_texts(picture, overlay_texts(picture.width), (255, 255, 255) if rgb else 255) if text else []
    return Drawn(picture, boxes)


def screenshot(*, text: bool = True) -> Drawn:
    """A viewer's screenshot: a grey image panel on a light window, with dark and light captions."""
    picture = Image.new("RGB", (800, 600), (235, 235, 235))
    picture.paste(Image.fromarray(speckle(600, 450, seed=3), mode="L").convert("RGB"), (100, 80))
    boxes = []
    if text:
        boxes += draw_texts(picture, [((110, 30), "Patient: DOE^JANE  MRN 12345678")], (20, 20, 20))
        boxes += draw_texts(picture, [((110, 90), "Study 2024-03-05")], (255, 255, 255))
    return Drawn(picture, boxes)


def encode(picture: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def dicom_of(
    pixels: np.ndarray,
    *,
    sop_class: UID = US_IMAGE_STORAGE,
    modality: str = "US",
    photometric: str | None = None,
    burned_in: str | None = "YES",
    frames: int | None = None,
) -> bytes:
    """A Part 10 file holding `pixels` (rows x columns, rows x columns x 3, or frames x ...)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = sop_class
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.StudyInstanceUID = generate_uid()
    dataset.SeriesInstanceUID = generate_uid()
    dataset.PatientName = "Doe^Jane"
    dataset.PatientID = "12345678"
    dataset.Modality = modality
    if burned_in is not None:
        dataset.BurnedInAnnotation = burned_in
    colour = pixels.shape[-1] == 3
    frame_shape = pixels.shape[1:] if frames else pixels.shape
    dataset.Rows, dataset.Columns = int(frame_shape[0]), int(frame_shape[1])
    if frames:
        dataset.NumberOfFrames = frames
    dataset.SamplesPerPixel = 3 if colour else 1
    dataset.PhotometricInterpretation = photometric or ("RGB" if colour else "MONOCHROME2")
    if colour:
        dataset.PlanarConfiguration = 0
    bits = pixels.dtype.itemsize * 8
    dataset.BitsAllocated = bits
    dataset.BitsStored = bits
    dataset.HighBit = bits - 1
    dataset.PixelRepresentation = 0
    dataset.PixelData = np.ascontiguousarray(pixels).tobytes()
    dataset["PixelData"].VR = "OB" if bits == 8 else "OW"
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def us_dicom(*, rgb: bool = False, text: bool = True) -> tuple[bytes, list[Rect]]:
    drawn = us_picture(rgb=rgb, text=text)
    return dicom_of(np.asarray(drawn.picture)), drawn.boxes


def secondary_capture() -> tuple[bytes, list[Rect]]:
    drawn = us_picture(seed=5)
    return dicom_of(
        np.asarray(drawn.picture), sop_class=SECONDARY_CAPTURE, modality="OT", burned_in=None
    ), drawn.boxes


def covered(box: Rect, regions: list[Rect]) -> float:
    """The share of `box` that the regions cover (regions do not overlap one another here)."""
    area = 0
    for region in regions:
        width = min(box.right, region.right) - max(box.x, region.x)
        height = min(box.bottom, region.bottom) - max(box.y, region.y)
        area += max(width, 0) * max(height, 0)
    return area / (box.width * box.height)


def iou(a: Rect, b: Rect) -> float:
    width = min(a.right, b.right) - max(a.x, b.x)
    height = min(a.bottom, b.bottom) - max(a.y, b.y)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / (a.width * a.height + b.width * b.height - inter)


def best_iou(box: Rect, regions: list[Rect]) -> float:
    return max((iou(box, region) for region in regions), default=0.0)

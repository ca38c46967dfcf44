"""Real images uploaded through the API (so their files are in storage), for exports with images."""

import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from PIL import Image
from pydicom import examples
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from tests.exports.helpers import World

DX_IMAGE = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray Image Storage - For Presentation


def noise(width: int, height: int, seed: int, channels: int = 3) -> np.ndarray[Any, Any]:
    rng = np.random.default_rng(seed)
    shape = (height, width, channels) if channels > 1 else (height, width)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def png(width: int = 64, height: int = 48, *, seed: int = 0, grey: bool = False) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(noise(width, height, seed, 1 if grey else 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 64, height: int = 48, *, seed: int = 1) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(noise(width, height, seed)).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def gradient(
    width: int, height: int, *, grey: bool = False, image_format: str = "PNG", tint: int = 0
) -> bytes:
    """A smooth image (small files even at 4000 x 3000, unlike noise)."""
    columns = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    rows = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    grey_values = ((columns + rows) / 2 + tint) % 256
    pixels = grey_values if grey else np.stack([grey_values, rows + 0 * columns, columns + 0 * rows], axis=-1)
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(buffer, format=image_format)
    return buffer.getvalue()


def dicom_bytes(dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def small_ct() -> bytes:
    """pydicom's 128 x 128 CT (MONOCHROME2, a window in the file)."""
    return dicom_bytes(examples.ct)


def colour_dicom() -> bytes:
    """pydicom's 320 x 240 RGB DICOM."""
    return dicom_bytes(examples.rgb_color)


def chest_dicom(width: int = 2600, height: int = 2800, *, offset: int = 0, grain: int = 0) -> bytes:
    """A large MONOCHROME2 X-ray (12 bits in 16, a declared window): larger than the 2048 px display.
    `grain`: the spread of the random noise added (a real radiograph's PNG compresses far less than
    a smooth gradient's)."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = DX_IMAGE
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = DX_IMAGE
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.StudyInstanceUID = generate_uid()
    dataset.SeriesInstanceUID = generate_uid()
    dataset.Modality = "DX"
    dataset.PatientName = "Test^Chest"
    dataset.PatientID = "EXPORT-1"
    dataset.Rows, dataset.Columns = height, width
    dataset.SamplesPerPixel = 1
    dataset.PhotometricInterpretation = "MONOCHROME2"
    dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit = 16, 12, 11
    dataset.PixelRepresentation = 0
    dataset.WindowCenter, dataset.WindowWidth = 2048, 4096
    columns = np.arange(width, dtype=np.uint32)[None, :]
    rows = np.arange(height, dtype=np.uint32)[:, None]
    values = (columns * 7 + rows * 3 + offset) % 4096
    if grain:
        values = values + np.random.default_rng(offset).integers(0, grain, values.shape, dtype=np.uint32)
    dataset.PixelData = np.minimum(values, 4095).astype("<u2").tobytes()
    return dicom_bytes(dataset)


async def upload(
    client: httpx.AsyncClient, world: World, set_id: int, name: str, data: bytes
) -> dict[str, Any]:
    """Upload one file as the admin; its created sample."""
    response = await client.post(
        f"/api/sets/{set_id}/samples", files=[("files", (name, data))], headers=world.admin.headers
    )
    assert response.status_code in (200, 201), response.text
    (created,) = response.json()["created"]
    return dict(created)


def unzip(content: bytes, folder: Path) -> zipfile.ZipFile:
    """The archive, checked, and extracted into `folder` (for readers that take a directory)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == len(set(names)), "a member written twice"
    archive.extractall(folder)
    return archive

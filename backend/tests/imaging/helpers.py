"""Builders for test inputs: real files from pydicom's test data, synthetic PNG/JPEG/DICOM."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset, write_file_meta_info
from pydicom.uid import UID, ExplicitVRLittleEndian, JPEGLSLossless, generate_uid

SECRET = b"group-secret-one"
OTHER_SECRET = b"group-secret-two"


def dicom_path(name: str) -> Path:
    path = get_testdata_file(name, download=False)
    assert path is not None, f"test file {name} is not installed"
    return Path(str(path))


def dicom_bytes(name: str) -> bytes:
    return dicom_path(name).read_bytes()


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def noise_rgb(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), mode="RGB")


def gradient_rgb(width: int, height: int) -> Image.Image:
    x = np.linspace(0, 255, width, dtype=np.float64)
    y = np.linspace(0, 255, height, dtype=np.float64)
    red = np.tile(x, (height, 1))
    green = np.tile(y[:, None], (1, width))
    blue = (red + green) / 2
    return Image.fromarray(np.stack([red, green, blue], axis=-1).astype(np.uint8), mode="RGB")


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload)
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and a valid IHDR (right CRC) declaring the given size, then a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A small real JPEG whose SOF header is patched to declare another size."""
    data = bytearray(encode(noise_rgb(16, 16), "JPEG"))
    position = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, position + 5, height, width)
    return bytes(data)


def make_dicom(
    rows: int = 16,
    columns: int = 16,
    *,
    pixel_data: bytes | None = None,
    with_pixels: bool = True,
    syntax: UID = ExplicitVRLittleEndian,
    frames: int | None = None,
) -> bytes:
    """A minimal 16-bit MONOCHROME2 secondary-capture-like Part 10 file."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID("1.2.840.10008.5.1.4.1.1.2")
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = meta.MediaStorageSOPClassUID
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.PatientName = "Doe^Jane"
    dataset.Modality = "CT"
    dataset.Rows = rows
    dataset.Columns = columns
    if frames is not None:
        dataset.NumberOfFrames = frames
    dataset.SamplesPerPixel = 1
    dataset.PhotometricInterpretation = "MONOCHROME2"
    dataset.BitsAllocated = 16
    dataset.BitsStored = 12
    dataset.HighBit = 11
    dataset.PixelRepresentation = 0
    if with_pixels:
        if pixel_data is None:
            pixel_data = np.arange(rows * columns, dtype="<u2").tobytes()
        dataset.PixelData = pixel_data
        dataset["PixelData"].VR = "OW"
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def dicom_pixel_length(length: int) -> bytes:
    """A whole 16 x 16 DICOM whose Pixel Data length field says `length` (its data: 512 bytes)."""
    data = make_dicom(16, 16)
    field = data.index(b"\xe0\x7f\x10\x00OW\x00\x00") + 8  # Pixel Data, explicit VR: OW, 2 reserved bytes
    return data[:field] + struct.pack("<I", length) + data[field + 4 :]


def asymmetric_rgb(width: int, height: int) -> Image.Image:
    """A gradient with a white block near the top-left corner: each of the 8 EXIF orientations
    (flips, rotations, transposes) gives a different picture, so a wrong one is caught."""
    pixels = np.asarray(gradient_rgb(width, height)).copy()
    pixels[height // 8 : height // 3, width // 10 : width // 4] = 255
    return Image.fromarray(pixels, mode="RGB")


def with_exif_orientation(image: Image.Image, fmt: str, orientation: int, **options: object) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(image, fmt, exif=exif.tobytes(), **options)


def dicom_with_unknown_syntax(uid: str) -> bytes:
    """A Part 10 file whose meta names a transfer syntax pydicom does not know (a private one, or one
    newer than this pydicom), its data set written as explicit VR little endian with encapsulated
    pixel data. pydicom's own writer refuses unknown syntaxes, so the file is assembled here."""
    frame = encapsulate([b"\xff\xd8" + bytes(62)])
    dataset = dcmread(io.BytesIO(make_dicom(8, 8, pixel_data=frame, syntax=JPEGLSLossless)))
    dataset.file_meta.TransferSyntaxUID = UID(uid)
    buffer = DicomBytesIO()
    buffer.write(b"\x00" * 128 + b"DICM")
    write_file_meta_info(buffer, dataset.file_meta, enforce_standard=True)
    buffer.is_little_endian, buffer.is_implicit_VR = True, False
    write_dataset(buffer, dataset)
    return buffer.getvalue()

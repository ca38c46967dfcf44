"""imaging.full_image: the image an export writes, at full resolution, rendered as the display image is.

The display image (made at upload, not downscaled below 2048 px) is the oracle: for every kind of DICOM
the export's rendering from the stored, de-identified original must be the same picture, pixel for pixel.
"""

import io

import numpy as np
import pytest
from PIL import Image
from pydicom.data import get_testdata_file

from tagmedx.imaging import ImageRejected, process_upload
from tagmedx.imaging.full_image import full_image

DICOMS = [
    ("CT_small.dcm", 1),  # no window: the percentile window
    ("MR_small.dcm", 1),  # a declared window
    ("vlut_04.dcm", 1),  # a VOI LUT
    ("RG1_UNCI.dcm", 1),  # MONOCHROME1, 1955 x 1841
    ("MR_small_RLE.dcm", 1),
    ("JPEG2000.dcm", 1),
    ("SC_rgb.dcm", 3),
    ("SC_ybr_full_uncompressed.dcm", 3),
    ("OBXXXX1A.dcm", 3),  # PALETTE COLOR
    ("SC_rgb_jpeg_gdcm.dcm", 3),  # JPEG Lossless
]


def _pixels(data: bytes) -> np.ndarray:  # type: ignore[type-arg]
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image)


@pytest.mark.parametrize(("name", "channels"), DICOMS)
def test_a_dicom_renders_as_its_display_image_at_full_size(name: str, channels: int) -> None:
    path = get_testdata_file(name, download=False)
    assert path is not None, name
    with open(path, "rb") as handle:
        processed = process_upload(handle.read(), uid_secret=b"s" * 32)
    exported = full_image(processed.original, "dicom")
    assert (exported.width, exported.height) == (processed.width, processed.height)
    assert exported.channels == channels
    assert exported.data.startswith(b"\x89PNG")
    assert np.array_equal(_pixels(exported.data), _pixels(processed.display)), name


@pytest.mark.parametrize(
    ("mode", "channels"), [("L", 1), ("LA", 1), ("I;16", 1), ("RGB", 3), ("RGBA", 3), ("P", 3)]
)
def test_a_png_is_written_as_stored(mode: str, channels: int) -> None:
    buffer = io.BytesIO()
    Image.new(mode, (30, 20)).save(buffer, format="PNG")
    exported = full_image(buffer.getvalue(), "png")
    assert exported.data == buffer.getvalue()
    assert (exported.width, exported.height, exported.channels) == (30, 20, channels)


def test_a_damaged_file_is_refused_with_a_reason() -> None:
    for image_format in ("png", "jpeg", "dicom"):
        with pytest.raises(ImageRejected) as refused:
            full_image(b"not an image at all", image_format)
        assert refused.value.detail

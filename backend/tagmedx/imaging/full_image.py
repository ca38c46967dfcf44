"""An image as exports write it: at full resolution, in the pixels the box coordinates refer to.

The stored display image is downscaled to 2048 px, so exports cannot use it. A PNG or JPEG is written
as stored (its bytes unchanged). A DICOM's frame 0 is rendered from the stored original exactly as the
display image was at upload, only not downscaled: the file's first window, else its VOI LUT, else the
0.5th-99.5th percentile of its values (MONOCHROME1 inverted), 8-bit grey; colour as 8-bit RGB.

Pure and thread-safe, like the rest of the package: exports call it in a worker thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from . import dicom_render as render
from .default_view import default_view
from .dicom import decode_first_frame, read_dataset, transfer_syntax
from .errors import corrupt

# zlib level of rendered PNGs: on a noisy 2600 x 2800 CT rendering, level 1 took 0.23 s and 4.2 MB,
# Pillow's default 6 took 0.65 s and 3.6 MB; an export of thousands of images favours speed.
PNG_COMPRESS_LEVEL = 1
_MONOCHROME = ("MONOCHROME1", "MONOCHROME2")


@dataclass(frozen=True)
class FullImage:
    data: bytes  # the file to write: PNG (rendered DICOM) or the stored PNG/JPEG
    width: int
    height: int
    channels: Literal[1, 3]  # 1: greyscale (also with alpha), 3: colour


def full_image(original: bytes, image_format: str) -> FullImage:
    """The export file of a stored original (`image_format`: png, jpeg or dicom).

    Raises ImageRejected when the stored file cannot be read or decoded any more.
    """
    if image_format == "dicom":
        picture = render_full(original)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
        return FullImage(buffer.getvalue(), picture.width, picture.height, _channels(picture.mode))
    try:
        with Image.open(io.BytesIO(original)) as header:  # reads the header only
            width, height, mode = header.width, header.height, header.mode
    except Exception:
        raise corrupt(f"The stored {image_format.upper()} file cannot be read.") from None
    return FullImage(original, width, height, _channels(mode))


def render_full(original: bytes) -> Image.Image:
    """Frame 0 of a DICOM file with its default window, at full resolution ("L" or "RGB")."""
    dataset = read_dataset(original)
    frame, photometric = decode_first_frame(dataset, transfer_syntax(dataset))
    declared_photometric = str(dataset.get("PhotometricInterpretation") or photometric).strip()
    if declared_photometric in _MONOCHROME and frame.ndim == 2:
        values = render.modality_values(frame, dataset)
        return Image.fromarray(default_view(values, dataset, declared_photometric).picture)
    return Image.fromarray(render.to_rgb8(frame, dataset, photometric), mode="RGB")


def _channels(mode: str) -> Literal[1, 3]:
    return 1 if Image.getmodebase(mode) == "L" else 3

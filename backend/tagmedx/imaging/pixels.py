"""The `pixels` blob: full-depth pixel values after the modality LUT, for window/level in a browser.

Format: gzip-compressed, little-endian, C-order array of shape (rows, columns, channels) and dtype
`PixelInfo.dtype`. The real value of a pixel is `stored + PixelInfo.offset`.
- Monochrome whose values are integers spanning at most 65535: uint16, offset = the minimum when
  values fall outside 0..65535 (e.g. CT: offset -1024 or -2048), else 0.
- Other monochrome (fractional slope or wider range): float32, offset 0.
- Colour (RGB, YBR converted to RGB, palette colour): uint8 with 3 channels, offset 0.
"""

from __future__ import annotations

import gzip
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

PixelDtype = Literal["uint16", "int16", "float32", "uint8"]
GZIP_LEVEL = 6
_UINT16_SPAN = 65535


@dataclass(frozen=True)
class PixelInfo:
    """Describes the `pixels` blob (see the module docstring): gzip of a little-endian C-order
    array of `rows x columns x channels` values of type `dtype`; real value = stored + `offset`."""

    dtype: PixelDtype
    rows: int
    columns: int
    channels: int
    offset: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def encode_pixels(values: NDArray[Any]) -> tuple[bytes, PixelInfo]:
    """Pack a (rows, columns) monochrome array of real values, or a (rows, columns, 3) uint8 RGB one."""
    if values.ndim == 3:
        rows, columns, channels = values.shape
        packed: NDArray[Any] = np.ascontiguousarray(values, dtype=np.uint8)
        return _gzip(packed), PixelInfo("uint8", rows, columns, channels, 0.0)
    rows, columns = values.shape
    dtype, offset, packed = _pack_monochrome(values)
    return _gzip(packed), PixelInfo(dtype, rows, columns, 1, offset)


def decode_pixels(blob: bytes, info: PixelInfo) -> NDArray[np.float64]:
    """The real values back from a blob (used by tests and exports)."""
    raw = np.frombuffer(gzip.decompress(blob), dtype=np.dtype(info.dtype).newbyteorder("<"))
    shape = (info.rows, info.columns, info.channels)
    return raw.reshape(shape).astype(np.float64) + info.offset


def _pack_monochrome(values: NDArray[Any]) -> tuple[PixelDtype, float, NDArray[Any]]:
    if np.issubdtype(values.dtype, np.integer):
        low, high = int(values.min()), int(values.max())
        integral = True
    else:
        finite = bool(np.isfinite(values).all())
        integral = finite and bool(np.array_equal(values, np.rint(values)))
        low, high = (int(values.min()), int(values.max())) if integral else (0, 0)
    if integral and high - low <= _UINT16_SPAN:
        offset = 0 if low >= 0 and high <= _UINT16_SPAN else low
        shifted = values.astype(np.int64) - offset
        return "uint16", float(offset), shifted.astype("<u2")
    return "float32", 0.0, values.astype("<f4")


def _gzip(values: NDArray[Any]) -> bytes:
    return gzip.compress(np.ascontiguousarray(values).tobytes(), compresslevel=GZIP_LEVEL, mtime=0)

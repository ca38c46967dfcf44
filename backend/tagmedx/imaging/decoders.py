"""The decoding choices pydicom does not make for us.

pydicom picks a decoder per transfer syntax and tries its available plugins in turn (gdcm, pylibjpeg,
pillow, pyjpegls, ...), returning the first success. Three things are added here:

- a pydicom decoding plugin for 12-bit JPEG Extended (1.2.840.10008.1.2.4.51). No permissively
  licensed plugin decodes it: pydicom's GDCM plugin refuses 12-bit precision, Pillow decodes 8-bit
  JPEG only, and pylibjpeg's JPEG plugin (pylibjpeg-libjpeg) is GPL-3. GDCM itself carries a 12-bit
  IJG libjpeg and decodes these files exactly as dcmtk's dcmdjpeg does (tests/imaging/
  test_transfer_syntaxes.py), so the plugin hands such frames to GDCM. It follows pydicom's plugin
  contract (guides/decoding/decoder_plugins): `is_available`, `DECODER_DEPENDENCIES` and a frame
  decoding function, registered by `register()` on import;
- `chosen_plugin`: when to name the plugin instead of letting pydicom try them all;
- `declared_size`: the size a JPEG, JPEG-LS or JPEG 2000 codestream declares, checked before decoding.
"""

from __future__ import annotations

import struct

import gdcm
from pydicom.dataset import Dataset
from pydicom.pixels.decoders.base import DecodeRunner, JPEGExtended12BitDecoder, get_decoder
from pydicom.uid import UID, JPEGExtended12Bit, JPEGLSNearLossless, JPEGLSTransferSyntaxes

PLUGIN = "tagmedx-gdcm-12bit"
DECODER_DEPENDENCIES = {JPEGExtended12Bit: ("gdcm",)}
_PIXEL_DATA = (0x7FE0, 0x0010)
_JPEG_SOI = b"\xff\xd8"
# SOF0-3, 5-7, 9-11, 13-15 (ISO 10918-1 B.1.1.3) and JPEG-LS SOF55 (ISO 14495-1 C.2.2)
_JPEG_START_OF_FRAME = frozenset(
    {*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), *range(0xCD, 0xD0), 0xF7}
)
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  "
_J2K_SOC_SIZ = b"\xff\x4f\xff\x51"  # SIZ follows SOC (ISO 15444-1 A.5.1)


def is_available(uid: UID) -> bool:
    return uid == JPEGExtended12Bit


def decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """One encoded JPEG frame in, its samples out (native little-endian, `runner`'s pixel format)."""
    fragment = gdcm.Fragment()
    fragment.SetByteStringValue(src)
    fragments = gdcm.SequenceOfFragments.New()
    fragments.AddFragment(fragment)
    element = gdcm.DataElement(gdcm.Tag(*_PIXEL_DATA))
    element.SetValue(fragments.__ref__())

    image = gdcm.Image()
    image.SetNumberOfDimensions(2)
    image.SetDimensions((runner.columns, runner.rows, 1))
    image.SetDataElement(element)
    photometric = gdcm.PhotometricInterpretation.GetPIType(str(runner.photometric_interpretation))
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(photometric))
    if runner.samples_per_pixel > 1:
        image.SetPlanarConfiguration(runner.planar_configuration)
    image.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(str(JPEGExtended12Bit))))
    bits_stored = runner.bits_stored
    image.SetPixelFormat(
        gdcm.PixelFormat(
            runner.samples_per_pixel,
            runner.bits_allocated,
            bits_stored,
            bits_stored - 1,
            runner.pixel_representation,
        )
    )
    buffer = image.GetBuffer()
    if buffer is None:
        raise ValueError("GDCM could not decode the JPEG Extended frame")
    decoded: bytes = buffer.encode("utf-8", "surrogateescape")  # SWIG hands the char* back as str
    expected = runner.rows * runner.columns * runner.samples_per_pixel * (runner.bits_allocated // 8)
    if len(decoded) != expected:
        raise ValueError(f"GDCM decoded {len(decoded)} bytes where the frame needs {expected}")
    return decoded


def chosen_plugin(syntax: UID, dataset: Dataset) -> str:
    """The one plugin pydicom should use for this file, or "" to let it try its plugins in order.

    - 12-bit JPEG Extended: this module's plugin; the ones before it would fail, each failure logged
      by pydicom with a traceback.
    - JPEG-LS: GDCM, unless its plugin declines the sample precision (6 or 7 bits; signed
      near-lossless under 8 bits), then pyjpegls. Left to try both, a damaged stream that GDCM
      refuses in a millisecond would then keep pyjpegls busy for about 3 s, whatever its size.
    """
    bits = int(dataset.get("BitsStored") or 8)
    if syntax == JPEGExtended12Bit and bits > 8:
        choice = PLUGIN
    elif syntax in JPEGLSTransferSyntaxes:
        signed = int(dataset.get("PixelRepresentation") or 0) == 1
        declined = bits in (6, 7) or (syntax == JPEGLSNearLossless and signed and bits < 8)
        choice = "pyjpegls" if declined else "gdcm"
    else:
        return ""
    return choice if choice in get_decoder(syntax).available_plugins else ""


def declared_size(frame: bytes) -> tuple[int, int] | None:
    """(columns, rows) as a JPEG, JPEG-LS or JPEG 2000 codestream's own header declares them, or None
    when the header cannot be read (the decoder then reports the damage)."""
    if frame.startswith(_JPEG_SOI):
        return _jpeg_size(frame)
    start = frame.find(b"jp2c") + 4 if frame.startswith(_JP2_SIGNATURE) else 0
    if frame[start : start + 4] != _J2K_SOC_SIZ or len(frame) < start + 24:
        return None
    width, height, x_offset, y_offset = struct.unpack_from(">IIII", frame, start + 8)
    return width - x_offset, height - y_offset


def _jpeg_size(frame: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 <= len(frame):
        if frame[position] != 0xFF:
            return None
        marker = frame[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _JPEG_START_OF_FRAME:
            rows, columns = struct.unpack_from(">HH", frame, position + 5)
            return (columns, rows) if rows else None  # 0 rows: a later DNL marker gives the count
        (length,) = struct.unpack_from(">H", frame, position + 2)
        position += 2 + length
    return None


def register() -> None:
    """Add the plugin to pydicom's JPEG Extended decoder. Runs once, when this module is imported
    (pydicom's add_plugin is not thread-safe, so never per request); a second call does nothing."""
    if PLUGIN not in JPEGExtended12BitDecoder.available_plugins:
        JPEGExtended12BitDecoder.add_plugin(PLUGIN, (__name__, "decode_frame"))


register()

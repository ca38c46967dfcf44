"""Every common DICOM transfer syntax decodes, checked against files and a decoder we did not write.

- Twins: pydicom's and pydicom-data's test files come in sets, one image stored in several syntaxes.
  Each compressed or re-encoded file must give the very `pixels` (full depth, after the modality
  LUT) of its uncompressed twin.
- dcmtk: every JPEG, JPEG-LS and RLE file is decompressed by dcmtk (dcmdjpeg, dcmdjpls, dcmdrle), and
  deflated or big-endian ones rewritten as explicit little endian (dcmconv); process_upload of dcmtk's
  output is the reference. Lossless syntaxes must match exactly; JPEG-LS near-lossless within the
  NEAR its codestream declares; DCT JPEG within 1 grey level (decoders may round the inverse DCT
  differently, ISO/IEC 10918-2), although GDCM and dcmtk agree exactly on every file here.
- Syntaxes the test data lacks (JPEG Lossless process 14 with a selection value other than 1, HTJ2K)
  are made by encoders we did not write either: dcmtk's dcmcjpeg/dcmcjpls and OpenJPH's ojph_compress.
"""

from __future__ import annotations

import io
import struct
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from pydicom import dcmread
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, get_frame
from pydicom.pixels.decoders.base import get_decoder
from pydicom.uid import (
    HTJ2K,
    JPEG2000,
    MPEG4HP41,
    UID,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
    generate_uid,
)

from tagmedx.imaging import ImageRejected, ProcessedImage, decode_pixels, decoders, process_upload

from .helpers import SECRET, dicom_path, dicom_with_unknown_syntax, make_dicom

# (file, its uncompressed twin, the file's syntax)
TWINS: list[tuple[str, str, UID]] = [
    ("MR_small_implicit.dcm", "MR_small.dcm", ImplicitVRLittleEndian),
    ("MR_small_bigendian.dcm", "MR_small.dcm", ExplicitVRBigEndian),
    ("MR_small_expb.dcm", "MR_small.dcm", ExplicitVRBigEndian),
    ("MR_small_RLE.dcm", "MR_small.dcm", RLELossless),
    ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm", JPEGLSLossless),
    ("MR_small_jp2klossless.dcm", "MR_small.dcm", JPEG2000Lossless),
    ("emri_small_big_endian.dcm", "emri_small.dcm", ExplicitVRBigEndian),
    ("emri_small_RLE.dcm", "emri_small.dcm", RLELossless),
    ("emri_small_jpeg_ls_lossless.dcm", "emri_small.dcm", JPEGLSLossless),
    ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm", JPEG2000Lossless),
    ("SC_rgb_expb.dcm", "SC_rgb.dcm", ExplicitVRBigEndian),
    ("SC_rgb_rle.dcm", "SC_rgb.dcm", RLELossless),
    ("SC_rgb_jpeg_gdcm.dcm", "SC_rgb.dcm", JPEGLosslessSV1),
    ("SC_rgb_expb_16bit.dcm", "SC_rgb_16bit.dcm", ExplicitVRBigEndian),
    ("SC_rgb_rle_16bit.dcm", "SC_rgb_16bit.dcm", RLELossless),
    ("SC_rgb_expb_32bit.dcm", "SC_rgb_32bit.dcm", ExplicitVRBigEndian),
    ("SC_rgb_rle_32bit.dcm", "SC_rgb_32bit.dcm", RLELossless),
    ("SC_rgb_rle_2frame.dcm", "SC_rgb_2frame.dcm", RLELossless),
    ("SC_rgb_small_odd_big_endian.dcm", "SC_rgb_small_odd.dcm", ExplicitVRBigEndian),
    ("SC_rgb_gdcm_KY.dcm", "SC_rgb_gdcm2k_uncompressed.dcm", JPEG2000),
    ("JPEG2000.dcm", "JPEG2000_UNC.dcm", JPEG2000),
    ("MR2_J2KR.dcm", "MR2_UNCR.dcm", JPEG2000Lossless),
    ("MR2_J2KI.dcm", "MR2_UNCI.dcm", JPEG2000),  # *_UNCI: the lossy file's own decompression
    ("RG1_J2KR.dcm", "RG1_UNCR.dcm", JPEG2000Lossless),
    ("RG1_J2KI.dcm", "RG1_UNCI.dcm", JPEG2000),
    ("RG3_J2KR.dcm", "RG3_UNCR.dcm", JPEG2000Lossless),
    ("RG3_J2KI.dcm", "RG3_UNCI.dcm", JPEG2000),
    ("US1_J2KR.dcm", "US1_UNCR.dcm", JPEG2000Lossless),
    ("US1_J2KI.dcm", "US1_UNCI.dcm", JPEG2000),
    ("693_J2KR.dcm", "693_UNCR.dcm", JPEG2000Lossless),
    ("693_J2KI.dcm", "693_UNCI.dcm", JPEG2000),
    ("OBXXXX1A_expb.dcm", "OBXXXX1A.dcm", ExplicitVRBigEndian),  # palette colour
    ("OBXXXX1A_rle.dcm", "OBXXXX1A.dcm", RLELossless),
    ("gdcm-US-ALOKA-16_big.dcm", "gdcm-US-ALOKA-16.dcm", ExplicitVRBigEndian),  # segmented palette
    ("rtdose_expb.dcm", "rtdose.dcm", ExplicitVRBigEndian),  # 32-bit, fractional dose scaling
    ("rtdose_rle.dcm", "rtdose.dcm", RLELossless),
    ("liver_expb.dcm", "liver.dcm", ExplicitVRBigEndian),  # 1 bit
    # lossy JPEG Baseline whose twins dcmtk decompressed when the test data was made
    ("SC_rgb_dcmtk_+eb+cr.dcm", "SC_rgb_dcmtk_ebcr_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_dcmtk_ebcyn1_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+n2.dcm", "SC_rgb_dcmtk_ebcyn2_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_ebcynp_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+s2.dcm", "SC_rgb_dcmtk_ebcys2_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+s4.dcm", "SC_rgb_dcmtk_ebcys4_dcmd.dcm", JPEGBaseline8Bit),
]

# (file, its syntax) decompressed by dcmtk for reference
BY_DCMTK: list[tuple[str, UID]] = [
    ("SC_jpeg_no_color_transform.dcm", JPEGBaseline8Bit),
    ("SC_jpeg_no_color_transform_2.dcm", JPEGBaseline8Bit),
    ("SC_rgb_jpeg_app14_dcmd.dcm", JPEGBaseline8Bit),
    ("SC_rgb_jpeg_dcmtk.dcm", JPEGBaseline8Bit),
    ("SC_rgb_jpeg_lossy_gdcm.dcm", JPEGBaseline8Bit),
    ("SC_rgb_small_odd_jpeg.dcm", JPEGBaseline8Bit),
    ("SC_rgb_dcmtk_+eb+cy+np.dcm", JPEGBaseline8Bit),  # YBR_FULL_422
    ("color3d_jpeg_baseline.dcm", JPEGBaseline8Bit),
    ("examples_ybr_color.dcm", JPEGBaseline8Bit),
    ("JPEG-lossy.dcm", JPEGExtended12Bit),  # 12 bit
    ("JPGExtended.dcm", JPEGExtended12Bit),  # 12 bit
    ("JPEG-LL.dcm", JPEGLosslessSV1),
    ("JPGLosslessP14SV1_1s_1f_8b.dcm", JPEGLosslessSV1),
    ("SC_rgb_jpeg_gdcm.dcm", JPEGLosslessSV1),
    ("MR_small_jpeg_ls_lossless.dcm", JPEGLSLossless),
    ("emri_small_jpeg_ls_lossless.dcm", JPEGLSLossless),
    ("JPEGLSNearLossless_08.dcm", JPEGLSNearLossless),
    ("JPEGLSNearLossless_16.dcm", JPEGLSNearLossless),
    ("SC_rgb_jls_lossy_line.dcm", JPEGLSNearLossless),
    ("SC_rgb_jls_lossy_sample.dcm", JPEGLSNearLossless),
    ("MR_small_RLE.dcm", RLELossless),
    ("SC_rgb_rle.dcm", RLELossless),
    ("SC_rgb_rle_16bit.dcm", RLELossless),
    ("OBXXXX1A_rle.dcm", RLELossless),
    ("image_dfl.dcm", DeflatedExplicitVRLittleEndian),
    ("ExplVR_BigEnd.dcm", ExplicitVRBigEndian),
]

_DCMTK_TOOL = {
    JPEGBaseline8Bit: "dcmdjpeg",
    JPEGExtended12Bit: "dcmdjpeg",
    JPEGLossless: "dcmdjpeg",
    JPEGLosslessSV1: "dcmdjpeg",
    JPEGLSLossless: "dcmdjpls",
    JPEGLSNearLossless: "dcmdjpls",
    RLELossless: "dcmdrle",
}
_LOSSY_DCT = (JPEGBaseline8Bit, JPEGExtended12Bit)


def processed(data: bytes) -> ProcessedImage:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns about quirks of some test files
        return process_upload(data, uid_secret=SECRET)


def values(result: ProcessedImage) -> NDArray[np.float64]:
    assert result.pixels is not None and result.pixel_info is not None
    return decode_pixels(result.pixels, result.pixel_info)


def syntax_of(path: Path) -> UID:
    return UID(str(dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID))


def dcmtk_reference(path: Path, syntax: UID, tmp_path: Path) -> ProcessedImage:
    """process_upload of dcmtk's decompression (or explicit little endian rewrite) of `path`."""
    target = tmp_path / "by-dcmtk.dcm"
    tool = _DCMTK_TOOL.get(syntax)
    command = [tool, str(path), str(target)] if tool else ["dcmconv", "+te", str(path), str(target)]
    subprocess.run(command, check=True, capture_output=True)
    assert syntax_of(target) == ExplicitVRLittleEndian
    return processed(target.read_bytes())


def jpeg_ls_near(path: Path) -> int:
    """NEAR, the largest error per sample a JPEG-LS codestream declares (ISO/IEC 14495-1 C.2.3)."""
    dataset = dcmread(path)
    frame = get_frame(dataset.PixelData, 0, number_of_frames=int(dataset.get("NumberOfFrames") or 1))
    scan = frame.index(b"\xff\xda")
    components = frame[scan + 4]
    return frame[scan + 5 + 2 * components]


@pytest.mark.parametrize(("name", "twin", "syntax"), TWINS, ids=[row[0] for row in TWINS])
def test_decodes_pixel_identical_to_its_uncompressed_twin(name: str, twin: str, syntax: UID) -> None:
    assert syntax_of(dicom_path(name)) == syntax
    assert not syntax_of(dicom_path(twin)).is_compressed

    result = processed(dicom_path(name).read_bytes())
    expected = processed(dicom_path(twin).read_bytes())

    assert result.dicom is not None and result.dicom.transfer_syntax == syntax
    assert (result.width, result.height) == (expected.width, expected.height)
    np.testing.assert_array_equal(values(result), values(expected))


@pytest.mark.parametrize(("name", "syntax"), BY_DCMTK, ids=[row[0] for row in BY_DCMTK])
def test_decodes_as_dcmtk_does(name: str, syntax: UID, tmp_path: Path) -> None:
    path = dicom_path(name)
    assert syntax_of(path) == syntax

    ours = values(processed(path.read_bytes()))
    reference = values(dcmtk_reference(path, syntax, tmp_path))

    assert ours.shape == reference.shape
    if syntax == JPEGLSNearLossless:
        bound = jpeg_ls_near(path)
        assert bound > 0
    else:
        bound = 1 if syntax in _LOSSY_DCT else 0
    assert np.abs(ours - reference).max() <= bound


# (source, dcmtk encoder and its options, the syntax it writes)
ENCODED_BY_DCMTK: list[tuple[str, list[str], UID]] = [
    ("CT_small.dcm", ["dcmcjpeg", "+el", "+sv", "6"], JPEGLossless),  # process 14, selection value 6
    ("CT_small.dcm", ["dcmcjpeg", "+e1"], JPEGLosslessSV1),
    ("MR2_UNCR.dcm", ["dcmcjpeg", "+e1"], JPEGLosslessSV1),
    ("SC_rgb.dcm", ["dcmcjpeg", "+el", "+sv", "2"], JPEGLossless),
    ("CT_small.dcm", ["dcmcjpls", "+el"], JPEGLSLossless),  # signed 16 bit
    ("MR2_UNCR.dcm", ["dcmcjpls", "+en", "+md", "3"], JPEGLSNearLossless),
    ("SC_rgb.dcm", ["dcmcjpls", "+en", "+md", "2"], JPEGLSNearLossless),
    ("MR2_UNCR.dcm", ["dcmcjpeg", "+ee"], JPEGExtended12Bit),  # 12 bit
    ("SC_rgb.dcm", ["dcmcjpeg", "+ee"], JPEGExtended12Bit),  # 8 bit
    ("SC_rgb.dcm", ["dcmcjpeg", "+eb"], JPEGBaseline8Bit),
]


@pytest.mark.parametrize(
    ("source", "encoder", "syntax"),
    ENCODED_BY_DCMTK,
    ids=[f"{row[0]}-{' '.join(row[1])}" for row in ENCODED_BY_DCMTK],
)
def test_files_compressed_by_dcmtk_decode_within_their_bound(
    source: str, encoder: list[str], syntax: UID, tmp_path: Path
) -> None:
    compressed = tmp_path / "compressed.dcm"
    subprocess.run([*encoder, str(dicom_path(source)), str(compressed)], check=True, capture_output=True)
    assert syntax_of(compressed) == syntax

    result = processed(compressed.read_bytes())
    ours = values(result)
    original = values(processed(dicom_path(source).read_bytes()))
    reference = values(dcmtk_reference(compressed, syntax, tmp_path))

    assert result.dicom is not None and result.dicom.transfer_syntax == syntax
    if syntax in _LOSSY_DCT:
        assert np.abs(ours - reference).max() <= 1
        return
    np.testing.assert_array_equal(ours, reference)
    if syntax == JPEGLSNearLossless:  # the declared bound, in stored values, scaled to modality units
        bound = jpeg_ls_near(compressed) * abs(result.dicom.rescale_slope)
        assert 0 < np.abs(ours - original).max() <= bound + 1e-3
    else:
        np.testing.assert_array_equal(ours, original)


def with_pixels(source: str, pixel_data: bytes, syntax: UID) -> bytes:
    """The source file with other pixel data in another transfer syntax (encapsulated or native)."""
    dataset = dcmread(dicom_path(source))
    if syntax.is_encapsulated:
        dataset.PixelData = encapsulate([pixel_data])
        dataset["PixelData"].VR = "OB"
    else:
        dataset.PixelData = pixel_data
    dataset.file_meta.TransferSyntaxUID = syntax
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def openjph_round_trip(source: str, reversible: bool, tmp_path: Path) -> tuple[bytes, bytes]:
    """The source's pixels compressed by OpenJPH's ojph_compress (an HTJ2K codestream, RPCL order by
    default) and that codestream decompressed by OpenJPH's ojph_expand, as native pixel data."""
    dataset = dcmread(dicom_path(source))
    pixels = dataset.pixel_array
    suffix = "pgm" if pixels.ndim == 2 else "ppm"
    picture, codestream, expanded = (tmp_path / name for name in (f"in.{suffix}", "out.j2c", f"out.{suffix}"))
    if pixels.ndim == 2:
        header = b"P5 %d %d %d\n" % (pixels.shape[1], pixels.shape[0], 2 ** int(dataset.BitsStored) - 1)
        picture.write_bytes(header + pixels.astype(">u2").tobytes())
    else:
        picture.write_bytes(b"P6 %d %d 255\n" % (pixels.shape[1], pixels.shape[0]) + pixels.tobytes())
    options = ["-reversible", "true"] if reversible else ["-qstep", "0.01"]
    compress = ["ojph_compress", "-i", str(picture), "-o", str(codestream), "-colour_trans", "false"]
    subprocess.run([*compress, *options], check=True, capture_output=True)
    subprocess.run(
        ["ojph_expand", "-i", str(codestream), "-o", str(expanded)], check=True, capture_output=True
    )
    return codestream.read_bytes(), read_netpbm(expanded).astype(pixels.dtype).tobytes()


def read_netpbm(path: Path) -> NDArray[np.generic]:
    """A binary PGM/PPM's samples unscaled (Pillow stretches a 12-bit PGM to 16 bits)."""
    data = path.read_bytes()
    magic, width, height, maximum = data.split(maxsplit=4)[:4]
    body = data[len(b" ".join((magic, width, height, maximum))) + 1 :]
    channels = 3 if magic == b"P6" else 1
    dtype = ">u2" if int(maximum) > 255 else "u1"
    return np.frombuffer(body, dtype=dtype).reshape(int(height), int(width), channels).squeeze()


@pytest.mark.parametrize(
    ("source", "syntax", "reversible"),
    [
        ("MR2_UNCR.dcm", HTJ2KLossless, True),
        ("US1_UNCR.dcm", HTJ2KLossless, True),
        ("MR2_UNCR.dcm", HTJ2KLosslessRPCL, True),
        ("MR2_UNCR.dcm", HTJ2K, False),
    ],
)
def test_htj2k_decodes_as_openjph_does(source: str, syntax: UID, reversible: bool, tmp_path: Path) -> None:
    codestream, by_openjph = openjph_round_trip(source, reversible, tmp_path)
    result = processed(with_pixels(source, codestream, syntax))
    reference = processed(with_pixels(source, by_openjph, ExplicitVRLittleEndian))

    assert result.dicom is not None and result.dicom.transfer_syntax == syntax
    ours = values(result)
    if reversible:
        np.testing.assert_array_equal(ours, values(reference))
        np.testing.assert_array_equal(ours, values(processed(dicom_path(source).read_bytes())))
    else:  # two floating-point 9/7 wavelet implementations: within one stored value
        assert np.abs(ours - values(reference)).max() <= abs(result.dicom.rescale_slope) + 1e-3


def test_12_bit_jpeg_extended_keeps_its_depth() -> None:
    result = processed(dicom_path("JPGExtended.dcm").read_bytes())
    pixels = values(result)
    assert result.pixel_info is not None and result.pixel_info.dtype == "uint16"
    assert pixels.max() > 255  # not squeezed into 8 bits


def test_video_is_415_unsupported_transfer_syntax() -> None:
    data = make_dicom(8, 8, pixel_data=encapsulate([b"\x00\x00\x01\xb3" + bytes(60)]), syntax=MPEG4HP41)
    with pytest.raises(ImageRejected) as info:
        processed(data)
    assert (info.value.status, info.value.code) == (415, "unsupported_transfer_syntax")
    assert "MPEG-4" in info.value.detail and "video" in info.value.detail


@pytest.mark.parametrize(
    "uid",
    [
        "1.2.840.10008.1.2.4.110",  # JPEG XL Lossless, newer than pydicom 3.0
        "1.2.840.10008.1.2.8.1",  # Deflated Image Frame Compression, idem
        "1.3.6.1.4.1.5962.300.1",  # a private syntax
    ],
)
def test_an_unknown_syntax_is_415_naming_it(uid: str) -> None:
    with pytest.raises(ImageRejected) as info:
        processed(dicom_with_unknown_syntax(uid))
    assert (info.value.status, info.value.code) == (415, "unsupported_transfer_syntax")
    assert uid in info.value.detail and "uncompressed" in info.value.detail


def with_first_frame(path: Path, change: Callable[[bytearray], None]) -> tuple[bytes, Dataset]:
    """The file with its first frame's codestream changed in place by `change`."""
    dataset = dcmread(path)
    frame = bytearray(get_frame(dataset.PixelData, 0, number_of_frames=1))
    change(frame)
    dataset.PixelData = encapsulate([bytes(frame)])
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue(), dataset


def cut_in_half(frame: bytearray) -> None:
    del frame[len(frame) // 2 :]


@pytest.mark.parametrize(
    "name",
    [
        "JPEG-LL.dcm",
        "JPGLosslessP14SV1_1s_1f_8b.dcm",
        "JPGExtended.dcm",
        "SC_rgb_dcmtk_+eb+cy+np.dcm",
        "MR_small_jpeg_ls_lossless.dcm",
        "JPEGLSNearLossless_16.dcm",
        "MR_small_jp2klossless.dcm",
    ],
)
def test_a_truncated_codestream_in_a_decodable_syntax_is_422_corrupt(name: str) -> None:
    data, _ = with_first_frame(dicom_path(name), cut_in_half)
    with pytest.raises(ImageRejected) as info:
        processed(data)
    assert (info.value.status, info.value.code) == (422, "corrupt")
    assert "cannot be decoded" in info.value.detail


def declare_30000_square(frame: bytearray) -> None:
    if frame.startswith(b"\xff\x4f"):  # JPEG 2000 SIZ: image size, then tile size
        struct.pack_into(">II", frame, 8, 30000, 30000)
        struct.pack_into(">II", frame, 24, 30000, 30000)
        return
    start = next(frame.index(marker) for marker in (b"\xff\xc3", b"\xff\xf7") if marker in frame)
    struct.pack_into(">HH", frame, start + 5, 30000, 30000)  # JPEG / JPEG-LS start of frame


@pytest.mark.parametrize(
    "name", ["MR_small_jp2klossless.dcm", "JPEG-LL.dcm", "MR_small_jpeg_ls_lossless.dcm"]
)
def test_a_codestream_declaring_another_size_than_the_header_is_refused_before_decoding(name: str) -> None:
    data, dataset = with_first_frame(dicom_path(name), declare_30000_square)
    with pytest.raises(ImageRejected) as info:
        processed(data)
    assert (info.value.status, info.value.code) == (422, "corrupt")
    assert "30000 x 30000" in info.value.detail
    assert f"{dataset.Columns} x {dataset.Rows}" in info.value.detail


def seven_bit_picture(path: Path) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID("1.2.840.10008.5.1.4.1.1.7")
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID, dataset.SOPInstanceUID = (
        meta.MediaStorageSOPClassUID,
        meta.MediaStorageSOPInstanceUID,
    )
    dataset.Modality, dataset.Rows, dataset.Columns = "OT", 40, 60
    dataset.SamplesPerPixel, dataset.PhotometricInterpretation = 1, "MONOCHROME2"
    dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit, dataset.PixelRepresentation = 8, 7, 6, 0
    dataset.PixelData = (np.add.outer(np.arange(40), np.arange(60)) % 128).astype(np.uint8).tobytes()
    dataset.save_as(path, enforce_file_format=True)


def test_jpeg_ls_that_gdcm_declines_is_decoded_by_pyjpegls(tmp_path: Path) -> None:
    source, compressed = tmp_path / "seven.dcm", tmp_path / "seven-jls.dcm"
    seven_bit_picture(source)
    subprocess.run(["dcmcjpls", "+el", str(source), str(compressed)], check=True, capture_output=True)
    dataset = dcmread(compressed)
    with pytest.raises(RuntimeError, match="6 or 7 bits"):
        get_decoder(JPEGLSLossless).as_array(dataset, index=0, decoding_plugin="gdcm")

    assert decoders.chosen_plugin(JPEGLSLossless, dataset) == "pyjpegls"
    result = processed(compressed.read_bytes())
    np.testing.assert_array_equal(values(result), values(processed(source.read_bytes())))


def test_other_jpeg_ls_goes_to_gdcm_alone() -> None:
    """pydicom would try pyjpegls after GDCM failed on a damaged stream: ~3 s of nothing."""
    for name in ("MR_small_jpeg_ls_lossless.dcm", "JPEGLSNearLossless_08.dcm", "SC_rgb_jls_lossy_line.dcm"):
        dataset = dcmread(dicom_path(name))
        assert decoders.chosen_plugin(syntax_of(dicom_path(name)), dataset) == "gdcm"


def test_declared_size_reads_jpeg_jpeg_ls_and_jpeg_2000_headers() -> None:
    def first_frame(name: str) -> bytes:
        return get_frame(dcmread(dicom_path(name)).PixelData, 0, number_of_frames=1)

    assert decoders.declared_size(first_frame("JPEG-LL.dcm")) == (256, 1024)
    assert decoders.declared_size(first_frame("MR_small_jpeg_ls_lossless.dcm")) == (64, 64)
    codestream = first_frame("MR_small_jp2klossless.dcm")
    assert decoders.declared_size(codestream) == (64, 64)
    jp2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + struct.pack(">I", 8 + len(codestream)) + b"jp2c" + codestream
    assert decoders.declared_size(jp2) == (64, 64)
    frame = bytearray(first_frame("JPEG-LL.dcm"))
    struct.pack_into(">H", frame, frame.index(b"\xff\xc3") + 5, 0)  # rows given later by a DNL marker
    assert decoders.declared_size(bytes(frame)) is None
    assert decoders.declared_size(b"\x00\x00\x01\xb3") is None

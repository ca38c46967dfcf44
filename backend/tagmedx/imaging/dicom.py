"""DICOM uploads: read, check, decode the first frame, render, de-identify, re-serialize."""

from __future__ import annotations

import io
from typing import Any

from numpy.typing import NDArray
from PIL import Image
from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.encaps import get_frame
from pydicom.pixels.decoders.base import get_decoder
from pydicom.uid import UID, MPEGTransferSyntaxes

from . import decoders
from . import dicom_render as render
from .default_view import default_view
from .deidentify import DEIDENTIFICATION_METHOD, deidentify
from .encode import make_display, make_thumbnail
from .errors import ImageLimits, ImageRejected, check_pixel_count, corrupt
from .pixels import encode_pixels
from .results import DicomInfo, ProcessedImage
from .structure import DICOM_BASE_READS, BoundedReader, TooManyReads, allowed_units, too_complex
from .voi_lut import VoiLut

_SECONDARY_CAPTURE_PREFIX = "1.2.840.10008.5.1.4.1.1.7"
_VIDEO_SYNTAXES = frozenset(MPEGTransferSyntaxes)
_MONOCHROME = ("MONOCHROME1", "MONOCHROME2")
_UNDEFINED_LENGTH = 0xFFFFFFFF  # encapsulated Pixel Data: its fragments carry the lengths


def process_dicom(
    data: bytes, uid_secret: bytes, limits: ImageLimits, *, shift_dates: bool = False
) -> ProcessedImage:
    dataset = read_dataset(data)
    syntax = transfer_syntax(dataset)
    rows, columns, frames = _geometry(dataset)
    check_pixel_count(columns, rows, frames, limits)
    _check_decodable(syntax)
    _check_frame_header(dataset, syntax, rows, columns, frames)
    _check_native_length(dataset, syntax, rows, columns, frames)
    frame, photometric = decode_first_frame(dataset, syntax)
    original_photometric = str(dataset.get("PhotometricInterpretation") or photometric).strip()

    burned_in = _burned_in_risk(dataset)
    if original_photometric in _MONOCHROME and frame.ndim == 2:
        values = render.modality_values(frame, dataset)
        view = default_view(values, dataset, original_photometric)
        window, declared, lut = view.window, view.declared, view.lut
        picture = Image.fromarray(view.picture)
        pixels, pixel_info = encode_pixels(values)
        presets = _presets(dataset, declared, lut, window)
    else:
        rgb = render.to_rgb8(frame, dataset, photometric)
        picture = Image.fromarray(rgb, mode="RGB")
        pixels, pixel_info = encode_pixels(rgb)
        window, declared, lut, presets = None, [], None, []

    deidentify(dataset, uid_secret, shift_dates=shift_dates)
    original = _serialize(dataset)
    slope, intercept = render.rescale(dataset)
    info = DicomInfo(
        modality=_text(dataset, "Modality"),
        body_part=_text(dataset, "BodyPartExamined"),
        photometric=original_photometric,
        frames=frames,
        window_center=window.center if window else None,
        window_width=window.width if window else None,
        window_presets=presets,
        pixel_spacing=_pixel_spacing(dataset),
        rescale_slope=slope,
        rescale_intercept=intercept,
        bits_stored=int(dataset.BitsStored) if dataset.get("BitsStored") else None,
        transfer_syntax=str(syntax),
        manufacturer=_text(dataset, "Manufacturer"),
        study_description=_text(dataset, "StudyDescription"),
        burned_in_annotation_risk=burned_in,
        deidentification_method=DEIDENTIFICATION_METHOD,
        rows=rows,
        columns=columns,
        transfer_syntax_name=syntax.name,
        sop_class=_sop_class_name(dataset),
        voi_function=window.function if window else "LINEAR",
        window_source="file" if declared or lut is not None else "auto",
        invert=original_photometric == "MONOCHROME1",
    )
    display, display_media_type = make_display(picture, as_jpeg=False)
    return ProcessedImage(
        format="dicom",
        width=columns,
        height=rows,
        frames=frames,
        original=original,
        original_media_type="application/dicom",
        display=display,
        display_media_type=display_media_type,
        thumbnail=make_thumbnail(picture),
        thumbnail_media_type="image/jpeg",
        pixels=pixels,
        pixel_info=pixel_info,
        dicom=info,
    )


def read_dataset(data: bytes) -> Dataset:
    allowed = allowed_units(DICOM_BASE_READS, len(data))
    try:
        dataset = dcmread(BoundedReader(data, allowed))
    except TooManyReads:
        raise too_complex("DICOM", f"reading its data elements took more than {allowed:,} reads") from None
    except Exception as error:
        raise corrupt(
            "The DICOM file is damaged: its header could be found but its contents cannot be "
            f"read ({_reason(error)})."
        ) from None
    if len(dataset) == 0:
        raise corrupt("The DICOM file is damaged or truncated: no data could be read after its header.")
    if "PixelData" not in dataset and "Rows" in dataset:
        raise ImageRejected(
            "The DICOM file declares an image but its pixel data is missing or cut off: the file "
            "is truncated or damaged.",
            code="no_pixels",
            status=422,
        )
    if "PixelData" not in dataset and "SOPClassUID" not in dataset:
        raise corrupt(
            "The DICOM file is damaged: after its 'DICM' header it holds no recognisable DICOM "
            "data (no SOP Class UID, no Pixel Data)."
        )
    if "PixelData" not in dataset:
        kind = _sop_class_name(dataset)
        raise ImageRejected(
            "The DICOM file contains no image (no Pixel Data)"
            + (f"; it is a {kind} object" if kind else "")
            + ". Upload image objects such as CT, MR, CR/DX or ultrasound.",
            code="no_pixels",
            status=422,
        )
    _check_pixel_data_length(dataset)
    return dataset


def _check_pixel_data_length(dataset: Dataset) -> None:
    """Refuse Pixel Data whose length field promises more (or other) bytes than the file holds: pydicom
    reads what there is and says nothing, so a field of 0xFFFFFFF0 over a few hundred bytes passed."""
    element = dataset.get_item("PixelData")
    declared = getattr(element, "length", None)
    if declared is None or declared == _UNDEFINED_LENGTH or element.value is None:
        return  # already decoded, or encapsulated (its fragments carry their own lengths)
    actual = len(element.value)  # never more than declared: pydicom reads at most that
    if actual != declared:
        raise corrupt(
            f"The DICOM pixel data is shorter than declared: the file holds {actual:,} of the "
            f"{declared:,} bytes its length field announces. The file is truncated or damaged."
        )


def transfer_syntax(dataset: Dataset) -> UID:
    syntax = dataset.file_meta.get("TransferSyntaxUID")
    if syntax:
        return UID(str(syntax))
    implicit, little = dataset.original_encoding
    if little is False:
        dataset.file_meta.TransferSyntaxUID = UID("1.2.840.10008.1.2.2")
    else:
        dataset.file_meta.TransferSyntaxUID = UID("1.2.840.10008.1.2" if implicit else "1.2.840.10008.1.2.1")
    return UID(str(dataset.file_meta.TransferSyntaxUID))


def _geometry(dataset: Dataset) -> tuple[int, int, int]:
    try:
        rows = int(dataset.Rows)
        columns = int(dataset.Columns)
        frames = int(dataset.get("NumberOfFrames") or 1)
    except Exception:
        raise corrupt(
            "The DICOM file is damaged: its image size (Rows, Columns, Number of Frames) is "
            "missing or invalid."
        ) from None
    if rows <= 0 or columns <= 0 or frames <= 0:
        raise corrupt(f"The DICOM file declares an empty image ({columns} x {rows} x {frames}).")
    return rows, columns, frames


def _unsupported_syntax(syntax: UID, why: str) -> ImageRejected:
    name = f"'{syntax.name}' ({syntax})" if syntax.name != str(syntax) else f"'{syntax}'"
    return ImageRejected(
        f"The DICOM file is encoded with the transfer syntax {name}, which this server cannot "
        f"decode: {why}. Please export it uncompressed, or compressed with JPEG, JPEG-LS, "
        "JPEG 2000 or RLE.",
        code="unsupported_transfer_syntax",
        status=415,
    )


def _check_decodable(syntax: UID) -> None:
    """Refuse, before decoding, a syntax that no installed pydicom plugin handles (video, JPEG XL,
    private syntaxes); damaged data in a supported syntax is a 422 from decode_first_frame."""
    try:
        decoder = get_decoder(syntax)
    except Exception:
        kind = "it holds video" if syntax in _VIDEO_SYNTAXES else "no decoder exists for it here"
        raise _unsupported_syntax(syntax, kind) from None
    if not decoder.is_available:
        raise _unsupported_syntax(syntax, "the decoder for it is not installed on this server")


def _check_frame_header(dataset: Dataset, syntax: UID, rows: int, columns: int, frames: int) -> None:
    """Refuse a codestream whose own header disagrees with Rows and Columns. Decoders allocate for the
    codestream's size before they fail: a 16 x 16 file declaring 30000 x 30000 took 1.9 GB."""
    if not syntax.is_encapsulated:
        return
    try:
        frame = get_frame(dataset.PixelData, 0, number_of_frames=frames)
    except Exception:
        return  # damaged encapsulation: the decoder says so as 'corrupt'
    size = decoders.declared_size(frame)
    if size is not None and size != (columns, rows):
        raise corrupt(
            f"The DICOM image data ('{syntax.name}') is damaged: its compressed frame declares "
            f"{size[0]} x {size[1]} pixels but the header {columns} x {rows}."
        )


def _check_native_length(dataset: Dataset, syntax: UID, rows: int, columns: int, frames: int) -> None:
    if syntax.is_compressed:
        return
    samples = int(dataset.get("SamplesPerPixel") or 1)
    bits = int(dataset.get("BitsAllocated") or 8)
    total_bits = rows * columns * frames * samples * bits
    photometric = str(dataset.get("PhotometricInterpretation") or "")
    if photometric == "YBR_FULL_422":
        total_bits = total_bits * 2 // 3
    expected = (total_bits + 7) // 8
    actual = len(dataset.PixelData or b"")
    if actual < expected:
        raise corrupt(
            f"The DICOM pixel data is shorter than declared: {actual:,} bytes for "
            f"{columns} x {rows} x {frames} frame(s), which needs {expected:,} bytes. "
            "The file is truncated or damaged."
        )


def decode_first_frame(dataset: Dataset, syntax: UID) -> tuple[NDArray[Any], str]:
    """Frame 0 through pydicom's decoder for the syntax, which tries its installed plugins in turn
    and keeps the first success, unless decoders.chosen_plugin names the one to use."""
    decoder = get_decoder(syntax)
    plugin = decoders.chosen_plugin(syntax, dataset)
    try:
        frame, meta = decoder.as_array(dataset, index=0, decoding_plugin=plugin, as_rgb=True)  # type: ignore[arg-type]
    except Exception as error:
        raise corrupt(
            f"The DICOM image data ('{syntax.name}') cannot be decoded: it is damaged or "
            f"inconsistent with its header ({_reason(error)})."
        ) from None
    photometric = str(meta.get("photometric_interpretation") or dataset.PhotometricInterpretation)
    if frame.ndim == 3 and frame.shape[-1] == 1:
        frame = frame[..., 0]
    if frame.ndim not in (2, 3):
        raise corrupt(f"The DICOM image has an unexpected shape {frame.shape}.")
    return frame, photometric


def _presets(
    dataset: Dataset,
    declared: list[tuple[render.Window, str | None]],
    lut: VoiLut | None,
    used: render.Window,
) -> list[dict[str, Any]]:
    presets: list[dict[str, Any]] = []
    for index, (window, explanation) in enumerate(declared):
        name = explanation or ("File" if index == 0 else f"File {index + 1}")
        presets.append({"name": name, "center": window.center, "width": window.width,
                        "source": "file", "explanation": explanation})  # fmt: skip
    if lut is not None:
        presets.append({"name": lut.explanation or "File LUT", "center": lut.window.center,
                        "width": lut.window.width, "source": "file",
                        "explanation": "the file's VOI LUT, as the closest linear window"})  # fmt: skip
    if not declared and lut is None:
        presets.append({"name": "Auto", "center": used.center, "width": used.width,
                        "source": "auto", "explanation": "0.5th to 99.5th percentile"})  # fmt: skip
    if str(dataset.get("Modality") or "") == "CT":
        for name, center, width in render.CT_PRESETS:
            presets.append({"name": name, "center": center, "width": width,
                            "source": "standard", "explanation": None})  # fmt: skip
    return presets


def _burned_in_risk(dataset: Dataset) -> bool:
    sop_class = str(dataset.get("SOPClassUID") or "")
    return (
        str(dataset.get("BurnedInAnnotation") or "").strip().upper() == "YES"
        or str(dataset.get("Modality") or "").strip().upper() == "US"
        or sop_class.startswith(_SECONDARY_CAPTURE_PREFIX)
    )


def _pixel_spacing(dataset: Dataset) -> list[float] | None:
    value = render.functional_value(dataset, "PixelMeasuresSequence", "PixelSpacing")
    if value in (None, ""):
        value = dataset.get("ImagerPixelSpacing")
    try:
        spacing = [float(item) for item in render.multi_values(value)]
    except (TypeError, ValueError):
        return None
    return spacing if len(spacing) == 2 else None


def _serialize(dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    try:
        dataset.save_as(buffer, enforce_file_format=True)
    except Exception as error:
        raise corrupt(
            f"The DICOM file cannot be written back after de-identification ({_reason(error)})."
        ) from None
    return buffer.getvalue()


def _text(dataset: Dataset, keyword: str) -> str | None:
    value = dataset.get(keyword)
    text = str(value).strip() if value not in (None, "") else ""
    return text or None


def _sop_class_name(dataset: Dataset) -> str | None:
    sop_class = dataset.get("SOPClassUID")
    if not sop_class:
        return None
    name = UID(str(sop_class)).name
    return name if name != str(sop_class) else None


def _reason(error: Exception) -> str:
    return (str(error).strip() or type(error).__name__)[:200]

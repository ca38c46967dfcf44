"""Safe names: image and file names inside exports, and the download's Content-Disposition."""

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_STEM = 80


def ascii_safe(text: str) -> str:
    """Letters, digits, '.', '_', '-' only (accents dropped, any other run becomes one '_')."""
    plain = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", plain).strip("._-")


def sample_stem(sample_id: int, filename: str) -> str:
    """`<sample id>_<name without folders or extension>`: unique in the export even when two samples
    share a file name, and safe as a path inside a ZIP on every operating system."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in name[1:]:
        name = name.rsplit(".", 1)[0]
    stem = (name if _SAFE.fullmatch(name) else ascii_safe(name))[:MAX_STEM].strip("._-")
    return f"{sample_id}_{stem}" if stem else str(sample_id)


def image_file_name(sample_id: int, filename: str, image_format: str) -> str:
    """The image's name in every format of an export (COCO `file_name`, VOC `<filename>`, the YOLO
    label file's stem plus this extension, CSV `file_name`, the file in the ZIP): the sample's stem
    and the extension of the file an export writes: `.png` for DICOM (rendered), else the stored one's."""
    return sample_stem(sample_id, filename) + image_extension(image_format)


def image_extension(image_format: str) -> str:
    return ".jpg" if image_format == "jpeg" else ".png"


def download_name(set_name: str, parts: list[str], extension: str) -> tuple[str, str]:
    """The download's name as ASCII (for `filename=`) and as Unicode (for RFC 5987 `filename*=`)."""
    readable = _CONTROL.sub("", set_name).replace("/", "_").replace("\\", "_").strip(" .") or "set"
    plain = ascii_safe(set_name)[:MAX_STEM].rstrip("._-") or "set"
    suffix = "-".join(parts)
    return f"{plain}-{suffix}.{extension}", f"{readable[:MAX_STEM]}-{suffix}.{extension}"


def content_disposition(ascii_name: str, unicode_name: str) -> str:
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"

"""Turn the uploaded parts (images or ZIP archives of them) into candidates, judged by content only.

Blocking (file reads, decompression, hashing): call these functions in a worker thread. Uploaded
parts are spooled files; nothing here holds more than one image's bytes in memory at a time, and a
ZIP is read entry by entry from its spooled file, counting the bytes actually inflated.

ZIP bombs cost next to nothing: an archive is refused before a byte is inflated when its headers
declare more than it may unpack to, and the moment the bytes inflated pass that, whatever the headers
declared. What it may unpack to is the upload's budget left (`max_zip_uncompressed_bytes` for every
archive of the upload together) and its own ratio allowance (`max_zip_ratio` times its size, plus
RATIO_FREE_BYTES). Only stored and Deflate entries are unpacked: zipfile inflates bzip2 and LZMA
without bounding a read's output, so a few hundred bytes of them could fill the memory in one call.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Literal

from tagmedx.imaging import describe_content, sniff_format

ImageFormat = Literal["png", "jpeg", "dicom"]
MAX_FILENAME = 255
HEAD_BYTES = 1024
_CHUNK = 1 << 20
_SEPARATORS = re.compile(r"[\\/]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_OS_FILES = frozenset({"thumbs.db", "desktop.ini", "__macosx"})
_UNPACKED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# Methods other tools may use; zipfile unpacks bzip2 and LZMA (without bounds), the others not at all.
_METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd"}
RATIO_FREE_BYTES = 1 << 20  # an archive may always unpack to this much beyond its ratio allowance


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_zip_files: int
    max_zip_uncompressed_bytes: int  # every archive of one upload together
    max_zip_ratio: int  # bytes an archive unpacks to per byte of its own (beyond RATIO_FREE_BYTES)


@dataclass(frozen=True)
class Refusal:
    filename: str
    detail: str
    code: str
    status: int
    position: int = 0  # order in the upload (parts, then entries), to report in that order


@dataclass
class Part:
    """One uploaded multipart file."""

    filename: str
    file: BinaryIO
    size: int
    archive: zipfile.ZipFile | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Candidate:
    """A file that looks like an image and is not too large; where to read it again."""

    filename: str
    format: ImageFormat
    sha256: str
    size: int
    part: Part
    entry: zipfile.ZipInfo | None = None
    position: int = 0

    @property
    def label(self) -> str:
        """How refusals name it: an entry as `archive.zip/path/in/archive`."""
        return self.filename if self.entry is None else f"{self.part.filename}/{self.filename}"

    def refuse(self, detail: str, code: str, status: int) -> Refusal:
        return Refusal(self.label, detail, code, status, self.position)


Judged = Candidate | Refusal


def clean_filename(raw: str | None, fallback: str = "unnamed") -> str:
    """A printable, relative name without '.'/'..' segments, at most 255 characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/")
    name = "".join(character for character in name if character.isprintable())
    segments = [segment.strip() for segment in name.split("/")]
    name = "/".join(segment for segment in segments if segment not in ("", ".", "..")) or fallback
    if len(name) > MAX_FILENAME:
        name = name[:100] + "…" + name[-(MAX_FILENAME - 101) :]
    return name


def judge_parts(parts: list[Part], limits: Limits) -> list[Judged]:
    """Every uploaded part (and every ZIP entry) as a candidate or a refusal, in upload order."""
    judged: list[Judged] = []
    upload = _UploadBudget(limits.max_zip_uncompressed_bytes)
    for part in parts:
        judged.extend(_judge_part(part, limits, upload))
    return [replace(item, position=position) for position, item in enumerate(judged)]


def read_candidate(candidate: Candidate) -> bytes:
    """The whole content of a candidate (bounded: its size was checked when it was judged). An entry
    is inflated a chunk at a time: zipfile's read() of a whole entry asks its decompressor for up to
    2 GiB at once, which a stream holding more than its headers claim would fill."""
    part = candidate.part
    if candidate.entry is not None and part.archive is not None:
        with part.archive.open(candidate.entry) as stream:
            return b"".join(iter(lambda: stream.read(_CHUNK), b""))
    part.file.seek(0)
    return part.file.read()


def close_parts(parts: list[Part]) -> None:
    for part in parts:
        if part.archive is not None:
            part.archive.close()


def _judge_part(part: Part, limits: Limits, upload: _UploadBudget) -> list[Judged]:
    if part.size == 0:
        return [Refusal(part.filename, "The file is empty.", "empty", 422)]
    part.file.seek(0)
    head = part.file.read(HEAD_BYTES)
    kind = sniff_format(head)
    if kind == "zip":
        return _judge_archive(part, limits, upload)
    if kind is None:
        return [_unsupported(part.filename, head, part.size)]
    if part.size > limits.max_file_bytes:
        return [_too_large(part.filename, part.size, limits.max_file_bytes)]
    part.file.seek(0)
    digest = hashlib.sha256()
    while chunk := part.file.read(_CHUNK):
        digest.update(chunk)
    return [Candidate(part.filename, kind, digest.hexdigest(), part.size, part)]


def _unsupported(filename: str, head: bytes, size: int) -> Refusal:
    what = describe_content(head)
    if what:
        detail = f"This looks like {what}, not a PNG, JPEG or DICOM image."
    elif size < 8:
        detail = f"The file is only {size} byte(s) long: it is not a PNG, JPEG or DICOM image."
    else:
        detail = "This file is not a PNG, JPEG or DICOM image (its content is not recognised)."
    return Refusal(filename, detail, "unsupported_type", 415)


def _too_large(filename: str, size: int, limit: int) -> Refusal:
    return Refusal(
        filename,
        f"The file is too large: {size:,} bytes, at most {limit:,} are accepted.",
        "too_large",
        413,
    )


# ------------------------------------------------------------------------------------------ ZIP


def _judge_archive(part: Part, limits: Limits, upload: _UploadBudget) -> list[Judged]:
    name = part.filename
    if part.size > limits.max_zip_uncompressed_bytes:
        return [_too_large(name, part.size, limits.max_zip_uncompressed_bytes)]
    try:
        part.file.seek(0)
        archive = zipfile.ZipFile(part.file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        return [Refusal(name, f"The ZIP archive is damaged and cannot be opened ({error}).", "corrupt", 422)]
    part.archive = archive
    refusal = _check_archive(name, infos, limits)
    if refusal is not None:
        return [refusal]
    entries = [info for info in infos if not _skipped(info)]
    if not entries:
        return [Refusal(name, "The ZIP archive contains no files.", "empty", 422)]
    budget = _Budget(upload.left, part.size * limits.max_zip_ratio + RATIO_FREE_BYTES)
    declared = sum(info.file_size for info in entries if info.compress_type in _UNPACKED_METHODS)
    if declared > budget.limit:
        return [_over_budget(part, limits, upload, budget, declared)]
    judged: list[Judged] = []
    try:
        for info in entries:
            item = _judge_entry(part, archive, info, limits, budget)
            if budget.exceeded:
                return [_over_budget(part, limits, upload, budget, budget.used)]
            judged.append(
                replace(item, filename=f"{name}/{item.filename}") if isinstance(item, Refusal) else item
            )
    finally:
        upload.left -= min(budget.used, upload.left)
    return judged


def _check_archive(name: str, infos: list[zipfile.ZipInfo], limits: Limits) -> Refusal | None:
    if len(infos) > limits.max_zip_files:
        return Refusal(
            name,
            f"The ZIP archive holds {len(infos):,} entries; at most {limits.max_zip_files:,} are "
            "accepted. Split it into smaller archives.",
            "too_many_files",
            413,
        )
    for info in infos:
        if _escapes(info.filename):
            return Refusal(
                name,
                f"The ZIP archive is refused: its entry '{_shown(info.filename)}' points outside "
                "the archive (an absolute path or '..'). Nothing from it was added.",
                "unsafe_zip",
                422,
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            return Refusal(
                name,
                f"The ZIP archive is refused: its entry '{_shown(info.filename)}' is a symbolic "
                "link. Nothing from it was added.",
                "unsafe_zip",
                422,
            )
    return None


def _shown(raw: str) -> str:
    printable = "".join(character for character in raw if character.isprintable())
    return printable if len(printable) <= 100 else printable[:99] + "…"


def _over_budget(part: Part, limits: Limits, upload: _UploadBudget, budget: _Budget, bytes_: int) -> Refusal:
    """The refusal of an archive that declares, or was found to unpack to, `bytes_` over its budget."""
    if bytes_ > budget.upload_left:
        together = " with the other archives of this upload" if upload.left < upload.limit else ""
        detail = (
            f"The ZIP archive unpacks{together} to more than {limits.max_zip_uncompressed_bytes:,} bytes, "
            "more than is accepted. Nothing from it was added."
        )
        return Refusal(part.filename, detail, "too_large", 413)
    detail = (
        f"The ZIP archive unpacks to more than {limits.max_zip_ratio:,} times its own size (more than "
        f"{budget.ratio_limit:,} bytes from its {part.size:,}): it is refused as a ZIP bomb. Nothing "
        "from it was added; images compress far less."
    )
    return Refusal(part.filename, detail, "zip_bomb", 413)


def _escapes(raw: str) -> bool:
    if raw.startswith(("/", "\\")) or _DRIVE.match(raw):
        return True
    return any(segment == ".." for segment in _SEPARATORS.split(raw))


def _skipped(info: zipfile.ZipInfo) -> bool:
    """Folders, hidden files and the files operating systems add (__MACOSX/, .DS_Store, Thumbs.db)."""
    if info.is_dir() or info.filename.endswith(("/", "\\")):
        return True
    segments = [segment for segment in _SEPARATORS.split(info.filename) if segment]
    return any(segment.startswith(".") or segment.lower() in _OS_FILES for segment in segments)


@dataclass
class _UploadBudget:
    """The bytes every archive of one upload may still inflate together."""

    limit: int
    left: int = -1

    def __post_init__(self) -> None:
        self.left = self.limit


@dataclass
class _Budget:
    """Bytes actually inflated from one archive, so lying size headers cannot cost more: at most the
    upload's bytes left and the archive's ratio allowance."""

    upload_left: int
    ratio_limit: int
    used: int = 0

    @property
    def limit(self) -> int:
        return min(self.upload_left, self.ratio_limit)

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit


def _judge_entry(
    part: Part, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: _Budget
) -> Judged:
    name = clean_filename(info.filename)
    if info.flag_bits & 0x1:
        return Refusal(
            name, "The file is encrypted in the ZIP archive; upload it unencrypted.", "encrypted", 422
        )
    if info.compress_type not in _UNPACKED_METHODS:
        return _unpacked_method_refusal(name, info.compress_type)
    if info.file_size > limits.max_file_bytes:
        return _too_large(name, info.file_size, limits.max_file_bytes)
    if info.file_size == 0:
        return Refusal(name, "The file is empty.", "empty", 422)
    try:
        head, digest, size = _hash_entry(archive, info, limits.max_file_bytes, budget)
    except _EntryTooLarge:
        if budget.exceeded:  # the caller refuses the whole archive
            return Refusal(name, "The ZIP archive unpacks to more than is accepted.", "too_large", 413)
        return _too_large(name, info.file_size, limits.max_file_bytes)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError) as error:
        return Refusal(name, f"The file is damaged inside the ZIP archive ({error}).", "corrupt", 422)
    kind = sniff_format(head)
    if kind == "zip":
        return Refusal(
            name,
            "This is a ZIP archive inside the ZIP archive; archives are not unpacked within archives.",
            "nested_zip",
            415,
        )
    if kind is None:
        return _unsupported(name, head, size)
    return Candidate(name, kind, digest, size, part, info)


def _unpacked_method_refusal(name: str, method: int) -> Refusal:
    known = _METHOD_NAMES.get(method)
    if known is None:
        return Refusal(
            name, "The file is compressed with a method this server cannot unpack.", "corrupt", 422
        )
    return Refusal(
        name,
        f"The file is compressed with {known} in the ZIP archive; only Deflate (what every system's "
        "'compress' makes) and stored files are unpacked. Create the archive again with Deflate.",
        "unsupported_compression",
        415,
    )


class _EntryTooLarge(Exception):
    pass


def _hash_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int, budget: _Budget
) -> tuple[bytes, str, int]:
    digest = hashlib.sha256()
    head = b""
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            budget.used += len(chunk)
            if size > max_bytes or budget.exceeded:
                raise _EntryTooLarge
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            digest.update(chunk)
    return head, digest.hexdigest(), size

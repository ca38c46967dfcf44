"""ZIP bombs built in milliseconds, and a count of the bytes zipfile really inflates.

A run of zeros deflates, after a full flush, to the same bytes every time: a 1 GiB entry is one
compressed MiB of zeros repeated 1024 times, never 1 GiB in memory or through zlib."""

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import pytest

MIB = 1 << 20
_DOS_DATE = 0x21  # 1980-01-01


def deflated_zeros(size: int, head: bytes = b"") -> bytes:
    """The raw Deflate stream of `head` followed by zeros, `size` bytes in all (a multiple of a MiB)."""
    assert size % MIB == 0 and len(head) < MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head + bytes(MIB - len(head))) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + repeated * (size // MIB - 1) + compressor.flush()


def zeros_crc(size: int, head: bytes = b"") -> int:
    """The CRC-32 of what deflated_zeros(size, head) inflates to (or of its first `size` bytes)."""
    crc = zlib.crc32(head + bytes(MIB - len(head)))
    zeros = bytes(MIB)
    for _ in range(size // MIB - 1):
        crc = zlib.crc32(zeros, crc)
    return crc


@dataclass(frozen=True)
class RawEntry:
    """An entry stored as `stream` is (already compressed with `method`), whatever its headers claim."""

    name: str
    stream: bytes
    claimed_size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED


def zip_around(name: str, stream: bytes, *, claimed_size: int, crc: int) -> bytes:
    """A one-entry ZIP holding the Deflate `stream` as is, whose headers claim `claimed_size` bytes."""
    return zip_of_raw([RawEntry(name, stream, claimed_size, crc)])


def zip_of_raw(entries: list[RawEntry]) -> bytes:
    local, central = b"", b""
    for entry in entries:
        encoded = entry.name.encode()
        fields = (20, 0, entry.method, 0, _DOS_DATE, entry.crc, len(entry.stream), entry.claimed_size)
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack(
            "<HHHHHIIIHHHHHII", *fields, len(encoded), 0, 0, 0, 0, 0, len(local)
        )
        central += encoded
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, len(encoded), 0) + encoded + entry.stream
    count = len(entries)
    return (
        local
        + central
        + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    )


@dataclass
class Inflation:
    """Every byte zipfile's decompressors hand out (before zipfile trims them to the entry's size)."""

    calls: int = 0
    bytes: int = 0
    hooks: list[Any] = field(default_factory=list)

    def record(self, produced: bytes) -> bytes:
        self.calls += 1
        self.bytes += len(produced)
        for hook in self.hooks:
            hook(self)
        return produced


class _Counting:
    def __init__(self, inner: Any, inflation: Inflation) -> None:
        self._inner = inner
        self._inflation = inflation

    def decompress(self, data: bytes, *args: Any) -> bytes:
        return self._inflation.record(self._inner.decompress(data, *args))

    def flush(self, *args: Any) -> bytes:
        return self._inflation.record(self._inner.flush(*args))

    def __getattr__(self, name: str) -> Any:  # unconsumed_tail, eof
        return getattr(self._inner, name)


@pytest.fixture
def inflation(monkeypatch: pytest.MonkeyPatch) -> Inflation:
    """Counts what zipfile inflates in this test, in any thread."""
    counted = Inflation()
    original = zipfile._get_decompressor  # type: ignore[attr-defined]

    def counting(method: int) -> Any:
        inner = original(method)
        return None if inner is None else _Counting(inner, counted)

    monkeypatch.setattr(zipfile, "_get_decompressor", counting)
    return counted

"""A ZIP written to a stream that cannot seek: each member's sizes follow it in a data descriptor
(zipfile does this by itself for unseekable outputs), and written bytes are taken out as they come."""

import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime

STORE_BELOW = 512  # bytes (or characters)


class _Sink:
    """Collects what zipfile writes; has no `tell`/`seek`, so zipfile streams with data descriptors."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


class StreamingZip:
    def __init__(self, when: datetime, *, compresslevel: int = 1) -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(self._sink, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)

    def _info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return info

    def add(self, name: str, data: bytes | str, *, compress: bool = True) -> None:
        """Small members are stored: starting a compressor costs more than it saves on them. So are
        those already compressed (`compress=False`: PNG and JPEG images)."""
        self._zip.writestr(self._info(name, compress and len(data) >= STORE_BELOW), data)

    def add_pieces(self, name: str, pieces: Iterable[bytes]) -> Iterator[bytes]:
        """Add a member written piece by piece, yielding the archive's bytes as they are produced."""
        with self._zip.open(self._info(name, True), "w") as member:
            for piece in pieces:
                member.write(piece)
                yield self.take()
        yield self.take()

    def take(self) -> bytes:
        return self._sink.take()

    def close(self) -> bytes:
        self._zip.close()
        return self.take()

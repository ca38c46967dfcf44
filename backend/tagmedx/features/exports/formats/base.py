"""What every format implements, and the helpers they share.

A formatter is synchronous and runs in a worker thread (serialising and compressing are CPU work
that must not block the event loop). The streaming driver calls `start()`, then for every pass
`write(index, chunk)` per chunk and `end_pass(index)`, and finally pulls the pieces of `finish()`.
Each call returns the bytes to send next; nothing holds more than one chunk's output.
"""

import csv
import io
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import IO, Any

from tagmedx.features.exports.rows import Chunk, ExportContext, FileNeeds, Needs


class Formatter(ABC):
    media_type: str
    extension: str
    passes: tuple[Needs, ...]
    file_needs = FileNeeds.none  # which samples the last pass's chunks carry `files` of

    def __init__(self, context: ExportContext) -> None:
        self.context = context

    @abstractmethod
    def start(self) -> bytes: ...

    @abstractmethod
    def write(self, index: int, chunk: Chunk) -> bytes: ...

    def end_pass(self, index: int) -> bytes:
        return b""

    def finish(self) -> Iterator[bytes]:
        return iter(())

    def close(self) -> None:
        """Release temporary files (called even when the download is cut short)."""
        return None


def flag(value: bool) -> str:
    return "true" if value else "false"


def number(value: float) -> int | float:
    """Whole numbers as ints (`12` rather than `12.0`), anything else unchanged."""
    return int(value) if value.is_integer() else value


class CsvText:
    """RFC 4180 rows (CRLF), encoded as UTF-8 on `take()`. Text is written as it is, never rewritten,
    and every text cell is quoted (numbers are not): a spreadsheet told to read quoted fields as text
    (LibreOffice's "Format quoted field as text") then never runs a cell such as `=1+1` as a formula."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)

    def row(self, values: Iterable[Any]) -> None:
        self._writer.writerow(values)

    def take(self) -> bytes:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode("utf-8")


class Spool:
    """A temporary file that collects a large ZIP member (e.g. a CSV index) across chunks."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def pieces(self, size: int = 1 << 20) -> Iterator[bytes]:
        self._file.seek(0)
        while piece := self._file.read(size):
            yield piece

    def close(self) -> None:
        self._file.close()

"""Exports: check the request, record it in the audit trail, and stream the chosen format.

The audit event and the labels are written/read in the request's session (committed before the
response starts); the rows are then read chunk by chunk with short sessions of their own and
serialised in a worker thread, so memory stays flat however large the set is.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.errors import Unprocessable
from tagmedx.features.audit.service import record
from tagmedx.features.exports import repository
from tagmedx.features.exports.formats.base import Formatter
from tagmedx.features.exports.formats.coco import CocoFormatter
from tagmedx.features.exports.formats.csv_format import CsvFormatter
from tagmedx.features.exports.formats.voc import VocFormatter
from tagmedx.features.exports.formats.yolo import YoloFormatter
from tagmedx.features.exports.naming import content_disposition, download_name
from tagmedx.features.exports.reader import read_chunks
from tagmedx.features.exports.rows import ExportContext, ExportSource
from tagmedx.features.exports.schemas import ExportFormat, ExportScope
from tagmedx.models import Package, Set, SetType

FORMATTERS: dict[ExportFormat, type[Formatter]] = {
    ExportFormat.coco: CocoFormatter,
    ExportFormat.csv: CsvFormatter,
    ExportFormat.yolo: YoloFormatter,
    ExportFormat.voc: VocFormatter,
}
BOX_FORMATS = frozenset({ExportFormat.yolo, ExportFormat.voc})


class FormatNeedsBoxes(Unprocessable):
    code = "format_needs_detection_set"
    detail = "YOLO and Pascal VOC describe boxes: export a classification set as COCO or CSV."


@dataclass(frozen=True)
class Download:
    media_type: str
    content_disposition: str
    body: AsyncIterator[bytes]


@dataclass(frozen=True)
class ExportRequest:
    user_id: int
    group_id: int
    export_format: ExportFormat
    scope: ExportScope


async def export_set(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], item: Set, request: ExportRequest
) -> Download:
    await _record(session, request, "set", item.id, {"set_id": item.id})
    return await _start(session, sessionmaker, item, None, request)


async def export_package(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    package: Package,
    request: ExportRequest,
) -> Download:
    item = await repository.set_of(session, package.set_id)
    await _record(session, request, "package", package.id, {"set_id": item.id})
    return await _start(session, sessionmaker, item, package.id, request)


async def _record(
    session: AsyncSession, request: ExportRequest, kind: str, object_id: int, extra: dict[str, int]
) -> None:
    await record(
        session,
        action=f"{kind}.export",
        user_id=request.user_id,
        group_id=request.group_id,
        object_type=kind,
        object_id=object_id,
        detail={"format": request.export_format.value, "scope": request.scope.value, **extra},
    )


async def _start(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    item: Set,
    package_id: int | None,
    request: ExportRequest,
) -> Download:
    if request.export_format in BOX_FORMATS and item.type is not SetType.detection:
        raise FormatNeedsBoxes()
    context = ExportContext(
        set_id=item.id,
        set_name=item.name,
        set_type=item.type,
        group_id=item.group_id,
        package_id=package_id,
        scope=request.scope,
        exported_at=datetime.now(UTC).replace(microsecond=0),
        labels=await repository.labels_of_set(session, item.id),
    )
    formatter = FORMATTERS[request.export_format](context)
    parts = [request.export_format.value] + ([f"package{package_id}"] if package_id else [])
    ascii_name, unicode_name = download_name(item.name, [*parts, request.scope.value], formatter.extension)
    ready_only = request.scope is ExportScope.ready
    source = ExportSource(set_id=item.id, package_id=package_id, ready_only=ready_only)
    return Download(
        media_type=formatter.media_type,
        content_disposition=content_disposition(ascii_name, unicode_name),
        body=stream(formatter, sessionmaker, source),
    )


async def stream(
    formatter: Formatter, sessionmaker: async_sessionmaker[AsyncSession], source: ExportSource
) -> AsyncIterator[bytes]:
    """The export's bytes: every pass reads the samples chunk by chunk; the formatter runs in a thread."""
    detection = formatter.context.is_detection
    try:
        yield await to_thread.run_sync(formatter.start)
        for index, needs in enumerate(formatter.passes):
            async for chunk in read_chunks(sessionmaker, source, needs, detection=detection):
                if data := await to_thread.run_sync(formatter.write, index, chunk):
                    yield data
            if data := await to_thread.run_sync(formatter.end_pass, index):
                yield data
        pieces = formatter.finish()
        while (piece := await to_thread.run_sync(next, pieces, None)) is not None:
            if piece:
                yield piece
    finally:
        formatter.close()

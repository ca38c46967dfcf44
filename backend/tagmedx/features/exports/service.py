"""Exports: check the request, record it in the audit trail, and stream the chosen format.

The audit event and the labels are written/read in the request's session (committed before the
response starts); the rows are then read chunk by chunk with short sessions of their own and
serialised in a worker thread, so memory stays flat however large the set is. With `images=true`
every format is a ZIP, and each chunk's images are written into it before the chunk's annotations
(images.py), one at a time.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.errors import Unprocessable
from tagmedx.features.audit.service import record
from tagmedx.features.exports import repository
from tagmedx.features.exports.formats.archive import ArchiveFormatter
from tagmedx.features.exports.formats.base import Formatter
from tagmedx.features.exports.formats.bundle import coco_bundle, csv_bundle
from tagmedx.features.exports.formats.coco import CocoFormatter
from tagmedx.features.exports.formats.csv_format import CsvFormatter
from tagmedx.features.exports.formats.voc import VocFormatter
from tagmedx.features.exports.formats.yolo import YoloFormatter
from tagmedx.features.exports.images import write_images
from tagmedx.features.exports.naming import content_disposition, download_name
from tagmedx.features.exports.reader import read_chunks
from tagmedx.features.exports.rows import ExportContext, ExportSource, FileNeeds
from tagmedx.features.exports.schemas import ExportFormat, ExportScope
from tagmedx.models import Package, Set, SetType
from tagmedx.storage.base import Storage

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
    images: bool = False


@dataclass(frozen=True)
class ExportPlan:
    """What a download will be: its names (ASCII and Unicode) and media type."""

    ascii_name: str
    unicode_name: str
    media_type: str


@dataclass(frozen=True)
class Streams:
    """Where the body's rows and images come from once the request's session is closed."""

    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage


def plan_set(item: Set, request: ExportRequest) -> ExportPlan:
    """The download an export of the set would give, or FormatNeedsBoxes (nothing is read or recorded)."""
    return _plan(item, None, request)


async def plan_package(session: AsyncSession, package: Package, request: ExportRequest) -> ExportPlan:
    return _plan(await repository.set_of(session, package.set_id), package.id, request)


async def export_set(session: AsyncSession, streams: Streams, item: Set, request: ExportRequest) -> Download:
    plan = _plan(item, None, request)
    await _record(session, request, "set", item.id, {"set_id": item.id})
    return await _start(session, streams, item, None, request, plan)


async def export_package(
    session: AsyncSession, streams: Streams, package: Package, request: ExportRequest
) -> Download:
    item = await repository.set_of(session, package.set_id)
    plan = _plan(item, package.id, request)
    await _record(session, request, "package", package.id, {"set_id": item.id})
    return await _start(session, streams, item, package.id, request, plan)


def _plan(item: Set, package_id: int | None, request: ExportRequest) -> ExportPlan:
    if request.export_format in BOX_FORMATS and item.type is not SetType.detection:
        raise FormatNeedsBoxes()
    formatter = FORMATTERS[request.export_format]
    zipped = request.images or issubclass(formatter, ArchiveFormatter)
    parts = [request.export_format.value] + ([f"package{package_id}"] if package_id else [])
    parts += [request.scope.value] + (["images"] if request.images else [])
    ascii_name, unicode_name = download_name(item.name, parts, "zip" if zipped else formatter.extension)
    return ExportPlan(ascii_name, unicode_name, "application/zip" if zipped else formatter.media_type)


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
        detail={
            "format": request.export_format.value,
            "scope": request.scope.value,
            "images": request.images,
            **extra,
        },
    )


async def _start(
    session: AsyncSession,
    streams: Streams,
    item: Set,
    package_id: int | None,
    request: ExportRequest,
    plan: ExportPlan,
) -> Download:
    context = ExportContext(
        set_id=item.id,
        set_name=item.name,
        set_type=item.type,
        group_id=item.group_id,
        package_id=package_id,
        scope=request.scope,
        exported_at=datetime.now(UTC).replace(microsecond=0),
        labels=await repository.labels_of_set(session, item.id),
        images=request.images,
    )
    source = ExportSource(
        set_id=item.id, package_id=package_id, ready_only=request.scope is ExportScope.ready
    )
    return Download(
        media_type=plan.media_type,
        content_disposition=content_disposition(plan.ascii_name, plan.unicode_name),
        body=stream(_formatter(context, request.export_format), streams, source),
    )


def _formatter(context: ExportContext, export_format: ExportFormat) -> Formatter:
    formatter = FORMATTERS[export_format](context)
    if not context.images or isinstance(formatter, ArchiveFormatter):
        return formatter
    return coco_bundle(formatter) if export_format is ExportFormat.coco else csv_bundle(formatter)


async def stream(formatter: Formatter, streams: Streams, source: ExportSource) -> AsyncIterator[bytes]:
    """The export's bytes: every pass reads the samples chunk by chunk; the formatter runs in a thread.
    In the last pass, the chunk's images (with `images=true`) go into the ZIP before its annotations."""
    detection = formatter.context.is_detection
    archive = formatter if formatter.context.images and isinstance(formatter, ArchiveFormatter) else None
    last = len(formatter.passes) - 1
    try:
        yield await to_thread.run_sync(formatter.start)
        for index, needs in enumerate(formatter.passes):
            files = FileNeeds.none if index < last else FileNeeds.every if archive else formatter.file_needs
            async for chunk in read_chunks(
                streams.sessionmaker, source, needs, detection=detection, files=files
            ):
                if archive is not None and index == last:
                    async for data in write_images(archive, streams.storage, chunk):
                        yield data
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

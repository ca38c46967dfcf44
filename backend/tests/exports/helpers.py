"""Rows for export tests, inserted straight into the database (people and groups come via the API)."""

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    Box,
    Examination,
    ExaminationLabel,
    Label,
    Package,
    Sample,
    SampleFormat,
    Set,
    SetType,
)
from tests.factories import Caller, join_group, make_group, make_user
from tests.rows import sample_row

_numbers = itertools.count(1)
COLORS = ("#e03131", "#1971c2", "#2f9e44", "#f08c00")


async def make_set(
    session: AsyncSession, group_id: int, name: str = "Chest", set_type: SetType = SetType.detection
) -> Set:
    item = Set(group_id=group_id, name=name, type=set_type, package_size=10, description="")
    session.add(item)
    await session.flush()
    return item


async def add_labels(session: AsyncSession, item: Set, names: Sequence[str]) -> list[Label]:
    labels = [
        Label(set_id=item.id, name=name, color=COLORS[index % len(COLORS)], description=f"about {name}")
        for index, name in enumerate(names)
    ]
    session.add_all(labels)
    await session.flush()
    return labels


async def add_package(
    session: AsyncSession, item: Set, *, ready: bool = False, assignee_id: int | None = None
) -> Package:
    package = Package(set_id=item.id, is_ready=ready, assignee_id=assignee_id)
    session.add(package)
    await session.flush()
    return package


async def add_sample(
    session: AsyncSession,
    package: Package,
    filename: str = "image.png",
    *,
    width: int = 200,
    height: int = 100,
    sample_format: SampleFormat = SampleFormat.png,
    modality: str | None = None,
) -> Sample:
    digest = hashlib.sha256(f"sample-{next(_numbers)}".encode()).hexdigest()
    sample = sample_row(
        set_id=package.set_id,
        package_id=package.id,
        digest=digest,
        filename=filename,
        format=sample_format,
        width=width,
        height=height,
        modality=modality,
    )
    session.add(sample)
    await session.flush()
    return sample


BoxSpec = tuple[Label, float, float, float, float] | tuple[Label, float, float, float, float, str]


async def add_examination(
    session: AsyncSession,
    sample: Sample,
    user_id: int,
    *,
    boxes: Sequence[BoxSpec] = (),
    labels: Sequence[Label] = (),
    tentative: bool = False,
    bad_quality: bool = False,
    comment: str = "",
) -> Examination:
    examination = Examination(
        sample_id=sample.id,
        set_id=sample.set_id,
        user_id=user_id,
        tentative=tentative,
        bad_quality=bad_quality,
        comment=comment,
    )
    session.add(examination)
    await session.flush()
    for spec in boxes:
        label, x, y, width, height = spec[:5]
        box_comment = spec[5] if len(spec) > 5 else ""
        session.add(
            Box(
                examination_id=examination.id,
                label_id=label.id,
                x=x,
                y=y,
                width=width,
                height=height,
                comment=box_comment,
            )
        )
    session.add_all(ExaminationLabel(examination_id=examination.id, label_id=label.id) for label in labels)
    await session.flush()
    return examination


@dataclass
class World:
    """Radiology (admin + annotator) with a detection set, and an outsider with a set of their own.

    Package `ready` holds `read` (two readers' boxes) and `unread` (nobody's); package `open`
    (not ready) holds `pending` (one box)."""

    admin: Caller
    annotator: Caller
    outsider: Caller
    group_id: int
    item: Set
    labels: list[Label]
    ready: Package
    open: Package
    read: Sample
    unread: Sample
    pending: Sample
    other_set: Set
    other_package: Package
    extra: dict[str, Any] = field(default_factory=dict)


async def make_world(client: httpx.AsyncClient, session: AsyncSession) -> World:
    admin = await make_user(client, name="Ewa", surname="Kowalska")
    annotator = await make_user(client, name="Jan", surname="Lis")
    outsider = await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, annotator, group)
    other_group = await make_group(client, outsider, name="Elsewhere")
    item = await make_set(session, group["id"])
    nodule, mass = await add_labels(session, item, ["Nodule", "Mass"])
    ready = await add_package(session, item, ready=True, assignee_id=annotator.id)
    open_package = await add_package(session, item, assignee_id=annotator.id)
    read = await add_sample(session, ready, "chest.png", width=200, height=100)
    unread = await add_sample(
        session, ready, "lung.dcm", width=512, height=256, sample_format=SampleFormat.dicom
    )
    unread.modality = "CT"
    pending = await add_sample(session, open_package, "late.png", width=64, height=64)
    await add_examination(
        session, read, annotator.id, boxes=[(nodule, 10, 20, 30, 40, "small"), (mass, 0, 0, 200, 100)]
    )
    await add_examination(
        session, read, admin.id, boxes=[(mass, 50.5, 25.25, 20, 10)], tentative=True, comment="check"
    )
    await add_examination(session, pending, annotator.id, boxes=[(nodule, 1, 2, 3, 4)])
    other_set = await make_set(session, other_group["id"], name="Theirs")
    other_package = await add_package(session, other_set, ready=True)
    await add_sample(session, other_package, "theirs.png")
    await session.commit()
    return World(
        admin=admin,
        annotator=annotator,
        outsider=outsider,
        group_id=group["id"],
        item=item,
        labels=[nodule, mass],
        ready=ready,
        open=open_package,
        read=read,
        unread=unread,
        pending=pending,
        other_set=other_set,
        other_package=other_package,
    )

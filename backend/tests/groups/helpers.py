"""Helpers for the groups, members and stats tests: teams through the API, and content (sets, labels,
packages, samples, examinations, boxes) inserted straight into the database, so these tests don't
depend on the upload and annotation endpoints."""

import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    Box,
    Examination,
    ExaminationLabel,
    Label,
    Membership,
    Package,
    Role,
    Sample,
    Set,
    SetType,
)
from tagmedx.storage import make_storage_key
from tests.factories import Caller, join_group, make_group, make_user
from tests.rows import (
    sample_row,
)

_numbers = itertools.count(1)


@dataclass
class Team:
    admin: Caller
    annotator: Caller
    group: dict[str, Any]

    @property
    def group_id(self) -> int:
        return int(self.group["id"])


async def make_team(client: httpx.AsyncClient, name: str = "Radiology") -> Team:
    admin = await make_user(client)
    annotator = await make_user(client)
    group = await make_group(client, admin, name=name)
    await join_group(client, annotator, group)
    return Team(admin=admin, annotator=annotator, group=group)


async def add_set(session: AsyncSession, group_id: int, set_type: SetType = SetType.detection) -> Set:
    image_set = Set(group_id=group_id, name=f"Set {next(_numbers)}", type=set_type, package_size=10)
    session.add(image_set)
    await session.flush()
    return image_set


async def add_label(session: AsyncSession, set_id: int) -> Label:
    label = Label(set_id=set_id, name=f"Label {next(_numbers)}", color="#ff0000")
    session.add(label)
    await session.flush()
    return label


async def add_package(
    session: AsyncSession, set_id: int, *, assignee_id: int | None = None, is_ready: bool = False
) -> Package:
    package = Package(set_id=set_id, assignee_id=assignee_id, is_ready=is_ready)
    session.add(package)
    await session.flush()
    return package


def sha_of(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


async def add_sample(session: AsyncSession, package: Package, *, sha256: str | None = None) -> Sample:
    digest = sha256 or sha_of(f"sample {next(_numbers)}")
    sample = sample_row(
        set_id=package.set_id,
        package_id=package.id,
        digest=digest,
        display_key=make_storage_key(digest, "original"),
    )
    session.add(sample)
    await session.flush()
    return sample


async def add_examination(
    session: AsyncSession,
    sample: Sample,
    user_id: int,
    *,
    box_labels: tuple[Label, ...] = (),
    chosen_labels: tuple[Label, ...] = (),
) -> Examination:
    examination = Examination(sample_id=sample.id, set_id=sample.set_id, user_id=user_id)
    session.add(examination)
    await session.flush()
    session.add_all(
        [
            Box(examination_id=examination.id, label_id=label.id, x=1, y=1, width=5, height=5)
            for label in box_labels
        ]
        + [ExaminationLabel(examination_id=examination.id, label_id=label.id) for label in chosen_labels]
    )
    await session.flush()
    return examination


async def role_of(session: AsyncSession, group_id: int, user_id: int) -> Role | None:
    statement = sa.select(Membership.role).where(
        Membership.group_id == group_id, Membership.user_id == user_id
    )
    value = await session.scalar(statement)
    return None if value is None else Role(value)

"""Helpers for the examinations tests: a detection or classification set with one package."""

from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Box, Examination, ExaminationLabel, SetType
from tests.packages.helpers import Team, Workspace, insert_package, insert_set, make_team

WIDTH, HEIGHT = 100, 80


@dataclass
class Scene:
    team: Team
    space: Workspace
    package_id: int
    sample_id: int

    @property
    def url(self) -> str:
        return f"/api/samples/{self.sample_id}/examination"


async def make_scene(
    client: httpx.AsyncClient,
    session: AsyncSession,
    *,
    type: SetType = SetType.detection,
    assigned: bool = True,
    is_ready: bool = False,
    multi_label: bool = False,
) -> Scene:
    team = await make_team(client, session)
    space = await insert_set(session, team.group_id, type=type, labels=3, multi_label=multi_label)
    package = await insert_package(
        session,
        space,
        samples=2,
        assignee_id=team.annotator.id if assigned else None,
        is_ready=is_ready,
        width=WIDTH,
        height=HEIGHT,
    )
    return Scene(team=team, space=space, package_id=package, sample_id=space.samples[package][0])


def box(label_id: int, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"label_id": label_id, "x": 10, "y": 20, "width": 30, "height": 40}
    values.update(fields)
    return values


def reading(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"tentative": False, "bad_quality": False}
    values.update(fields)
    return values


@dataclass
class Stored:
    """What the database holds for one examination (None when there is none)."""

    version: int
    tentative: bool
    bad_quality: bool
    comment: str
    label_ids: list[int]
    boxes: list[tuple[int, float, float, float, float, str]]


async def stored(session: AsyncSession, sample_id: int, user_id: int) -> Stored | None:
    session.expire_all()
    examination = (
        await session.execute(
            sa.select(Examination).where(Examination.sample_id == sample_id, Examination.user_id == user_id)
        )
    ).scalar_one_or_none()
    if examination is None:
        return None
    labels = await session.execute(
        sa.select(ExaminationLabel.label_id)
        .where(ExaminationLabel.examination_id == examination.id)
        .order_by(ExaminationLabel.label_id)
    )
    boxes = await session.execute(
        sa.select(Box.label_id, Box.x, Box.y, Box.width, Box.height, Box.comment)
        .where(Box.examination_id == examination.id)
        .order_by(Box.id)
    )
    return Stored(
        version=examination.version,
        tentative=examination.tentative,
        bad_quality=examination.bad_quality,
        comment=examination.comment,
        label_ids=list(labels.scalars()),
        boxes=[tuple(row) for row in boxes],  # type: ignore[misc]
    )

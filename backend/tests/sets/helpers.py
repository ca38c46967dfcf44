"""Helpers for the sets and labels tests: a group with an admin and an annotator, sets, and rows
inserted straight into the database for what other features will create (packages, samples, boxes)."""

import itertools
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Box, Examination, ExaminationLabel, Package, Sample
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


async def make_team(client: httpx.AsyncClient, name: str = "Radiology") -> Team:
    admin = await make_user(client)
    annotator = await make_user(client)
    group = await make_group(client, admin, name=name)
    await join_group(client, annotator, group)
    return Team(admin=admin, annotator=annotator, group=group)


async def make_set(client: httpx.AsyncClient, team: Team, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "Chest X-ray", "type": "detection", "package_size": 20}
    body.update(fields)
    response = await client.post(
        f"/api/groups/{team.group['id']}/sets", json=body, headers=team.admin.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def make_label(client: httpx.AsyncClient, team: Team, set_id: int, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": f"Label {next(_numbers)}", "color": "#00ff00"}
    body.update(fields)
    response = await client.post(f"/api/sets/{set_id}/labels", json=body, headers=team.admin.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def insert_package(session: AsyncSession, set_id: int) -> Package:
    package = Package(set_id=set_id)
    session.add(package)
    await session.flush()
    return package


async def insert_sample(session: AsyncSession, set_id: int, package_id: int) -> Sample:
    digest = f"{next(_numbers):064x}"
    sample = sample_row(
        set_id=set_id,
        package_id=package_id,
        digest=digest,
        filename=f"image-{digest[-4:]}.png",
        display_key=make_storage_key(digest, "original"),
    )
    session.add(sample)
    await session.flush()
    return sample


async def insert_examination(
    session: AsyncSession,
    sample: Sample,
    user_id: int,
    *,
    box_label_ids: tuple[int, ...] = (),
    chosen_label_ids: tuple[int, ...] = (),
) -> Examination:
    examination = Examination(sample_id=sample.id, set_id=sample.set_id, user_id=user_id)
    session.add(examination)
    await session.flush()
    session.add_all(
        [
            Box(examination_id=examination.id, label_id=label_id, x=1, y=2, width=5, height=6)
            for label_id in box_label_ids
        ]
        + [
            ExaminationLabel(examination_id=examination.id, label_id=label_id)
            for label_id in chosen_label_ids
        ]
    )
    await session.flush()
    return examination

"""Helpers for the packages and examinations tests.

People and groups come through the public API (tests/factories.py); sets, labels, packages and
samples are inserted straight into the database, so these tests do not depend on the upload route.
"""

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.auth.tokens import hash_api_token, new_api_token
from tagmedx.models import (
    ApiToken,
    AuditEvent,
    Label,
    Membership,
    Package,
    Role,
    Set,
    SetType,
    User,
)
from tagmedx.models.base import utcnow
from tests.factories import Caller, join_group, make_group
from tests.rows import sample_row

_numbers = itertools.count(1)


@dataclass
class Team:
    """A group with one admin and one annotator."""

    admin: Caller
    annotator: Caller
    group: dict[str, Any]

    @property
    def group_id(self) -> int:
        return int(self.group["id"])


async def fast_user(session: AsyncSession, name: str = "Anna") -> Caller:
    """A user made straight in the database with a personal API token: registering hashes a
    password (slow by design), and these tests are about packages, not sign-up."""
    number = next(_numbers)
    user = User(
        email=f"reader{number}@example.org", password_hash="!", name=name, surname=f"Kowalska{number}"
    )
    session.add(user)
    await session.flush()
    token = new_api_token()
    session.add(
        ApiToken(
            user_id=user.id,
            name="tests",
            token_hash=hash_api_token(token),
            token_prefix=token[:8],
            last_used_at=utcnow(),  # so requests only read it: concurrent requests really overlap
        )
    )
    await session.commit()
    return Caller(id=user.id, email=user.email, token=token, headers={"Authorization": f"Bearer {token}"})


async def make_team(client: httpx.AsyncClient, session: AsyncSession, name: str = "Radiology") -> Team:
    """A group made and joined through the API, by an admin and an annotator."""
    admin = await fast_user(session)
    annotator = await fast_user(session)
    group = await make_group(client, admin, name=name)
    await join_group(client, annotator, group)
    return Team(admin=admin, annotator=annotator, group=group)


async def add_annotator(client: httpx.AsyncClient, session: AsyncSession, team: Team) -> Caller:
    person = await fast_user(session)
    await join_group(client, person, team.group)
    return person


async def quick_members(session: AsyncSession, group_id: int, count: int) -> list[Caller]:
    """Annotators added straight in the database (fast, for crowds)."""
    people = [await fast_user(session, name="Crowd") for _ in range(count)]
    session.add_all(
        Membership(group_id=group_id, user_id=person.id, role=Role.annotator) for person in people
    )
    await session.commit()
    return people


@dataclass
class Workspace:
    """A set with labels and packages of samples, as rows in the database."""

    set_id: int
    label_ids: list[int]
    packages: list[int] = field(default_factory=list)
    samples: dict[int, list[int]] = field(default_factory=dict)  # package id -> sample ids


async def insert_set(
    session: AsyncSession,
    group_id: int,
    *,
    type: SetType = SetType.detection,
    labels: int = 2,
    name: str = "Chest X-ray",
    multi_label: bool = False,
) -> Workspace:
    created = Set(
        group_id=group_id, name=name, type=type, package_size=10, description="", multi_label=multi_label
    )
    session.add(created)
    await session.flush()
    label_rows = [
        Label(set_id=created.id, name=f"Label {next(_numbers)}", color="#00ff00", description="")
        for _ in range(labels)
    ]
    session.add_all(label_rows)
    await session.commit()
    return Workspace(set_id=created.id, label_ids=[label.id for label in label_rows])


async def insert_package(
    session: AsyncSession,
    workspace: Workspace,
    *,
    samples: int = 3,
    assignee_id: int | None = None,
    is_ready: bool = False,
    width: int = 100,
    height: int = 80,
) -> int:
    package = Package(set_id=workspace.set_id, assignee_id=assignee_id, is_ready=is_ready)
    session.add(package)
    await session.flush()
    rows = []
    for _ in range(samples):
        number = next(_numbers)
        digest = f"{number:064x}"
        rows.append(
            sample_row(
                set_id=workspace.set_id,
                package_id=package.id,
                digest=digest,
                filename=f"image-{number}.png",
                width=width,
                height=height,
            )
        )
    session.add_all(rows)
    await session.commit()
    workspace.packages.append(package.id)
    workspace.samples[package.id] = [sample.id for sample in rows]
    return package.id


async def scalar(session: AsyncSession, statement: sa.Select[Any]) -> Any:
    """A fresh read (not the session's cached objects) of one value."""
    session.expire_all()
    return (await session.execute(statement)).scalar_one_or_none()


OWN_AUDIT_PREFIXES = ("package.", "examination.", "box.")


async def audit_actions(session: AsyncSession, group_id: int) -> list[str]:
    """The group's audit actions about packages, examinations and boxes, oldest first."""
    session.expire_all()
    rows = await session.execute(
        sa.select(AuditEvent.action).where(AuditEvent.group_id == group_id).order_by(AuditEvent.id)
    )
    return [action for action in rows.scalars() if action.startswith(OWN_AUDIT_PREFIXES)]


@asynccontextmanager
async def separate_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Another HTTP client on the same app, for requests that really run at the same time."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http

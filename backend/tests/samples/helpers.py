"""Arrange users, groups and sets directly in the database (independent of other features' routes),
and build upload inputs: PNG/JPEG with Pillow, real DICOM from pydicom's bundled test files, ZIPs."""

from __future__ import annotations

import io
import itertools
import secrets
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import sqlalchemy as sa
from PIL import Image
from pydicom.data import get_testdata_file
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.auth import tokens
from tagmedx.models import (
    ApiToken,
    Examination,
    Group,
    Membership,
    Package,
    Role,
    Sample,
    Set,
    SetType,
    User,
)

_numbers = itertools.count(1)


@dataclass
class Person:
    id: int
    headers: dict[str, str]


@dataclass
class World:
    """A group with an admin, an annotator, one set; and an outsider with a set in another group."""

    admin: Person
    annotator: Person
    outsider: Person
    group_id: int
    set_id: int
    other_set_id: int


async def add_person(session: AsyncSession) -> Person:
    number = next(_numbers)
    user = User(
        email=f"samples{number}-{secrets.token_hex(3)}@example.org",
        password_hash="x",
        name="Anna",
        surname=f"Nowak{number}",
    )
    session.add(user)
    await session.flush()
    token = tokens.new_api_token()
    session.add(
        ApiToken(
            user_id=user.id, name="test", token_hash=tokens.hash_api_token(token), token_prefix=token[:8]
        )
    )
    await session.commit()
    return Person(user.id, {"Authorization": f"Bearer {token}"})


async def add_group(session: AsyncSession, admin: Person) -> int:
    group = Group(
        name="Radiology", join_code=secrets.token_urlsafe(16), dicom_uid_secret=secrets.token_hex(32)
    )
    session.add(group)
    await session.flush()
    session.add(Membership(group_id=group.id, user_id=admin.id, role=Role.admin))
    await session.commit()
    return group.id


async def add_member(
    session: AsyncSession, group_id: int, person: Person, role: Role = Role.annotator
) -> None:
    session.add(Membership(group_id=group_id, user_id=person.id, role=role))
    await session.commit()


async def add_set(
    session: AsyncSession, group_id: int, package_size: int = 10, kind: SetType = SetType.detection
) -> int:
    item = Set(group_id=group_id, name=f"set {next(_numbers)}", type=kind, package_size=package_size)
    session.add(item)
    await session.commit()
    return item.id


async def make_world(session: AsyncSession, package_size: int = 10) -> World:
    admin = await add_person(session)
    annotator = await add_person(session)
    outsider = await add_person(session)
    group_id = await add_group(session, admin)
    await add_member(session, group_id, annotator)
    set_id = await add_set(session, group_id, package_size)
    other_group = await add_group(session, outsider)
    other_set_id = await add_set(session, other_group, package_size)
    return World(admin, annotator, outsider, group_id, set_id, other_set_id)


async def add_examination(
    session: AsyncSession, sample_id: int, set_id: int, user_id: int, **flags: bool
) -> None:
    session.add(Examination(sample_id=sample_id, set_id=set_id, user_id=user_id, **flags))
    await session.commit()


async def count(session: AsyncSession, model: Any, *conditions: Any) -> int:
    value = await session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))
    return int(value or 0)


async def packages_of(session: AsyncSession, set_id: int) -> dict[int, int]:
    """package id -> sample count, for the set's packages."""
    rows = await session.execute(
        sa.select(Package.id, sa.func.count(Sample.id))
        .outerjoin(Sample, Sample.package_id == Package.id)
        .where(Package.set_id == set_id)
        .group_by(Package.id)
        .order_by(Package.id)
    )
    return {package_id: int(samples) for package_id, samples in rows.tuples()}


def stored_files(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


# ------------------------------------------------------------------------------------- inputs


def png(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), mode="RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 64, height: int = 48, seed: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), mode="RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def dicom_path(name: str = "CT_small.dcm") -> Path:
    path = get_testdata_file(name, download=False)
    assert path is not None, f"pydicom test file {name} is not installed"
    return Path(str(path))


def dicom(name: str = "CT_small.dcm") -> bytes:
    return dicom_path(name).read_bytes()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="GIF")
    return buffer.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG with a valid IHDR (right CRC) declaring width x height, and a tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def zip_of(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_info(info: zipfile.ZipInfo, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(info, data)
    return buffer.getvalue()


def files_field(*items: tuple[str, bytes], content_type: str = "image/png") -> list[tuple[str, Any]]:
    return [("files", (name, data, content_type)) for name, data in items]


async def upload(
    client: httpx.AsyncClient,
    person: Person,
    set_id: int,
    *items: tuple[str, bytes],
    content_type: str = "image/png",
) -> httpx.Response:
    return await client.post(
        f"/api/sets/{set_id}/samples",
        files=files_field(*items, content_type=content_type),
        headers=person.headers,
    )

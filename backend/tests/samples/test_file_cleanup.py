"""Files of deleted samples are removed after a grace period, and only when no sample uses them then."""

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.samples import files
from tagmedx.models import Group, Package, Set, SetType
from tagmedx.storage import make_storage_key
from tests.rows import sample_row

DIGEST = "c" * 64


async def _package(session: AsyncSession) -> Package:
    group = Group(name="G", join_code="cleanup-code-1", dicom_uid_secret="00" * 32)
    session.add(group)
    await session.flush()
    image_set = Set(group_id=group.id, name="S", type=SetType.detection, package_size=5)
    session.add(image_set)
    await session.flush()
    package = Package(set_id=image_set.id)
    session.add(package)
    await session.flush()
    return package


async def test_a_file_claimed_during_the_grace_period_is_kept(
    app: FastAPI, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = app.state.storage
    key = make_storage_key(DIGEST, "original")
    orphan = make_storage_key("d" * 64, "original")
    await storage.put(key, b"shared", "image/png")
    await storage.put(orphan, b"alone", "image/png")
    package = await _package(session)

    async def an_upload_commits_meanwhile() -> None:  # the same content, uploaded to another set
        session.add(sample_row(set_id=package.set_id, package_id=package.id, digest=DIGEST))
        await session.commit()

    monkeypatch.setattr(files, "_grace", an_upload_commits_meanwhile)
    await files._delete_after_grace(app.state.sessionmaker, storage, {key, orphan})

    assert await storage.exists(key)
    assert not await storage.exists(orphan)

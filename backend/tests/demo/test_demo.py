"""The newcomers' demo: seeded once into an empty database, through the same services as the API."""

import asyncio
import io

import anyio
import httpx
import numpy as np
import pydicom
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx import demo
from tagmedx.config import Settings
from tagmedx.models import Group, Label, Package, Sample, Set, SetType, User
from tests.factories import make_user

pytestmark = pytest.mark.anyio


def _demo_settings(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"demo": True, **changes})


async def _seed(app: FastAPI, settings: Settings) -> demo.DemoAccounts | None:
    return await demo.seed_demo_async(settings, app.state.sessionmaker, app.state.storage)


async def _login(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await client.post("/api/auth/login", json={"email": email, "password": demo.PASSWORD})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_an_empty_database_gets_the_whole_demo_once(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI, settings: Settings
) -> None:
    accounts = await _seed(app, _demo_settings(settings, registration="closed"))  # closed: still seeded
    assert accounts is not None
    assert (accounts.manager_email, accounts.doctor_email) == (demo.MANAGER_EMAIL, demo.DOCTOR_EMAIL)
    assert demo.MANAGER_EMAIL in accounts.describe() and demo.PASSWORD in accounts.describe()
    manager = await _login(client, demo.MANAGER_EMAIL)
    doctor = await _login(client, demo.DOCTOR_EMAIL)
    me = (await client.get("/api/users/me", headers=doctor)).json()
    assert me["title"] and me["specialization"] == "radiology" and me["practice_start_year"]

    groups = (await client.get("/api/groups", headers=doctor)).json()["items"]
    assert [(group["name"], group["role"]) for group in groups] == [(demo.GROUP_NAME, "annotator")]
    group_id = groups[0]["id"]
    assert (await client.get("/api/groups", headers=manager)).json()["items"][0]["role"] == "admin"

    sets = {item.name: item for item in (await session.scalars(sa.select(Set))).all()}
    detection, triage = sets[demo.DETECTION_SET], sets[demo.TRIAGE_SET]
    assert (detection.type, detection.package_size, detection.group_id) == (SetType.detection, 4, group_id)
    assert (triage.type, triage.package_size) == (SetType.classification, 5)
    labels = (
        await session.execute(sa.select(Label.name, Label.color).where(Label.set_id == detection.id))
    ).all()
    assert {tuple(row) for row in labels} == {
        ("Nodule", "#56b4e9"),
        ("Mass", "#e69f00"),
        ("Effusion", "#009e73"),
        ("Fracture", "#f0e442"),
        ("Other", "#cc79a7"),
    }
    triage_labels = await session.scalars(sa.select(Label.name).where(Label.set_id == triage.id))
    assert set(triage_labels) == {"Normal", "Abnormal", "Needs review"}

    samples = (await session.scalars(sa.select(Sample).where(Sample.set_id == detection.id))).all()
    assert len(samples) == len(demo.DETECTION_FILES)
    assert all(sample.format == "dicom" and sample.width > 0 and sample.height > 0 for sample in samples)
    chest = next(sample for sample in samples if sample.filename == "RG1_UNCR.dcm")
    assert chest.modality == "CR"
    packages = (await session.scalars(sa.select(Package).where(Package.set_id == detection.id))).all()
    sizes = sorted(sum(1 for s in samples if s.package_id == package.id) for package in packages)
    assert sizes == [2, 4, 4]
    triage_samples = (await session.scalars(sa.select(Sample).where(Sample.set_id == triage.id))).all()
    assert len(triage_samples) == len(demo.TRIAGE_FILES) + 2
    assert {sample.format for sample in triage_samples} == {"dicom", "png"}
    assert len({sample.package_id for sample in triage_samples}) == 2

    mine = (await client.get("/api/packages", headers=doctor)).json()["items"]
    assert len(mine) == 1 and mine[0]["set_name"] == demo.DETECTION_SET

    # a real DICOM render: a chest X-ray (MONOCHROME1) shown as a proper grey image
    response = await client.get(f"/api/samples/{chest.id}/image", headers=doctor)
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    pixels = np.asarray(image.convert("L"), dtype=np.float64)
    assert max(image.size) >= 512 and pixels.std() > 20
    # stored the same way as an upload: de-identified
    original = pydicom.dcmread(io.BytesIO(await app.state.storage.get(chest.original_key)))
    assert "CompressedSamples" not in str(original.get("PatientName", ""))  # was CompressedSamples^RG1
    assert original.get("PatientIdentityRemoved") == "YES"

    assert await _seed(app, _demo_settings(settings)) is None  # a second call does nothing
    assert await session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert await session.scalar(sa.select(sa.func.count()).select_from(Group)) == 1


async def test_nothing_when_the_demo_is_off(app: FastAPI, session: AsyncSession, settings: Settings) -> None:
    assert await _seed(app, settings) is None
    assert demo.seed_demo(settings) is None
    assert await session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


async def test_nothing_when_a_user_exists(
    client: httpx.AsyncClient, app: FastAPI, session: AsyncSession, settings: Settings
) -> None:
    await make_user(client)
    assert await _seed(app, _demo_settings(settings)) is None
    # the command-line entry point, with an engine of its own
    assert await anyio.to_thread.run_sync(demo.seed_demo, _demo_settings(settings)) is None
    assert await session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert await session.scalar(sa.select(sa.func.count()).select_from(Set)) == 0


async def test_concurrent_seeders_create_one_demo(
    app: FastAPI, session: AsyncSession, settings: Settings
) -> None:
    results = await asyncio.gather(_seed(app, _demo_settings(settings)), _seed(app, _demo_settings(settings)))
    assert sum(result is not None for result in results) == 1
    assert await session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert await session.scalar(sa.select(sa.func.count()).select_from(Set)) == 2

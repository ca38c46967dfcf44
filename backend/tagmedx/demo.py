"""A demo for newcomers: with TAGMEDX_DEMO=1 and an empty database, `serve` first creates a manager,
a doctor, a group and two sets of real images, so the product can be tried at once.

Everything goes through the same service functions as the API (registration, groups, sets, labels,
the upload pipeline with de-identification and packing, package assignment), in ONE transaction:
the demo appears whole or not at all. It is safe to call twice and from several processes: it does
nothing once any user exists, and a concurrent seeder loses on the unique e-mail and backs off.
"""

from __future__ import annotations

import asyncio
import io
import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from fastapi import UploadFile
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.authz import Access
from tagmedx.config import Settings
from tagmedx.db import create_engine, create_sessionmaker, is_deadlock, retry_on_deadlock
from tagmedx.features.auth import service as auth_service
from tagmedx.features.auth.dependencies import ClientInfo
from tagmedx.features.auth.schemas import RegisterRequest
from tagmedx.features.auth.service import EmailTaken
from tagmedx.features.groups import service as groups_service
from tagmedx.features.groups.schemas import GroupCreate
from tagmedx.features.labels import service as labels_service
from tagmedx.features.labels.schemas import LabelCreate
from tagmedx.features.packages import service as packages_service
from tagmedx.features.packages.schemas import PackageUpdate
from tagmedx.features.samples import service as samples_service
from tagmedx.features.samples.dependencies import WrittenFiles
from tagmedx.features.sets import service as sets_service
from tagmedx.features.sets.schemas import SetCreate
from tagmedx.models import Package, Role, Set, SetType, User
from tagmedx.storage import Storage
from tagmedx.storage.factory import create_storage

logger = logging.getLogger(__name__)

MANAGER_EMAIL = "manager@demo.tagmedx.org"
DOCTOR_EMAIL = "doctor@demo.tagmedx.org"
PASSWORD = "demo-password"
GROUP_NAME = "Demo radiology"
DETECTION_SET = "Chest and cross-section findings"
TRIAGE_SET = "Image quality triage"
CLIENT = ClientInfo(ip_address="127.0.0.1", user_agent="tagmedx-demo")

# Real, de-identified DICOM test images from pydicom-data (data_store) and pydicom's own test data,
# chosen because they decode with numpy and Pillow alone: X-rays (MONOCHROME1), CT, MR, ultrasound.
DETECTION_FILES = (
    "RG1_UNCR.dcm",  # chest X-ray (CR, MONOCHROME1)
    "RG3_UNCR.dcm",  # extremity X-ray (CR, MONOCHROME1)
    "693_UNCR.dcm",  # CT slice
    "eCT_Supplemental.dcm",  # enhanced CT, 2 frames
    "CT_small.dcm",  # CT slice (pydicom test data)
    "MR2_UNCR.dcm",  # MR slice
    "MR-SIEMENS-DICOM-WithOverlays.dcm",  # abdominal MR
    "emri_small.dcm",  # head MR, 10 frames
    "MR_small.dcm",  # MR slice (pydicom test data)
    "US1_UNCR.dcm",  # ultrasound (RGB)
)
TRIAGE_FILES = ("OBXXXX1A.dcm", "gdcm-US-ALOKA-16.dcm", "mlut_18.dcm", "vlut_04.dcm")
# The colours are the web app's default palette (Okabe-Ito, colour-blind safe; see the frontend's
# features/labels/label-rules.ts): no finding is red by default, red-orange marks "Abnormal" only.
DETECTION_LABELS = (
    ("Nodule", "#56b4e9", "A rounded opacity up to 3 cm"),
    ("Mass", "#e69f00", "An opacity larger than 3 cm"),
    ("Effusion", "#009e73", "Fluid where it should not be"),
    ("Fracture", "#f0e442", "A break in a bone"),
    ("Other", "#cc79a7", "Any other finding; say what in the comment"),
)
TRIAGE_LABELS = (
    ("Normal", "#009e73", "Nothing abnormal"),
    ("Abnormal", "#d55e00", "Something abnormal is visible"),
    ("Needs review", "#e69f00", "Unclear: a second reader should look"),
)


@dataclass(frozen=True)
class DemoAccounts:
    manager_email: str
    doctor_email: str
    password: str
    group_id: int
    join_code: str
    samples: int

    def describe(self) -> str:
        return (
            f"TagMedX demo ready: {self.samples} images in group '{GROUP_NAME}' "
            f"(join code {self.join_code}). Sign in as\n"
            f"  manager: {self.manager_email} / {self.password}\n"
            f"  doctor:  {self.doctor_email} / {self.password}"
        )


@dataclass(frozen=True)
class _Manager:
    user: User
    group_id: int


def seed_demo(settings: Settings) -> DemoAccounts | None:
    """For the CLI, before the server starts: seed when `settings.demo` is on and no user exists.

    Returns the accounts to print, or None when nothing was created."""
    if not settings.demo:
        return None
    return asyncio.run(_seed_with_own_engine(settings))


async def _seed_with_own_engine(settings: Settings) -> DemoAccounts | None:
    engine = create_engine(settings.resolved_database_url)
    try:
        return await seed_demo_async(settings, create_sessionmaker(engine), create_storage(settings))
    finally:
        await engine.dispose()


async def seed_demo_async(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], storage: Storage
) -> DemoAccounts | None:
    if not settings.demo:
        return None
    # two processes seeding at once may deadlock on MySQL (both insert the same e-mail): the loser
    # runs again, then finds the winner's users or waits for its commit and meets its e-mail
    return await retry_on_deadlock(lambda: _seed_once(settings, sessionmaker, storage))


async def _seed_once(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], storage: Storage
) -> DemoAccounts | None:
    async with sessionmaker() as session:
        if await session.scalar(sa.select(User.id).limit(1)) is not None:
            return None
        try:
            accounts = await _create(session, settings, storage)
            await session.commit()
        except (sa.exc.IntegrityError, EmailTaken):
            await session.rollback()
            logger.info("demo not created: another process seeded the database first")
            return None
        except sa.exc.OperationalError as error:  # SQLite: a concurrent writer held the database
            await session.rollback()
            if is_deadlock(error):
                raise
            if await _any_user(sessionmaker):
                return None
            raise
    return accounts


async def _any_user(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    async with sessionmaker() as session:
        return await session.scalar(sa.select(User.id).limit(1)) is not None


async def _create(session: AsyncSession, settings: Settings, storage: Storage) -> DemoAccounts:
    open_settings = settings.model_copy(update={"registration": "open"})
    manager = await _register(session, open_settings, MANAGER_EMAIL, "Maria", "Kowalska", "dr hab. n. med.")
    doctor = await _register(session, open_settings, DOCTOR_EMAIL, "Jan", "Nowak", "lek.")
    body = GroupCreate(name=GROUP_NAME, description="A demo group with real, de-identified test images.")
    group = await groups_service.create_group(session, manager, body)
    await groups_service.join_group(session, doctor, group.join_code or "")
    owner = _Manager(manager, group.id)
    detection_id, detection = await _make_set(
        session,
        settings,
        storage,
        owner,
        SetCreate(
            name=DETECTION_SET,
            description="Real DICOM images (X-ray, CT, MR, ultrasound): draw a box around each finding.",
            type=SetType.detection,
            package_size=4,
        ),
        DETECTION_LABELS,
        [(name, _dicom_path(name).read_bytes()) for name in DETECTION_FILES],
    )
    _, triage = await _make_set(
        session,
        settings,
        storage,
        owner,
        SetCreate(
            name=TRIAGE_SET,
            description="Is each image normal, abnormal, or does it need a second look?",
            type=SetType.classification,
            package_size=5,
        ),
        TRIAGE_LABELS,
        [(name, _dicom_path(name).read_bytes()) for name in TRIAGE_FILES] + _phantoms(),
    )
    await _assign_first_package(session, owner, detection_id, doctor)
    return DemoAccounts(
        MANAGER_EMAIL, DOCTOR_EMAIL, PASSWORD, group.id, group.join_code or "", detection + triage
    )


async def _register(
    session: AsyncSession, settings: Settings, email: str, name: str, surname: str, title: str
) -> User:
    body = RegisterRequest(
        email=email,
        password=PASSWORD,
        name=name,
        surname=surname,
        title=title,
        specialization="radiology",
        practice_start_year=2012 if email == MANAGER_EMAIL else 2020,
    )
    return await auth_service.register(session, settings, body, CLIENT)


async def _make_set(
    session: AsyncSession,
    settings: Settings,
    storage: Storage,
    manager: _Manager,
    body: SetCreate,
    labels: tuple[tuple[str, str, str], ...],
    images: list[tuple[str, bytes]],
) -> tuple[int, int]:
    """Create the set and its labels and upload the images: the set's id and how many were created."""
    created = await sets_service.create(
        session, group_id=manager.group_id, user_id=manager.user.id, body=body
    )
    for name, color, description in labels:
        label = LabelCreate(name=name, color=color, description=description)
        await labels_service.create(
            session, set_id=created.id, group_id=manager.group_id, user_id=manager.user.id, body=label
        )
    item = await session.get_one(Set, created.id)
    access = Access(obj=item, user=manager.user, role=Role.admin, group_id=manager.group_id)
    with ExitStack() as stack:
        uploads = [
            UploadFile(stack.enter_context(io.BytesIO(data)), size=len(data), filename=name)
            for name, data in images
        ]
        outcome = await samples_service.upload_samples(
            session, storage, settings, access, uploads, WrittenFiles()
        )
    for refusal in outcome.rejected:
        logger.warning("demo image %s was not accepted: %s", refusal.filename, refusal.detail)
    return item.id, len(outcome.created)


async def _assign_first_package(session: AsyncSession, manager: _Manager, set_id: int, doctor: User) -> None:
    """The doctor finds one package of the detection set waiting in "My packages"."""
    package = await session.scalar(
        sa.select(Package).where(Package.set_id == set_id).order_by(Package.id).limit(1)
    )
    if package is None:
        return
    access = Access(obj=package, user=manager.user, role=Role.admin, group_id=manager.group_id)
    await packages_service.update_package(session, access, PackageUpdate(assignee_id=doctor.id))


def _dicom_path(name: str) -> Path:
    """A bundled test file; never pydicom's downloading helpers (they hang without a network)."""
    from pydicom.data import get_testdata_file

    if name in ("CT_small.dcm", "MR_small.dcm"):
        found = get_testdata_file(name, download=False)
        if found is None:
            raise FileNotFoundError(name)
        return Path(str(found))
    import data_store  # the pydicom-data package

    return Path(data_store.__file__).parent / "data" / name


def _phantoms() -> list[tuple[str, bytes]]:
    """Two generated PNGs (a clean disc phantom and a noisy one), so the triage set has PNGs too."""
    size = 384
    y, x = np.mgrid[0:size, 0:size]
    disc = ((x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 3) ** 2).astype(np.float64)
    inner = ((x - size * 0.6) ** 2 + (y - size * 0.45) ** 2 < (size / 12) ** 2).astype(np.float64)
    clean = 40 + 150 * disc + 50 * inner
    noisy = clean + np.random.default_rng(7).normal(0, 45, clean.shape)
    images = []
    for name, pixels in (("phantom-clean.png", clean), ("phantom-noisy.png", noisy)):
        buffer = io.BytesIO()
        Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L").save(buffer, format="PNG")
        images.append((name, buffer.getvalue()))
    return images

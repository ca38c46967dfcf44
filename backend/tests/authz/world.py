"""Two groups with one object of every kind in the first, built straight in the database."""

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.auth import tokens
from tagmedx.models import (
    ApiToken,
    Box,
    Examination,
    ExaminationLabel,
    Group,
    Label,
    Membership,
    Package,
    Role,
    Set,
    SetType,
)
from tests.rows import sample_row


@dataclass
class World:
    """Ids of group A's objects, keyed by the path parameter that names them."""

    ids: dict[str, int]


async def build_world(session: AsyncSession, *, owner_id: int, outsider_id: int) -> World:
    group_a = Group(name="A", join_code=secrets.token_urlsafe(12), dicom_uid_secret=secrets.token_hex(32))
    group_b = Group(name="B", join_code=secrets.token_urlsafe(12), dicom_uid_secret=secrets.token_hex(32))
    session.add_all([group_a, group_b])
    await session.flush()
    session.add_all(
        [
            Membership(group_id=group_a.id, user_id=owner_id, role=Role.admin),
            Membership(group_id=group_b.id, user_id=outsider_id, role=Role.admin),
        ]
    )
    image_set = Set(group_id=group_a.id, name="Chest", type=SetType.detection, package_size=10)
    session.add(image_set)
    await session.flush()
    label = Label(set_id=image_set.id, name="Nodule", color="#ff0000", shortcut="1")
    package = Package(set_id=image_set.id, assignee_id=owner_id)
    session.add_all([label, package])
    await session.flush()
    sample = sample_row(set_id=image_set.id, package_id=package.id, filename="chest.png")
    session.add(sample)
    await session.flush()
    examination = Examination(sample_id=sample.id, set_id=image_set.id, user_id=owner_id)
    session.add(examination)
    await session.flush()
    box = Box(examination_id=examination.id, label_id=label.id, x=1, y=2, width=10, height=10)
    token = ApiToken(
        user_id=owner_id, name="script", token_hash=tokens.hash_api_token("x"), token_prefix="tmx_x"
    )
    session.add_all([box, token, ExaminationLabel(examination_id=examination.id, label_id=label.id)])
    await session.commit()
    return World(
        ids={
            "group_id": group_a.id,
            "set_id": image_set.id,
            "label_id": label.id,
            "package_id": package.id,
            "sample_id": sample.id,
            "examination_id": examination.id,
            "box_id": box.id,
            "token_id": token.id,
            "user_id": owner_id,
        }
    )

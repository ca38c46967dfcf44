"""Every SQL statement of the groups feature."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import (
    Box,
    DicomDates,
    Examination,
    ExaminationLabel,
    Group,
    ImageView,
    Label,
    Membership,
    Package,
    Role,
    Sample,
    Set,
)
from tagmedx.models.base import utcnow


def _ignoring_duplicates(statement: Any) -> Any:
    """INSERT/UPDATE that skips a row breaking a unique constraint instead of failing the transaction.

    Savepoints are unreliable on SQLite's Python driver, so callers detect the skip and retry instead.
    """
    return statement.prefix_with("OR IGNORE", dialect="sqlite").prefix_with("IGNORE", dialect="mysql")


def member_count_column() -> sa.Label[int]:
    counted = sa.orm.aliased(Membership)
    return (
        sa.select(sa.func.count(counted.id))
        .where(counted.group_id == Group.id)
        .correlate(Group)
        .scalar_subquery()
        .label("member_count")
    )


async def insert_group(
    session: AsyncSession,
    *,
    name: str,
    description: str,
    join_code: str,
    dicom_uid_secret: str,
    dicom_dates: DicomDates,
) -> int | None:
    """The new group's id, or None when `join_code` is already taken (nothing inserted)."""
    now = utcnow()
    result = await session.execute(
        _ignoring_duplicates(sa.insert(Group)).values(
            name=name,
            description=description,
            join_code=join_code,
            dicom_uid_secret=dicom_uid_secret,
            dicom_dates=dicom_dates,
            created_at=now,
            updated_at=now,
        )
    )
    inserted = cast(sa.CursorResult[Any], result)
    if inserted.rowcount != 1 or inserted.inserted_primary_key is None:
        return None
    return int(inserted.inserted_primary_key[0])


async def set_join_code(session: AsyncSession, group_id: int, join_code: str) -> bool:
    """Replace the group's join code; False when `join_code` is taken by another group."""
    await session.execute(
        _ignoring_duplicates(sa.update(Group))
        .where(Group.id == group_id)
        .values(join_code=join_code, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    stored = await session.scalar(sa.select(Group.join_code).where(Group.id == group_id))
    return stored == join_code


async def add_member_if_absent(session: AsyncSession, group_id: int, user_id: int, role: Role) -> bool:
    """Add a membership unless one exists (also under concurrent joins); True when it was added."""
    result = await session.execute(
        _ignoring_duplicates(sa.insert(Membership)).values(
            group_id=group_id, user_id=user_id, role=role, joined_at=utcnow()
        )
    )
    return cast(sa.CursorResult[Any], result).rowcount == 1


async def get_group(session: AsyncSession, group_id: int) -> Group:
    group = await session.get(Group, group_id, populate_existing=True)
    assert group is not None
    return group


async def group_with_role(session: AsyncSession, group_id: int, user_id: int) -> sa.Row[Any] | None:
    """(Group, role, member_count) for a member, in one statement; None when not a member."""
    statement = (
        sa.select(Group, Membership.role, member_count_column())
        .join(Membership, sa.and_(Membership.group_id == Group.id, Membership.user_id == user_id))
        .where(Group.id == group_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).one_or_none()


async def find_group_id_by_join_code(session: AsyncSession, forms: list[str]) -> int | None:
    """The group whose code is one of `forms`, an exact match of the earlier form winning (one
    statement; MariaDB's collation compares case-insensitively, so a row may differ in case)."""
    statement = sa.select(Group.id, Group.join_code).where(Group.join_code.in_(forms))
    rows = (await session.execute(statement)).all()
    for form in forms:
        for group_id, code in rows:
            if code == form:
                return int(group_id)
    return int(rows[0][0]) if rows else None


def list_statement(user_id: int, *, search: str | None, role: Role | None) -> sa.Select[Any]:
    """The caller's groups with their role and member count, for keyset pagination on Group.id."""
    statement = sa.select(Group, Membership.role, member_count_column()).join(
        Membership, sa.and_(Membership.group_id == Group.id, Membership.user_id == user_id)
    )
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Group.name.ilike(f"%{escaped}%", escape="\\"))
    if role is not None:
        statement = statement.where(Membership.role == role)
    return statement


async def update_group(session: AsyncSession, group_id: int, values: dict[str, Any]) -> None:
    await session.execute(
        sa.update(Group)
        .where(Group.id == group_id)
        .values(**values, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


async def delete_group_tree(session: AsyncSession, group_id: int) -> None:
    """Delete the group and everything under it, children first.

    Labels are RESTRICTed by boxes and chosen labels, so those go before the cascade reaches the labels;
    the rest is deleted explicitly too, so the result does not depend on how a database orders cascades.
    A fixed number of statements, whatever the group's size.
    """
    set_ids = sa.select(Set.id).where(Set.group_id == group_id)
    examination_ids = sa.select(Examination.id).where(Examination.set_id.in_(set_ids))
    statements = (
        sa.delete(Box).where(Box.examination_id.in_(examination_ids)),
        sa.delete(ExaminationLabel).where(ExaminationLabel.examination_id.in_(examination_ids)),
        sa.delete(Examination).where(Examination.set_id.in_(set_ids)),
        sa.delete(Sample).where(Sample.set_id.in_(set_ids)),
        sa.delete(Package).where(Package.set_id.in_(set_ids)),
        sa.delete(Label).where(Label.set_id.in_(set_ids)),
        sa.delete(Set).where(Set.group_id == group_id),
        sa.delete(ImageView).where(ImageView.group_id == group_id),
        sa.delete(Membership).where(Membership.group_id == group_id),
        sa.delete(Group).where(Group.id == group_id),
    )
    for statement in statements:
        await session.execute(statement.execution_options(synchronize_session=False))

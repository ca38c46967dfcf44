"""Rules for sets: who sees them is decided by the guards; here live what may change and when."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.errors import Conflict
from tagmedx.features.audit.service import record
from tagmedx.features.samples.files import queue_files_of
from tagmedx.features.sets import repository
from tagmedx.features.sets.schemas import SetCreate, SetOut, SetUpdate
from tagmedx.models import Set, SetType
from tagmedx.pagination import Page, PageParams


class SetHasSamples(Conflict):
    code = "set_has_samples"
    detail = "The type of a set cannot change once it has samples; create a new set instead."


class MultiLabelInUse(Conflict):
    code = "multi_label_in_use"
    detail = (
        "Some readings of this set choose several labels; change them to one label each before the set "
        "becomes single-label."
    )


def to_out(item: Set, counts: repository.Counts) -> SetOut:
    return SetOut(
        id=item.id,
        group_id=item.group_id,
        name=item.name,
        description=item.description,
        type=item.type,
        package_size=item.package_size,
        multi_label=item.multi_label,
        created_at=item.created_at,
        updated_at=item.updated_at,
        sample_count=counts.samples,
        package_count=counts.packages,
    )


async def describe(session: AsyncSession, item: Set) -> SetOut:
    counts = await repository.counts(session, [item.id])
    return to_out(item, counts.get(item.id, repository.Counts()))


async def create(session: AsyncSession, *, group_id: int, user_id: int, body: SetCreate) -> SetOut:
    item = await repository.add(
        session,
        Set(
            group_id=group_id,
            name=body.name,
            description=body.description,
            type=body.type,
            package_size=body.package_size,
            multi_label=body.multi_label,
        ),
    )
    await record(
        session,
        action="set.create",
        user_id=user_id,
        group_id=group_id,
        object_type="set",
        object_id=item.id,
        detail={
            "name": item.name,
            "type": item.type.value,
            "package_size": item.package_size,
            "multi_label": item.multi_label,
        },
    )
    return to_out(item, repository.Counts())


async def list_sets(
    session: AsyncSession,
    *,
    group_id: int,
    params: PageParams,
    name_contains: str | None,
    set_type: SetType | None,
) -> Page[SetOut]:
    items, next_cursor = await repository.list_page(
        session, group_id, params, name_contains=name_contains, set_type=set_type
    )
    counts = await repository.counts(session, [item.id for item in items])
    return Page[SetOut](
        items=[to_out(item, counts.get(item.id, repository.Counts())) for item in items],
        next_cursor=next_cursor,
    )


async def update(session: AsyncSession, *, item: Set, user_id: int, body: SetUpdate) -> SetOut:
    """Change the fields sent. A new package_size applies to packages filled from now on."""
    changes = {field: value for field, value in body.changes().items() if getattr(item, field) != value}
    if "type" in changes and await repository.has_samples(session, item.id):
        raise SetHasSamples()
    if changes.get("multi_label") is False and await repository.has_multi_label_readings(session, item.id):
        raise MultiLabelInUse()
    if changes:
        before = {field: _plain(getattr(item, field)) for field in changes}
        for field, value in changes.items():
            setattr(item, field, value)
        await session.flush()
        await record(
            session,
            action="set.update",
            user_id=user_id,
            group_id=item.group_id,
            object_type="set",
            object_id=item.id,
            detail={"before": before, "after": {field: _plain(value) for field, value in changes.items()}},
        )
    return await describe(session, item)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, SetType) else value


async def delete(session: AsyncSession, *, item: Set, user_id: int) -> None:
    """Delete the set with its labels, packages, samples and examinations; its samples' files are
    queued for the reclaimer (files/reclaim_after_response)."""
    await queue_files_of(session, set_id=item.id)
    deleted = await repository.delete_sets(session, Set.id == item.id)
    await record(
        session,
        action="set.delete",
        user_id=user_id,
        group_id=item.group_id,
        object_type="set",
        object_id=item.id,
        detail={"name": item.name, "deleted": _without_set_row(deleted)},
    )


def _without_set_row(deleted: dict[str, int]) -> dict[str, int]:
    return {table: count for table, count in deleted.items() if table != "sets"}

"""Group and set statistics, assembled from aggregate rows."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tagmedx.db import read_in_parallel
from tagmedx.errors import NotFound
from tagmedx.features.stats import repository
from tagmedx.features.stats.schemas import AnnotatorStats, GroupStats, LabelCount, MemberStats, SetStats
from tagmedx.models import Set, SetType

Sessionmaker = async_sessionmaker[AsyncSession]


class StatsMemberNotFound(NotFound):
    code = "member_not_found"
    detail = "This user is not a member of the group."


async def group_stats(
    session: AsyncSession, sessionmaker: Sessionmaker, group_id: int, user_id: int | None
) -> GroupStats:
    if user_id is not None and not await repository.is_member(session, group_id, user_id):
        raise StatsMemberNotFound(f"User {user_id} is not a member of this group.")
    totals, members = await read_in_parallel(
        sessionmaker,
        lambda own: repository.group_totals(own, group_id, user_id),
        lambda own: repository.member_totals(own, group_id, user_id),
    )
    sets, samples, annotated, packages, ready = totals
    return GroupStats(
        sets=sets,
        samples=samples,
        annotated_samples=annotated,
        packages=packages,
        ready_packages=ready,
        members=[
            MemberStats(user_id=member, annotated_samples=member_annotated, ready_packages=member_ready)
            for member, member_annotated, member_ready in members
        ],
    )


async def set_stats(sessionmaker: Sessionmaker, image_set: Set) -> SetStats:
    """Three independent counts over the whole set, read side by side (each is an index scan that
    grows with the set: at 100k samples they are most of the answer's time)."""
    set_id, set_type = image_set.id, SetType(image_set.type)
    totals, labels, annotators = await read_in_parallel(
        sessionmaker,
        lambda own: repository.set_totals(own, set_id),
        lambda own: repository.label_counts(own, set_id, set_type),
        lambda own: repository.annotator_counts(own, set_id),
    )
    samples, annotated, packages, assigned, ready = totals
    return SetStats(
        samples=samples,
        annotated_samples=annotated,
        packages=packages,
        assigned_packages=assigned,
        ready_packages=ready,
        labels=[LabelCount(label_id=label_id, count=count) for label_id, count in labels],
        annotators=[
            AnnotatorStats(user_id=user_id, annotated_samples=count) for user_id, count in annotators
        ],
    )

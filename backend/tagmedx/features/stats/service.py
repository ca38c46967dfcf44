"""Group and set statistics, assembled from aggregate rows."""

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.errors import NotFound
from tagmedx.features.stats import repository
from tagmedx.features.stats.schemas import AnnotatorStats, GroupStats, LabelCount, MemberStats, SetStats
from tagmedx.models import Set, SetType


class StatsMemberNotFound(NotFound):
    code = "member_not_found"
    detail = "This user is not a member of the group."


async def group_stats(session: AsyncSession, group_id: int, user_id: int | None) -> GroupStats:
    if user_id is not None and not await repository.is_member(session, group_id, user_id):
        raise StatsMemberNotFound(f"User {user_id} is not a member of this group.")
    sets, samples, annotated, packages, ready = await repository.group_totals(session, group_id, user_id)
    members = await repository.member_totals(session, group_id, user_id)
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


async def set_stats(session: AsyncSession, image_set: Set) -> SetStats:
    samples, annotated, packages, assigned, ready = await repository.set_totals(session, image_set.id)
    labels = await repository.label_counts(session, image_set.id, SetType(image_set.type))
    annotators = await repository.annotator_counts(session, image_set.id)
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

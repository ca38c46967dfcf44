"""Routes of the statistics: a group's progress (optionally one member's) and a set's."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from tagmedx.authz import Access, Action, guard
from tagmedx.db import Session
from tagmedx.errors import NotAuthenticated, NotFound, error_responses
from tagmedx.features.stats import service
from tagmedx.features.stats.schemas import GroupStats, SetStats
from tagmedx.ids import MAX_ID
from tagmedx.models import Group, Set

router = APIRouter(tags=["stats"])

GroupStatsViewer = Annotated[Access[Group], Depends(guard("group_id", Action.view_stats))]
SetStatsViewer = Annotated[Access[Set], Depends(guard("set_id", Action.view_stats))]


@router.get(
    "/groups/{group_id}/stats",
    response_model=GroupStats,
    responses=error_responses(NotAuthenticated, NotFound),
    summary="A group's progress, per member too",
    description="With `user_id`, `annotated_samples`, `packages` and `ready_packages` count only that "
    "member's work (samples they examined, packages assigned to them) and `members` holds only them; "
    "`sets` and `samples` stay the group's totals. A `user_id` that is not a member answers 404.",
)
async def group_stats(
    access: GroupStatsViewer,
    session: Session,
    request: Request,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this member's work")] = None,
) -> GroupStats:
    return await service.group_stats(session, request.app.state.sessionmaker, access.group_id, user_id)


@router.get(
    "/sets/{set_id}/stats",
    response_model=SetStats,
    responses=error_responses(NotAuthenticated, NotFound),
    summary="A set's progress, label use and annotators",
)
async def set_stats(access: SetStatsViewer, request: Request) -> SetStats:
    return await service.set_stats(request.app.state.sessionmaker, access.obj)

"""Route of the manager's overview."""

from fastapi import APIRouter

from tagmedx.db import Session
from tagmedx.errors import NotAuthenticated, error_responses
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.features.overview import service
from tagmedx.features.overview.schemas import Overview

router = APIRouter(tags=["overview"])


@router.get("/overview", response_model=Overview, responses=error_responses(NotAuthenticated))
async def get_overview(session: Session, user: CurrentUser) -> Overview:
    """The groups the caller manages (admin), each set's progress and what needs attention: ready
    packages, tentative and bad-quality readings, stalled packages, images with text found in their
    pixels or with missing files. Empty `groups` for someone who manages none (a doctor's home is
    their work: GET /api/packages)."""
    return await service.overview(session, user)

"""/api/users/me: the caller's profile, password and personal API tokens."""

from fastapi import APIRouter

from tagmedx.errors import NotAuthenticated, error_responses
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.features.users.schemas import UserRead

router = APIRouter(tags=["users"])


@router.get("/users/me", response_model=UserRead, responses=error_responses(NotAuthenticated))
async def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)

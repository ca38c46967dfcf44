"""Request and response bodies of the member routes."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from tagmedx.models import Role


class MemberOut(BaseModel):
    user_id: int
    email: str
    name: str
    surname: str
    title: str | None
    specialization: str | None
    practice_start_year: int | None
    role: Role
    joined_at: datetime


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role

"""Request and response bodies of the group routes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from tagmedx.models import Role

GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
GroupDescription = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
JoinCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: GroupName
    description: GroupDescription | None = Field(default=None, description="Optional; null means empty")


class GroupUpdate(BaseModel):
    """Only the fields sent change. `description: null` or `""` clears it; `name` can never be empty."""

    model_config = ConfigDict(extra="forbid")

    name: GroupName | None = Field(default=None, description="1 to 200 characters after trimming")
    description: GroupDescription | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name_not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("a group's name cannot be null or empty")
        return value


class JoinRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    join_code: JoinCode


class GroupOut(BaseModel):
    id: int
    name: str
    description: str
    role: Role = Field(description="The caller's role in this group")
    join_code: str | None = Field(description="The code others join with; only admins see it, else null")
    member_count: int
    created_at: datetime
    updated_at: datetime


class JoinCodeOut(BaseModel):
    join_code: str

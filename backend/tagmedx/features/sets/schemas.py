"""Request and response bodies of the sets routes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tagmedx.models import SetType
from tagmedx.partial import PartialUpdate

MAX_PACKAGE_SIZE = 10000

SetName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(description="1 to 200 characters; surrounding spaces are removed."),
]
SetDescription = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
PackageSize = Annotated[
    int,
    Field(
        strict=True,
        ge=1,
        le=MAX_PACKAGE_SIZE,
        description=(
            "How many samples a package holds (1 to 10000). Uploads fill the set's open packages up "
            "to this size, then open new ones; changing it affects only packages filled from then on, "
            "existing packages keep their samples."
        ),
    ),
]


class SetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SetName
    description: SetDescription = ""
    type: SetType
    package_size: PackageSize


class SetUpdate(PartialUpdate):
    """Only the fields present change. `description: null` or `""` clears it; name, type and
    package_size cannot be null. `type` can change only while the set has no samples (else 409)."""

    not_null = ("name", "type", "package_size")

    name: SetName | None = None
    description: SetDescription | None = None
    type: SetType | None = None
    package_size: PackageSize | None = None


class SetOut(BaseModel):
    id: int
    group_id: int
    name: str
    description: str
    type: SetType
    package_size: int
    created_at: datetime
    updated_at: datetime
    sample_count: int = Field(description="Samples (images) in the set.")
    package_count: int = Field(description="Packages in the set.")

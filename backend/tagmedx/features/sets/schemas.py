"""Request and response bodies of the sets routes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tagmedx.json_types import JSON_INTEGER
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
        ge=1,
        le=MAX_PACKAGE_SIZE,
        description=(
            "How many samples a package holds (1 to 10000). Uploads fill the set's open packages up "
            "to this size, then open new ones; changing it affects only packages filled from then on, "
            "existing packages keep their samples."
        ),
    ),
    JSON_INTEGER,
]
MultiLabel = Annotated[
    bool,
    Field(
        strict=True,
        description=(
            "Classification sets: may a reading choose several labels (true), or one only (false, the "
            "default: a second label is refused with 422 single_label). Detection sets ignore it."
        ),
    ),
]


class SetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SetName
    description: SetDescription = ""
    type: SetType
    package_size: PackageSize
    multi_label: MultiLabel = False


class SetUpdate(PartialUpdate):
    """Only the fields present change. `description: null` or `""` clears it; name, type,
    package_size and multi_label cannot be null. `type` can change only while the set has no samples
    (else 409); `multi_label` can become false only while no reading of the set chooses several labels
    (else 409 multi_label_in_use)."""

    not_null = ("name", "type", "package_size", "multi_label")

    name: SetName | None = None
    description: SetDescription | None = None
    type: SetType | None = None
    package_size: PackageSize | None = None
    multi_label: MultiLabel | None = None


class SetOut(BaseModel):
    id: int
    group_id: int
    name: str
    description: str
    type: SetType
    package_size: int
    multi_label: bool = Field(description="Classification: several labels a reading (else one).")
    created_at: datetime
    updated_at: datetime
    sample_count: int = Field(description="Samples (images) in the set.")
    package_count: int = Field(description="Packages in the set.")

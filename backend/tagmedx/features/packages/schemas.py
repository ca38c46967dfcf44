"""Request and response models of packages."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from tagmedx.ids import Id
from tagmedx.models import SetType
from tagmedx.partial import PartialUpdate

PackageStatus = Literal["unassigned", "in_progress", "ready"]


class Assignee(BaseModel):
    id: int
    name: str
    surname: str


class PackageOut(BaseModel):
    id: int
    set_id: int
    number: int = Field(
        description="The package's place in its set (#1, #2, ...), as people name it; ids stay the API's "
        "handle. Never changes, whatever else is deleted"
    )
    assignee_id: int | None
    assignee: Assignee | None = Field(description="Name and surname of the assignee, or null")
    is_ready: bool
    status: PackageStatus = Field(description="unassigned, in_progress (assigned, not ready) or ready")
    sample_count: int
    annotated_count: int = Field(
        description="Samples with an examination by the assignee (by anyone while unassigned)"
    )
    created_at: datetime
    updated_at: datetime


class MyPackageOut(PackageOut):
    set_name: str
    set_type: SetType
    set_multi_label: bool = Field(description="The set's multi_label: several classes a reading, or one")
    group_id: int
    group_name: str


class MyWorkPackageOut(MyPackageOut):
    """A package of the caller's work: assigned to them, or a ready package they read that was handed
    to someone else since (their finished readings stay theirs, and stay ready)."""

    read_by_me: int = Field(description="Samples of the package with the caller's reading")


class PackageSample(BaseModel):
    id: int
    number: int = Field(description="The sample's place in its set (#1, #2, ...)")
    filename: str
    annotated_by_me: bool


class PackageDetail(MyPackageOut):
    samples: list[PackageSample] = Field(description="Every sample of the package, ordered by id")
    first_unannotated_sample_id: int | None = Field(
        description="The first sample (by id) the caller has not examined yet; null when all are done"
    )


class PackageUpdate(PartialUpdate):
    """Send only what changes: `assignee_id` (a user id, or null to unassign) and/or `is_ready`."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"assignee_id": 7}, {"assignee_id": None}, {"is_ready": True}]},
    )
    not_null = ("is_ready",)

    assignee_id: Id | None = None
    is_ready: StrictBool | None = None

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}

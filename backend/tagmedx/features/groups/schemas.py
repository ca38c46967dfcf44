"""Request and response bodies of the group routes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from tagmedx.models import DicomDates, Role
from tagmedx.partial import PartialUpdate

GroupName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
GroupDescription = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
JoinCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
DICOM_DATES_DESCRIPTION = (
    "What de-identification does with the dates of DICOM uploads (DICOM PS3.15 E.1.1): `remove` "
    "(the Basic Profile: dates removed, emptied or replaced by a dummy) or `shift` (the Retain "
    "Longitudinal Temporal Information with Modified Dates Option: every date of a patient moves back "
    "by one whole number of days, the same for every upload of that patient to this group, so "
    "intervals between studies stay exact; times of day are kept; the birth date is still removed). "
    "A change applies to later uploads."
)


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: GroupName
    description: GroupDescription | None = Field(default=None, description="Optional; null means empty")
    dicom_dates: DicomDates | None = Field(
        default=None, description=DICOM_DATES_DESCRIPTION + " Left out or null: `remove`."
    )


class GroupUpdate(PartialUpdate):
    """Only the fields sent change. `description: null` or `""` clears it; `name` can never be empty."""

    not_null = ("name", "dicom_dates")

    name: GroupName | None = Field(default=None, description="1 to 200 characters after trimming")
    description: GroupDescription | None = None
    dicom_dates: DicomDates | None = Field(default=None, description=DICOM_DATES_DESCRIPTION)


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
    dicom_dates: DicomDates = Field(description=DICOM_DATES_DESCRIPTION)
    created_at: datetime
    updated_at: datetime


class JoinCodeOut(BaseModel):
    join_code: str

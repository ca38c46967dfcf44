"""Response body of the manager's overview."""

from datetime import datetime

from pydantic import BaseModel, Field

from tagmedx.models import SetType


class PackageCounts(BaseModel):
    unassigned: int
    in_progress: int
    ready: int = Field(description="Marked ready by their reader: to review or export")


class StalledPackage(BaseModel):
    """A package someone holds and has not read in for a while."""

    package_id: int
    number: int = Field(description="The package's number in its set (#1, #2, ...)")
    set_id: int
    assignee_id: int
    assignee_name: str
    last_activity_at: datetime = Field(description="The assignee's last save in it, or when it was assigned")


class SetOverview(BaseModel):
    set_id: int
    name: str
    type: SetType
    samples: int
    annotated_samples: int = Field(description="Samples with at least one reading")
    packages: PackageCounts
    tentative_samples: int = Field(description="Samples with a reading marked tentative")
    bad_quality_samples: int = Field(description="Samples with a reading flagged bad quality")
    suspected_text_samples: int = Field(
        description="Samples whose pixels OCR found text in (burned-in data?)"
    )
    missing_files_samples: int = Field(description="Samples whose stored files were found missing")
    stalled: list[StalledPackage] = Field(description="In-progress packages without a save for a while")


class GroupOverview(BaseModel):
    group_id: int
    name: str
    sets: list[SetOverview] = Field(description="The group's sets, newest first")


class Overview(BaseModel):
    """The groups the caller manages: each set's progress, and what needs their attention."""

    stalled_after_days: int = Field(description="A package is stalled after this many days without a save")
    groups: list[GroupOverview] = Field(description="The groups the caller manages (admins), by name")

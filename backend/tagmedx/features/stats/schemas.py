"""Response bodies of the statistics routes."""

from pydantic import BaseModel, Field


class MemberStats(BaseModel):
    user_id: int
    annotated_samples: int = Field(description="Samples this member has an examination of")
    ready_packages: int = Field(description="Packages assigned to this member and marked ready")


class GroupStats(BaseModel):
    sets: int
    samples: int
    annotated_samples: int = Field(description="Samples with an examination (by the user filtered to)")
    packages: int = Field(description="Packages in the group's sets (assigned to the user filtered to)")
    ready_packages: int
    members: list[MemberStats]


class LabelCount(BaseModel):
    label_id: int
    count: int = Field(description="Boxes (detection) or choices (classification) with this label")


class AnnotatorStats(BaseModel):
    user_id: int
    annotated_samples: int


class SetStats(BaseModel):
    samples: int
    annotated_samples: int = Field(description="Samples with at least one examination")
    packages: int
    assigned_packages: int
    ready_packages: int
    labels: list[LabelCount] = Field(description="Every label of the set, also those never used")
    annotators: list[AnnotatorStats] = Field(description="Everyone with an examination in the set")

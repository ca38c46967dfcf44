"""Response models of stored files."""

from pydantic import BaseModel, Field


class MissingSampleOut(BaseModel):
    sample_id: int
    set_id: int
    filename: str


class GroupStorageOut(BaseModel):
    samples: int = Field(description="Samples in the group's sets")
    bytes: int = Field(
        description="Size of the distinct stored files those samples use (a file two samples share "
        "counts once; files stored before sizes were recorded count once measured by `storage check`)"
    )
    missing: list[MissingSampleOut] = Field(
        description="Samples with a stored file found missing (by serving it, or by the storage scan "
        "of the server's start and `python -m tagmedx storage check`); uploading the same image to "
        "the set again repairs one"
    )

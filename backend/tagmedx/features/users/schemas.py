"""The user as the API shows it, and the field types that register and profile edits share."""

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)

from tagmedx.models.base import utcnow

EARLIEST_PRACTICE_YEAR = 1940
PASSWORD_MIN = 8
PASSWORD_MAX = 128


def _not_in_future(year: int) -> int:
    if year > utcnow().year:
        raise ValueError(f"practice_start_year cannot be later than this year ({utcnow().year})")
    return year


def _blank_is_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Email = Annotated[
    EmailStr,
    Field(max_length=254, description="Unique; stored in lower case"),
    AfterValidator(lambda value: value.lower()),
]
Password = Annotated[
    str,
    Field(
        min_length=PASSWORD_MIN,
        max_length=PASSWORD_MAX,
        description=f"{PASSWORD_MIN} to {PASSWORD_MAX} characters",
    ),
]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Title = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None,
    BeforeValidator(_blank_is_none),
    Field(description="e.g. `dr n. med.`; null or empty clears it"),
]
Specialization = Annotated[
    Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None,
    BeforeValidator(_blank_is_none),
    Field(description="e.g. `radiology`; null or empty clears it"),
]
PracticeStartYear = Annotated[
    Annotated[int, Field(ge=EARLIEST_PRACTICE_YEAR), AfterValidator(_not_in_future)] | None,
    Field(description="The year the doctor started practising (1940..this year); null clears it"),
]


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    surname: str
    title: str | None
    specialization: str | None
    practice_start_year: int | None
    created_at: datetime

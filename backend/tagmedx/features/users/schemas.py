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

from tagmedx.json_types import JSON_INTEGER
from tagmedx.models.base import utcnow
from tagmedx.partial import PartialUpdate

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
    Annotated[int, Field(ge=EARLIEST_PRACTICE_YEAR), JSON_INTEGER, AfterValidator(_not_in_future)] | None,
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


CurrentPassword = Annotated[str, Field(min_length=1, max_length=1024)]


class ProfileUpdate(PartialUpdate):
    """Only the fields sent change. Optional fields clear with null; name, surname and e-mail cannot.
    A new e-mail needs the current password."""

    not_null = ("email", "name", "surname")

    email: Email | None = None
    name: PersonName | None = None
    surname: PersonName | None = None
    title: Title = None
    specialization: Specialization = None
    practice_start_year: PracticeStartYear = None
    current_password: CurrentPassword | None = Field(
        default=None, description="Needed to change the e-mail (the address one signs in with)"
    )

    def changes(self) -> dict[str, object]:
        return {field: getattr(self, field) for field in self.model_fields_set - {"current_password"}}


class PasswordChange(BaseModel):
    current_password: CurrentPassword
    new_password: Password


TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class TokenCreate(BaseModel):
    name: TokenName = Field(description="What the token is for, e.g. `nightly export`")
    expires_in_days: Annotated[int, Field(ge=1, le=3650), JSON_INTEGER] | None = Field(
        default=None,
        description="1..3650 days; omitted or null: the token does not expire",
    )


class TokenCreated(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    token: str = Field(
        description="The secret: shown only in this answer; send it as `Authorization: Bearer`"
    )
    token_prefix: str
    created_at: datetime
    expires_at: datetime | None


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    token_prefix: str = Field(description="The token's first characters, to recognise it")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None

"""Requests and answers of register, login and logout."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from tagmedx.features.auth import tokens
from tagmedx.features.users.schemas import (
    Email,
    Password,
    PersonName,
    PracticeStartYear,
    Specialization,
    Title,
    UserRead,
)


class RegisterRequest(BaseModel):
    email: Email
    password: Password
    name: PersonName
    surname: PersonName
    title: Title = None
    specialization: Specialization = None
    practice_start_year: PracticeStartYear = None


class LoginRequest(BaseModel):
    # Not validated as an address: a malformed e-mail simply does not sign in (same 401 as a wrong one).
    email: Annotated[
        str, Field(min_length=1, max_length=320), AfterValidator(lambda value: value.strip().lower())
    ]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class LoginResult(BaseModel):
    access_token: str = Field(description="A JWT for `Authorization: Bearer`; also set as the session cookie")
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserRead
    csrf_header: str = Field(
        default=tokens.CSRF_HEADER,
        description="Cookie-authenticated state-changing requests must send this header",
    )
    csrf_token: str = Field(
        description=f"The value for that header (also in the `{tokens.CSRF_COOKIE}` cookie)"
    )

"""Request and response bodies of the labels routes."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from tagmedx.partial import PartialUpdate

LabelName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(description="1 to 100 characters, unique in the set (any case); surrounding spaces are removed."),
]
LabelDescription = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10000)]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    AfterValidator(str.lower),
    Field(description='"#rrggbb" in any case; stored and returned in lower case.', examples=["#e6194b"]),
]
Shortcut = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-z]$"),
    Field(description="One key: a digit or a lower-case letter, unique in the set."),
]


class LabelCreate(BaseModel):
    """Without `shortcut` the label gets the next free digit 1..9, then 0 (none when all are taken);
    `shortcut: null` asks for no shortcut."""

    model_config = ConfigDict(extra="forbid")

    name: LabelName
    description: LabelDescription = ""
    color: Color
    shortcut: Shortcut | None = None

    @property
    def wants_default_shortcut(self) -> bool:
        return "shortcut" not in self.model_fields_set


class LabelUpdate(PartialUpdate):
    """Only the fields present change. `description: null` or `""` clears it, `shortcut: null`
    removes the shortcut; name and color cannot be null."""

    not_null = ("name", "color")

    name: LabelName | None = None
    description: LabelDescription | None = None
    color: Color | None = None
    shortcut: Shortcut | None = None


class LabelOut(BaseModel):
    id: int
    set_id: int
    name: str
    description: str
    color: str
    shortcut: str | None

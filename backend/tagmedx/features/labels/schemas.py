"""Request and response bodies of the labels routes."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


class LabelUpdate(BaseModel):
    """Only the fields present change. `description: null` or `""` clears it, `shortcut: null`
    removes the shortcut; name and color cannot be null."""

    model_config = ConfigDict(extra="forbid")

    name: LabelName | None = None
    description: LabelDescription | None = None
    color: Color | None = None
    shortcut: Shortcut | None = None

    @model_validator(mode="after")
    def _required_fields_are_not_null(self) -> "LabelUpdate":
        for name in ("name", "color"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null; leave it out to keep the current value")
        return self

    def changes(self) -> dict[str, object]:
        values = self.model_dump(include=self.model_fields_set)
        if "description" in values and values["description"] is None:
            values["description"] = ""
        return values


class LabelOut(BaseModel):
    id: int
    set_id: int
    name: str
    description: str
    color: str
    shortcut: str | None

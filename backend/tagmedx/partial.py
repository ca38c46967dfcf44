"""PATCH bodies: only the fields sent change; some may not be null; a null description clears it."""

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator


class PartialUpdate(BaseModel):
    """Subclasses list in `not_null` the fields that a PATCH may leave out but never set to null."""

    model_config = ConfigDict(extra="forbid")
    not_null: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _required_fields_are_not_null(self) -> Self:
        for name in self.not_null:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null; leave it out to keep the current value")
        return self

    def changes(self) -> dict[str, object]:
        """The fields the caller sent, with a cleared description as an empty string."""
        values = self.model_dump(include=self.model_fields_set)
        if "description" in values and values["description"] is None:
            values["description"] = ""
        return values

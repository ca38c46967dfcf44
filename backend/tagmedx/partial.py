"""PATCH bodies: only the fields sent change; some may not be null; a null description clears it."""

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class PartialUpdate(BaseModel):
    """Subclasses list in `not_null` the fields that a PATCH may leave out but never set to null: a
    null sent is a 422, and the schema shows them without null and without a default, so what the
    OpenAPI document admits is what the server takes."""

    model_config = ConfigDict(extra="forbid")
    not_null: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name in cls.not_null:
            raise ValueError(f"{info.field_name} cannot be null; leave it out to keep the current value")
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        properties = handler.resolve_ref_schema(schema)["properties"]
        for name in cls.not_null:
            _without_null(properties[name])
        return schema

    def changes(self) -> dict[str, object]:
        """The fields the caller sent, with a cleared description as an empty string."""
        values = self.model_dump(include=self.model_fields_set)
        if "description" in values and values["description"] is None:
            values["description"] = ""
        return values


def _without_null(field: dict[str, Any]) -> None:
    """A field's schema without its null option (`anyOf: [X, null]` becomes X) and its default."""
    field.pop("default", None)
    options = [option for option in field.pop("anyOf", []) if option.get("type") != "null"]
    if len(options) == 1:
        field.update(options[0])
    elif options:
        field["anyOf"] = options

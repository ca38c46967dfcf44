"""Integers in request bodies as JSON Schema reads `"type": "integer"`: any number without a fractional
part (7, or 7.0 as some encoders write it), never `true` or `"7"`, which pydantic's lax mode would
also take (strict mode refuses 7.0, which the schema admits). Numbers are strict floats instead:
pydantic's strict float takes 7 and 7.5, and refuses `true` and `"7.5"` as the schema does.

    Annotated[int, Field(ge=1), JSON_INTEGER]

JSON_INTEGER comes after the constraints, so they stay in the schema as minimum and maximum."""

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def _a_json_number(value: object) -> object:
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


JSON_INTEGER = BeforeValidator(_a_json_number)

"""JSON bodies take numbers and booleans as the schema states them: no `true` for a number, no `"1"`
for an integer, no `1` for a boolean (pydantic's lax mode would take them all: a schema-violating
request accepted, in schemathesis' words), and `7.0` for an integer (JSON Schema's integers include
it; pydantic's strict mode would refuse it: a schema-valid request rejected)."""

import typing
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ValidationError

WRONG = {"integer": (True, "1"), "number": (True, "1.5"), "boolean": (1, "true")}


def models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from models_in(field.annotation)
    for argument in typing.get_args(annotation):
        yield from models_in(argument)


def body_models(app: FastAPI) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for route in iter_route_contexts(app.routes):
        body = getattr(route, "body_field", None)
        if body is not None:
            found.update(models_in(body.field_info.annotation))
    return found


def scalar_types(schema: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """The JSON types a property takes, each with whether it is the type of an array's items."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "array":
            yield from ((json_type, True) for json_type, _ in scalar_types(option.get("items", {})))
        elif isinstance(option.get("type"), str):
            yield option["type"], False


def refuses_type(model: type[BaseModel], name: str, value: object) -> bool:
    """Whether the model refuses `value` for `name` for its type (not for a range or a rule)."""
    try:
        model.model_validate({name: value})
    except ValidationError as error:
        return any(
            problem["loc"][:1] == (name,) and problem["type"].endswith(("_type", "_from_float"))
            for problem in error.errors()
        )
    return False


def integer_options(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "integer":
            yield option


async def test_numbers_and_booleans_of_every_body_are_strict(app: FastAPI) -> None:
    lax = []
    models = body_models(app)
    assert len(models) >= 15
    for model in models:
        for name, schema in model.model_json_schema()["properties"].items():
            for json_type, in_array in scalar_types(schema):
                for value in WRONG.get(json_type, ()):
                    if not refuses_type(model, name, [value] if in_array else value):
                        lax.append((model.__name__, name, value))
    assert not lax, lax


async def test_an_integer_written_with_a_zero_fraction_is_an_integer(app: FastAPI) -> None:
    refused = []
    for model in body_models(app):
        for name, schema in model.model_json_schema()["properties"].items():
            for option in integer_options(schema):
                if refuses_type(model, name, float(option.get("minimum", 1))):
                    refused.append((model.__name__, name))
    assert not refused, refused


def leaked_constraints(node: Any, where: str = "") -> Iterator[str]:
    """pydantic writes a constraint it could not turn into JSON Schema (`ge` on a validator that runs
    before the type) under its own name, which no client reads."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("ge", "gt", "le", "lt", "multiple_of") and not isinstance(value, dict):
                yield f"{where}/{key}"
            yield from leaked_constraints(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from leaked_constraints(item, f"{where}/{index}")


async def test_every_bound_is_stated_as_json_schema(app: FastAPI) -> None:
    assert not list(leaked_constraints(app.openapi()))

"""PATCH bodies: a field the schema shows without null refuses null, and one it shows with null takes
it (schemathesis' positive_data_acceptance and negative_data_rejection on every PATCH route)."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ValidationError


def patch_bodies(app: FastAPI) -> list[type[BaseModel]]:
    models = []
    for route in iter_route_contexts(app.routes):
        body = getattr(route, "body_field", None)
        if "PATCH" in (route.methods or ()) and body is not None:
            models.append(body.field_info.annotation)
    return models


def nullable(schema: dict[str, Any]) -> bool:
    return {"type": "null"} in schema.get("anyOf", [])


async def test_every_patch_field_takes_null_exactly_when_its_schema_says_so(app: FastAPI) -> None:
    models = patch_bodies(app)
    assert len(models) >= 6
    for model in models:
        for name, schema in model.model_json_schema()["properties"].items():
            if nullable(schema):
                model.model_validate({name: None})
                continue
            assert "default" not in schema, (model.__name__, name)
            with pytest.raises(ValidationError):
                model.model_validate({name: None})

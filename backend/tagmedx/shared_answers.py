"""What routes answer besides their own errors, written into the OpenAPI document once instead of
on every route: 503 while the database is unavailable or busy (every route reads it), 507 when a full
disk refuses a write (every route that is not a GET), and 413 for a body over the limits (every route
that takes one, limits.BodySizeLimit). A route that documents one of these statuses itself keeps its
own (the upload's 413 lists what was refused; the health check's 503 is its report)."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from tagmedx.errors import AppError, DatabaseBusyError, DatabaseUnavailable, PayloadTooLarge, StorageFull

_ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}}


def _answer(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": _ERROR_BODY, **extra}


def _either(*errors: type[AppError]) -> str:
    return " Or: ".join(f"{error.detail} (`{error.code}`)" for error in errors)


DATABASE = _answer(_either(DatabaseUnavailable, DatabaseBusyError), headers=_RETRY_AFTER)
DISK_FULL = _answer(f"{StorageFull.detail} (`{StorageFull.code}`)")
TOO_LARGE = _answer(f"{PayloadTooLarge.detail} (`{PayloadTooLarge.code}`)")


def add_shared_answers(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document["paths"].values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            responses.setdefault("503", DATABASE)
            if method != "get":
                responses.setdefault("507", DISK_FULL)
            if "requestBody" in operation:
                responses.setdefault("413", TOO_LARGE)
    return document


def document_shared_answers(app: FastAPI) -> None:
    """Wrap app.openapi (which builds the document once and keeps it) to add the shared answers."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_shared_answers(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

"""Domain errors and the one handler that turns them into the API's error shape."""

import math
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from tagmedx.db import is_connection_error


class ErrorBody(BaseModel):
    detail: str
    code: str


class AppError(Exception):
    status_code = 400
    code = "bad_request"
    detail = "The request is not valid."

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        self.detail = detail or self.detail
        self.code = code or self.code
        super().__init__(self.detail)

    def headers(self) -> dict[str, str] | None:
        return None


class BadRequest(AppError):
    pass


class NotAuthenticated(AppError):
    status_code = 401
    code = "not_authenticated"
    detail = "You are not signed in, or your session has ended. Sign in again."

    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    detail = "Your role in this group does not allow this."


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    detail = "Not found."


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    detail = "This conflicts with the current state."


class PayloadTooLarge(AppError):
    status_code = 413
    code = "too_large"
    detail = "The request is too large."


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "unsupported_type"
    detail = "This file type is not supported."


class Unprocessable(AppError):
    status_code = 422
    code = "invalid"
    detail = "The request could not be processed."


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_attempts"
    detail = "Too many attempts. Try again later."

    def __init__(self, detail: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class DatabaseUnavailable(AppError):
    status_code = 503
    code = "database_unavailable"
    detail = "The database is unavailable. Try again in a moment."

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each listed error with the shared error schema, for OpenAPI."""
    return {error.status_code: {"model": ErrorBody, "description": error.detail} for error in errors}


def rule_or_validation_error(description: str, schema: str = "ErrorBody") -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route whose 422 is either FastAPI's validation error (`detail`: a list) or a
    broken rule of ours (`detail`: a sentence, with its `code`; `schema` names the body's model)."""
    refs = [{"$ref": "#/components/schemas/HTTPValidationError"}, {"$ref": f"#/components/schemas/{schema}"}]
    return {422: {"description": description, "content": {"application/json": {"schema": {"anyOf": refs}}}}}


def _finite(value: Any) -> Any:
    """JSON has no NaN or Infinity: echo such inputs as text, so a bad number is a 422, not a 500."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, error: AppError) -> JSONResponse:
        return JSONResponse(
            {"detail": error.detail, "code": error.code},
            status_code=error.status_code,
            headers=error.headers(),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        errors = _finite(jsonable_encoder(error.errors(), custom_encoder={Exception: str}))
        first = errors[0] if errors else {}
        where = ".".join(str(part) for part in first.get("loc", []) if part != "body")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg", "")
        return JSONResponse(
            {"detail": errors, "code": "validation_error", "message": message}, status_code=422
        )

    @app.exception_handler(sa.exc.SQLAlchemyError)
    async def _database_error(_request: Request, error: sa.exc.SQLAlchemyError) -> JSONResponse:
        if not is_connection_error(error):
            raise error
        unavailable = DatabaseUnavailable()
        return JSONResponse(
            {"detail": unavailable.detail, "code": unavailable.code},
            status_code=503,
            headers=unavailable.headers(),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        return JSONResponse(
            {"detail": str(error.detail), "code": codes.get(error.status_code, "http_error")},
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

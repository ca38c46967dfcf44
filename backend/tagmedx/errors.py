"""Domain errors and the one handler that turns them into the API's error shape; and what answers
any error nothing else handled (JSON with an id that is also in the log, never plain text)."""

import json
import logging
import math
import secrets
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tagmedx.allowed_methods import wrong_method
from tagmedx.db import DatabaseBusy, is_connection_error, is_deadlock
from tagmedx.sqlite_driver import is_busy, is_full

logger = logging.getLogger("tagmedx.errors")


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

    def resolve(self) -> "AppError":
        """The error to answer with: itself, unless what caused it says more (see StorageFailed)."""
        return self

    # Other errors `resolve` may answer with, listed beside this one in OpenAPI by error_responses.
    also: tuple[type["AppError"], ...] = ()


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


class DatabaseBusyError(AppError):
    status_code = 503
    code = "database_busy"
    detail = (
        "The database is busy: another program holds its write lock (a backup, a maintenance command). "
        "Nothing was saved. Try again in a moment."
    )

    def headers(self) -> dict[str, str]:
        return {"Retry-After": "5"}


class StorageFull(AppError):
    """A full disk does not pass by itself: no Retry-After, and a message for whoever can free space."""

    status_code = 507
    code = "storage_full"
    detail = (
        "The server's disk is full, so nothing more can be stored; nothing of this request was kept. "
        "An administrator must free space or enlarge the data folder's disk (see /api/health)."
    )


def error_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each listed error with the shared error schema, for OpenAPI, and the
    errors they may resolve to (`also`) where no listed error has their status. A 422 of ours is
    documented beside FastAPI's validation error, which the same route answers for malformed input."""
    responses: dict[int | str, dict[str, Any]] = {
        error.status_code: {"model": ErrorBody, "description": error.detail} for error in errors
    }
    for error in (extra for listed in errors for extra in listed.also):
        responses.setdefault(error.status_code, {"model": ErrorBody, "description": error.detail})
    if 422 in responses:  # a route with inputs also answers FastAPI's own validation error
        responses |= rule_or_validation_error(responses[422]["description"])
    return responses


def rule_or_validation_error(description: str, *schemas: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route whose 422 is either FastAPI's validation error (`detail`: a list) or a
    broken rule of ours (`detail`: a sentence, with its `code`; `schemas` name the bodies' models,
    ErrorBody unless said)."""
    names = ("HTTPValidationError", *(schemas or ("ErrorBody",)))
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in names]
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


def _validation_answer(errors: Sequence[Any]) -> JSONResponse:
    """422 in FastAPI's validation shape (documented on every route with inputs), with a sentence."""
    encoded = _finite(jsonable_encoder(errors, custom_encoder={Exception: str}))
    first = encoded[0] if encoded else {}
    where = ".".join(str(part) for part in first.get("loc", []) if part != "body")
    message = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg", "")
    return JSONResponse({"detail": encoded, "code": "validation_error", "message": message}, status_code=422)


def unreadable_body(error: StarletteHTTPException) -> dict[str, Any]:
    """The validation error of a body that could not be parsed at all (JSON that is not UTF-8, a
    broken multipart form): FastAPI and Starlette raise a bare 400 for those, which no route
    documents; the API answers them as the 422 it answers any other malformed body with."""
    cause = error.__cause__
    reason = f" ({type(cause).__name__})" if cause is not None else ""
    return {"type": "body_invalid", "loc": ["body"], "msg": f"{error.detail}{reason}", "input": None}


def _answer(error: AppError) -> JSONResponse:
    return JSONResponse(
        {"detail": error.detail, "code": error.code}, status_code=error.status_code, headers=error.headers()
    )


def _database_answer(error: BaseException) -> AppError | None:
    """What a database failure tells the client, or None for a bug (a bad statement, a schema that is
    not the code's: an internal error)."""
    if is_connection_error(error):
        return DatabaseUnavailable()
    orig = getattr(error, "orig", None)
    if orig is not None and is_busy(orig):  # a statement waited out the busy timeout
        return DatabaseBusyError()
    if orig is not None and is_full(orig):
        return StorageFull(
            "The disk holding the database is full; nothing of this request was saved. An "
            "administrator must free space on it (see /api/health)."
        )
    return None


def new_error_id() -> str:
    return secrets.token_hex(6)


def log_internal_error(request_scope: Scope, error: BaseException, *, answer_begun: bool = False) -> str:
    """One log line with the error's id, the request and the traceback; the id to tell the client."""
    error_id = new_error_id()
    logger.error(
        "internal_error %s: %s %s failed%s",
        error_id,
        request_scope.get("method", "?"),
        request_scope.get("path", "?"),
        " after its answer began; the connection is closed before the body's end" if answer_begun else "",
        exc_info=(type(error), error, error.__traceback__),
    )
    return error_id


def internal_error_body(error_id: str) -> dict[str, str]:
    detail = f"Something went wrong on the server. It was logged with the error id {error_id}: quote it."
    return {"detail": detail, "code": "internal_error", "error_id": error_id}


def _internal_error(request: Request, error: BaseException) -> JSONResponse:
    return JSONResponse(internal_error_body(log_internal_error(request.scope, error)), status_code=500)


class InternalErrors:
    """Pure ASGI middleware, inside only the security headers: whatever error escaped every handler
    (a bug, a schema behind the code's) answers 500 JSON `{detail, code: "internal_error", error_id}`
    and is logged once with that id, instead of Starlette's plain-text 500 or a dropped connection.

    An error once the answer has begun (a streamed export or download) cannot change the status line
    any more: the error is logged with its id and the connection is closed before the body's end, so
    the client sees an incomplete body (a short Content-Length or an unterminated chunked transfer),
    never a complete-looking file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as error:
            error_id = log_internal_error(scope, error, answer_begun=started)
            if started:
                return  # the server closes the connection of an unfinished answer
            body = json.dumps(internal_error_body(error_id)).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": body})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, error: AppError) -> JSONResponse:
        return _answer(error.resolve())

    @app.exception_handler(DatabaseBusy)
    async def _busy(_request: Request, _error: DatabaseBusy) -> JSONResponse:
        return _answer(DatabaseBusyError())

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return _validation_answer(error.errors())

    @app.exception_handler(sa.exc.SQLAlchemyError)
    async def _database_error(request: Request, error: sa.exc.SQLAlchemyError) -> JSONResponse:
        if is_deadlock(error):
            raise error  # DeadlockRetry (db.py) runs the request again
        answer = _database_answer(error)
        return _internal_error(request, error) if answer is None else _answer(answer)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # only the framework raises it: a body it could not parse
            return _validation_answer([unreadable_body(error)])
        if error.status_code == 405:
            return wrong_method(request)
        codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
        return JSONResponse(
            {"detail": str(error.detail), "code": codes.get(error.status_code, "http_error")},
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _anything_else(request: Request, error: Exception) -> JSONResponse:
        """Starlette's last resort, for an error of the outermost middleware (InternalErrors answers
        the others): the same JSON instead of its plain text."""
        return _internal_error(request, error)

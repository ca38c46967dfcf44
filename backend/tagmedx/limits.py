"""Request body limits, enforced before a body is read whole: a pure ASGI middleware.

A declared `Content-Length` over the limit is refused at once (the app never runs); a streamed
(chunked) body is counted as the app reads it and refused the moment it passes the limit. Routes
that take files (multipart forms) get `max_request_bytes`; every other route `max_json_bytes`.
"""

import json
from typing import Any

from fastapi import params
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised from `receive` while the app reads an over-long body. An HTTPException, so FastAPI's
    body parsing lets it through (it turns other errors into 400) and the error handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=too_large_detail(limit))
        self.limit = limit


def too_large_detail(limit: int) -> str:
    return f"The request body is larger than this server accepts here ({limit} bytes)."


def takes_files(route: Any) -> bool:
    """True for a route whose body is a form (file uploads)."""
    body = route.body_field if isinstance(route, APIRoute) else None
    return body is not None and isinstance(body.field_info, params.Form)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_request_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_request_bytes = max(max_request_bytes, max_json_bytes)

    def limit_for(self, scope: Scope) -> int:
        """The router has matched by the time the app reads the body: `scope["route"]` is known."""
        return self.max_request_bytes if takes_files(scope.get("route")) else self.max_json_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_request_bytes:
            await _refuse(send, self.max_request_bytes)  # too large for any route: the app never runs
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            limit = self.limit_for(scope)
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)  # refused before a byte of it is read
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as error:
            if started:
                raise
            await _refuse(send, error.limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": too_large_detail(limit), "code": "too_large"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

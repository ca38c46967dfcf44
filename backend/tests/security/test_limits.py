"""Request bodies over the limit answer 413 before they are read whole: a declared Content-Length is
refused before the app reads a byte; a streamed body is cut off as soon as it passes the limit."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.models import Group
from tests.conftest import make_settings
from tests.factories import make_user
from tests.samples.helpers import count, make_world, png

pytestmark = pytest.mark.anyio

JSON_LIMIT = 64 * 1024
FILE_LIMIT = 256 * 1024
REQUEST_LIMIT = 600 * 1024
CHUNK = 16 * 1024


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(
        database_url,
        tmp_path / "data",
        max_json_bytes=JSON_LIMIT,
        max_file_bytes=FILE_LIMIT,
        max_request_bytes=REQUEST_LIMIT,
    )


class Stream:
    """A request body sent in chunks without Content-Length; counts what the server pulled."""

    def __init__(self, total: int, prefix: bytes = b"") -> None:
        self.total, self.prefix, self.sent = total, prefix, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        first = self.prefix
        while self.sent < self.total:
            chunk = (first + b" " * CHUNK)[:CHUNK]
            first = b""
            self.sent += len(chunk)
            yield chunk


async def test_a_declared_oversized_json_body_is_refused_unread(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    caller = await make_user(client)
    body = b'{"name": "' + b"x" * (JSON_LIMIT + 10) + b'"}'
    response = await client.post(
        "/api/groups", content=body, headers=caller.headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert str(JSON_LIMIT) in response.json()["detail"]
    assert await count(session, Group) == 0


async def test_a_streamed_json_body_is_cut_off_at_the_limit(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    stream = Stream(50 * JSON_LIMIT, prefix=b'{"name": "')
    response = await client.post(
        "/api/groups", content=stream, headers=caller.headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert stream.sent <= JSON_LIMIT + 2 * CHUNK  # stopped near the limit, not read to the end


async def test_a_body_within_the_limit_works(client: httpx.AsyncClient) -> None:
    caller = await make_user(client)
    description = "d" * 2000
    response = await client.post(
        "/api/groups", json={"name": "G", "description": description}, headers=caller.headers
    )
    assert response.status_code == 201


async def test_uploads_get_the_larger_limit(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    images = [("files", (f"{index}.png", png(96, 96, seed=index), "image/png")) for index in range(4)]
    size = sum(len(item[1][1]) for item in images)
    assert JSON_LIMIT < size < REQUEST_LIMIT
    response = await client.post(
        f"/api/sets/{world.set_id}/samples", files=images, headers=world.admin.headers
    )
    assert response.status_code == 201, response.text


async def test_an_oversized_upload_is_refused_before_it_is_read(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    boundary = "x" * 20
    prefix = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    stream = Stream(20 * REQUEST_LIMIT, prefix=prefix)
    headers = world.admin.headers | {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = await client.post(f"/api/sets/{world.set_id}/samples", content=stream, headers=headers)
    assert response.status_code == 413
    assert stream.sent <= REQUEST_LIMIT + 2 * CHUNK

    declared = await raw_post(app, f"/api/sets/{world.set_id}/samples", REQUEST_LIMIT + 1, headers)
    assert declared["status"] == 413 and declared["pulled"] == 0


async def raw_post(app: FastAPI, path: str, length: int, headers: dict[str, str]) -> dict[str, Any]:
    """Call the app at the ASGI level with a declared length, counting the body messages it pulls."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"", "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    raw_headers = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [*raw_headers, (b"content-length", str(length).encode()), (b"host", b"testserver")],
        "client": ("203.0.113.7", 5000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return {"status": status, "pulled": pulled}


async def test_a_declared_json_body_over_its_limit_is_refused_before_reading(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_user(client)
    headers = caller.headers | {"Content-Type": "application/json"}
    result = await raw_post(app, "/api/groups", JSON_LIMIT + 1, headers)
    assert result == {"status": 413, "pulled": 0}

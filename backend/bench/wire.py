"""A lean HTTP/1.1 keep-alive client for the load generator.

The load generator runs on the same two CPUs as the server. httpx spent about 1 ms of CPU on each
request (as much as the server spent answering `GET /api/health`), so the figures measured the client
as much as the server. This client writes the request bytes and reads the status, the headers and a
Content-Length or chunked body from one kept-alive connection: about a tenth of that. Requests are
built by httpx (the same bytes a real client sends, multipart included), only sending is lean.
"""

from __future__ import annotations

import asyncio
import contextlib
import json as jsonlib
from typing import Any
from urllib.parse import urlsplit

import httpx


class Response:
    """The parts of httpx.Response the workloads read."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: dict[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Connection:
    """One keep-alive connection; requests on it go one after the other."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.host_header = parts.netloc.encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if json is None and files is None:
            target = url + ("?" + str(httpx.QueryParams(params)) if params else "")
            body = b""
            extra: dict[str, str] = {}
        else:
            built = httpx.Request(method, "http://x" + url, params=params, json=json, files=files)
            target = built.url.raw_path.decode()
            body = built.read()
            extra = {"Content-Type": built.headers["Content-Type"]}
        head = [f"{method} {target} HTTP/1.1", f"Host: {self.host_header.decode()}"]
        head += [f"{name}: {value}" for name, value in {**extra, **(headers or {})}.items()]
        if body or method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(body)}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(message)
        return await self._read(method)

    async def _read(self, method: str) -> Response:
        assert self.reader is not None
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if method == "HEAD" or status in (204, 304):
            content = b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            content = await self._chunks()
        else:
            content = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.aclose()
        return Response(status, headers, content)

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

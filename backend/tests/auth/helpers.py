"""An app with its own settings (small throttle limits, closed registration ...) and a client for it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from tagmedx.main import create_app
from tests.conftest import empty_all_tables, make_settings
from tests.factories import PASSWORD


@asynccontextmanager
async def app_client(
    database_url: str, tmp_path: Path, *, client_ip: str = "203.0.113.7", **overrides: object
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(make_settings(database_url, tmp_path / "data", **overrides))
    try:
        async with client_for(app, client_ip) as http:
            yield app, http
    finally:
        await empty_all_tables(app)
        await app.state.engine.dispose()


def client_for(app: FastAPI, client_ip: str = "203.0.113.7", *, https: bool = False) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
    base_url = "https://testserver" if https else "http://testserver"
    return httpx.AsyncClient(transport=transport, base_url=base_url)


async def register(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> int:
    response = await http.post(
        "/api/auth/register", json={"email": email, "password": password, "name": "Jan", "surname": "Lis"}
    )
    assert response.status_code == 201, response.text
    user_id: int = response.json()["id"]
    return user_id


async def login(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await http.post("/api/auth/login", json={"email": email, "password": password})

"""Helpers that build people and groups through the public API, as a script author would."""

import itertools
from dataclasses import dataclass, field
from typing import Any

import httpx

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@dataclass
class Caller:
    id: int
    email: str
    token: str
    headers: dict[str, str] = field(default_factory=dict)


async def make_user(client: httpx.AsyncClient, **fields: Any) -> Caller:
    number = next(_counter)
    body = {
        "email": f"doctor{number}@example.org",
        "password": PASSWORD,
        "name": "Anna",
        "surname": f"Nowak{number}",
    }
    body.update(fields)
    registered = await client.post("/api/auth/register", json=body)
    assert registered.status_code == 201, registered.text
    login = await client.post("/api/auth/login", json={"email": body["email"], "password": body["password"]})
    assert login.status_code == 200, login.text
    client.cookies.clear()  # callers authenticate by bearer unless a test says otherwise
    token = login.json()["access_token"]
    return Caller(
        id=registered.json()["id"],
        email=body["email"],
        token=token,
        headers={"Authorization": f"Bearer {token}"},
    )


async def make_group(client: httpx.AsyncClient, admin: Caller, name: str = "Radiology") -> dict[str, Any]:
    response = await client.post("/api/groups", json={"name": name}, headers=admin.headers)
    assert response.status_code == 201, response.text
    group: dict[str, Any] = response.json()
    return group


async def join_group(client: httpx.AsyncClient, user: Caller, group: dict[str, Any]) -> None:
    code = group.get("join_code")
    assert code, "join_code comes with the group for its admin"
    response = await client.post("/api/groups/join", json={"join_code": code}, headers=user.headers)
    assert response.status_code == 200, response.text

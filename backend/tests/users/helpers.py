from typing import Any

import httpx

from tests.factories import Caller


async def create_token(client: httpx.AsyncClient, caller: Caller, **body: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/users/me/tokens", json={"name": "script", **body}, headers=caller.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

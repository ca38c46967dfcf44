import httpx

ROUTES = {
    ("post", "/api/auth/register"): {"201", "403", "409", "422"},
    ("post", "/api/auth/login"): {"200", "401", "422", "429"},
    ("post", "/api/auth/logout"): {"204", "401", "403"},
    ("get", "/api/users/me"): {"200", "401"},
    ("patch", "/api/users/me"): {"200", "401", "403", "409", "422"},
    ("put", "/api/users/me/password"): {"204", "400", "401", "403", "422"},
    ("post", "/api/users/me/tokens"): {"201", "401", "403", "422"},
    ("get", "/api/users/me/tokens"): {"200", "401", "422"},
    ("delete", "/api/users/me/tokens/{token_id}"): {"204", "401", "403", "404", "422"},
}


async def test_every_auth_and_user_route_declares_its_answers(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/api/openapi.json")).json()
    for (method, path), statuses in ROUTES.items():
        operation = spec["paths"][path][method]
        assert statuses <= set(operation["responses"]), (method, path, set(operation["responses"]))
    login = spec["paths"]["/api/auth/login"]["post"]["responses"]["200"]["content"]["application/json"]
    schema = spec["components"]["schemas"][login["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert {"access_token", "token_type", "expires_at", "user", "csrf_header", "csrf_token"} <= set(
        schema["properties"]
    )

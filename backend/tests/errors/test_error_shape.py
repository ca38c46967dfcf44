import httpx

from tests.factories import make_user


async def test_non_finite_numbers_are_a_422_not_a_500(client: httpx.AsyncClient) -> None:
    user = await make_user(client)
    for raw in ('{"name": NaN}', '{"name": Infinity}', '{"name": -Infinity}', '{"name": 1e400}'):
        response = await client.post(
            "/api/groups",
            content=raw,
            headers={**user.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, (raw, response.text)
        assert response.json()["code"] == "validation_error"


async def test_validation_errors_carry_a_readable_message(client: httpx.AsyncClient) -> None:
    user = await make_user(client)
    response = await client.post("/api/groups", json={"name": ""}, headers=user.headers)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"].startswith("name")
    assert isinstance(body["detail"], list)


async def test_unknown_routes_answer_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}

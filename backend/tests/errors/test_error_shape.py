import httpx

from tests.factories import make_group, make_user


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


async def test_a_body_that_cannot_be_parsed_is_the_documented_422(client: httpx.AsyncClient) -> None:
    user = await make_user(client)
    group = await make_group(client, user)
    image_set = await client.post(
        f"/api/groups/{group['id']}/sets",
        json={"name": "S", "type": "detection", "package_size": 1},
        headers=user.headers,
    )
    for url, raw, content_type in (
        # not UTF-8: FastAPI alone answers a bare 400, which no route documents
        ("/api/groups", b"\xff\xfe{", "application/json"),
        ("/api/groups", b'{"name": ', "application/json"),
        (f"/api/sets/{image_set.json()['id']}/samples", b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (f"/api/sets/{image_set.json()['id']}/samples", b"", "multipart/form-data"),  # no boundary
    ):
        response = await client.post(url, content=raw, headers={**user.headers, "Content-Type": content_type})
        assert response.status_code == 422, (raw, response.text)
        body = response.json()
        assert body["code"] == "validation_error"
        assert isinstance(body["detail"], list) and body["detail"][0]["loc"][0] == "body"

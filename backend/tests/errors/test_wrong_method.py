"""A method a path does not take: 405 with an `Allow` that lists exactly what the OpenAPI document
declares for that path (schemathesis' unsupported_method and allow_header_conformance checks)."""

import re

import httpx
from fastapi import FastAPI

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


async def test_every_api_path_answers_other_methods_with_405_and_its_allow(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    for path, operations in app.openapi()["paths"].items():
        declared = {method.upper() for method in operations}
        url = re.sub(r"\{\w+\}", "1", path)
        for method in sorted(set(METHODS) - declared):
            response = await client.request(method, url)
            assert response.status_code == 405, (method, path, response.status_code, response.text)
            assert set(response.headers["allow"].split(", ")) == declared, (method, path)
            assert response.json()["code"] == "method_not_allowed"


async def test_a_literal_path_beside_a_parameter_is_not_taken_for_an_id(client: httpx.AsyncClient) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(method, "/api/groups/join")
        assert response.status_code == 405, (method, response.text)
        assert response.headers["allow"] == "POST"


async def test_a_path_no_route_has_is_404_whatever_the_method(client: httpx.AsyncClient) -> None:
    for method in ("GET", "POST", "DELETE"):
        for url in ("/api/nothing-here", "/api/groups/1/nothing"):
            response = await client.request(method, url)
            assert response.status_code == 404, (method, url, response.text)
            assert response.json() == {"detail": "Not found.", "code": "not_found"}
            assert "allow" not in response.headers

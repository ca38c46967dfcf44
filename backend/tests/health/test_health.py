import httpx
from fastapi import FastAPI

from tagmedx.main import create_app
from tests.conftest import make_settings


async def test_health_reports_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["schema"] == "current"
    assert body["storage"] in ("ok", "low")  # the machine's free space decides
    assert body["status"] == ("ok" if body["storage"] == "ok" else "degraded")
    assert body["storage_free_bytes"] > 0


async def test_health_is_503_when_the_database_is_unreachable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings("mysql+asyncmy://root@127.0.0.1:1/nothing", tmp_path, secret_key="k" * 40)
    app: FastAPI = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/api/health")
    await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = await client.get("/api/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["title"] == "TagMedX API"
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


async def test_docs_load_their_assets_from_this_server(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text
    assert "/api/docs/assets/swagger-ui-bundle.js" in page.text
    script = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]

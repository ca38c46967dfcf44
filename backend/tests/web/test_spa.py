from pathlib import Path

import httpx

from tagmedx.main import create_app
from tests.conftest import make_settings


async def spa_client(database_url: str, tmp_path: Path) -> tuple[httpx.AsyncClient, Path]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>TagMedX</title>")
    (dist / "assets" / "app-1234.js").write_text("console.log('tagmedx')")
    app = create_app(make_settings(database_url, tmp_path / "data", frontend_dist=dist))
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver"), dist


async def test_client_routes_fall_back_to_index_html(database_url: str, tmp_path: Path) -> None:
    client, _ = await spa_client(database_url, tmp_path)
    async with client:
        page = await client.get("/groups/12/sets")
        asset = await client.get("/assets/app-1234.js")
    assert page.status_code == 200
    assert "<title>TagMedX</title>" in page.text
    assert page.headers["cache-control"] == "no-cache"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]


async def test_unknown_api_paths_stay_json_404(database_url: str, tmp_path: Path) -> None:
    client, _ = await spa_client(database_url, tmp_path)
    async with client:
        response = await client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_files_outside_dist_are_never_served(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("do not serve")
    client, _ = await spa_client(database_url, tmp_path)
    async with client:
        response = await client.get("/..%2Fsecret.txt")
        dotdot = await client.get("/assets/../../secret.txt")
    assert "do not serve" not in response.text
    assert "do not serve" not in dotdot.text

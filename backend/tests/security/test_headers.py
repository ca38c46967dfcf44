"""Browser-facing headers: CSP, frame-ancestors, nosniff and Referrer-Policy on the SPA and the API;
every file route answers with its exact type, nosniff and a sandboxing CSP; CORS stays off."""

from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.main import create_app
from tests.conftest import make_settings
from tests.samples.helpers import dicom, make_world, png, upload

pytestmark = pytest.mark.anyio


def csp_directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else "" for part in parts}


def assert_hardened(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == "'none'"


async def test_the_spa_gets_a_strict_policy(database_url: str, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><div id=root></div>")
    app = create_app(make_settings(database_url, tmp_path / "data", frontend_dist=dist))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            for path in ("/", "/groups/1/sets", "/index.html"):
                response = await client.get(path)
                assert response.status_code == 200
                assert_hardened(response)
                policy = csp_directives(response)
                assert policy["script-src"] == "'self'"  # no inline script: stored XSS cannot run
                assert policy["object-src"] == "'none'"
                assert policy["default-src"] == "'self'"
                assert "unsafe-eval" not in response.headers["content-security-policy"]
    finally:
        await app.state.engine.dispose()


@pytest.mark.parametrize("path", ["/api/health", "/api/users/me", "/api/nowhere"])
async def test_api_answers_are_sandboxed_too(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert_hardened(response)
    policy = csp_directives(response)
    assert "sandbox" in policy and policy["default-src"] == "'none'"


async def test_every_file_route_answers_with_its_exact_type_nosniff_and_sandbox(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    uploaded = await upload(client, world.admin, world.set_id, ("chest.png", png()), ("ct.dcm", dicom()))
    assert uploaded.status_code == 201, uploaded.text
    by_name = {sample["filename"]: sample["id"] for sample in uploaded.json()["created"]}
    png_id, dicom_id = by_name["chest.png"], by_name["ct.dcm"]
    package_id = uploaded.json()["created"][0]["package_id"]
    expected = {
        f"/api/samples/{png_id}/image": "image/png",
        f"/api/samples/{png_id}/original": "image/png",
        f"/api/samples/{dicom_id}/original": "application/dicom",
        f"/api/samples/{dicom_id}/pixels": "application/octet-stream",
        f"/api/sets/{world.set_id}/export?format=coco": "application/json",
        f"/api/sets/{world.set_id}/export?format=csv": "text/csv",
        f"/api/sets/{world.set_id}/export?format=yolo": "application/zip",
        f"/api/sets/{world.set_id}/export?format=voc": "application/zip",
        f"/api/packages/{package_id}/export?format=coco": "application/json",
    }
    for path, media_type in expected.items():
        response = await client.get(path, headers=world.admin.headers)
        assert response.status_code == 200, f"{path}: {response.text}"
        assert response.headers["content-type"].split(";")[0].strip() == media_type, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert "sandbox" in csp_directives(response), path
    for path in (f"/api/samples/{dicom_id}/image", f"/api/samples/{png_id}/thumbnail"):
        response = await client.get(path, headers=world.admin.headers)
        assert response.status_code == 200
        assert response.headers["content-type"] in ("image/png", "image/jpeg", "image/webp"), path
        assert response.content[:4] in (b"\x89PNG", b"RIFF") or response.content[:2] == b"\xff\xd8", path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in csp_directives(response)
    for path in (f"/api/samples/{png_id}/original", f"/api/sets/{world.set_id}/export?format=coco"):
        response = await client.get(path, headers=world.admin.headers)
        assert response.headers["content-disposition"].startswith("attachment"), path


async def test_cors_is_off_by_default(client: httpx.AsyncClient) -> None:
    origin = {"Origin": "https://evil.example"}
    simple = await client.get("/api/health", headers=origin)
    assert "access-control-allow-origin" not in simple.headers
    assert "access-control-allow-credentials" not in simple.headers
    preflight = await client.options(
        "/api/users/me",
        headers=origin
        | {"Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "x-csrf-token"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-methods" not in preflight.headers

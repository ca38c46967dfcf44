"""What a shared reading-room workstation's browser keeps: JSON answers (patient data, file names,
readings) are never stored; images are stored but asked again every time (revalidated with their
ETag, so a signed-out browser gets 401, not the picture); logout tells the browser to drop the
site's cache and storage. frontend/e2e/after-logout.spec.ts shows the same in Chromium."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.auth.helpers import login, register
from tests.samples.helpers import make_world, png, upload

pytestmark = pytest.mark.anyio


async def test_json_answers_are_not_stored_and_images_are_revalidated(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    uploaded = await upload(client, world.admin, world.set_id, ("chest.png", png()))
    assert uploaded.status_code == 201
    sample_id = uploaded.json()["created"][0]["id"]
    for path in (
        f"/api/samples/{sample_id}",
        f"/api/sets/{world.set_id}/samples",
        "/api/users/me",
        f"/api/samples/{sample_id}/examination",  # 404 until a reading exists: errors too
        "/api/health",
    ):
        response = await client.get(path, headers=world.admin.headers)
        assert response.headers["cache-control"] == "no-store", path
    for kind in ("image", "thumbnail", "original"):
        path = f"/api/samples/{sample_id}/{kind}"
        response = await client.get(path, headers=world.admin.headers)
        assert response.status_code == 200
        directives = {part.strip() for part in response.headers["cache-control"].split(",")}
        assert directives == {"private", "no-cache"}, path  # no max-age, no immutable
        etag = response.headers["etag"]
        again = await client.get(path, headers=world.admin.headers | {"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["cache-control"] == response.headers["cache-control"]
        signed_out = await client.get(path, headers={"If-None-Match": etag})
        assert signed_out.status_code == 401  # revalidation asks the server, which knows nobody


async def test_logout_clears_the_sites_cache_and_storage_but_not_every_cookie(
    client: httpx.AsyncClient,
) -> None:
    await register(client, "jan@example.org")
    csrf = (await login(client, "jan@example.org")).json()["csrf_token"]
    response = await client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    directives = {part.strip() for part in response.headers["clear-site-data"].split(",")}
    # "cookies" would clear every cookie of the registrable domain (other apps of the hospital's
    # domain too) and this browser's device cookie; logout deletes our session cookies by name.
    assert directives == {'"cache"', '"storage"'}

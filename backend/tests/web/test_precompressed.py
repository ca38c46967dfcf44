"""The built SPA's precompressed twins (name.br, name.gz beside name): which one a browser gets, and how."""

import gzip
from pathlib import Path

import httpx
import pytest

from tagmedx.main import create_app
from tagmedx.static_files import coding_qualities
from tests.conftest import make_settings

SCRIPT = b"console.log('tagmedx');\n" * 200
PAGE = b"<!doctype html><title>TagMedX</title>" + b"<!-- padding -->" * 100
# Not real brotli: the bytes say which file was sent; the client is told not to decode them.
BROTLI_SCRIPT = b"brotli twin of app.js"
BROTLI_PAGE = b"brotli twin of index.html"


def build_dist(dist: Path) -> None:
    (dist / "assets").mkdir(parents=True)
    (dist / "assets" / "app-1234.js").write_bytes(SCRIPT)
    (dist / "assets" / "app-1234.js.gz").write_bytes(gzip.compress(SCRIPT))
    (dist / "assets" / "app-1234.js.br").write_bytes(BROTLI_SCRIPT)
    (dist / "assets" / "style-1234.css").write_text("body { color: black }")
    (dist / "index.html").write_bytes(PAGE)
    (dist / "index.html.gz").write_bytes(gzip.compress(PAGE))
    (dist / "index.html.br").write_bytes(BROTLI_PAGE)


async def spa_client(database_url: str, tmp_path: Path) -> httpx.AsyncClient:
    dist = tmp_path / "dist"
    build_dist(dist)
    app = create_app(make_settings(database_url, tmp_path / "data", frontend_dist=dist))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def raw_get(client: httpx.AsyncClient, path: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The answer and its body as sent, without httpx undoing the Content-Encoding."""
    request = client.build_request("GET", path, headers=headers)
    response = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response, body


async def test_a_browser_taking_brotli_gets_the_brotli_twin(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, body = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert body == BROTLI_SCRIPT
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["content-length"] == str(len(BROTLI_SCRIPT))
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_a_browser_taking_only_gzip_gets_the_gzip_twin(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, body = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT
    assert len(body) < len(SCRIPT)
    assert response.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize("accept", ["identity", "br;q=0, gzip;q=0", "*;q=0, identity", "deflate"])
async def test_without_an_accepted_encoding_the_file_itself(
    database_url: str, tmp_path: Path, accept: str
) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, body = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": accept})
    assert body == SCRIPT
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["content-type"].startswith("text/javascript")


async def test_a_file_without_twins_is_served_as_it_is(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, body = await raw_get(client, "/assets/style-1234.css", **{"Accept-Encoding": "br, gzip"})
    assert body == b"body { color: black }"
    assert "content-encoding" not in response.headers
    assert response.headers["content-type"].startswith("text/css")


async def test_client_routes_get_the_compressed_index(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, body = await raw_get(client, "/groups/12/sets", **{"Accept-Encoding": "gzip, br"})
    assert body == BROTLI_PAGE
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


async def test_a_higher_quality_wins_over_brotli(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        response, _ = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": "br;q=0.5, gzip"})
    assert response.headers["content-encoding"] == "gzip"


async def test_each_encoding_has_its_own_etag_and_revalidates(database_url: str, tmp_path: Path) -> None:
    async with await spa_client(database_url, tmp_path) as client:
        brotli, _ = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": "br"})
        plain, _ = await raw_get(client, "/assets/app-1234.js", **{"Accept-Encoding": "identity"})
        etag = brotli.headers["etag"]
        again, body = await raw_get(
            client, "/assets/app-1234.js", **{"Accept-Encoding": "br", "If-None-Match": etag}
        )
        other, _ = await raw_get(
            client, "/assets/app-1234.js", **{"Accept-Encoding": "identity", "If-None-Match": etag}
        )
    assert etag != plain.headers["etag"]
    assert again.status_code == 304
    assert body == b""
    assert again.headers["etag"] == etag
    assert again.headers["vary"] == "Accept-Encoding"
    assert again.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert other.status_code == 200


def test_accept_encoding_is_read_with_its_qualities() -> None:
    assert coding_qualities("gzip, deflate, br") == {"gzip": 1.0, "deflate": 1.0, "br": 1.0}
    assert coding_qualities(" BR ;q=0.8 , *;q=0, gzip;q=bad,,") == {"br": 0.8, "*": 0.0, "gzip": 0.0}
    assert coding_qualities("") == {}

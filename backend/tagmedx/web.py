"""The browser side of the server: security headers on every response, and the built SPA at `/`."""

from pathlib import Path

import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tagmedx.allowed_methods import CATCH_ALL, wrong_method
from tagmedx.static_files import static_file_response

REPO_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"

SPA_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
DOCS_POLICY = "frame-ancestors 'none'"
Headers = tuple[tuple[bytes, bytes], ...]
_EVERY_ANSWER: Headers = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
SPA_HEADERS: Headers = (*_EVERY_ANSWER, (b"content-security-policy", SPA_POLICY.encode()))
DOCS_HEADERS: Headers = (*_EVERY_ANSWER, (b"content-security-policy", DOCS_POLICY.encode()))
API_HEADERS: Headers = (
    *_EVERY_ANSWER,
    (b"content-security-policy", API_POLICY.encode()),
    (b"cache-control", b"no-store"),
)


class SecurityHeaders:
    """Pure ASGI middleware (cheap on hot paths) adding the headers every response should carry.

    `Cross-Origin-Resource-Policy: same-origin` on every answer: a page on another port of the same
    host is same-site, so SameSite cookies go along with its `<img>` and `<script>` requests; only
    this header keeps it from showing a signed-in user's patient images. API answers that set no
    caching of their own (JSON: accounts, readings, file names) are `no-store`, so no copy stays in a
    shared workstation's browser cache; the image routes revalidate instead (features/samples/serving.py).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/api/docs"):
            added = DOCS_HEADERS
        elif path.startswith("/api/"):
            added = API_HEADERS
        else:
            added = SPA_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {name.lower() for name, _ in headers}
                headers.extend(header for header in added if header[0] not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount_api_docs(app: FastAPI) -> None:
    """Swagger UI at /api/docs from files shipped with the backend: no CDN, so it works offline."""
    assets = Path(swagger_ui_bundle.swagger_ui_path)
    app.mount("/api/docs/assets", StaticFiles(directory=assets), name="api-docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="TagMedX API",
            swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs/assets/swagger-ui.css",
            swagger_favicon_url="/api/docs/assets/favicon-32x32.png",
        )


def mount_spa(app: FastAPI, dist: Path | None) -> None:
    """Serve the built SPA: files from `dist` (precompressed when the browser takes it, see
    static_files.py), and index.html for every other non-API path."""
    root = (dist or REPO_DIST).resolve()
    index = root / "index.html"

    @app.get("/{path:path}", include_in_schema=False, name=CATCH_ALL)
    async def spa(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            return wrong_method(request)  # 405 where the API takes other methods, else 404
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            immutable = path.startswith("assets/")
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return static_file_response(candidate, request.headers, cache)
        if index.is_file():
            return static_file_response(index, request.headers, "no-cache")
        return JSONResponse(
            {
                "detail": "The web app is not built. Run `make run` (it builds frontend/), "
                "or use the API at /api/docs.",
                "code": "spa_not_built",
            },
            status_code=404,
        )

"""The answer to a method no route of a path takes: 405 with an `Allow` header that lists every method
the app's routes take at that path (RFC 9110), read from the routes themselves; 404 when no API route
has that path at all.

Starlette's own 405 names only the methods of the first route whose path matched (`/api/groups`: POST,
not GET), and a GET the API does not take would fall through to the web app's catch-all route, which
answers every GET: both ask the router instead."""

from collections.abc import Iterable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Match

# HEAD and OPTIONS are listed only where a route takes them (the SPA's GET routes, the OpenAPI document).
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# The web app's catch-all (web.mount_spa) takes GET at every path: below /api it says nothing.
CATCH_ALL = "spa"


def allowed_methods(routes: Iterable[BaseRoute], path: str, root_path: str = "") -> list[str]:
    """The methods some route takes at `path`, in METHODS' order; below /api, the API's routes only."""
    route_path = path.removeprefix(root_path)
    in_api = route_path == "/api" or route_path.startswith("/api/")
    candidates = [route for route in routes if not (in_api and getattr(route, "name", None) == CATCH_ALL)]
    allowed = []
    for method in METHODS:
        scope = {"type": "http", "method": method, "path": path, "root_path": root_path, "headers": []}
        if any(route.matches(scope)[0] is Match.FULL for route in candidates):
            allowed.append(method)
    return allowed


def wrong_method(request: Request) -> JSONResponse:
    """405 `method_not_allowed` with `Allow`, or 404 `not_found` when no route has this path."""
    scope = request.scope
    allowed = allowed_methods(request.app.router.routes, scope["path"], scope.get("root_path", ""))
    if not allowed:
        return JSONResponse({"detail": "Not found.", "code": "not_found"}, status_code=404)
    methods = ", ".join(allowed)
    detail = f"{request.method} is not allowed here; use {methods}."
    return JSONResponse(
        {"detail": detail, "code": "method_not_allowed"}, status_code=405, headers={"Allow": methods}
    )

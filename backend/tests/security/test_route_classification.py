"""The route table in routes.py lists every route exactly once, and agrees with the authz guards."""

from fastapi import FastAPI

from tests.security.routes import ROUTES, Who, api_routes


async def test_every_route_is_classified_exactly_once(app: FastAPI) -> None:
    served = api_routes(app)
    unclassified = sorted(served - set(ROUTES))
    stale = sorted(set(ROUTES) - served)
    assert not unclassified, f"classify these routes in tests/security/routes.py: {unclassified}"
    assert not stale, f"these routes no longer exist: {stale}"


async def test_only_public_routes_work_without_a_login(app: FastAPI) -> None:
    document = app.openapi()
    for (method, path), (who, _) in ROUTES.items():
        operation = document["paths"][path][method.lower()]
        declared = {str(status) for status in operation.get("responses", {})}
        if who is not Who.public:
            assert "401" in declared, f"{method} {path} should declare its 401"

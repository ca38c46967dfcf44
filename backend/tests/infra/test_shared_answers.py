"""The OpenAPI document states the answers every route may give besides its own: 503 from the
database (with Retry-After), 507 from a full disk where something is written, 413 for a body over the
limits; and never a 507 where nothing can be written."""

from fastapi import FastAPI

READS_OF_FILES = ("image", "thumbnail", "original", "pixels")


async def test_every_route_documents_what_the_database_disk_and_limits_may_answer(app: FastAPI) -> None:
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert "503" in answers, (method, path)
            if method != "get":
                assert "507" in answers, (method, path)
            if "requestBody" in operation:
                assert "413" in answers, (method, path)


async def test_a_route_that_writes_nothing_documents_no_full_disk(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for kind in READS_OF_FILES:
        answers = paths[f"/api/samples/{{sample_id}}/{kind}"]["get"]["responses"]
        assert "507" not in answers, kind
        assert "Retry-After" in paths["/api/groups"]["get"]["responses"]["503"]["headers"]
    assert "507" not in paths["/api/groups"]["get"]["responses"]
    assert "507" in paths["/api/sets/{set_id}/export"]["get"]["responses"]  # it records its event

"""The real app with two routes that fail as a bug would, for the internal-error tests (run by uvicorn
in a process of its own: `uvicorn tests.faults.broken_app:create --factory`)."""

from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from tagmedx.main import create_app


def create() -> FastAPI:
    app = create_app()

    @app.get("/api/test-broken", include_in_schema=False)
    async def broken() -> None:
        raise RuntimeError("a bug before the answer")

    @app.get("/api/test-broken-stream", include_in_schema=False)
    async def broken_stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"the first part of a long download, "
            raise RuntimeError("a bug in the middle of the answer")

        return StreamingResponse(chunks(), media_type="application/octet-stream")

    # the SPA's catch-all route was added first: ours must come before it
    app.router.routes.insert(0, app.router.routes.pop())
    app.router.routes.insert(0, app.router.routes.pop())
    return app

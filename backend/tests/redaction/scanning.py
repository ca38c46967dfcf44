"""Running the app's text scanner as the server does (its lifespan) and following a sample's scan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
from fastapi import FastAPI

from tagmedx.features.redaction.scanner import TextScanner
from tests.samples.helpers import Person

# Only against a hang (a scanner that never settles): every wait below ends on an event, not a clock.
HANG_GUARD_SECONDS = 600
MAX_POLLS = 5


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[TextScanner]:
    """The app started as uvicorn starts it: the scanner runs in the background."""
    try:
        async with app.router.lifespan_context(app):
            yield app.state.text_scanner
    finally:
        gc.unfreeze()  # the lifespan froze what existed; the rest of the run may collect it


async def scan_result(
    client: httpx.AsyncClient, scanner: TextScanner, sample_id: int, person: Person
) -> dict[str, object]:
    """The sample's text regions once its scan has ended, polling a bounded number of times and
    waiting between polls for the scanner to have worked through its queue."""
    for _ in range(MAX_POLLS):
        response = await client.get(f"/api/samples/{sample_id}/text-regions", headers=person.headers)
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        if body["status"] != "pending":
            return body
        scanner.wake()
        with anyio.fail_after(HANG_GUARD_SECONDS):
            await scanner.settled()
    raise AssertionError(f"sample {sample_id} is still pending after {MAX_POLLS} rounds of the scanner")

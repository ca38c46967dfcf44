"""What the server does when it starts and stops, beyond serving."""

import gc

import pytest
from fastapi import FastAPI

pytestmark = pytest.mark.anyio


async def test_startup_moves_what_exists_out_of_the_garbage_collectors_sight(app: FastAPI) -> None:
    gc.unfreeze()
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 10_000  # the app, its routes, models and statements
    finally:
        gc.unfreeze()

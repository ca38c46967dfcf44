"""GET /api/health: is the API up and can it reach its database."""

from typing import Literal

import anyio
import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

router = APIRouter(tags=["health"])

CHECK_SECONDS = 3


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unavailable"]


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database is unreachable"}},
)
async def health(request: Request) -> Health | JSONResponse:
    try:
        with anyio.fail_after(CHECK_SECONDS):
            async with request.app.state.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
    except Exception:
        body = Health(status="unavailable", database="unavailable")
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    return Health(status="ok", database="ok")

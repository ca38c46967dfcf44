"""GET /api/health: is the API up, can it reach its database, is the schema the code's, is there room
to store images. For a load balancer and for the administrator who reads it."""

from typing import Literal

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tagmedx.schema import SchemaStatus, read_schema_state
from tagmedx.storage import MeasuresSpace, Storage

router = APIRouter(tags=["health"])

CHECK_SECONDS = 3  # the database's answer, whatever the statement timeout of requests

HEALTH_DESCRIPTION = """`status` is `ok`, `degraded` (200: the API works, but the storage is low or
full: uploads may fail with 507 `storage_full`, everything stored stays readable) or `unavailable` (503
with `Retry-After`: the database does not answer within 3 s, or its schema is not this version's, say
after an upgrade without `python -m tagmedx migrate`; a load balancer should send no requests here).
`storage` is `low` below `TAGMEDX_STORAGE_MIN_FREE_MB` free, `full` once a write found no room (until a
write succeeds or space is freed); `storage_free_bytes` is null for S3. `detail` says what to do."""

StorageStatus = Literal["ok", "low", "full"]


class Health(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    database: Literal["ok", "unavailable"]
    schema_: SchemaStatus | None = Field(
        alias="schema",
        description="current, behind (run migrate) or unknown (a newer version's); null if unreachable",
    )
    storage: StorageStatus
    storage_free_bytes: int | None
    detail: str | None = None


@router.get(
    "/health",
    response_model=Health,
    response_model_by_alias=True,
    description=HEALTH_DESCRIPTION,
    responses={
        503: {"model": Health, "description": "The database is unreachable, or its schema is not the code's"}
    },
)
async def health(request: Request) -> Health | JSONResponse:
    problems: list[str] = []
    database: Literal["ok", "unavailable"] = "ok"
    schema: SchemaStatus | None = None
    try:
        with anyio.fail_after(CHECK_SECONDS):
            async with request.app.state.engine.connect() as connection:
                state = await read_schema_state(connection)
        schema = state.status
        if schema != "current":
            problems.append(state.explanation)
    except Exception:
        database = "unavailable"
        problems.append(f"The database did not answer within {CHECK_SECONDS} s.")
    storage, free = await _storage(request.app.state.storage, request.app.state.settings.storage_min_free_mb)
    if storage != "ok":
        problems.append(_STORAGE_PROBLEMS[storage].format(free=_megabytes(free)))
    unavailable = database != "ok" or schema != "current"
    body = Health(
        status="unavailable" if unavailable else ("degraded" if problems else "ok"),
        database=database,
        schema=schema,
        storage=storage,
        storage_free_bytes=free,
        detail=" ".join(problems) or None,
    )
    if unavailable:
        return JSONResponse(body.model_dump(by_alias=True), status_code=503, headers={"Retry-After": "5"})
    return body


_STORAGE_PROBLEMS = {
    "low": "The data folder's disk is almost full ({free} free): free space before uploads fail.",
    "full": "The data folder's disk is full ({free} free): uploads fail until space is freed.",
}


def _megabytes(free: int | None) -> str:
    return "unknown" if free is None else f"{free / 1024 / 1024:.1f} MB"


async def _storage(storage: Storage, min_free_mb: int) -> tuple[StorageStatus, int | None]:
    if not isinstance(storage, MeasuresSpace):
        return "ok", None
    space = await storage.space()
    if space.full:
        return "full", space.free_bytes
    return ("low" if space.free_bytes < min_free_mb * 1024 * 1024 else "ok"), space.free_bytes

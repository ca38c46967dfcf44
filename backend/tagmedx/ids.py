"""Database ids in requests: 1 up to 2**53 - 1, so an id no row can have is a 4xx, never a driver's
overflow (SQLite refuses integers beyond 64 bits with an exception, not an empty result).

2**53 - 1 rather than the largest BIGINT: it is the largest integer every JSON reader holds exactly
(JavaScript's Number.MAX_SAFE_INTEGER, the web app's ids), and the OpenAPI document, whose bounds
FastAPI writes as floats, states it exactly (2**63 - 1 became 2**63, an id the server refuses)."""

from typing import Annotated

from pydantic import Field

from tagmedx.json_types import JSON_INTEGER

MAX_ID = 2**53 - 1

# A database id in a request body or a list of them: a JSON integer (not `true`, not "7").
Id = Annotated[int, Field(ge=1, le=MAX_ID), JSON_INTEGER]

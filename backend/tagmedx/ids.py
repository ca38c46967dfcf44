"""Database ids in requests: 1 up to the largest BIGINT, so an id no row can have is a 4xx, never a
driver's overflow (SQLite refuses integers beyond 64 bits with an exception, not an empty result)."""

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1

# A database id in a request body or a list of them.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

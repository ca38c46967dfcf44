"""Collections: `{"items": [...], "next_cursor": ...}` with `limit` and an opaque keyset `cursor`."""

import base64
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int = DEFAULT_LIMIT
    after_id: int | None = None


# A cursor is the last id of a page, 6 bytes big-endian in base64url: exactly 8 characters, and
# every 8 such characters are a cursor (an id below 2**48, more than any table holds), so the schema's
# pattern says all the server checks: a malformed cursor is the 422 of any other bad parameter.
CURSOR_BYTES = 6
CURSOR_PATTERN = "^[A-Za-z0-9_-]{8}$"


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(last_id.to_bytes(CURSOR_BYTES, "big")).decode()


def decode_cursor(cursor: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(cursor), "big")


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page (opaque)"),
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, after_id=decode_cursor(cursor) if cursor else None)


Pagination = Annotated[PageParams, Depends(page_params)]


async def fetch_page(
    session: AsyncSession,
    statement: sa.Select[Any],
    id_column: Any,
    params: PageParams,
    *,
    descending: bool = False,
) -> tuple[Sequence[Any], str | None]:
    """Rows of `statement` after the cursor, ordered by `id_column`, and the next cursor (or None).

    `statement` selects whole rows (`select(Model)` gives models; several columns give Row objects).
    """
    if params.after_id is not None:
        statement = statement.where(
            id_column < params.after_id if descending else id_column > params.after_id
        )
    order = id_column.desc() if descending else id_column.asc()
    result = await session.execute(statement.order_by(order).limit(params.limit + 1))
    rows = result.scalars().all() if len(statement.column_descriptions) == 1 else result.all()
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    return rows, encode_cursor(_row_id(rows[-1], id_column))


def _row_id(row: Any, id_column: Any) -> int:
    if hasattr(row, id_column.key) and not isinstance(row, sa.Row):
        return int(getattr(row, id_column.key))
    mapping = row._mapping
    for key in (id_column, id_column.key):
        if key in mapping:
            return int(mapping[key])
    return int(getattr(row[0], id_column.key))


def to_page(rows: Sequence[Any], next_cursor: str | None, convert: Callable[[Any], T]) -> Page[T]:
    return Page[T](items=[convert(row) for row in rows], next_cursor=next_cursor)

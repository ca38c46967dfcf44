"""Cursors: what the schema's pattern admits is exactly what the server reads."""

import re

from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from tagmedx.pagination import CURSOR_BYTES, CURSOR_PATTERN, decode_cursor, encode_cursor


@given(st.integers(min_value=0, max_value=2**31 - 1))
def test_a_cursor_holds_its_id_and_matches_the_pattern(last_id: int) -> None:
    cursor = encode_cursor(last_id)
    assert re.fullmatch(CURSOR_PATTERN, cursor)
    assert decode_cursor(cursor) == last_id


@given(st.from_regex(CURSOR_PATTERN, fullmatch=True))
def test_every_string_the_pattern_admits_is_a_cursor(cursor: str) -> None:
    assert 0 <= decode_cursor(cursor) < 2 ** (8 * CURSOR_BYTES)


async def test_every_cursor_parameter_carries_the_pattern(app: FastAPI) -> None:
    cursors = [
        parameter
        for operations in app.openapi()["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "cursor"
    ]
    assert len(cursors) >= 10
    for parameter in cursors:
        options = parameter["schema"].get("anyOf", [parameter["schema"]])
        assert {"type": "string", "pattern": CURSOR_PATTERN} in options

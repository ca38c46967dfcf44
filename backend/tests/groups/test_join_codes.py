"""Join codes people can dictate (issue 13 item 16): grouped Crockford base32, 60 bits, typed back
in any case, with or without dashes or spaces; codes of the older format keep working."""

import math
import re

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.groups import join_codes
from tagmedx.models import Group
from tests.factories import make_group, make_user

pytestmark = pytest.mark.anyio

SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_a_new_code_is_grouped_unambiguous_and_has_60_bits() -> None:
    codes = {join_codes.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert SHAPE.match(code), code
        assert not set(code) & set("ILOU_")
    assert len(join_codes.ALPHABET) == 32 and len(set(join_codes.ALPHABET)) == 32
    assert join_codes.SYMBOLS * math.log2(len(join_codes.ALPHABET)) >= 60


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7kq2-mx9p-4tza", "7KQ2-MX9P-4TZA"),
        ("7KQ2MX9P4TZA", "7KQ2-MX9P-4TZA"),
        (" 7kq2 mx9p 4tza ", "7KQ2-MX9P-4TZA"),
        ("7KQ2\u2013MX9P\u20144TZA", "7KQ2-MX9P-4TZA"),  # the dashes a phone or a word processor types
        ("OOI1-LLab-cdef", "0011-11AB-CDEF"),  # O read as 0, I and L as 1
    ],
)
def test_typed_forms_read_as_the_stored_code(typed: str, stored: str) -> None:
    assert join_codes.canonical(typed) == stored


@pytest.mark.parametrize("typed", ["7KQ2-MX9P-4TZ", "7KQ2-MX9P-4TZAB", "7KQ2-MX9P-4TZU", "abc_def"])
def test_other_text_is_not_a_code_of_this_format(typed: str) -> None:
    assert join_codes.canonical(typed) is None


async def test_a_created_and_a_rotated_code_have_the_new_shape(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    group = await make_group(client, admin)
    assert SHAPE.match(group["join_code"]), group["join_code"]
    rotated = await client.post(f"/api/groups/{group['id']}/join-code", headers=admin.headers)
    assert rotated.status_code == 200
    assert SHAPE.match(rotated.json()["join_code"])


@pytest.mark.parametrize(
    "shape", [str.lower, lambda code: code.replace("-", ""), lambda c: c.replace("-", " ")]
)
async def test_joining_accepts_the_code_in_any_case_with_or_without_dashes(
    client: httpx.AsyncClient, shape: object
) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    typed = shape(group["join_code"])  # type: ignore[operator]
    response = await client.post("/api/groups/join", json={"join_code": typed}, headers=doctor.headers)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == group["id"]


async def test_a_code_of_the_older_format_keeps_working(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin, doctor = await make_user(client), await make_user(client)
    group = await make_group(client, admin)
    older = "-Ab3_kP9x2LmQ7zR"  # secrets.token_urlsafe(12), as codes were made before
    await session.execute(sa.update(Group).where(Group.id == group["id"]).values(join_code=older))
    await session.commit()
    response = await client.post("/api/groups/join", json={"join_code": older}, headers=doctor.headers)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == group["id"]


async def test_a_wrong_code_is_still_404(client: httpx.AsyncClient) -> None:
    doctor = await make_user(client)
    response = await client.post(
        "/api/groups/join", json={"join_code": "ZZZZ-ZZZZ-ZZZZ"}, headers=doctor.headers
    )
    assert response.status_code == 404
    assert response.json()["code"] == "join_code_not_found"

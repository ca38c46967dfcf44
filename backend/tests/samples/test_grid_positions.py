"""What a virtualised samples grid asks (issue 13 item 13): the total matching the filters, a page at any
position (`offset`), and where a sample number is in the filtered order (`count?below_number=`)."""

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Package
from tests.rows import sample_row

from .helpers import add_examination, make_world


async def _fill(session: AsyncSession, set_id: int, count: int) -> list[int]:
    package = Package(set_id=set_id)
    session.add(package)
    await session.flush()
    rows = [sample_row(set_id=set_id, package_id=package.id) for _ in range(count)]
    session.add_all(rows)
    await session.commit()
    return [row.id for row in rows]


async def test_total_offset_and_the_position_of_a_number(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    ids = await _fill(session, world.set_id, 25)
    for sample_id in ids[::3]:  # samples #1, #4, #7, ... are read
        await add_examination(session, sample_id, world.set_id, world.annotator.id)
    await session.commit()
    url = f"/api/sets/{world.set_id}/samples"
    headers = world.annotator.headers

    total = await client.get(f"{url}/count", headers=headers)
    assert total.status_code == 200, total.text
    assert total.json() == {"count": 25}
    read = await client.get(f"{url}/count", params={"annotated": True}, headers=headers)
    assert read.json() == {"count": 9}

    page = await client.get(url, params={"offset": 20, "limit": 3}, headers=headers)
    assert [item["number"] for item in page.json()["items"]] == [21, 22, 23]
    following = await client.get(
        url, params={"cursor": page.json()["next_cursor"], "limit": 5}, headers=headers
    )
    assert [item["number"] for item in following.json()["items"]] == [24, 25]
    filtered = await client.get(url, params={"offset": 2, "limit": 2, "annotated": True}, headers=headers)
    assert [item["number"] for item in filtered.json()["items"]] == [7, 10]

    before = await client.get(f"{url}/count", params={"below_number": 13}, headers=headers)
    assert before.json() == {"count": 12}  # sample #13 is at position 12
    among_read = await client.get(
        f"{url}/count", params={"below_number": 13, "annotated": True}, headers=headers
    )
    assert among_read.json() == {"count": 4}  # #1, #4, #7, #10 come before #13
    beyond = await client.get(url, params={"offset": 500}, headers=headers)
    assert beyond.json() == {"items": [], "next_cursor": None}


async def test_counts_keep_to_the_callers_groups_and_good_input(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    url = f"/api/sets/{world.set_id}/samples"
    assert (await client.get(f"{url}/count")).status_code == 401
    assert (await client.get(f"{url}/count", headers=world.outsider.headers)).status_code == 404
    assert (
        await client.get(f"/api/sets/{world.other_set_id}/samples/count", headers=world.admin.headers)
    ).status_code == 404
    for params in ({"below_number": 0}, {"below_number": "x"}, {"annotated": "maybe"}):
        assert (
            await client.get(f"{url}/count", params=params, headers=world.admin.headers)
        ).status_code == 422
    assert (await client.get(url, params={"offset": -1}, headers=world.admin.headers)).status_code == 422
    empty = await client.get(f"{url}/count", headers=world.admin.headers)
    assert empty.json() == {"count": 0}
    assert await session.scalar(sa.select(sa.func.count()).select_from(Package)) == 0

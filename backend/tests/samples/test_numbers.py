"""Packages and samples are numbered within their set (issue 13 item 15): #1, #2, ... in the order they
arrive, per set, stable when others are deleted; ids stay ids."""

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Package, Sample
from tests.rows import sample_row

from .helpers import add_set, make_world, png, upload


async def _numbers(session: AsyncSession, model: type[Package] | type[Sample], set_id: int) -> list[int]:
    session.expire_all()
    rows = await session.execute(sa.select(model.number).where(model.set_id == set_id).order_by(model.id))
    return list(rows.scalars())


async def _upload(
    client: httpx.AsyncClient, world: object, set_id: int, seeds: range
) -> list[dict[str, object]]:
    items = [(f"{seed}.png", png(16, 16, seed=seed)) for seed in seeds]
    response = await upload(client, world.admin, set_id, *items)  # type: ignore[attr-defined]
    assert response.status_code == 201, response.text
    created: list[dict[str, object]] = response.json()["created"]
    return created


async def test_uploads_number_samples_and_packages_within_each_set(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=2)
    other_set = await add_set(session, world.group_id, package_size=2)
    first = await _upload(client, world, world.set_id, range(0, 3))
    elsewhere = await _upload(client, world, other_set, range(10, 13))
    second = await _upload(client, world, world.set_id, range(3, 5))

    assert [sample["number"] for sample in first + second] == [1, 2, 3, 4, 5]
    assert [sample["number"] for sample in elsewhere] == [1, 2, 3]  # another set counts on its own
    assert await _numbers(session, Sample, world.set_id) == [1, 2, 3, 4, 5]
    assert await _numbers(session, Package, world.set_id) == [1, 2, 3]
    assert await _numbers(session, Package, other_set) == [1, 2]

    packages = await client.get(f"/api/sets/{world.set_id}/packages", headers=world.admin.headers)
    assert [package["number"] for package in packages.json()["items"]] == [1, 2, 3]
    listed = await client.get(f"/api/sets/{world.set_id}/samples", headers=world.admin.headers)
    assert [sample["number"] for sample in listed.json()["items"]] == [1, 2, 3, 4, 5]
    one = await client.get(f"/api/samples/{first[1]['id']}", headers=world.admin.headers)
    assert one.json()["number"] == 2 and one.json()["id"] == first[1]["id"]
    detail = await client.get(f"/api/packages/{first[0]['package_id']}", headers=world.admin.headers)
    assert [sample["number"] for sample in detail.json()["samples"]] == [1, 2]


async def test_numbers_stay_when_others_are_deleted(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session, package_size=1)
    created = await _upload(client, world, world.set_id, range(0, 4))
    deleted = await client.delete(f"/api/samples/{created[1]['id']}", headers=world.admin.headers)
    assert deleted.status_code == 204
    later = await _upload(client, world, world.set_id, range(4, 5))

    assert await _numbers(session, Sample, world.set_id) == [1, 3, 4, 5]
    assert later[0]["number"] == 5
    assert await _numbers(session, Package, world.set_id) == [1, 3, 4, 5]  # #2 left with its only sample


async def test_rows_inserted_without_a_number_are_numbered_too(session: AsyncSession) -> None:
    """Scripts, benches and tests insert rows directly, one or many per statement: they get numbers."""
    world = await make_world(session)
    package = Package(set_id=world.set_id)
    session.add(package)
    await session.flush()
    session.add_all([sample_row(set_id=world.set_id, package_id=package.id) for _ in range(3)])
    await session.flush()
    rows = [
        {key: value for key, value in vars(sample_row(set_id=world.set_id, package_id=package.id)).items()}
        for _ in range(4)
    ]
    core_rows = [{key: value for key, value in row.items() if not key.startswith("_")} for row in rows]
    await session.execute(sa.insert(Sample), core_rows)
    await session.execute(sa.insert(Package), [{"set_id": world.set_id}, {"set_id": world.set_id}])
    await session.commit()

    assert await _numbers(session, Sample, world.set_id) == [1, 2, 3, 4, 5, 6, 7]
    assert await _numbers(session, Package, world.set_id) == [1, 2, 3]

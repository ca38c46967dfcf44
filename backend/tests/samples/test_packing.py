"""New samples fill the set's open packages (unassigned, not ready, oldest first), then new ones."""

from typing import Any

import anyio
import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.samples import repository
from tagmedx.features.samples.service import plan_packing
from tagmedx.models import Package, Sample

from .helpers import make_world, packages_of, png, upload


def test_plan_packing_fills_open_packages_in_order_then_opens_new_ones() -> None:
    assert plan_packing([], 3, 7) == ([], 3)
    assert plan_packing([(5, 1), (9, 2)], 3, 4) == ([5, 5, 9], 1)
    assert plan_packing([(5, 1), (9, 2)], 3, 2) == ([5, 5], 0)
    assert plan_packing([(5, 3)], 3, 1) == ([], 1)
    assert plan_packing([(5, 0)], 2, 5) == ([5, 5], 2)


async def _upload_many(
    client: httpx.AsyncClient, world: object, set_id: int, first_seed: int, number: int
) -> None:
    items = [(f"{seed}.png", png(16, 16, seed=seed)) for seed in range(first_seed, first_seed + number)]
    response = await upload(client, world.admin, set_id, *items)  # type: ignore[attr-defined]
    assert response.status_code == 201, response.text
    assert len(response.json()["created"]) == number


async def test_package_size_is_respected_across_uploads(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=3)
    await _upload_many(client, world, world.set_id, 0, 2)
    assert list((await packages_of(session, world.set_id)).values()) == [2]
    await _upload_many(client, world, world.set_id, 10, 2)
    assert list((await packages_of(session, world.set_id)).values()) == [3, 1]
    await _upload_many(client, world, world.set_id, 20, 5)
    assert list((await packages_of(session, world.set_id)).values()) == [3, 3, 3]
    await _upload_many(client, world, world.set_id, 30, 1)
    assert list((await packages_of(session, world.set_id)).values()) == [3, 3, 3, 1]


async def test_assigned_and_ready_packages_are_never_filled(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=3)
    await _upload_many(client, world, world.set_id, 0, 1)
    (assigned,) = await packages_of(session, world.set_id)
    await session.execute(
        sa.update(Package).where(Package.id == assigned).values(assignee_id=world.annotator.id)
    )
    await session.commit()
    await _upload_many(client, world, world.set_id, 10, 1)
    ready = max(await packages_of(session, world.set_id))
    await session.execute(sa.update(Package).where(Package.id == ready).values(is_ready=True))
    await session.commit()
    await _upload_many(client, world, world.set_id, 20, 2)
    counts = await packages_of(session, world.set_id)
    assert counts[assigned] == 1
    assert counts[ready] == 1
    assert sorted(counts.values()) == [1, 1, 2]


async def test_the_oldest_open_package_is_filled_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=2)
    await _upload_many(client, world, world.set_id, 0, 4)
    first, second = await packages_of(session, world.set_id)
    # free one place in each package
    for package_id in (first, second):
        sample_id = await session.scalar(
            sa.select(sa.func.min(Sample.id)).where(Sample.package_id == package_id)
        )
        response = await client.delete(f"/api/samples/{sample_id}", headers=world.admin.headers)
        assert response.status_code == 204
    response = await upload(client, world.admin, world.set_id, ("new.png", png(16, 16, seed=99)))
    assert response.json()["created"][0]["package_id"] == first
    assert await packages_of(session, world.set_id) == {first: 2, second: 1}


async def test_packages_of_other_sets_are_not_touched(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=5)
    outsider_item = ("a.png", png(16, 16, seed=1))
    assert (await upload(client, world.outsider, world.other_set_id, outsider_item)).status_code == 201
    await _upload_many(client, world, world.set_id, 5, 2)
    assert list((await packages_of(session, world.other_set_id)).values()) == [1]
    assert list((await packages_of(session, world.set_id)).values()) == [2]


async def _warm_up(client: httpx.AsyncClient, headers: dict[str, str], set_id: int) -> None:
    """The token's first use writes its last_used_at, which would serialise the requests by itself."""
    assert (await client.get(f"/api/sets/{set_id}/samples", headers=headers)).status_code == 200


@pytest.fixture
def slow_packing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widen the window between reading the open packages and inserting, so that without the set's
    lock concurrent uploads would read the same counts and overfill a package."""
    real = repository.open_packages

    async def slow(*args: Any) -> list[tuple[int, int]]:
        result = await real(*args)
        await anyio.sleep(0.05)
        return result

    monkeypatch.setattr(repository, "open_packages", slow)


@pytest.mark.usefixtures("slow_packing")
async def test_concurrent_uploads_never_overfill_a_package(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session, package_size=2)
    await _warm_up(client, world.admin.headers, world.set_id)
    statuses: list[int] = []

    async def one(seed: int) -> None:
        response = await upload(client, world.admin, world.set_id, (f"{seed}.png", png(32, 32, seed=seed)))
        statuses.append(response.status_code)

    async with anyio.create_task_group() as group:
        for seed in range(8):
            group.start_soon(one, seed)
    assert statuses == [201] * 8
    assert list((await packages_of(session, world.set_id)).values()) == [2, 2, 2, 2]


@pytest.mark.usefixtures("slow_packing")
async def test_concurrent_uploads_of_the_same_image_store_it_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(session)
    await _warm_up(client, world.admin.headers, world.set_id)
    statuses: list[int] = []

    async def one(name: str) -> None:
        response = await upload(client, world.admin, world.set_id, (name, png(32, 32, seed=42)))
        statuses.append(response.status_code)

    async with anyio.create_task_group() as group:
        for index in range(4):
            group.start_soon(one, f"copy{index}.png")
    assert sorted(statuses) == [201, 409, 409, 409]
    assert sum((await packages_of(session, world.set_id)).values()) == 1

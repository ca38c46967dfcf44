"""Image views are counted per member and day (one upsert, no read-modify-write) and listed for admins."""

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.audit.service import count_image_view
from tagmedx.models import ImageView
from tests.factories import Caller, join_group, make_group, make_user

pytestmark = pytest.mark.anyio


async def views(client: httpx.AsyncClient, caller: Caller, group_id: int, **query: Any) -> httpx.Response:
    return await client.get(f"/api/groups/{group_id}/audit/image-views", params=query, headers=caller.headers)


async def count_in_own_transaction(app: FastAPI, group_id: int, user_id: int) -> None:
    async with app.state.sessionmaker() as own:
        await count_image_view(own, group_id, user_id)
        await own.commit()


async def test_views_add_up_per_user_and_day(
    client: httpx.AsyncClient, app: FastAPI, session: AsyncSession
) -> None:
    admin = await make_user(client)
    annotator = await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, annotator, group)
    for _ in range(3):
        await count_in_own_transaction(app, group["id"], annotator.id)
    await count_in_own_transaction(app, group["id"], admin.id)

    rows = (await session.execute(sa.select(ImageView).order_by(ImageView.id))).scalars().all()
    assert [(row.user_id, row.count, row.day) for row in rows] == [
        (annotator.id, 3, datetime.now(UTC).date()),
        (admin.id, 1, datetime.now(UTC).date()),
    ]
    response = await views(client, admin, group["id"])
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(item["user_id"], item["count"]) for item in items] == [(admin.id, 1), (annotator.id, 3)]
    assert items[0]["day"] == datetime.now(UTC).date().isoformat()
    only = (await views(client, admin, group["id"], user_id=annotator.id)).json()["items"]
    assert [item["count"] for item in only] == [3]
    today = datetime.now(UTC).date().isoformat()
    assert len((await views(client, admin, group["id"], since=today, until=today)).json()["items"]) == 2
    assert (await views(client, admin, group["id"], since="2999-01-01")).json()["items"] == []
    assert (await views(client, admin, group["id"], until="2000-01-01")).json()["items"] == []


async def test_concurrent_views_lose_no_count(
    client: httpx.AsyncClient, app: FastAPI, session: AsyncSession
) -> None:
    admin = await make_user(client)
    group = await make_group(client, admin)
    await asyncio.gather(*(count_in_own_transaction(app, group["id"], admin.id) for _ in range(12)))
    total = await session.scalar(sa.select(sa.func.sum(ImageView.count)))
    rows = await session.scalar(sa.select(sa.func.count()).select_from(ImageView))
    assert (total, rows) == (12, 1)


async def test_who_may_read_view_counts(client: httpx.AsyncClient) -> None:
    admin = await make_user(client)
    annotator = await make_user(client)
    outsider = await make_user(client)
    group = await make_group(client, admin)
    await join_group(client, annotator, group)
    assert (await client.get(f"/api/groups/{group['id']}/audit/image-views")).status_code == 401
    assert (await views(client, annotator, group["id"])).status_code == 403
    assert (await views(client, outsider, group["id"])).status_code == 404
    assert (await views(client, admin, 10**9)).status_code == 404
    for query in ({"since": "today"}, {"until": "2024-02-30"}, {"user_id": -1}, {"limit": 5000}):
        assert (await views(client, admin, group["id"], **query)).status_code == 422, query
    backwards = await views(client, admin, group["id"], since="2025-02-01", until="2025-01-01")
    assert backwards.status_code == 400

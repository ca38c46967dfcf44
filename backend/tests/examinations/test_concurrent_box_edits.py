"""Two sessions of one doctor change one box at the same moment (issue 21, item 4): every change the
server acknowledged with a 200 is in the box afterwards, and the box still lies inside the image.

The PATCHes really overlap: each round sends them at once on two clients of their own, so their
reads and writes interleave in the app (SQLite's and MariaDB's connections side by side). Before the
fix, a PATCH wrote all four coordinates as it had read them before the write lock, and reverted the
other's acknowledged change in about half of the rounds."""

import asyncio
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Box
from tests.examinations.helpers import WIDTH, box, make_scene, reading
from tests.packages.helpers import separate_client

ROUNDS = 40


async def _box_row(session: AsyncSession, box_id: int) -> dict[str, float]:
    session.expire_all()
    row = (
        await session.execute(sa.select(Box.x, Box.y, Box.width, Box.height).where(Box.id == box_id))
    ).one()
    return {"x": row.x, "y": row.y, "width": row.width, "height": row.height}


async def _at_once(
    app: FastAPI, url: str, headers: dict[str, str], *bodies: dict[str, Any]
) -> list[httpx.Response]:
    async def patch(body: dict[str, Any]) -> httpx.Response:
        async with separate_client(app) as http:
            return await http.patch(url, json=body, headers=headers)

    return list(await asyncio.gather(*(patch(body) for body in bodies)))


async def test_simultaneous_patches_of_different_fields_all_land(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers
    saved = await client.put(
        scene.url,
        json=reading(boxes=[box(scene.space.label_ids[0], x=0, y=0, width=10, height=10)]),
        headers=headers,
    )
    box_id = saved.json()["boxes"][0]["id"]
    url = f"/api/boxes/{box_id}"

    reverted = []
    for round_number in range(ROUNDS):
        x, y = 1 + round_number % 50, 2 + round_number % 40
        answers = await _at_once(app, url, headers, {"x": x}, {"y": y})
        assert [answer.status_code for answer in answers] == [200, 200], [answer.text for answer in answers]
        final = await _box_row(session, box_id)
        if (final["x"], final["y"]) != (x, y):
            reverted.append((round_number, (x, y), final))
    assert reverted == [], f"{len(reverted)} of {ROUNDS} rounds lost an acknowledged change"


async def test_simultaneous_patches_that_only_fit_alone_never_leave_the_image(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """x = 60 fits with the width of 30, width = 45 fits with x = 10; both together end at 105 of 100 px.
    The check runs on the box as it is when each PATCH writes: one of the two is refused with 422."""
    scene = await make_scene(client, session)
    headers = scene.team.annotator.headers
    saved = await client.put(scene.url, json=reading(boxes=[box(scene.space.label_ids[0])]), headers=headers)
    box_id = saved.json()["boxes"][0]["id"]
    url = f"/api/boxes/{box_id}"

    outside = []
    for round_number in range(ROUNDS):
        reset = await client.patch(url, json={"x": 10, "width": 30}, headers=headers)
        assert reset.status_code == 200, reset.text
        answers = await _at_once(app, url, headers, {"x": 60}, {"width": 45})
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200, 422], (round_number, [answer.text for answer in answers])
        final = await _box_row(session, box_id)
        if final["x"] + final["width"] > WIDTH:
            outside.append((round_number, final))
        won = [
            body
            for body, answer in zip(({"x": 60}, {"width": 45}), answers, strict=True)
            if answer.status_code == 200
        ]
        for body in won:  # what was acknowledged is there
            assert {key: final[key] for key in body} == body, (round_number, won, final)
        refused = [answer.json()["code"] for answer in answers if answer.status_code == 422]
        assert refused == ["box_outside_image"]
    assert outside == [], f"{len(outside)} of {ROUNDS} rounds left the box outside the image"

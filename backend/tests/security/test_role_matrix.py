"""An annotator of the group calls every admin-only route, and every route an object rule guards,
with real ids of the group: each answers 403 and nothing changes. The routes come from routes.py,
which must list every served route (test_route_classification.py)."""

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import Membership, Role
from tests.authz.test_route_table import snapshot
from tests.authz.world import build_world
from tests.factories import make_user
from tests.security.routes import ROUTES, Who, api_routes, fill, request_arguments


async def test_an_annotator_is_refused_every_admin_action(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(client)
    outsider = await make_user(client)
    annotator = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    session.add(Membership(group_id=world.ids["group_id"], user_id=annotator.id, role=Role.annotator))
    await session.commit()
    before = await snapshot(session)

    refused, failures = 0, []
    for method, path in sorted(api_routes(app)):
        who, body = ROUTES[(method, path)]
        if who not in (Who.admin, Who.rule):
            continue
        url = fill(path, world.ids)
        response = await client.request(
            method, url, headers=annotator.headers, **request_arguments(body, world.ids)
        )
        if response.status_code != 403:
            failures.append(f"{method} {path} -> {response.status_code} {response.text[:160]}")
        else:
            refused += 1
    assert not failures, "\n".join(failures)
    assert refused >= 25
    session.expire_all()
    assert await snapshot(session) == before


async def test_the_annotator_is_a_real_member(
    app: FastAPI, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """The 403s above are about the role, not membership: the same caller reads member routes."""
    owner = await make_user(client)
    outsider = await make_user(client)
    annotator = await make_user(client)
    world = await build_world(session, owner_id=owner.id, outsider_id=outsider.id)
    session.add(Membership(group_id=world.ids["group_id"], user_id=annotator.id, role=Role.annotator))
    await session.commit()
    for (method, path), (who, _) in sorted(ROUTES.items()):
        if who is Who.member and method == "GET" and "{" in path:
            response = await client.get(fill(path, world.ids), headers=annotator.headers)
            assert response.status_code not in (401, 403), f"{path}: {response.status_code}"
            if not path.endswith(("/image", "/thumbnail", "/pixels")):  # the world stores no files
                assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
    members = await session.scalar(
        sa.select(sa.func.count()).select_from(Membership).where(Membership.user_id == annotator.id)
    )
    assert members == 1

"""Every state-changing route (and every export) adds its event to the audit trail: a table maps each
route to its action and must cover every such route of the app; one walk through the product calls
them all and checks the events each call added."""

from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent
from tests.factories import PASSWORD, make_user
from tests.samples.helpers import png
from tests.security.routes import STATE_CHANGING, api_routes

pytestmark = pytest.mark.anyio

EXPECTED: dict[tuple[str, str], str] = {
    ("POST", "/api/auth/register"): "auth.register",
    ("POST", "/api/auth/login"): "auth.login",
    ("POST", "/api/auth/logout"): "auth.logout",
    ("PATCH", "/api/users/me"): "user.update",
    ("PUT", "/api/users/me/password"): "user.password_change",
    ("POST", "/api/users/me/tokens"): "token.create",
    ("DELETE", "/api/users/me/tokens/{token_id}"): "token.revoke",
    ("POST", "/api/groups"): "group.create",
    ("POST", "/api/groups/join"): "member.join",
    ("PATCH", "/api/groups/{group_id}"): "group.update",
    ("DELETE", "/api/groups/{group_id}"): "group.delete",
    ("POST", "/api/groups/{group_id}/join-code"): "group.join_code_rotate",
    ("PATCH", "/api/groups/{group_id}/members/{user_id}"): "member.role_change",
    ("DELETE", "/api/groups/{group_id}/members/{user_id}"): "member.remove",
    ("POST", "/api/groups/{group_id}/sets"): "set.create",
    ("PATCH", "/api/sets/{set_id}"): "set.update",
    ("DELETE", "/api/sets/{set_id}"): "set.delete",
    ("POST", "/api/sets/{set_id}/labels"): "label.create",
    ("PATCH", "/api/labels/{label_id}"): "label.update",
    ("DELETE", "/api/labels/{label_id}"): "label.delete",
    ("POST", "/api/sets/{set_id}/samples"): "sample.upload",
    ("DELETE", "/api/samples/{sample_id}"): "sample.delete",
    ("POST", "/api/samples/{sample_id}/mask"): "sample.mask",
    ("POST", "/api/samples/{sample_id}/text-regions/scan"): "sample.rescan",
    ("PATCH", "/api/packages/{package_id}"): "package.assign",
    ("DELETE", "/api/packages/{package_id}"): "package.delete",
    ("POST", "/api/sets/{set_id}/packages/claim"): "package.claim",
    ("PUT", "/api/samples/{sample_id}/examination"): "examination.save",
    ("DELETE", "/api/samples/{sample_id}/examination"): "examination.delete",
    ("POST", "/api/examinations/{examination_id}/boxes"): "box.create",
    ("PATCH", "/api/boxes/{box_id}"): "box.update",
    ("DELETE", "/api/boxes/{box_id}"): "box.delete",
    ("GET", "/api/sets/{set_id}/export"): "set.export",
    ("GET", "/api/packages/{package_id}/export"): "package.export",
}


async def test_every_state_changing_route_has_an_audit_action(app: FastAPI) -> None:
    changing = {route for route in api_routes(app) if route[0] in STATE_CHANGING}
    exports = {route for route in api_routes(app) if route[1].endswith("/export")}
    assert changing | exports == set(EXPECTED), "add the new route and its audit action to EXPECTED"


class Walk:
    def __init__(self, client: httpx.AsyncClient, session: AsyncSession) -> None:
        self.client, self.session = client, session
        self.covered: set[tuple[str, str]] = set()

    async def last_id(self) -> int:
        return int(await self.session.scalar(sa.select(sa.func.coalesce(sa.func.max(AuditEvent.id), 0))) or 0)

    async def call(
        self, method: str, template: str, headers: dict[str, str] | None = None, **ids_and_kwargs: Any
    ) -> Any:
        kwargs = {key: value for key, value in ids_and_kwargs.items() if key in ("json", "files", "params")}
        ids = {key: value for key, value in ids_and_kwargs.items() if key not in kwargs}
        before = await self.last_id()
        response = await self.client.request(method, template.format(**ids), headers=headers or {}, **kwargs)
        assert response.status_code < 300, f"{method} {template}: {response.status_code} {response.text}"
        added = (
            await self.session.execute(
                sa.select(AuditEvent.action, AuditEvent.user_id)
                .where(AuditEvent.id > before)
                .order_by(AuditEvent.id)
            )
        ).all()
        expected = EXPECTED[(method, template)]
        assert expected in [action for action, _ in added], f"{method} {template} recorded {added}"
        self.covered.add((method, template))
        if "json" in response.headers.get("content-type", "") and response.content:
            return response.json()
        return None


async def test_one_walk_through_the_product_records_every_change(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    walk = Walk(client, session)
    carol = {"email": "carol@example.org", "password": PASSWORD, "name": "Carol", "surname": "Kline"}
    await walk.call("POST", "/api/auth/register", json=carol)
    token = (
        await walk.call("POST", "/api/auth/login", json={"email": carol["email"], "password": PASSWORD})
    )["access_token"]
    client.cookies.clear()
    carol_headers = {"Authorization": f"Bearer {token}"}
    await walk.call("PATCH", "/api/users/me", carol_headers, json={"title": "Dr"})
    created = await walk.call("POST", "/api/users/me/tokens", carol_headers, json={"name": "script"})
    await walk.call("DELETE", "/api/users/me/tokens/{token_id}", carol_headers, token_id=created["id"])
    await walk.call("POST", "/api/auth/logout", carol_headers)
    again = await client.post("/api/auth/login", json={"email": carol["email"], "password": PASSWORD})
    client.cookies.clear()
    carol_headers = {"Authorization": f"Bearer {again.json()['access_token']}"}
    new_password = {"current_password": PASSWORD, "new_password": "another long passphrase"}
    await walk.call("PUT", "/api/users/me/password", carol_headers, json=new_password)

    admin = await make_user(client)
    reader = await make_user(client)
    group = await walk.call("POST", "/api/groups", admin.headers, json={"name": "Audited"})
    await walk.call("POST", "/api/groups/join", reader.headers, json={"join_code": group["join_code"]})
    g = group["id"]
    await walk.call("PATCH", "/api/groups/{group_id}", admin.headers, group_id=g, json={"description": "x"})
    await walk.call("POST", "/api/groups/{group_id}/join-code", admin.headers, group_id=g)
    await walk.call(
        "PATCH",
        "/api/groups/{group_id}/members/{user_id}",
        admin.headers,
        group_id=g,
        user_id=reader.id,
        json={"role": "admin"},
    )
    body = {"name": "Chest", "type": "detection", "package_size": 10}
    image_set = await walk.call("POST", "/api/groups/{group_id}/sets", admin.headers, group_id=g, json=body)
    s = image_set["id"]
    await walk.call("PATCH", "/api/sets/{set_id}", admin.headers, set_id=s, json={"name": "Thorax"})
    label = await walk.call(
        "POST", "/api/sets/{set_id}/labels", admin.headers, set_id=s, json={"name": "N", "color": "#ff0000"}
    )
    await walk.call(
        "PATCH", "/api/labels/{label_id}", admin.headers, label_id=label["id"], json={"description": "nodule"}
    )
    files = [("files", ("a.png", png(seed=1), "image/png")), ("files", ("b.png", png(seed=2), "image/png"))]
    uploaded = await walk.call("POST", "/api/sets/{set_id}/samples", admin.headers, set_id=s, files=files)
    first, second = (sample["id"] for sample in uploaded["created"])
    mask = {"regions": [{"x": 0, "y": 0, "width": 4, "height": 3}]}
    await walk.call("POST", "/api/samples/{sample_id}/mask", admin.headers, sample_id=second, json=mask)
    await walk.call("POST", "/api/samples/{sample_id}/text-regions/scan", admin.headers, sample_id=second)
    package = await walk.call("POST", "/api/sets/{set_id}/packages/claim", reader.headers, set_id=s)
    box = {"label_id": label["id"], "x": 1, "y": 1, "width": 5, "height": 5}
    reading = {"tentative": False, "bad_quality": False, "boxes": [box]}
    examination = await walk.call(
        "PUT", "/api/samples/{sample_id}/examination", reader.headers, sample_id=first, json=reading
    )
    added = await walk.call(
        "POST",
        "/api/examinations/{examination_id}/boxes",
        reader.headers,
        examination_id=examination["id"],
        json=box | {"x": 10},
    )
    await walk.call(
        "PATCH", "/api/boxes/{box_id}", reader.headers, box_id=added["id"], json={"comment": "edge"}
    )
    await walk.call("DELETE", "/api/boxes/{box_id}", reader.headers, box_id=added["id"])
    await walk.call(
        "GET", "/api/sets/{set_id}/export", admin.headers, set_id=s, params={"format": "coco", "scope": "all"}
    )
    await walk.call(
        "GET",
        "/api/packages/{package_id}/export",
        admin.headers,
        package_id=package["id"],
        params={"format": "coco"},
    )
    await walk.call("DELETE", "/api/samples/{sample_id}/examination", reader.headers, sample_id=first)
    await walk.call(
        "PATCH",
        "/api/packages/{package_id}",
        admin.headers,
        package_id=package["id"],
        json={"assignee_id": admin.id},
    )
    await walk.call("DELETE", "/api/samples/{sample_id}", admin.headers, sample_id=second)
    await walk.call("DELETE", "/api/labels/{label_id}", admin.headers, label_id=label["id"])
    await walk.call("DELETE", "/api/packages/{package_id}", admin.headers, package_id=package["id"])
    await walk.call(
        "DELETE", "/api/groups/{group_id}/members/{user_id}", admin.headers, group_id=g, user_id=reader.id
    )
    await walk.call("DELETE", "/api/sets/{set_id}", admin.headers, set_id=s)
    await walk.call("DELETE", "/api/groups/{group_id}", admin.headers, group_id=g)

    missing = set(EXPECTED) - walk.covered
    assert not missing, f"the walk does not call {sorted(missing)}"

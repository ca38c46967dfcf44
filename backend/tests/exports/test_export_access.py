"""Who may export, bad options, the download headers and the audit record."""

import json
from urllib.parse import unquote

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent, SetType
from tests.exports.helpers import add_labels, add_package, add_sample, make_set, make_world

pytestmark = pytest.mark.anyio  # before parametrize expands, so parameters and anyio mix


def _routes(world) -> list[str]:  # type: ignore[no-untyped-def]
    """The exports and their checks: the same guards and the same refusals."""
    exports = [f"/api/sets/{world.item.id}/export", f"/api/packages/{world.ready.id}/export"]
    return exports + [f"{route}/check" for route in exports]


async def test_anonymous_gets_401(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    for route in _routes(world):
        response = await client.get(route)
        assert response.status_code == 401, route
        assert response.json()["code"] == "not_authenticated"


async def test_annotator_gets_403(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    for route in _routes(world):
        response = await client.get(route, headers=world.annotator.headers)
        assert response.status_code == 403, route
        assert response.json()["code"] == "forbidden"


async def test_other_groups_and_missing_objects_are_404(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    routes = [
        f"/api/sets/{world.other_set.id}/export",
        f"/api/packages/{world.other_package.id}/export",
        "/api/sets/999999/export",
        "/api/packages/999999/export",
    ]
    for route in routes:
        response = await client.get(route, headers=world.admin.headers)
        assert response.status_code == 404, route
        assert "Theirs" not in response.text
    # and the outsider cannot see ours either
    for route in _routes(world):
        assert (await client.get(route, headers=world.outsider.headers)).status_code == 404


@pytest.mark.parametrize(
    "query", ["format=png", "scope=x", "format=", "format=COCO&scope=ready", "scope=READY", "images=maybe"]
)
async def test_bad_options_are_422_and_record_nothing(
    client: httpx.AsyncClient, session: AsyncSession, query: str
) -> None:
    world = await make_world(client, session)
    for route in _routes(world):
        response = await client.get(f"{route}?{query}", headers=world.admin.headers)
        assert response.status_code == 422, (route, query)
    exports = await session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action.like("%.export"))
    )
    assert exports == 0


async def test_box_formats_refuse_a_classification_set(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    item = await make_set(session, world.group_id, name="Triage", set_type=SetType.classification)
    await add_labels(session, item, ["Normal"])
    await session.commit()
    for route in (f"/api/sets/{item.id}/export", f"/api/sets/{item.id}/export/check"):
        for query in ("format=yolo", "format=voc", "format=voc&images=true"):
            response = await client.get(f"{route}?{query}", headers=world.admin.headers)
            assert response.status_code == 422, (route, query)
            assert response.json()["code"] == "format_needs_detection_set"


@pytest.mark.parametrize(
    ("export_format", "media_type", "extension"),
    [
        ("coco", "application/json", "json"),
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("yolo", "application/zip", "zip"),
        ("voc", "application/zip", "zip"),
    ],
)
async def test_download_headers(
    client: httpx.AsyncClient, session: AsyncSession, export_format: str, media_type: str, extension: str
) -> None:
    world = await make_world(client, session)
    response = await client.get(
        f"/api/sets/{world.item.id}/export?format={export_format}&scope=all", headers=world.admin.headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    disposition = response.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="Chest-{export_format}-all.{extension}"')
    assert f"filename*=UTF-8''Chest-{export_format}-all.{extension}" in disposition


async def test_default_is_coco_of_ready_packages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    response = await client.get(f"/api/sets/{world.item.id}/export", headers=world.admin.headers)
    assert response.status_code == 200
    assert 'filename="Chest-coco-ready.json"' in response.headers["content-disposition"]
    assert json.loads(response.content)["info"]["scope"] == "ready"


async def test_package_download_is_named_after_set_and_package(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    response = await client.get(
        f"/api/packages/{world.ready.id}/export?format=csv", headers=world.admin.headers
    )
    assert response.status_code == 200
    assert (
        f'filename="Chest-csv-package{world.ready.id}-ready.csv"' in response.headers["content-disposition"]
    )


async def test_hostile_set_name_gives_a_safe_filename(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    world = await make_world(client, session)
    name = 'Płuca "quoted" ../../etc/passwd; \r\nX-Evil: 1 żółw'
    item = await make_set(session, world.group_id, name=name)
    package = await add_package(session, item, ready=True)
    await add_sample(session, package)
    await session.commit()
    response = await client.get(f"/api/sets/{item.id}/export?format=voc", headers=world.admin.headers)
    assert response.status_code == 200
    assert "x-evil" not in response.headers
    disposition = response.headers["content-disposition"]
    assert disposition.isascii()
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert plain == "Pluca_quoted_.._.._etc_passwd_X-Evil_1_zolw-voc-ready.zip"
    assert "/" not in plain and "\\" not in plain and '"' not in plain
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert " " not in encoded and ";" not in encoded and '"' not in encoded
    decoded = unquote(encoded)
    assert decoded.startswith('Płuca "quoted" .._.._etc_passwd; X-Evil: 1 żółw')
    assert "/" not in decoded and "\n" not in decoded and "\r" not in decoded


async def test_export_is_audited(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(client, session)
    await client.get(f"/api/sets/{world.item.id}/export?format=yolo&scope=all", headers=world.admin.headers)
    await client.get(f"/api/packages/{world.ready.id}/export?format=csv", headers=world.admin.headers)
    events = (
        await session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action.like("%.export")).order_by(AuditEvent.id)
        )
    ).all()
    assert [(event.action, event.object_type, event.object_id) for event in events] == [
        ("set.export", "set", world.item.id),
        ("package.export", "package", world.ready.id),
    ]
    assert all(event.group_id == world.group_id and event.user_id == world.admin.id for event in events)
    assert events[0].detail == {"format": "yolo", "scope": "all", "images": False, "set_id": world.item.id}
    assert events[1].detail == {"format": "csv", "scope": "ready", "images": False, "set_id": world.item.id}


async def test_openapi_describes_the_routes(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/openapi.json")).json()
    for path in ("/api/sets/{set_id}/export", "/api/packages/{package_id}/export"):
        for route in (path, f"{path}/check"):
            operation = document["paths"][route]["get"]
            names = {parameter["name"] for parameter in operation["parameters"]}
            assert {"format", "scope", "images"} <= names
            assert {"200", "401", "403", "404", "422"} <= set(operation["responses"])
    description = document["paths"]["/api/sets/{set_id}/export"]["get"]["description"]
    assert "images=true" in description and "raw text" in description


@pytest.mark.parametrize(
    ("query", "file_name", "media_type"),
    [
        ("", "Chest-coco-ready.json", "application/json"),
        ("format=csv&scope=all", "Chest-csv-all.csv", "text/csv; charset=utf-8"),
        ("format=csv&images=true", "Chest-csv-ready-images.zip", "application/zip"),
        ("format=voc", "Chest-voc-ready.zip", "application/zip"),
        ("format=coco&scope=all&images=true", "Chest-coco-all-images.zip", "application/zip"),
    ],
)
async def test_the_check_answers_what_the_export_would_download(
    client: httpx.AsyncClient, session: AsyncSession, query: str, file_name: str, media_type: str
) -> None:
    world = await make_world(client, session)
    check = await client.get(f"/api/sets/{world.item.id}/export/check?{query}", headers=world.admin.headers)
    assert check.status_code == 200, check.text
    assert check.json() == {"file_name": file_name, "media_type": media_type}
    exports = await session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action.like("%.export"))
    )
    assert exports == 0  # a check exports nothing
    download = await client.get(f"/api/sets/{world.item.id}/export?{query}", headers=world.admin.headers)
    assert download.headers["content-type"] == media_type
    assert f'filename="{file_name}"' in download.headers["content-disposition"]
    package = await client.get(
        f"/api/packages/{world.ready.id}/export/check?{query}", headers=world.admin.headers
    )
    export_format = file_name.split("-")[1]
    named = file_name.replace(f"-{export_format}-", f"-{export_format}-package{world.ready.id}-")
    assert package.json() == {"file_name": named, "media_type": media_type}

"""GET /api/sets/{set_id}/samples (filters, pages), GET and DELETE /api/samples/{sample_id}."""

from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.config import Settings
from tagmedx.hints import MYSQL_DIALECTS
from tagmedx.models import AuditEvent, Examination, Package, Sample
from tests.statements import count_statements

from .helpers import (
    World,
    add_examination,
    add_set,
    count,
    dicom,
    make_world,
    packages_of,
    png,
    stored_files,
    upload,
)


async def _three_samples(
    client: httpx.AsyncClient, session: AsyncSession
) -> tuple[World, list[dict[str, Any]]]:
    world = await make_world(session, package_size=2)
    response = await upload(
        client,
        world.admin,
        world.set_id,
        ("a.png", png(seed=1)),
        ("b.png", png(seed=2)),
        ("c.png", png(seed=3)),
    )
    assert response.status_code == 201, response.text
    return world, response.json()["created"]


async def _ids(
    client: httpx.AsyncClient, world: World, query: str = "", *, as_admin: bool = False
) -> list[int]:
    person = world.admin if as_admin else world.annotator
    response = await client.get(f"/api/sets/{world.set_id}/samples{query}", headers=person.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_list_and_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world, created = await _three_samples(client, session)
    first, second, third = (item["id"] for item in created)
    await add_examination(session, first, world.set_id, world.annotator.id, tentative=True)
    await add_examination(session, second, world.set_id, world.admin.id, bad_quality=True)
    assert await _ids(client, world) == [first, second, third]
    assert await _ids(client, world, "?annotated=true") == [first, second]
    assert await _ids(client, world, "?annotated=false") == [third]
    assert await _ids(client, world, "?tentative=true") == [first]
    assert await _ids(client, world, "?tentative=false") == [second, third]
    assert await _ids(client, world, "?bad_quality=true") == [second]
    assert await _ids(client, world, "?annotated_by_me=true") == [first]
    assert await _ids(client, world, "?annotated_by_me=true", as_admin=True) == [second]
    assert await _ids(client, world, "?annotated_by_me=false") == [second, third]
    assert await _ids(client, world, f"?package_id={created[2]['package_id']}") == [third]
    assert await _ids(client, world, f"?package_id={created[0]['package_id']}&tentative=true") == [first]
    item = (await client.get(f"/api/sets/{world.set_id}/samples", headers=world.annotator.headers)).json()[
        "items"
    ][0]
    assert item == created[0]


async def test_list_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world, created = await _three_samples(client, session)
    url = f"/api/sets/{world.set_id}/samples"
    page = (await client.get(url, params={"limit": 2}, headers=world.annotator.headers)).json()
    assert [item["id"] for item in page["items"]] == [created[0]["id"], created[1]["id"]]
    rest = (
        await client.get(url, params={"cursor": page["next_cursor"]}, headers=world.annotator.headers)
    ).json()
    assert [item["id"] for item in rest["items"]] == [created[2]["id"]]
    assert rest["next_cursor"] is None


async def test_list_reads_a_range_of_the_set_or_package_index_on_mysql(
    client: httpx.AsyncClient, session: AsyncSession, app: FastAPI
) -> None:
    world, created = await _three_samples(client, session)
    mysql = app.state.engine.dialect.name in MYSQL_DIALECTS
    for query, index in (
        ("", "ix_samples_set_id"),
        (f"?package_id={created[2]['package_id']}", "ix_samples_package_id"),
    ):
        with count_statements(app) as statements:
            assert await _ids(client, world, query)
        hinted = [s for s in statements if f"FORCE INDEX ({index})" in s]
        assert len(hinted) == (1 if mysql else 0), statements


async def test_list_errors(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world, _ = await _three_samples(client, session)
    url = f"/api/sets/{world.set_id}/samples"
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=world.outsider.headers)).status_code == 404
    assert (await client.get("/api/sets/999999/samples", headers=world.admin.headers)).status_code == 404
    other = f"/api/sets/{world.other_set_id}/samples"
    assert (await client.get(other, headers=world.admin.headers)).status_code == 404
    for query in ("annotated=perhaps", "limit=0", "limit=5000", "package_id=0", "package_id=x"):
        assert (await client.get(f"{url}?{query}", headers=world.admin.headers)).status_code == 422, query
    assert (await client.get(f"{url}?cursor=%%%", headers=world.admin.headers)).status_code == 422


async def test_get_one_sample(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    created = (await upload(client, world.admin, world.set_id, ("ct.dcm", dicom("CT_small.dcm")))).json()[
        "created"
    ][0]
    url = f"/api/samples/{created['id']}"
    response = await client.get(url, headers=world.annotator.headers)
    assert response.status_code == 200
    body = response.json()
    assert body == created
    assert body["format"] == "dicom" and body["dicom"]["modality"] == "CT"
    assert body["dicom"]["rows"] == 128 and body["dicom"]["pixel_spacing"]
    for identifying in ("PatientName", "patient_name", "PatientID", "patient_id", "PatientBirthDate"):
        assert identifying not in body["dicom"]
    assert (await client.get(url)).status_code == 401
    assert (await client.get(url, headers=world.outsider.headers)).status_code == 404
    assert (await client.get("/api/samples/999999", headers=world.admin.headers)).status_code == 404
    assert (await client.get("/api/samples/0", headers=world.admin.headers)).status_code == 422
    assert (await client.get("/api/samples/abc", headers=world.admin.headers)).status_code == 422


async def test_delete_removes_row_examinations_files_and_empty_package(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session, package_size=2)
    images = settings.data_dir / "images"
    kept = (await upload(client, world.admin, world.set_id, ("kept.png", png(seed=1)))).json()["created"][0]
    files_of_kept = stored_files(images)
    alone = (await upload(client, world.admin, world.set_id, ("ct.dcm", dicom("CT_small.dcm")))).json()[
        "created"
    ][0]
    lonely = (await upload(client, world.admin, world.set_id, ("x.png", png(seed=2)))).json()["created"][0]
    assert alone["package_id"] == kept["package_id"] and lonely["package_id"] != kept["package_id"]
    await add_examination(session, alone["id"], world.set_id, world.annotator.id)

    response = await client.delete(f"/api/samples/{alone['id']}", headers=world.admin.headers)
    assert response.status_code == 204 and response.content == b""
    assert await count(session, Sample, Sample.id == alone["id"]) == 0
    assert await count(session, Examination) == 0
    assert await count(session, Package, Package.id == kept["package_id"]) == 1  # still holds a sample
    files_now = stored_files(images)
    assert not any(name.endswith("/pixels") for name in files_now)  # the DICOM's files are gone

    response = await client.delete(f"/api/samples/{lonely['id']}", headers=world.admin.headers)
    assert response.status_code == 204
    assert await count(session, Package, Package.id == lonely["package_id"]) == 0  # left empty: deleted
    assert stored_files(images) == files_of_kept
    assert (await client.get(f"/api/samples/{lonely['id']}", headers=world.admin.headers)).status_code == 404

    events = (
        (await session.execute(sa.select(AuditEvent).where(AuditEvent.action == "sample.delete")))
        .scalars()
        .all()
    )
    assert [(event.object_type, event.object_id) for event in events] == [
        ("sample", alone["id"]),
        ("sample", lonely["id"]),
    ]
    assert events[1].detail is not None and events[1].detail["package_deleted"] is True


async def test_delete_keeps_files_shared_with_another_sets_sample(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await make_world(session)
    second_set = await add_set(session, world.group_id)
    image = ("same.png", png(seed=7))
    first = (await upload(client, world.admin, world.set_id, image)).json()["created"][0]
    assert (await upload(client, world.admin, second_set, image)).status_code == 201
    before = stored_files(settings.data_dir / "images")
    assert len(before) == 3
    assert (
        await client.delete(f"/api/samples/{first['id']}", headers=world.admin.headers)
    ).status_code == 204
    assert stored_files(settings.data_dir / "images") == before


async def test_delete_permissions(client: httpx.AsyncClient, session: AsyncSession) -> None:
    world = await make_world(session)
    created = (await upload(client, world.admin, world.set_id, ("a.png", png()))).json()["created"][0]
    url = f"/api/samples/{created['id']}"
    assert (await client.delete(url)).status_code == 401
    assert (await client.delete(url, headers=world.annotator.headers)).status_code == 403
    assert (await client.delete(url, headers=world.outsider.headers)).status_code == 404
    assert (await client.delete("/api/samples/999999", headers=world.admin.headers)).status_code == 404
    assert (await client.delete("/api/samples/0", headers=world.admin.headers)).status_code == 422
    assert await count(session, Sample) == 1
    assert list((await packages_of(session, world.set_id)).values()) == [1]

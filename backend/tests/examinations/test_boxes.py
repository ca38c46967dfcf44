"""POST /api/examinations/{id}/boxes, PATCH and DELETE /api/boxes/{id}."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import SetType
from tests.examinations.helpers import HEIGHT, WIDTH, Scene, box, make_scene, reading, stored
from tests.packages.helpers import add_annotator, audit_actions, insert_set, make_team


async def scene_with_reading(
    client: httpx.AsyncClient, session: AsyncSession
) -> tuple[Scene, dict[str, object]]:
    scene = await make_scene(client, session)
    label = scene.space.label_ids[0]
    saved = await client.put(
        scene.url, json=reading(boxes=[box(label)]), headers=scene.team.annotator.headers
    )
    assert saved.status_code == 200, saved.text
    examination: dict[str, object] = saved.json()
    return scene, examination


async def test_the_author_adds_changes_and_removes_boxes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, examination = await scene_with_reading(client, session)
    first_label, second_label, _ = scene.space.label_ids
    headers = scene.team.annotator.headers

    created = await client.post(
        f"/api/examinations/{examination['id']}/boxes",
        json=box(second_label, x=1, y=2, width=3, height=4, comment="tiny"),
        headers=headers,
    )

    assert created.status_code == 201, created.text
    new_box = created.json()
    assert {key: new_box[key] for key in ("label_id", "x", "y", "width", "height", "comment")} == {
        "label_id": second_label,
        "x": 1,
        "y": 2,
        "width": 3,
        "height": 4,
        "comment": "tiny",
    }
    assert new_box["examination_id"] == examination["id"]
    assert new_box["examination_version"] == 2

    changed = await client.patch(
        f"/api/boxes/{new_box['id']}", json={"x": 50, "comment": "", "label_id": first_label}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["x"], changed.json()["y"], changed.json()["label_id"]) == (50, 2, first_label)
    assert changed.json()["comment"] == ""
    assert changed.json()["examination_version"] == 3

    removed = await client.delete(f"/api/boxes/{new_box['id']}", headers=headers)
    assert removed.status_code == 204
    saved = await stored(session, scene.sample_id, scene.team.annotator.id)
    assert saved is not None
    assert saved.version == 4
    assert len(saved.boxes) == 1
    assert (await client.get(scene.url, headers=headers)).json()["version"] == 4
    assert await audit_actions(session, scene.team.group_id) == [
        "examination.save",
        "box.create",
        "box.update",
        "box.delete",
    ]


async def test_only_the_author_touches_boxes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene, examination = await scene_with_reading(client, session)
    other = await add_annotator(client, session, scene.team)
    stranger = await make_team(client, session, name="Elsewhere")
    label = scene.space.label_ids[0]
    box_id = examination["boxes"][0]["id"]  # type: ignore[index]
    create_url = f"/api/examinations/{examination['id']}/boxes"
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    for headers in (other.headers, scene.team.admin.headers):
        assert (await client.post(create_url, json=box(label), headers=headers)).status_code == 403
        patched = await client.patch(f"/api/boxes/{box_id}", json={"x": 1}, headers=headers)
        assert patched.status_code == 403
        assert patched.json()["code"] == "not_author"
        assert (await client.delete(f"/api/boxes/{box_id}", headers=headers)).status_code == 403
    for headers in (stranger.admin.headers, stranger.annotator.headers):
        assert (await client.post(create_url, json=box(label), headers=headers)).status_code == 404
        assert (await client.patch(f"/api/boxes/{box_id}", json={"x": 1}, headers=headers)).status_code == 404
        assert (await client.delete(f"/api/boxes/{box_id}", headers=headers)).status_code == 404
    assert (await client.post(create_url, json=box(label))).status_code == 401
    assert (await client.patch(f"/api/boxes/{box_id}", json={"x": 1})).status_code == 401
    assert (await client.delete(f"/api/boxes/{box_id}")).status_code == 401
    author = scene.team.annotator.headers
    missing_exam = await client.post("/api/examinations/999999/boxes", json=box(label), headers=author)
    assert missing_exam.status_code == 404
    assert missing_exam.json()["code"] == "examination_not_found"
    assert (await client.patch("/api/boxes/999999", json={"x": 1}, headers=author)).json()[
        "code"
    ] == "box_not_found"
    assert (await client.delete("/api/boxes/999999", headers=author)).status_code == 404
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before


async def test_bad_boxes_get_422_and_change_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene, examination = await scene_with_reading(client, session)
    other_space = await insert_set(session, scene.team.group_id, name="Other")
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    box_id = examination["boxes"][0]["id"]  # type: ignore[index]
    create_url = f"/api/examinations/{examination['id']}/boxes"
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    for body, code in (
        (box(label, x=WIDTH - 1, width=2), "box_outside_image"),
        (box(label, height=HEIGHT + 1), "box_outside_image"),
        (box(label, width=-1), "validation_error"),
        (box(other_space.label_ids[0]), "label_not_in_set"),
        (box(999999), "label_not_in_set"),
        ({"label_id": label, "x": 1}, "validation_error"),
    ):
        response = await client.post(create_url, json=body, headers=headers)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] == code
    for patch, code in (
        ({"x": WIDTH - 5}, "box_outside_image"),  # the stored width of 30 no longer fits
        ({"height": 0}, "validation_error"),
        ({"x": None}, "validation_error"),
        ({"label_id": other_space.label_ids[0]}, "label_not_in_set"),
        ({"colour": "red"}, "validation_error"),
    ):
        response = await client.patch(f"/api/boxes/{box_id}", json=patch, headers=headers)
        assert response.status_code == 422, (patch, response.text)
        assert response.json()["code"] == code
    raw = f'{{"label_id": {label}, "x": NaN, "y": 1, "width": 1, "height": 1}}'
    nan = await client.post(create_url, content=raw, headers={**headers, "Content-Type": "application/json"})
    assert nan.status_code == 422
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before


async def test_box_routes_obey_the_ready_package_rule(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, examination = await scene_with_reading(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    box_id = examination["boxes"][0]["id"]  # type: ignore[index]
    await client.patch(f"/api/packages/{scene.package_id}", json={"is_ready": True}, headers=headers)
    before = await stored(session, scene.sample_id, scene.team.annotator.id)

    responses = [
        await client.post(f"/api/examinations/{examination['id']}/boxes", json=box(label), headers=headers),
        await client.patch(f"/api/boxes/{box_id}", json={"x": 2}, headers=headers),
        await client.delete(f"/api/boxes/{box_id}", headers=headers),
    ]

    assert [response.status_code for response in responses] == [409, 409, 409]
    assert {response.json()["code"] for response in responses} == {"package_ready"}
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before


async def test_boxes_belong_to_detection_sets(client: httpx.AsyncClient, session: AsyncSession) -> None:
    scene = await make_scene(client, session, type=SetType.classification)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    saved = await client.put(scene.url, json=reading(label_ids=[label]), headers=headers)

    response = await client.post(
        f"/api/examinations/{saved.json()['id']}/boxes", json=box(label), headers=headers
    )

    assert response.status_code == 422
    assert response.json()["code"] == "boxes_not_allowed"
    assert (await client.get(scene.url, headers=headers)).json()["version"] == 1


async def test_a_former_assignee_can_no_longer_change_boxes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, examination = await scene_with_reading(client, session)
    box_id = examination["boxes"][0]["id"]  # type: ignore[index]
    unassigned = await client.patch(
        f"/api/packages/{scene.package_id}", json={"assignee_id": None}, headers=scene.team.admin.headers
    )
    assert unassigned.status_code == 200

    response = await client.patch(f"/api/boxes/{box_id}", json={"x": 2}, headers=scene.team.annotator.headers)

    assert response.status_code == 403
    assert response.json()["code"] == "not_assignee"


async def test_boxes_thinner_than_a_pixel_are_refused_everywhere(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scene, examination = await scene_with_reading(client, session)
    label = scene.space.label_ids[0]
    headers = scene.team.annotator.headers
    box_id = examination["boxes"][0]["id"]  # type: ignore[index]
    before = await stored(session, scene.sample_id, scene.team.annotator.id)
    attempts = [
        ("PUT", scene.url, reading(boxes=[box(label, width=1e-9)]), "boxes.0.width"),
        ("PUT", scene.url, reading(boxes=[box(label), box(label, height=0.5)]), "boxes.1.height"),
        ("POST", f"/api/examinations/{examination['id']}/boxes", box(label, width=0.999), "width"),
        ("PATCH", f"/api/boxes/{box_id}", {"height": 0.25}, "height"),
    ]
    for method, url, body, where in attempts:
        response = await client.request(method, url, json=body, headers=headers)
        assert response.status_code == 422, (method, body, response.text)
        answer = response.json()
        assert answer["code"] == "validation_error"
        assert answer["message"].startswith(f"{where}: ")
        assert "at least 1 pixel wide and high" in answer["message"]
    assert await stored(session, scene.sample_id, scene.team.annotator.id) == before
    one_pixel = await client.post(
        f"/api/examinations/{examination['id']}/boxes", json=box(label, width=1, height=1), headers=headers
    )
    assert one_pixel.status_code == 201, one_pixel.text


async def test_openapi_states_the_smallest_box(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/api/openapi.json")).json()["components"]["schemas"]
    for name in ("BoxIn", "BoxPatch"):
        properties = schemas[name]["properties"]
        for side in ("width", "height"):
            text = str(properties[side])
            assert "'minimum': 1.0" in text or "'minimum': 1" in text, (name, side, text)

"""The audit trail's actions are one closed list: recorded only from it, and listed in the OpenAPI document,
so the web app's names of them are checked complete by its type check."""

import re

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.audit.actions import AuditAction
from tagmedx.features.audit.service import record
from tagmedx.models import AuditEvent

pytestmark = pytest.mark.anyio


def test_every_action_is_object_dot_verb() -> None:
    for action in AuditAction:
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", action.value), action
        assert action.name == action.value.replace(".", "_")


async def test_an_action_outside_the_list_is_refused_and_nothing_is_written(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match=r"group\.explode"):
        await record(session, action="group.explode", user_id=None)
    assert await session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


async def test_an_action_is_stored_as_its_plain_name(session: AsyncSession) -> None:
    await record(session, action=AuditAction.group_create, user_id=None)
    await record(session, action="group.update", user_id=None)
    stored = (await session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id))).all()
    assert stored == ["group.create", "group.update"]
    assert all(type(action) is str for action in stored)


async def test_the_openapi_document_lists_every_action(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/api/openapi.json")).json()["components"]["schemas"]
    assert schemas["AuditAction"]["enum"] == [action.value for action in AuditAction]
    for model in ("AuditEventOut", "StoryEntryOut"):
        assert schemas[model]["properties"]["action"].get("$ref") == "#/components/schemas/AuditAction"

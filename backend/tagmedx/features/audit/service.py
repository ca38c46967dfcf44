"""The audit trail: an append-only record of who did what and when. Nothing here updates or deletes."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import AuditEvent


async def record(
    session: AsyncSession,
    *,
    action: str,
    user_id: int | None,
    group_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> None:
    """Add one event to the caller's transaction: it is kept exactly when the change it describes is.

    `action` is `<object>.<verb>`, e.g. `group.create`, `member.role_change`, `set.export`.
    """
    session.add(
        AuditEvent(
            group_id=group_id,
            user_id=user_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail,
            ip_address=ip_address,
        )
    )

"""What the server's reclaimer does, run to completion in a test; the keys samples use."""

from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.features.storage import reclaim
from tagmedx.models import Sample
from tagmedx.models.base import utcnow


async def reclaim_everything(app: FastAPI, *, hours_later: float = 0) -> reclaim.Reclaimed:
    """Expire the reservations whose lease ended (`hours_later`: as if that much time had passed, so
    every lease has), then reclaim the queue until it is empty."""
    await reclaim.expire_reservations(app.state.sessionmaker, now=utcnow() + timedelta(hours=hours_later))
    return await reclaim.drain(app.state.sessionmaker, app.state.storage)


async def stored_keys(session: AsyncSession, condition: sa.ColumnElement[bool]) -> set[str]:
    """Every key the samples matching `condition` use."""
    columns = (Sample.original_key, Sample.display_key, Sample.thumbnail_key, Sample.pixels_key)
    rows = await session.execute(sa.select(*columns).where(condition))
    return {key for row in rows for key in row if key}

"""Every SQL statement of the caller's own account (profile and personal API tokens)."""

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import ApiToken


def add_token(session: AsyncSession, token: ApiToken) -> None:
    session.add(token)


async def count_tokens(session: AsyncSession, user_id: int) -> int:
    statement = sa.select(sa.func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id)
    return int((await session.execute(statement)).scalar_one())


def tokens_of(user_id: int) -> sa.Select[tuple[ApiToken]]:
    return sa.select(ApiToken).where(ApiToken.user_id == user_id)


async def delete_token(session: AsyncSession, user_id: int, token_id: int) -> bool:
    result = await session.execute(
        sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def delete_all_tokens(session: AsyncSession, user_id: int) -> int:
    result = await session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)

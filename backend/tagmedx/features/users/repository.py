"""Every SQL statement of the caller's own account (profile and personal API tokens)."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.models import ApiToken
from tagmedx.pagination import PageParams, fetch_page


async def save_profile(session: AsyncSession) -> bool:
    """Write the caller's changed profile now; False when a unique column (the e-mail) is taken."""
    try:
        await session.flush()
    except IntegrityError:
        return False
    return True


async def add_token(session: AsyncSession, token: ApiToken) -> None:
    """Insert the token now, so that its id is known."""
    session.add(token)
    await session.flush()


async def count_tokens(session: AsyncSession, user_id: int) -> int:
    statement = sa.select(sa.func.count()).select_from(ApiToken).where(ApiToken.user_id == user_id)
    return int((await session.execute(statement)).scalar_one())


async def list_tokens(
    session: AsyncSession, user_id: int, params: PageParams
) -> tuple[list[ApiToken], str | None]:
    statement = sa.select(ApiToken).where(ApiToken.user_id == user_id)
    rows, next_cursor = await fetch_page(session, statement, ApiToken.id, params)
    # fetch_page hands back Row objects for select(Model) (it counts the table's columns): unwrap either way
    return [row[0] if isinstance(row, sa.Row) else row for row in rows], next_cursor


async def delete_token(session: AsyncSession, user_id: int, token_id: int) -> bool:
    result = await session.execute(
        sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def delete_all_tokens(session: AsyncSession, user_id: int) -> int:
    result = await session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)

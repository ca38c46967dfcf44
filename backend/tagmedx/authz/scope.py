"""Scoping for list queries: a user only ever selects rows of the groups they belong to."""

import sqlalchemy as sa

from tagmedx.authz.policy import Action, can
from tagmedx.models import Membership, Role


def member_group_ids(user_id: int) -> sa.Select[tuple[int]]:
    """A subquery of the ids of the caller's groups, for `.where(X.group_id.in_(...))`."""
    return sa.select(Membership.group_id).where(Membership.user_id == user_id)


def groups_where_may(user_id: int, action: Action) -> sa.Select[tuple[int]]:
    """A subquery of the ids of the caller's groups where their role allows `action`."""
    roles = [role for role in Role if can(role, action)]
    return sa.select(Membership.group_id).where(Membership.user_id == user_id, Membership.role.in_(roles))

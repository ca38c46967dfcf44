"""Guard dependencies: load the object named in the path and the caller's role in its group.

Anything in a group the caller does not belong to answers 404 (never 403, never its data);
a member whose role lacks the action gets 403.
"""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Path

from tagmedx.authz.policy import Action, can
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotFound
from tagmedx.features.auth.dependencies import CurrentUser
from tagmedx.models import (
    Box,
    Examination,
    Group,
    Label,
    Membership,
    Package,
    Role,
    Sample,
    Set,
    User,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Access(Generic[T]):
    """The object the route is about, who asks, and their role in the object's group."""

    obj: T
    user: User
    role: Role
    group_id: int

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin


@dataclass(frozen=True)
class _Kind:
    model: type[Any]
    label: str
    path: tuple[tuple[type[Any], Any], ...]  # joins from the object up to the table holding group_id
    group_column: Any


KINDS: dict[str, _Kind] = {
    "group_id": _Kind(Group, "Group", (), Group.id),
    "set_id": _Kind(Set, "Set", (), Set.group_id),
    "label_id": _Kind(Label, "Label", ((Set, Set.id == Label.set_id),), Set.group_id),
    "package_id": _Kind(Package, "Package", ((Set, Set.id == Package.set_id),), Set.group_id),
    "sample_id": _Kind(Sample, "Sample", ((Set, Set.id == Sample.set_id),), Set.group_id),
    "examination_id": _Kind(Examination, "Examination", ((Set, Set.id == Examination.set_id),), Set.group_id),
    "box_id": _Kind(
        Box,
        "Box",
        (
            (Examination, Examination.id == Box.examination_id),
            (Set, Set.id == Examination.set_id),
        ),
        Set.group_id,
    ),
}


async def load_access(
    session: Session, user: User, param: str, object_id: int, action: Action | None
) -> Access[Any]:
    kind = KINDS[param]
    statement = sa.select(kind.model, Membership.role, kind.group_column)
    for model, onclause in kind.path:
        statement = statement.join(model, onclause)
    statement = statement.join(
        Membership,
        sa.and_(Membership.group_id == kind.group_column, Membership.user_id == user.id),
    ).where(kind.model.id == object_id)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise NotFound(f"{kind.label} {object_id} was not found.", code=f"{param[:-3]}_not_found")
    access: Access[Any] = Access(obj=row[0], user=user, role=Role(row[1]), group_id=row[2])
    if action is not None and not can(access.role, action):
        raise Forbidden()
    return access


def guard(param: str, action: Action | None = None) -> Callable[..., Awaitable[Access[Any]]]:
    """A dependency reading `param` from the path, loading its object and checking `action`."""
    if param not in KINDS:
        raise ValueError(f"no guard for {param}")

    async def dependency(session: Session, user: CurrentUser, **path: int) -> Access[Any]:
        return await load_access(session, user, param, path[param], action)

    parameters = [
        inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[int, Path(ge=1)]),
        inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=Session),
        inspect.Parameter("user", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentUser),
    ]
    dependency.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    dependency.__name__ = f"guard_{param}_{action or 'member'}"
    return dependency


GroupMember = Annotated[Access[Group], Depends(guard("group_id", Action.view_group))]
GroupAdmin = Annotated[Access[Group], Depends(guard("group_id", Action.manage_group))]

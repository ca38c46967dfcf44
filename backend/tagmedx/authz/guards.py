"""Guard dependencies: load the object named in the path and the caller's role in its group.

Anything in a group the caller does not belong to answers 404 (never 403, never its data);
a member whose role lacks the action gets 403.
"""

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from tagmedx.authz.policy import Action, can
from tagmedx.db import Session
from tagmedx.errors import Forbidden, NotFound
from tagmedx.features.auth.dependencies import (
    Credential,
    CurrentCredential,
    get_identity,
    known_identity,
    remember_identity,
    who_statement,
)
from tagmedx.ids import MAX_ID
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
    extra: tuple[Any, ...] = ()  # the columns of the guard's Extension, if it had one

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


@dataclass(frozen=True)
class Extension:
    """What a route reads beside its guard's object, in the guard's own statement: one query less on
    a hot path (the examination save). `extend` adds `width` columns (and their joins) to the guard's
    statement, given the column holding the caller's user id; they come back as Access.extra. Its
    bind parameters are passed to load_caller_access. It only adds: who may see what stays here."""

    width: int
    extend: Callable[[sa.Select[Any], Any], sa.Select[Any]]


@functools.cache
def _access_statement(param: str, who: str, extension: Extension | None = None) -> sa.Select[Any]:
    """The object (id `object_id`), the role in its group of the user `user_id` (who="user") or of
    the caller of a session ("session") or API token ("token"): built once a kind, run with parameters."""
    kind = KINDS[param]
    statement = sa.select(kind.model, Membership.role, kind.group_column)
    for model, onclause in kind.path:
        statement = statement.join(model, onclause)
    statement = statement.join(Membership, Membership.group_id == kind.group_column).where(
        kind.model.id == sa.bindparam("object_id")
    )
    if extension is not None:
        statement = extension.extend(statement, Membership.user_id)
    if who == "user":
        return statement.where(Membership.user_id == sa.bindparam("user_id"))
    return who_statement(statement, Membership.user_id, by_token=who == "token")


def _access(row: Any, user: User, action: Action | None, extension: Extension | None = None) -> Access[Any]:
    extra = tuple(row[3 : 3 + extension.width]) if extension is not None else ()
    access: Access[Any] = Access(obj=row[0], user=user, role=Role(row[1]), group_id=row[2], extra=extra)
    if action is not None and not can(access.role, action):
        raise Forbidden()
    return access


def _not_found(param: str, object_id: int) -> NotFound:
    return NotFound(f"{KINDS[param].label} {object_id} was not found.", code=f"{param[:-3]}_not_found")


async def load_access(
    session: AsyncSession,
    user: User,
    param: str,
    object_id: int,
    action: Action | None,
    extension: Extension | None = None,
    params: dict[str, Any] | None = None,
) -> Access[Any]:
    """The object and `user`'s role in its group: 404 when either is missing, 403 for a lacking role."""
    statement = _access_statement(param, "user", extension)
    values = {"object_id": object_id, "user_id": user.id, **(params or {})}
    row = (await session.execute(statement, values)).one_or_none()
    if row is None:
        raise _not_found(param, object_id)
    return _access(row, user, action, extension)


async def load_caller_access(
    request: Request,
    session: AsyncSession,
    credential: Credential,
    param: str,
    object_id: int,
    action: Action | None,
    extension: Extension | None = None,
    params: dict[str, Any] | None = None,
) -> Access[Any]:
    """Like load_access, with the caller checked in the same query (their live session or API token):
    one statement where authentication and the guard took two. When nothing matches, the caller is
    looked up alone, so an invalid credential answers 401 and a missing object 404."""
    identity = known_identity(session)
    if identity is not None:
        return await load_access(session, identity.user, param, object_id, action, extension, params)
    statement = _access_statement(param, "token" if credential.by_token else "session", extension)
    values = {"object_id": object_id, **credential.who_params(), **(params or {})}
    row = (await session.execute(statement, values)).one_or_none()
    if row is None:
        await get_identity(request, session, credential)
        raise _not_found(param, object_id)
    identity = remember_identity(session, await credential.identity_from(request, row))
    return _access(row, identity.user, action, extension)


def guard(param: str, action: Action | None = None) -> Callable[..., Awaitable[Access[Any]]]:
    """A dependency reading `param` from the path, loading its object and checking `action`."""
    if param not in KINDS:
        raise ValueError(f"no guard for {param}")

    async def dependency(
        request: Request, session: Session, credential: Credential, **path: int
    ) -> Access[Any]:
        return await load_caller_access(request, session, credential, param, path[param], action)

    parameters = [
        inspect.Parameter(
            param, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[int, Path(ge=1, le=MAX_ID)]
        ),
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter("session", inspect.Parameter.KEYWORD_ONLY, annotation=Session),
        inspect.Parameter("credential", inspect.Parameter.KEYWORD_ONLY, annotation=CurrentCredential),
    ]
    dependency.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    dependency.__name__ = f"guard_{param}_{action or 'member'}"
    return dependency


GroupMember = Annotated[Access[Group], Depends(guard("group_id", Action.view_group))]
GroupAdmin = Annotated[Access[Group], Depends(guard("group_id", Action.manage_group))]

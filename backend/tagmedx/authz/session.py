"""What a personal API token may never do: manage the account it belongs to.

Its tokens (list, create, revoke), its profile and e-mail, its password and sign-out need a login
session (the bearer token from login or the session cookie). A leaked script token so cannot lock its
owner out (change the e-mail they sign in with), hide itself (revoke the other tokens) or breed."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from tagmedx.errors import Forbidden
from tagmedx.features.auth.dependencies import CurrentIdentity
from tagmedx.models import User


class SessionRequired(Forbidden):
    code = "session_required"
    detail = (
        "This needs a signed-in session (sign in with your e-mail and password): a personal API token "
        "cannot manage its account, its password or its tokens."
    )


@dataclass(frozen=True)
class SignedInSession:
    """The caller of a route that needs a login session: who, which session, and whether by cookie."""

    user: User
    session_id: str
    by_cookie: bool


async def require_login_session(identity: CurrentIdentity) -> SignedInSession:
    if identity.via != "session" or identity.session_id is None:
        raise SessionRequired()
    return SignedInSession(user=identity.user, session_id=identity.session_id, by_cookie=identity.by_cookie)


LoginSession = Annotated[SignedInSession, Depends(require_login_session)]

"""Every API route, classified once by who may call it. A new route fails the security tests until
it is added here: nobody has to remember to cover it."""

import re
from enum import Enum
from typing import Any

from fastapi import FastAPI


class Who(Enum):
    public = "anyone"
    user = "any signed-in user"  # acts on the caller's own account or groups
    session = "the signed-in user with a login session, never a personal API token"  # the account itself
    member = "any member of the object's group"
    admin = "the group's admins only"
    rule = "an object rule: the assignee, the author or the member themself, or an admin"
    own = "the caller's own object inside the group"


PNG_1PX = bytes.fromhex(  # a valid 2 x 2 grey PNG
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "9c636c6868606060606260606060600000122a0184cf008eae0000000049454e44ae426082"
)

# (method, path) -> who may call it, and a plausible body (so a refusal is not a 422 in disguise).
ROUTES: dict[tuple[str, str], tuple[Who, Any]] = {
    ("GET", "/api/health"): (Who.public, None),
    ("POST", "/api/auth/register"): (Who.public, None),
    ("POST", "/api/auth/login"): (Who.public, None),
    ("POST", "/api/auth/logout"): (Who.session, None),
    ("GET", "/api/users/me"): (Who.user, None),
    ("PATCH", "/api/users/me"): (Who.session, {"name": "Mallory"}),
    ("PUT", "/api/users/me/password"): (
        Who.session,
        {"current_password": "x" * 12, "new_password": "y" * 12},
    ),
    ("POST", "/api/users/me/tokens"): (Who.session, {"name": "script"}),
    ("GET", "/api/users/me/tokens"): (Who.session, None),
    ("DELETE", "/api/users/me/tokens/{token_id}"): (Who.session, None),
    ("POST", "/api/groups"): (Who.user, {"name": "Mine"}),
    ("GET", "/api/groups"): (Who.user, None),
    ("POST", "/api/groups/join"): (Who.user, {"join_code": "x" * 16}),
    ("GET", "/api/groups/{group_id}"): (Who.member, None),
    ("PATCH", "/api/groups/{group_id}"): (Who.admin, {"name": "Hijacked"}),
    ("DELETE", "/api/groups/{group_id}"): (Who.admin, None),
    ("POST", "/api/groups/{group_id}/join-code"): (Who.admin, None),
    ("GET", "/api/groups/{group_id}/members"): (Who.member, None),
    ("PATCH", "/api/groups/{group_id}/members/{user_id}"): (Who.admin, {"role": "annotator"}),
    ("DELETE", "/api/groups/{group_id}/members/{user_id}"): (Who.rule, None),
    ("GET", "/api/groups/{group_id}/stats"): (Who.member, None),
    ("GET", "/api/groups/{group_id}/audit"): (Who.admin, None),
    ("GET", "/api/groups/{group_id}/audit/image-views"): (Who.admin, None),
    ("GET", "/api/groups/{group_id}/audit/story"): (Who.admin, None),
    ("GET", "/api/groups/{group_id}/storage"): (Who.admin, None),
    ("GET", "/api/sets/{set_id}/stats"): (Who.member, None),
    ("POST", "/api/groups/{group_id}/sets"): (
        Who.admin,
        {"name": "Mine", "type": "detection", "package_size": 5},
    ),
    ("GET", "/api/groups/{group_id}/sets"): (Who.member, None),
    ("GET", "/api/sets/{set_id}"): (Who.member, None),
    ("PATCH", "/api/sets/{set_id}"): (Who.admin, {"name": "Renamed"}),
    ("DELETE", "/api/sets/{set_id}"): (Who.admin, None),
    ("POST", "/api/sets/{set_id}/labels"): (Who.admin, {"name": "Mine", "color": "#00ff00"}),
    ("GET", "/api/sets/{set_id}/labels"): (Who.member, None),
    ("PATCH", "/api/labels/{label_id}"): (Who.admin, {"name": "Renamed"}),
    ("DELETE", "/api/labels/{label_id}"): (Who.admin, None),
    ("POST", "/api/sets/{set_id}/samples"): (Who.admin, {"files": ("x.png", PNG_1PX, "image/png")}),
    ("GET", "/api/sets/{set_id}/samples"): (Who.member, None),
    ("GET", "/api/sets/{set_id}/samples/count"): (Who.member, None),
    ("GET", "/api/samples/{sample_id}"): (Who.member, None),
    ("DELETE", "/api/samples/{sample_id}"): (Who.admin, None),
    ("GET", "/api/samples/{sample_id}/image"): (Who.member, None),
    ("GET", "/api/samples/{sample_id}/thumbnail"): (Who.member, None),
    ("GET", "/api/samples/{sample_id}/original"): (Who.admin, None),
    ("GET", "/api/samples/{sample_id}/pixels"): (Who.member, None),
    ("GET", "/api/samples/{sample_id}/text-regions"): (Who.admin, None),
    ("POST", "/api/samples/{sample_id}/mask"): (
        Who.admin,
        {"regions": [{"x": 0, "y": 0, "width": 1, "height": 1}]},
    ),
    ("POST", "/api/samples/{sample_id}/text-regions/scan"): (Who.admin, None),
    ("GET", "/api/sets/{set_id}/packages"): (Who.member, None),
    ("GET", "/api/packages"): (Who.user, None),
    ("GET", "/api/overview"): (Who.user, None),
    ("GET", "/api/packages/{package_id}"): (Who.member, None),
    ("PATCH", "/api/packages/{package_id}"): (Who.rule, {"is_ready": True}),
    ("DELETE", "/api/packages/{package_id}"): (Who.admin, None),
    ("POST", "/api/sets/{set_id}/packages/claim"): (Who.member, None),
    ("GET", "/api/samples/{sample_id}/examination"): (Who.own, None),
    ("PUT", "/api/samples/{sample_id}/examination"): (
        Who.rule,
        {"tentative": False, "bad_quality": False, "boxes": []},
    ),
    ("DELETE", "/api/samples/{sample_id}/examination"): (Who.own, None),
    ("GET", "/api/samples/{sample_id}/examinations"): (Who.admin, None),
    ("POST", "/api/examinations/{examination_id}/boxes"): (
        Who.rule,
        lambda ids: {"label_id": ids["label_id"], "x": 1, "y": 1, "width": 5, "height": 5},
    ),
    ("PATCH", "/api/boxes/{box_id}"): (Who.rule, {"comment": "mine now"}),
    ("DELETE", "/api/boxes/{box_id}"): (Who.rule, None),
    ("GET", "/api/sets/{set_id}/export"): (Who.admin, None),
    ("GET", "/api/packages/{package_id}/export"): (Who.admin, None),
    ("GET", "/api/sets/{set_id}/export/check"): (Who.admin, None),
    ("GET", "/api/packages/{package_id}/export/check"): (Who.admin, None),
}

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def api_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every API route, read from the OpenAPI document (FastAPI nests included routers lazily)."""
    paths = app.openapi()["paths"]
    return {(method.upper(), path) for path, operations in paths.items() for method in operations}


def fill(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: str(ids[match.group(1)]), path)


def request_arguments(body: Any, ids: dict[str, int]) -> dict[str, Any]:
    """httpx keyword arguments sending `body`: a multipart form for file fields, else JSON."""
    if callable(body):
        body = body(ids)
    if isinstance(body, dict) and any(isinstance(value, tuple) for value in body.values()):
        return {"files": body}
    return {"json": body} if body is not None else {}

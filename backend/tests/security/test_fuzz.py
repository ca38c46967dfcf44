"""Schemathesis against the served OpenAPI document, in process (ASGI, no network), as two users:
the admin of a group with real data, and a member of another group. Every response must be no 5xx,
have a documented status, content type, headers and body schema, and never ignore authentication.

The short run here is bounded (a few seeded examples per operation, a total time cap); `make fuzz`
runs the same test long (TAGMEDX_FUZZ_EXAMPLES=200, no cap)."""

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tagmedx.main import create_app
from tests.conftest import empty_all_tables, make_settings
from tests.factories import PASSWORD
from tests.security.routes import PNG_1PX

EXAMPLES = int(os.environ.get("TAGMEDX_FUZZ_EXAMPLES", "6"))
TIME_CAP_SECONDS = float(os.environ.get("TAGMEDX_FUZZ_SECONDS", "150"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]


class Api:
    """Synchronous calls into the app on schemathesis' event loop thread (the app lives there)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with asgi.get_client(self.app) as client:
            response = client.request(method, f"http://{asgi.HOST}{path}", headers=headers, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def user(self, email: str) -> str:
        body = {"email": email, "password": PASSWORD, "name": "Fuzz", "surname": "User"}
        self.call("POST", "/api/auth/register", json=body)
        token: str = self.call("POST", "/api/auth/login", json={"email": email, "password": PASSWORD})[
            "access_token"
        ]
        return token


@pytest.fixture(scope="module")
def world(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    app = create_app(make_settings(database_url, data_dir))
    api = Api(app)
    admin = api.user("fuzz-admin@example.org")
    other = api.user("fuzz-other@example.org")
    group = api.call("POST", "/api/groups", admin, json={"name": "Fuzzed"})
    api.call("POST", "/api/groups", other, json={"name": "Elsewhere"})
    image_set = api.call(
        "POST",
        f"/api/groups/{group['id']}/sets",
        admin,
        json={"name": "S", "type": "detection", "package_size": 3},
    )
    label = api.call(
        "POST", f"/api/sets/{image_set['id']}/labels", admin, json={"name": "L", "color": "#112233"}
    )
    upload = api.call(
        "POST",
        f"/api/sets/{image_set['id']}/samples",
        admin,
        files={"files": ("a.png", PNG_1PX, "image/png")},
    )
    sample = upload["created"][0]
    ids = {
        "group_id": group["id"],
        "set_id": image_set["id"],
        "label_id": label["id"],
        "sample_id": sample["id"],
        "package_id": sample["package_id"],
    }
    try:
        yield {"app": app, "admin": admin, "other": other, "ids": ids}
    finally:
        portal = asgi._get_portal()
        portal.call(empty_all_tables, app)
        portal.call(app.state.engine.dispose)


def test_fuzz_every_operation_as_two_users(world: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", world["app"])
    deadline = time.monotonic() + TIME_CAP_SECONDS
    failures: list[str] = []
    covered = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() > deadline:
            break
        if operation.method.upper() == "DELETE" and operation.path in (
            "/groups/{group_id}",
            "/api/groups/{group_id}",
        ):
            continue  # deleting the fuzzed group would end the run's real-data half early
        covered += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for token in (world["admin"], world["other"]):
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
            if case.path_parameters and case.method.upper() != "DELETE":
                known = {name: world["ids"].get(name, value) for name, value in case.path_parameters.items()}
                case.path_parameters = known  # the same fuzzed input against real objects
                case.call_and_validate(headers={"Authorization": f"Bearer {world['admin']}"}, checks=CHECKS)

        try:
            run()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:1500])
    assert covered >= 40
    assert not failures, "\n\n".join(failures)

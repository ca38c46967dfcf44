"""The compose files and Dockerfiles, read as data (no Docker engine is needed): services, images, ports,
health checks, volumes, and that every TAGMEDX_ variable they set is a real setting with a valid value."""

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from tagmedx.config import Settings

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = ROOT / "docker-compose.yml"
COMPOSE_ALL = ROOT / "docker-compose_all.yml"
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
SETTING_FIELDS = {f"TAGMEDX_{name.upper()}" for name in Settings.model_fields}


def load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict)
    return document


def resolve(value: str) -> str:
    """Compose interpolation with what the operator would give: defaults, and a value for `:?` ones."""
    return INTERPOLATION.sub(lambda match: match["arg"] if match["op"] in {"-", ":-"} else "given", value)


@pytest.fixture(params=[COMPOSE, COMPOSE_ALL], ids=["compose", "compose_all"])
def compose(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


def test_the_services_of_each_file() -> None:
    assert set(load(COMPOSE)["services"]) == {"db", "phpmyadmin", "backend"}
    assert set(load(COMPOSE_ALL)["services"]) == {"db", "phpmyadmin", "backend", "frontend"}


def test_the_database_is_mysql_with_a_tcp_health_check_and_a_volume(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]
    assert db["image"] == "mysql:8.4"
    check = db["healthcheck"]["test"]
    assert check[0] == "CMD" and "mysqladmin" in check and "ping" in check
    assert "--host=127.0.0.1" in check
    assert "database:/var/lib/mysql" in db["volumes"]
    assert "database" in compose["volumes"]
    assert "ports" not in db, "the database is reachable from the compose network only"


def test_phpmyadmin_on_port_8080_after_the_database(compose: dict[str, Any]) -> None:
    admin = compose["services"]["phpmyadmin"]
    assert admin["image"].startswith("phpmyadmin:")
    assert admin["environment"]["PMA_HOST"] == "db"
    assert any(str(port).endswith("8080:80") for port in admin["ports"])
    assert admin["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_backend_is_built_waits_for_the_database_and_keeps_images(compose: dict[str, Any]) -> None:
    backend = compose["services"]["backend"]
    assert (ROOT / backend["build"] / "Dockerfile").is_file()
    assert backend["depends_on"]["db"]["condition"] == "service_healthy"
    assert "images:/data" in backend["volumes"]
    assert "images" in compose["volumes"]
    assert "/api/health" in " ".join(backend["healthcheck"]["test"])


def test_the_backend_environment_is_a_valid_mysql_configuration(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = compose["services"]["backend"]["environment"]
    assert environment["TAGMEDX_SECRET_KEY"] == "${TAGMEDX_SECRET_KEY:?set it}"
    assert environment["TAGMEDX_DATA_DIR"] == "/data"

    url = sa.engine.make_url(resolve(environment["TAGMEDX_DATABASE_URL"]))
    db_environment = compose["services"]["db"]["environment"]
    assert url.drivername == "mysql+asyncmy"
    assert (url.host, url.port) == ("db", 3306)
    assert url.username == db_environment["MYSQL_USER"]
    assert url.database == db_environment["MYSQL_DATABASE"]
    assert "${MYSQL_PASSWORD:?set it}" in environment["TAGMEDX_DATABASE_URL"]
    assert db_environment["MYSQL_PASSWORD"] == "${MYSQL_PASSWORD:?set it}"

    for name in list(Settings.model_fields):
        monkeypatch.delenv(f"TAGMEDX_{name.upper()}", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, resolve(str(value)))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.host == "0.0.0.0"
    assert settings.port == 8000
    assert str(settings.data_dir) == "/data"
    assert settings.secret_key == "given"
    assert not settings.is_sqlite


@pytest.mark.parametrize("path", [COMPOSE, COMPOSE_ALL], ids=["compose", "compose_all"])
def test_every_tagmedx_variable_is_a_real_setting(path: Path) -> None:
    text = path.read_text()
    used = set(re.findall(r"\bTAGMEDX_[A-Z0-9_]+", text))
    assert used, "the backend is configured through TAGMEDX_ variables"
    assert used <= SETTING_FIELDS, f"not settings: {sorted(used - SETTING_FIELDS)}"


def test_both_files_agree_on_what_they_share() -> None:
    compose, everything = load(COMPOSE), load(COMPOSE_ALL)
    assert everything["services"]["db"] == compose["services"]["db"]
    assert everything["services"]["phpmyadmin"] == compose["services"]["phpmyadmin"]
    assert everything["volumes"] == compose["volumes"]
    backend, backend_all = compose["services"]["backend"], everything["services"]["backend"]
    shared = {key: value for key, value in backend_all["environment"].items() if key.startswith("TAGMEDX_")}
    assert shared == backend["environment"]
    assert backend_all["build"] == backend["build"]


def test_compose_publishes_the_api_and_compose_all_only_the_spa() -> None:
    assert "8000:8000" in load(COMPOSE)["services"]["backend"]["ports"]
    everything = load(COMPOSE_ALL)["services"]
    assert "ports" not in everything["backend"], (
        "behind nginx the API trusts X-Forwarded-For: keep it private"
    )
    assert everything["backend"]["environment"]["FORWARDED_ALLOW_IPS"] == "*"
    frontend = everything["frontend"]
    assert (ROOT / frontend["build"] / "Dockerfile").is_file()
    assert any(str(port).split(":")[0] in {"3000", "80"} for port in frontend["ports"])
    assert frontend["depends_on"]["backend"]["condition"] == "service_healthy"


def test_the_backend_image_is_slim_unprivileged_and_migrates_before_serving() -> None:
    dockerfile = (ROOT / "backend" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert set(re.findall(r"\bTAGMEDX_[A-Z0-9_]+", dockerfile)) <= SETTING_FIELDS
    entrypoint = (ROOT / "backend" / "scripts" / "docker-entrypoint.sh").read_text()
    assert entrypoint.index("python -m tagmedx migrate") < entrypoint.index("exec python -m tagmedx serve")


def test_the_frontend_image_serves_the_spa_and_proxies_the_api() -> None:
    dockerfile = (ROOT / "frontend" / "Dockerfile").read_text()
    assert "npm run build" in dockerfile
    assert "proxy_pass http://backend:8000;" in dockerfile
    assert "location /api/" in dockerfile
    assert "try_files $uri /index.html;" in dockerfile
    published = load(COMPOSE_ALL)["services"]["frontend"]["ports"][0]
    assert f"listen {published.split(':')[-1]};" in dockerfile

"""The database URL an operator writes, and the driver TagMedX runs it through (decisions 0004, 0005)."""

from tagmedx.db import mysql_url
from tagmedx.sqlite_driver import DRIVER_NAME, one_trip_url


def test_sqlite_urls_go_through_the_one_trip_dialect() -> None:
    url = one_trip_url("sqlite+aiosqlite:////data/tagmedx.db")
    assert url.drivername == DRIVER_NAME
    assert url.database == "/data/tagmedx.db"


def test_mysql_urls_go_through_asyncmy_and_the_older_aiomysql_scheme_still_works() -> None:
    for scheme in ("mysql+asyncmy", "mysql+aiomysql"):
        url = mysql_url(f"{scheme}://tagmedx:secret@db:3306/tagmedx?charset=utf8mb4")
        assert url.drivername == "mysql+asyncmy"
        assert (url.username, url.password, url.host, url.port, url.database) == (
            "tagmedx",
            "secret",
            "db",
            3306,
            "tagmedx",
        )
        assert url.query == {"charset": "utf8mb4"}

"""The MySQL/MariaDB server the tests (and `make bench`) create their scratch databases on."""

import os

import sqlalchemy as sa

DEFAULT_URL = "mysql+asyncmy://root@127.0.0.1:3306"


def server_url() -> str:
    """The server's URL without a database: TAGMEDX_TEST_MYSQL_URL, or root on 127.0.0.1:3306."""
    return os.environ.get("TAGMEDX_TEST_MYSQL_URL", DEFAULT_URL).rstrip("/")


def admin(sql: str) -> str:
    """Run one statement with a plain synchronous connection; the first column of its first row."""
    import pymysql

    url = sa.engine.make_url(server_url())
    connection = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        connect_timeout=3,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
            return str(row[0]) if row else ""
    finally:
        connection.close()

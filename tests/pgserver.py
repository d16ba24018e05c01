"""The test suite on a PostgreSQL server (``LIANHU_TEST_PG``).

With ``LIANHU_TEST_PG=postgresql://user@host/postgres`` (a role that may
create databases), every test's database is a fresh database on that server:
a migrated template is made once per test run and copied for each test
(``CREATE DATABASE ... TEMPLATE``), then dropped. ``.ci/postgres.sh`` starts
a throwaway server for this.
"""

from __future__ import annotations

import itertools
import os
import urllib.parse

import pytest

ADMIN_URL = os.environ.get("LIANHU_TEST_PG", "")
ON_SERVER = bool(ADMIN_URL)

_counter = itertools.count(1)
_template: list[str] = []


def url_of(name: str) -> str:
    """The admin URL with its database replaced by ``name``."""
    parts = urllib.parse.urlsplit(ADMIN_URL)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _template_name() -> str:
    if not _template:
        from lianhu_desktop.store import db as store_db

        name = f"lianhu_template_{os.getpid()}"
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}"')
        store_db.open_database(url_of(name), create=True)
        store_db.close_database()
        _template.append(name)
    return _template[0]


def fresh_database(migrated: bool = True) -> str:
    """A new database on the server (migrated, or empty), by its URL."""
    name = f"lianhu_test_{os.getpid()}_{next(_counter)}"
    if migrated:
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{_template_name()}"')
    else:
        _admin(f'CREATE DATABASE "{name}"')
    return url_of(name)


def drop_database(url: str) -> None:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    for name in _template:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _template.clear()


# For a test about SQLite files themselves (damaged files, locks, file
# backups and restores, WAL): it runs in the SQLite run of the suite.
sqlite_only = pytest.mark.skipif(
    ON_SERVER, reason="about SQLite database files (a server database has no file, lock or file backup); "
    "runs in the SQLite run of the suite")


def edit_by_hand(target, statement: str) -> None:
    """Run ``statement`` on the database at ``target`` (file or URL) through a
    connection of its own, as someone editing the data behind the program's back."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(statement)
        return
    import sqlite3

    raw = sqlite3.connect(target)
    with raw:
        raw.execute(statement)
    raw.close()

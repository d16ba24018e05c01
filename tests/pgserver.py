"""The test suite on a PostgreSQL server (``LIANHU_TEST_PG``).

With ``LIANHU_TEST_PG=postgresql://user@host/postgres`` (a role that may
create databases), the tests' databases are on that server. The ``db``
fixture's is one database migrated once per test run and emptied before each
test (``TRUNCATE`` of every table, ids restarted: 0.16 s, where a copy of a
migrated template took 0.5-1 s, both timed with psql on the loaded CI
machine); a test that needs a database of its own (empty, or one it may
alter) takes ``fresh_database``. ``.ci/postgres.sh`` starts a throwaway
server for this.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
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


_shared: list[str] = []


def _background_queries_ended(timeout: float = 60.0) -> None:
    """Wait until the GUI's background jobs and typed search of the last test have ended.

    A job a window started (a township's counts, say) may still be reading
    when the test is over; ``TRUNCATE`` then waits for its locks while its
    query waits for the ``TRUNCATE``'s, and the server ends one of them as a
    deadlock. Only a run that loaded the GUI has such threads.
    """
    deadline = time.monotonic() + timeout
    workers = sys.modules.get("lianhu_desktop.gui.workers")
    if workers is not None:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(int(timeout * 1000))
    tables = sys.modules.get("lianhu_desktop.gui.tables")
    if tables is not None:
        while tables._reader._current is not None and time.monotonic() < deadline:
            time.sleep(0.01)


def emptied_database() -> str:
    """The run's shared migrated database, every table emptied (by its URL)."""
    import psycopg

    _background_queries_ended()
    if not _shared:
        _shared.append(fresh_database())
    url = _shared[0]
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_history'")]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY")
    return url


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
    for url in _shared:
        drop_database(url)
    _shared.clear()
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


def copy_database(url: str) -> str:
    """A new database on the server holding what the database at ``url`` holds (nobody may be connected to it)."""
    name = f"lianhu_test_{os.getpid()}_{next(_counter)}"
    source = urllib.parse.urlsplit(url).path.lstrip("/")
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return url_of(name)


# Databases the CLI tests make for themselves: a file in the test's folder, or
# with LIANHU_TEST_PG a database on the server (all dropped when the run ends).
_made: list[str] = []


def new_database(folder, name: str):
    """Where a test makes its own database: ``folder / name``, or an empty server database."""
    if not ON_SERVER:
        return folder / name
    url = fresh_database(migrated=False)
    _made.append(url)
    return url


def copy_of(source, folder, name: str):
    """A copy of the database at ``source`` (a file copied into ``folder``, or a server database)."""
    if not ON_SERVER:
        import shutil

        path = folder / name
        shutil.copy(source, path)
        return path
    from lianhu_desktop.store import db as store_db

    store_db.close_database()
    url = copy_database(source)
    _made.append(url)
    return url


def drop_made() -> None:
    for url in _made:
        drop_database(url)
    _made.clear()

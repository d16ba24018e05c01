"""The demo village for the end-to-end tests: built once per module, copied for each test.

With ``LIANHU_TEST_PG`` both are databases on the server (the copy made with
``CREATE DATABASE ... TEMPLATE``), given to the CLI by URL.
"""

import shutil

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.store import db as store_db
from tests import pgserver


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    if pgserver.ON_SERVER:
        url = pgserver.fresh_database(migrated=False)
        assert main(["--db", url, "demo", "--seed", "3"]) == 0
        yield url
        store_db.close_database()
        pgserver.drop_database(url)
        return
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo", "--seed", "3"]) == 0
    yield path


@pytest.fixture
def db_copy(demo_db, tmp_path):
    if pgserver.ON_SERVER:
        store_db.close_database()
        url = pgserver.copy_database(demo_db)
        yield url
        store_db.close_database()
        pgserver.drop_database(url)
        return
    path = tmp_path / "copy.db"
    shutil.copy(demo_db, path)
    wal = demo_db.with_name(demo_db.name + "-wal")
    if wal.exists():  # a connection may still hold the WAL open: copy it along
        shutil.copy(wal, path.with_name(path.name + "-wal"))
    yield path

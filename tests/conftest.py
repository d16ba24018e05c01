"""Shared fixtures: every test gets a fresh temporary database."""

import os
import tempfile

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests (and the programs they start) keep their settings, data folder, logs
# and backups in a private folder: never the user's, never shared between runs.
_home = tempfile.mkdtemp(prefix="lianhu-tests-")
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_home, _name.lower())

import pytest  # noqa: E402 - after the environment above

from lianhu_desktop.store import db as store_db  # noqa: E402
from tests import pgserver  # noqa: E402


def pytest_sessionfinish(session):
    if pgserver.ON_SERVER:
        pgserver.drop_made()
        pgserver.drop_template()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.db"


@pytest.fixture
def db_target(db_path):
    """Where a test's database is: the file ``db_path``, or with ``LIANHU_TEST_PG``
    the URL of an emptied, migrated database on the server."""
    if not pgserver.ON_SERVER:
        yield db_path
        return
    url = pgserver.emptied_database()
    yield url
    store_db.close_database()


@pytest.fixture
def db(db_target):
    """A fresh, migrated database bound to the models."""
    database = store_db.open_database(db_target, create=True)
    yield database
    store_db.close_database()


@pytest.fixture
def village(db):
    from lianhu_desktop.domain.villages import create_village

    return create_village("李家庄村", township="城关镇", grids=5)

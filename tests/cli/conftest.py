"""The demo village for the end-to-end tests: built once per module, copied for each test."""

import shutil

import pytest

from lianhu_desktop.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo", "--seed", "3"]) == 0
    return path


@pytest.fixture
def db_copy(demo_db, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(demo_db, path)
    wal = demo_db.with_name(demo_db.name + "-wal")
    if wal.exists():  # a connection may still hold the WAL open: copy it along
        shutil.copy(wal, path.with_name(path.name + "-wal"))
    return path

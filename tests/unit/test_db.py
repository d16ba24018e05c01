import datetime
import sqlite3

import pytest
from peewee import IntegrityError, OperationalError

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.restore import restore_database
from lianhu_desktop.store.models import Grid, Household, Link, Member, Village
from tests.pgserver import sqlite_only


@sqlite_only
def test_pragmas_are_on(db):
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_missing_named_file_is_not_created(tmp_path):
    path = tmp_path / "nope.db"
    with pytest.raises(DatabaseProblem, match="不存在"):
        store_db.open_database(path)
    assert not path.exists()


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseProblem, match="不是联户通数据库"):
        store_db.open_database(path)


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(DatabaseProblem, match="损坏"):
        store_db.open_database(path)


def test_every_row_gets_uuid_and_timestamps(village):
    assert len(village.uuid) == 32
    assert village.created_at is not None and village.updated_at is not None


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        Grid.create(village=9999, name="一组")


def _household(village, head="张三"):
    return Household.create(village=village, head_name=head)


def _member(village, name="李四", **extra):
    return Member.create(village=village, name=name, **extra)


def test_one_active_link_per_household_but_history_kept(village):
    household, first, second = _household(village), _member(village, "甲"), _member(village, "乙")
    today = datetime.date(2026, 1, 1)
    Link.create(member=first, household=household, start_date=today)
    with pytest.raises(IntegrityError):
        Link.create(member=second, household=household, start_date=today)
    Link.update(end_date=today).execute()
    Link.create(member=second, household=household, start_date=today)
    assert Link.select().where(Link.household == household).count() == 2


def test_an_id_number_belongs_to_one_active_member(village):
    _member(village, "甲", id_number="11010519491231002X")
    with pytest.raises(IntegrityError):
        _member(village, "乙", id_number="11010519491231002X")
    Member.update(archived=True).execute()
    _member(village, "乙", id_number="11010519491231002X")


@sqlite_only
def test_backup_restore_round_trip(village, db_path, tmp_path):
    backup = store_db.backup_to(tmp_path / "b" / "backup.db")
    Village.create(name="后加的村")
    assert Village.select().count() == 2
    restore_database(backup, db_path)
    store_db.open_database(db_path)
    assert [v.name for v in Village.select()] == ["李家庄村"]


@sqlite_only
def test_restore_refuses_a_bad_backup_and_changes_nothing(village, db_path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"x" * 4096)
    with pytest.raises(DatabaseProblem):
        restore_database(bad, db_path)
    store_db.open_database(db_path)
    assert Village.select().count() == 1


@sqlite_only
def test_integrity_check_passes_and_counts(village):
    assert store_db.integrity_check() == []
    counts = store_db.table_counts()
    assert counts["village"] == 1 and counts["grid"] == 5


@sqlite_only
def test_locked_database_is_reported_in_chinese(village, db_path):
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        Village._meta.database.execute_sql("PRAGMA busy_timeout = 50")
        with pytest.raises(OperationalError) as caught:
            Village.create(name="x")
        assert "锁定" in str(store_db.problem_from(caught.value))
    finally:
        other.rollback()
        other.close()

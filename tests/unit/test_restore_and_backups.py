"""Restore checks its candidate before touching the live database; backups rota."""

import datetime
import hashlib
import shutil
import sqlite3

import pytest
from peewee import SqliteDatabase

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import backups, migrations
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Village
from lianhu_desktop.store.restore import restore_database
from tests.pgserver import sqlite_only

pytestmark = sqlite_only


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(village, db_path):
    """The open test database (one village) and a good backup of it."""
    backup = store_db.backup_to(db_path.parent / "good.db")
    Village.create(name="后加的村")
    return db_path, backup


def _edited(backup, tmp_path, *statements, name="bad.db"):
    path = tmp_path / name
    shutil.copy(backup, path)
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path


def _assert_live_untouched(db_path, before):
    store_db.close_database()
    assert digest(db_path) == before
    store_db.open_database(db_path)
    assert Village.select().count() == 2


@pytest.mark.parametrize("statements, message", [
    ((f"PRAGMA user_version = {migrations.LATEST + 95}",), "更新版本"),
    (('DROP TABLE "print_log"',), "缺少数据表 print_log"),
    (('ALTER TABLE "household" DROP COLUMN "updated_at"',), "数据表 household 缺少列 updated_at"),
    (("PRAGMA foreign_keys = OFF", 'INSERT INTO "grid" ("uuid", "created_at", "updated_at", "village_id", '
      "\"name\", \"sort_order\", \"notes\") VALUES ('x', '2026-01-01', '2026-01-01', 999, '孤组', 0, '')"),
     "记录不存在"),
    (("PRAGMA application_id = 7",), "不是联户通的备份文件"),
], ids=["newer schema", "missing table", "missing column", "broken reference", "foreign"])
def test_a_bad_candidate_changes_nothing(live, tmp_path, statements, message):
    db_path, backup = live
    bad = _edited(backup, tmp_path, *statements)
    store_db.close_database()
    before = digest(db_path)
    with pytest.raises(DatabaseProblem, match=message):
        restore_database(bad, db_path)
    _assert_live_untouched(db_path, before)
    assert not list(tmp_path.rglob("*.part"))


def test_an_older_candidate_is_upgraded_and_the_replaced_one_kept(live, tmp_path):
    db_path, _ = live
    old = tmp_path / "old.db"
    raw = SqliteDatabase(str(old))
    raw.connect()
    raw.execute_sql("PRAGMA application_id = 1279808590")
    migrations.upgrade(raw, target=2)
    raw.execute_sql("INSERT INTO village (uuid, created_at, updated_at, name, branch_name, township, secretary, "
                    "supervision_phone, link_min, link_max, sort_order, notes) VALUES "
                    "('u', '2020-01-01', '2020-01-01', '旧村', '', '', '', '', 5, 15, 0, '')")
    raw.close()
    old_bytes = digest(old)
    result = restore_database(old, db_path)
    assert (result.from_version, result.to_version) == (2, migrations.LATEST)
    assert digest(old) == old_bytes  # the candidate itself is never modified
    assert result.safety.parent == db_path.parent / "backups"
    store_db.open_database(db_path)
    assert [v.name for v in Village.select()] == ["旧村"]
    store_db.close_database()
    kept = SqliteDatabase(str(result.safety))
    assert {r[0] for r in kept.execute_sql("SELECT name FROM village")} == {"李家庄村", "后加的村"}
    kept.close()


def test_restore_over_a_damaged_database_keeps_the_damaged_bytes(live, tmp_path):
    db_path, backup = live
    store_db.close_database()
    with db_path.open("r+b") as handle:
        handle.write(b"junk" * 30)
    damaged = digest(db_path)
    result = restore_database(backup, db_path)
    assert result.safety.suffix == ".damaged" and digest(result.safety) == damaged
    store_db.open_database(db_path, check=True)
    assert Village.select().count() == 1


def test_restore_is_refused_while_another_program_has_it_open(live, tmp_path):
    db_path, backup = live
    store_db.close_database()
    other = sqlite3.connect(db_path)
    other.execute("PRAGMA journal_mode = wal")
    other.execute("SELECT COUNT(*) FROM village").fetchone()
    other.execute("BEGIN")
    other.execute("SELECT COUNT(*) FROM village").fetchone()
    try:
        before = digest(db_path)
        with pytest.raises(DatabaseProblem, match="另一个程序打开"):
            restore_database(backup, db_path)
        assert digest(db_path) == before
    finally:
        other.close()


def test_prune_keeps_30_daily_and_12_monthly(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime.datetime(2024, 1, 1, 9, 0, 0)
    for day in range(500):
        for hour in (0, 5):  # two a day: only the newest of each day can stay
            when = start + datetime.timedelta(days=day, hours=hour)
            (folder / backups.stamped_name(backups.AUTO_PREFIX, when)).write_bytes(b"x")
    (folder / "联户通备份_20240101_090000.db").write_bytes(b"manual")
    backups.prune(folder)
    left = backups.list_backups(folder, backups.AUTO_PREFIX)
    stamps = [backups._stamp_of(p) for p in left]
    days = {s.date() for s in stamps}
    months = {(s.year, s.month) for s in stamps}
    newest = start + datetime.timedelta(days=499, hours=5)
    assert len(days) == len(stamps)  # one per day at most
    assert max(stamps) == newest
    assert all(newest.date() - datetime.timedelta(days=29) <= d for d in sorted(days)[-30:])
    # The last 30 days run from 15 April to 14 May 2025: the newest of April and of May are
    # among them, so 30 daily + 10 more monthly.
    assert len(months) == 12 and len(stamps) == 30 + 12 - 2
    assert (folder / "联户通备份_20240101_090000.db").exists()


def test_automatic_backup_of_the_file_reads_it_through_a_connection_of_its_own(village, db_path, tmp_path):
    """``file=``: the worker's backup while the program writes through its own connection. A
    write under way does not hold it up, and is not in it: the copy is the file as last committed."""
    usb = tmp_path / "usb"
    with store_db.write_transaction():
        Village.create(name="还没有保存的村")
        written = store_db.auto_backup([usb], file=db_path)
    assert [p.parent for p in written] == [db_path.parent / "backups", usb]
    for path in written:
        copy = sqlite3.connect(path)
        try:
            assert [name for (name,) in copy.execute("SELECT name FROM village")] == ["李家庄村"]
        finally:
            copy.close()
    assert store_db.auto_backup([usb], file=db_path) == []  # less than a day old, as without file=
    gone = tmp_path / "gone.db"
    with pytest.raises(DatabaseProblem):
        store_db.auto_backup(file=gone, force=True)
    assert not gone.exists()  # never made by the backup's connection


def test_automatic_backup_only_when_due_and_to_the_second_folder(village, db_path, tmp_path):
    usb = tmp_path / "usb"
    first = store_db.auto_backup([usb])
    assert [p.parent for p in first] == [db_path.parent / "backups", usb]
    assert store_db.auto_backup([usb]) == []  # less than a day old
    later = datetime.datetime.now() + datetime.timedelta(days=1, minutes=1)
    assert len(store_db.auto_backup([usb], now=later)) == 2
    status = backups.status(db_path, now=later)
    assert status.count == 2 and status.age_days == 0
    assert backups.newest_good(usb) is not None

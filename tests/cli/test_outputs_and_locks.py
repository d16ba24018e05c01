"""Outputs never overwrite the database or their input; backups land safely; one writer."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.store import db as store_db
from tests import pgserver
from tests.pgserver import sqlite_only


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = pgserver.new_database(tmp_path_factory.mktemp("demo"), "a.db")
    assert main(["--db", str(path), "demo", "--seed", "5"]) == 0
    return path


@pytest.fixture
def db(demo_db, tmp_path):
    return pgserver.copy_of(demo_db, tmp_path, "a.db")


@pytest.mark.parametrize("command", [
    ["export", "households", "{db}"],
    ["export", "audit", "{db}"],
    ["print", "card", "{db}"],
    ["template", "roster", "{db}"],
    ["backup", "{db}"],
])
@sqlite_only
def test_no_command_writes_over_the_open_database(db, command, capsys):
    before = digest(db)
    assert main(["--db", str(db), *[part.format(db=db) for part in command]]) == 1
    assert "正在使用的数据库" in capsys.readouterr().err
    assert digest(db) == before


def test_import_errors_file_may_not_be_the_input(db, tmp_path, capsys):
    sheet = tmp_path / "h.xlsx"
    assert main(["--db", str(db), "export", "households", str(sheet)]) == 0
    before = digest(sheet)
    assert main(["--db", str(db), "import", "households", str(sheet), "--errors", str(sheet)]) == 1
    assert "要读取的文件本身" in capsys.readouterr().err
    assert digest(sheet) == before


@sqlite_only
def test_backup_into_a_folder_or_an_unwritable_place(db, tmp_path, capsys):
    folder = tmp_path / "dir"
    folder.mkdir()
    assert main(["--db", str(db), "backup", str(folder)]) == 1
    assert "文件夹" in capsys.readouterr().err
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.part"))
    assert main(["--db", str(db), "backup", "/proc/x.db"]) == 1
    err = capsys.readouterr().err
    assert "无法" in err and "Traceback" not in err
    assert main(["--db", str(db), "restore", str(folder), "--yes"]) == 1
    assert "文件夹" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.part"))


@sqlite_only
def test_a_backup_is_written_aside_and_renamed(db, tmp_path, monkeypatch):
    from lianhu_desktop.store import backups

    seen = []
    real_replace = os.replace

    def watch(src, dst):
        seen.append((str(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(backups.os, "replace", watch)
    out = tmp_path / "b.db"
    assert main(["--db", str(db), "backup", str(out)]) == 0
    assert seen and seen[-1][1] == str(out) and seen[-1][0].endswith(".part")
    assert out.exists() and not list(tmp_path.glob("*.part"))


HOLDER = textwrap.dedent("""
    import sys, time
    from lianhu_desktop.store import db
    db.open_database(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def _hold(db):
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    return process


@sqlite_only
def test_a_second_writer_is_told_who_holds_the_database(db, tmp_path, capsys):
    holder = _hold(db)
    try:
        sheet = tmp_path / "h.xlsx"
        assert main(["--db", str(db), "export", "households", str(sheet)]) == 0  # readers go on
        assert main(["--db", str(db), "stats"]) == 0
        capsys.readouterr()
        assert main(["--db", str(db), "import", "households", str(sheet)]) == 3
        err = capsys.readouterr().err
        assert f"进程 {holder.pid}" in err and "电脑" in err and "只读" in err
    finally:
        holder.kill()
        holder.wait()


@sqlite_only
def test_a_stale_lock_of_a_killed_process_is_recovered(db):
    holder = _hold(db)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (db.parent / "a.db.owner").exists()  # left behind by the killed writer
    store_db.open_database(db)
    try:
        assert store_db.state.unclean is not None and store_db.state.unclean.pid == holder.pid
        assert store_db.integrity_check() == []
    finally:
        store_db.close_database()
    assert not (db.parent / "a.db.owner").exists()


@sqlite_only
def test_database_is_locked_is_exit_3_in_chinese(db, monkeypatch, capsys):
    monkeypatch.setitem(store_db.PRAGMAS, "busy_timeout", 50)
    other = sqlite3.connect(db, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["--db", str(db), "demo", "--force"]) == 3
        assert "已锁定" in capsys.readouterr().err
    finally:
        other.rollback()
        other.close()


@sqlite_only
def test_raw_sqlite_errors_never_escape(db, monkeypatch, capsys):
    import lianhu_desktop.domain.stats as stats

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(stats, "township_report", locked)
    assert main(["--db", str(db), "stats"]) == 3
    err = capsys.readouterr().err
    assert "已锁定" in err and "Traceback" not in err

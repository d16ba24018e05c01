"""Damaged, foreign, empty and future files: every command's exit code and message.

Each file is compared byte for byte afterwards: a refused file stays exactly
as it was, and no output or backup appears.
"""

import hashlib
import os
import shutil
import sqlite3

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.store import migrations
from tests.pgserver import sqlite_only

pytestmark = sqlite_only


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.db"
    assert main(["--db", str(path), "demo", "--seed", "3"]) == 0
    return path


def _overwrite_middle(path):
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 - (size // 2) % 4096)
        handle.write(os.urandom(4096 * 8))


def _truncate(path):
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _header_junk(path):
    with path.open("r+b") as handle:
        handle.write(b"\x00junk" * 20)


def _future(path):
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {migrations.LATEST + 90}")
    connection.commit()
    connection.close()


def _foreign(path):
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE accounts (id INTEGER, name TEXT)")
    connection.execute("INSERT INTO accounts VALUES (1, 'x')")
    connection.commit()
    connection.close()


def _blank_sqlite(path):
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("DROP TABLE t")
    connection.commit()
    connection.close()


def _empty(path):
    path.write_bytes(b"")


DAMAGES = {
    "pages overwritten": (_overwrite_middle, "已损坏"),
    "truncated": (_truncate, "损坏"),
    "header junk": (_header_junk, "不是联户通数据库，或文件头已损坏"),
    "future version": (_future, "更新版本"),
    "foreign sqlite": (_foreign, "不是联户通数据库"),
    "empty sqlite": (_blank_sqlite, "空的 SQLite 文件"),
    "zero bytes": (_empty, "空文件（0 字节）"),
}

COMMANDS = {
    "stats": lambda tmp: ["stats"],
    "check": lambda tmp: ["check"],
    "check --json": lambda tmp: ["check", "--json"],
    "export": lambda tmp: ["export", "households", str(tmp / "out.xlsx")],
    "export audit": lambda tmp: ["export", "audit", str(tmp / "out.xlsx")],
    "print": lambda tmp: ["print", "doorplate", str(tmp / "out.pdf")],
    "backup": lambda tmp: ["backup", str(tmp / "out.db")],
    "import": lambda tmp: ["import", "households", str(tmp / "in.xlsx"), "--dry-run"],
}


@pytest.fixture
def damaged(good_db, tmp_path, request):
    path = tmp_path / "work" / "lianhu.db"
    path.parent.mkdir()
    shutil.copy(good_db, path)
    request.param[0](path)
    return path, request.param[1]


@pytest.mark.parametrize("damaged", list(DAMAGES.values()), ids=list(DAMAGES), indirect=True)
@pytest.mark.parametrize("command", list(COMMANDS), ids=list(COMMANDS))
def test_each_command_refuses_a_bad_file_untouched(damaged, command, tmp_path, capsys):
    path, message = damaged
    before = digest(path)
    (tmp_path / "in.xlsx").write_bytes(b"not read")
    code = main(["--db", str(path), *COMMANDS[command](tmp_path)])
    captured = capsys.readouterr()
    assert code == 3, (command, captured)
    assert message in captured.err + captured.out
    assert "Traceback" not in captured.err
    assert digest(path) == before
    for name in ("out.xlsx", "out.pdf", "out.db"):
        assert not (tmp_path / name).exists()
    assert not list(tmp_path.rglob("*.part"))
    assert not (path.parent / "backups").exists()


def test_damage_message_names_the_newest_good_backup(good_db, tmp_path, capsys):
    path = tmp_path / "lianhu.db"
    shutil.copy(good_db, path)
    assert main(["--db", str(path), "backup"]) == 0
    newest = next((tmp_path / "backups").glob("*.db"))
    _overwrite_middle(path)
    capsys.readouterr()
    for command in (["stats"], ["backup"], ["export", "households", str(tmp_path / "x.xlsx")]):
        assert main(["--db", str(path), *command]) == 3
        err = capsys.readouterr().err
        assert "已损坏" in err and str(newest) in err and "restore" in err
    # The damaged file was not copied in as a good backup.
    assert list((tmp_path / "backups").glob("*.db")) == [newest]


def test_check_reports_backups_and_damage_as_json(good_db, tmp_path, capsys):
    import json

    path = tmp_path / "lianhu.db"
    shutil.copy(good_db, path)
    assert main(["--db", str(path), "backup"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "check", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["backups"]["count"] == 1
    assert result["backups"]["age_days"] < 1 and result["backups"]["newest"].endswith(".db")
    _overwrite_middle(path)
    assert main(["--db", str(path), "check", "--json"]) == 3
    result = json.loads(capsys.readouterr().out)
    assert not result["ok"] and "已损坏" in result["problems"][0] and result["backups"]["count"] == 1


def test_demo_initialises_an_empty_file(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    assert main(["--db", str(path), "demo"]) == 0
    assert main(["--db", str(path), "stats"]) == 0


def test_check_on_a_database_without_villages(tmp_path, capsys):
    # What a killed first demo leaves: migrated, nothing in it (was KeyError: 'under_range').
    from lianhu_desktop.store import db as store_db

    path = tmp_path / "new.db"
    store_db.open_database(path, create=True)
    store_db.close_database()
    assert main(["--db", str(path), "check", "--json"]) == 0
    assert '"under_range": 0' in capsys.readouterr().out


def test_an_older_schema_is_backed_up_before_migration(tmp_path):
    from peewee import SqliteDatabase

    path = tmp_path / "old.db"
    raw = SqliteDatabase(str(path))
    raw.connect()
    raw.execute_sql("PRAGMA application_id = 1279808590")
    migrations.upgrade(raw, target=3)
    raw.close()
    before = digest(path)
    assert main(["--db", str(path), "stats"]) == 0
    kept = list((tmp_path / "backups").glob("升级前自动备份_第3版_*.db"))
    assert len(kept) == 1
    connection = sqlite3.connect(kept[0])
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
    connection.close()
    assert digest(path) != before

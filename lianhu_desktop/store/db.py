"""Opening, upgrading, checking and backing up the SQLite database.

One database file holds one village or a whole township. The connection is
opened with the pragmas every connection needs (peewee applies ``pragmas=``
to each new connection, including those of worker threads).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from peewee import DatabaseError, OperationalError, SqliteDatabase

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import migrations
from lianhu_desktop.store.models import ALL_MODELS, database

# "LHTN": marks a file as ours, so a foreign SQLite file is not taken for one.
APPLICATION_ID = 0x4C48544E

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a committed transaction survives a power cut, which a clerk's PC sees.
    "synchronous": 2,
    "busy_timeout": 5000,
    "cache_size": -32000,
    "temp_store": 2,
}


def problem_from(error: Exception, path: Path | None = None) -> DatabaseProblem:
    """Turn an SQLite error into a DatabaseProblem with a Chinese message."""
    path = path if path is not None else database_path()
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem(f"数据库正被另一个程序使用（已锁定），请关闭其他联户通窗口后重试：{path}")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseProblem(f"数据库文件已损坏或不是联户通数据库：{path}")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseProblem(f"无法打开或写入数据库文件，请检查文件权限：{path}")
    return DatabaseProblem(f"数据库出错：{error}（{path}）")


def open_database(path: str | Path, *, create: bool = False) -> SqliteDatabase:
    """Open (and if needed upgrade) the database at ``path`` and bind the models.

    A missing file is created only when ``create`` is true: a file the user
    named that is not there is a mistake to report, not to paper over.
    Raises ``DatabaseProblem`` for a missing, locked, corrupt, foreign or
    too-new file.
    """
    path = Path(path).expanduser()
    if not path.exists():
        if not create:
            raise DatabaseProblem(f"数据库文件不存在：{path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseProblem(f"无法创建数据库所在的文件夹：{path.parent}（{error.strerror}）") from error
    elif path.is_dir():
        raise DatabaseProblem(f"所指的是文件夹，不是数据库文件：{path}")

    close_database()
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        db.connect()
        app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        version = migrations.current_version(db)
        if version == 0:
            tables = db.get_tables()
            if tables and app_id != APPLICATION_ID:
                raise DatabaseProblem(f"这不是联户通数据库（其中已有别的数据表）：{path}")
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        elif app_id != APPLICATION_ID:
            raise DatabaseProblem(f"这不是联户通数据库：{path}")
        if version > migrations.LATEST:
            raise DatabaseProblem(
                f"该数据库由更新版本的联户通创建（数据结构第 {version} 版），请先升级程序再打开：{path}"
            )
        migrations.upgrade(db)
    except DatabaseProblem:
        db.close()
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as error:
        db.close()
        raise problem_from(error, path) from error
    database.initialize(db)
    return db


def close_database() -> None:
    """Close the bound database, if any (safe to call twice)."""
    current = database.obj
    if current is not None and not current.is_closed():
        with contextlib.suppress(Exception):
            current.execute_sql("PRAGMA optimize")
        current.close()


def database_path() -> Path | None:
    """The file the models are bound to now, or None."""
    current = database.obj
    return Path(current.database) if current is not None else None


def integrity_check() -> list[str]:
    """SQLite's integrity and foreign-key checks; an empty list means healthy."""
    problems = []
    rows = database.execute_sql("PRAGMA integrity_check").fetchall()
    problems += [row[0] for row in rows if row[0] != "ok"]
    for table, rowid, parent, _ in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    return problems


def table_counts() -> dict[str, int]:
    """Row count of every table, keyed by table name."""
    return {
        model._meta.table_name: database.execute_sql(
            f'SELECT COUNT(*) FROM "{model._meta.table_name}"'
        ).fetchone()[0]
        for model in ALL_MODELS
    }


def is_empty() -> bool:
    """True when the database holds no village (and so nothing a user made)."""
    return database.execute_sql('SELECT NOT EXISTS (SELECT 1 FROM "village")').fetchone()[0] == 1


def backup_to(dest: str | Path) -> Path:
    """Copy the open database to ``dest`` with SQLite's online backup.

    Safe while the program is running: readers and writers may continue.
    """
    dest = Path(dest).expanduser()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    source = database.connection()
    target = sqlite3.connect(str(tmp))
    try:
        source.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    return dest


def restore_from(source: str | Path, dest: str | Path) -> None:
    """Replace the database file ``dest`` with the backup ``source``.

    The backup is opened and checked first; a bad backup changes nothing.
    """
    source, dest = Path(source).expanduser(), Path(dest).expanduser()
    if not source.exists():
        raise DatabaseProblem(f"备份文件不存在：{source}")
    check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        app_id = check.execute("PRAGMA application_id").fetchone()[0]
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise problem_from(error, source) from error
    finally:
        check.close()
    if app_id != APPLICATION_ID:
        raise DatabaseProblem(f"这不是联户通的备份文件：{source}")
    if result != "ok":
        raise DatabaseProblem(f"备份文件已损坏，未恢复：{source}")
    close_database()
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(dest))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def write_transaction():
    """A transaction that takes the write lock at its start (SQLite's ``BEGIN
    IMMEDIATE``; a savepoint inside an open transaction), so that what it
    reads stays true until it commits: a check made inside it cannot be
    overtaken by another writer."""
    if isinstance(database.obj, SqliteDatabase):
        return database.atomic(lock_type="IMMEDIATE")
    return database.atomic()

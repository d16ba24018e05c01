"""Opening, upgrading, checking and backing up the SQLite database.

One database file holds one village or a whole township. The connection is
opened with the pragmas every connection needs (peewee applies ``pragmas=``
to each new connection, including those of worker threads).

Before anything is written to a file it is inspected read-only
(``fileinfo.inspect``): a foreign, damaged, empty or too-new file is refused
untouched. A writer takes the database's writer lock (``store.lock``); a
reader opens with ``query_only`` so it cannot change the file. An older
schema is backed up before it is migrated.

A ``postgresql://`` URL opens the township's database on a PostgreSQL server
instead (``store.backend``): no file checks, no writer lock (several clerks
write at once), no file backups (the server's administrator keeps those,
with pg_dump); a refused connection is told in Chinese, the password never.
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from pathlib import Path

from peewee import DatabaseError, OperationalError, SqliteDatabase

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import backend, backups, fileinfo, migrations
from lianhu_desktop.store.fileinfo import APPLICATION_ID, Kind
from lianhu_desktop.store.lock import Holder, LockHeld, WriterLock
from lianhu_desktop.store.models import ALL_MODELS, database

__all__ = ["APPLICATION_ID", "PRAGMAS", "open_database", "close_database", "problem_from"]

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a committed transaction survives a power cut, which a clerk's PC sees.
    "synchronous": 2,
    "busy_timeout": 5000,
    # 8 MB of pages per connection (SQLite's default is 2 MB). The window holds several (its own,
    # the search reader's, the workers'), and the file's pages stay in the system's cache anyway:
    # with every tab and view of the township demo open, the peak was 330 MB at 32 MB, 257 MB at
    # 8 MB, and no view nor township figure was slower beyond the noise (two and three runs).
    "cache_size": -8000,
    "temp_store": 2,
}


class DatabaseLocked(DatabaseProblem):
    """Another program holds the database's writer lock."""

    def __init__(self, path: Path, holder: Holder | None):
        who = holder.describe() if holder else "另一个联户通程序"
        super().__init__(f"数据库正由{who}修改，同一时间只能有一个程序修改它。"
                         f"请关闭那个窗口后重试，或以只读方式打开：{path}")
        self.path = path
        self.holder = holder


class DatabaseDamaged(DatabaseProblem):
    """The file is damaged; the message names the newest good backup."""

    def __init__(self, path: Path, detail: str = ""):
        what = f"（{detail}）" if detail else ""
        super().__init__(f"数据库文件已损坏{what}：{path}。" + backups.describe_newest_good(path))
        self.path = path
        self.newest_good = backups.newest_good(backups.backup_dir_for(path))


class DatabaseUninitialised(DatabaseProblem):
    """An empty file (0 bytes, or an SQLite file without tables) that only a create may fill."""

    def __init__(self, path: Path, empty: bool):
        what = "是空文件（0 字节）" if empty else "是一个空的 SQLite 文件"
        super().__init__(f"数据库文件{what}，还不是联户通数据库，未作改动：{path}。"
                         f"如要在此新建数据库，请用“lianhu --db {path} demo”或在图形界面中确认新建")
        self.path = path


class _State:
    lock: WriterLock | None = None
    read_only = False
    # The record a crashed earlier session left (set when the lock was taken).
    unclean: Holder | None = None


state = _State()


SERVER_BACKUP = ("这是服务器上的数据库，备份、恢复和检查由服务器管理员在服务器上进行"
                 "（例如用 pg_dump 备份、pg_restore 恢复），本程序不做文件备份")


class ServerNotSupported(DatabaseProblem):
    """A file operation (backup, restore, check) asked of a server database."""

    def __init__(self, what: str = ""):
        super().__init__((f"{what}：" if what else "") + SERVER_BACKUP + "。")


def _server_problem(error: Exception, url: str) -> DatabaseProblem:
    """A PostgreSQL connection or query error as a Chinese message (no password in it)."""
    where = backend.describe(url)
    text = str(error)
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low \
            or "authentication failed" in low or "role" in low and "does not exist" in low:
        return DatabaseProblem(f"无法登录{where}：用户名或密码不对。"
                               "密码请放在 PGPASSWORD 环境变量或 .pgpass 文件里，不要写在地址中")
    if "database" in low and "does not exist" in low:
        return DatabaseProblem(f"{where}不存在，请服务器管理员先建立这个数据库（createdb）")
    if "lock timeout" in low:
        return DatabaseProblem(f"另一位工作人员正在{where}上保存数据（例如导入或合并），请稍等片刻再试")
    if ("connection refused" in low or "could not connect" in low or "no such file" in low
            or "timeout" in low or "could not translate host name" in low or "connection failed" in low):
        return DatabaseProblem(f"连接不上{where}：请检查服务器是否开着、网络是否通、地址和端口是否正确")
    if "read-only transaction" in low:
        return DatabaseProblem(f"数据库是以只读方式打开的，不能保存修改：{where}")
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return DatabaseProblem(f"数据库出错：{first}（{where}）")


def problem_from(error: Exception, path: Path | None = None) -> DatabaseProblem:
    """Turn an SQLite (or PostgreSQL) error into a DatabaseProblem with a Chinese message."""
    if isinstance(error, DatabaseProblem):
        return error
    url = database_url()
    if path is None and url is not None:
        return _server_problem(error, url)
    path = path if path is not None else database_path()
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem(f"数据库正被另一个程序使用（已锁定），请关闭其他联户通窗口后重试：{path}")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseDamaged(path, "") if path is not None else DatabaseProblem("数据库文件已损坏")
    if ("readonly" in text or "read-only" in text) and state.read_only:
        return DatabaseProblem(f"数据库是以只读方式打开的（另一个程序正在修改它），不能保存修改：{path}")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseProblem(f"无法打开或写入数据库文件，请检查文件权限：{path}")
    return DatabaseProblem(f"数据库出错：{error}（{path}）")


def _refuse(path: Path, info: fileinfo.FileInfo, create: bool) -> bool:
    """Raise for a file that must not be opened; True when it must be initialised."""
    if info.kind is Kind.MISSING:
        if not create:
            raise DatabaseProblem(f"数据库文件不存在：{path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseProblem(f"无法创建数据库所在的文件夹：{path.parent}（{error.strerror}）") from error
        return True
    if info.kind is Kind.DIRECTORY:
        raise DatabaseProblem(f"所指的是文件夹，不是数据库文件：{path}")
    if info.kind in (Kind.EMPTY, Kind.BLANK):
        if not create:
            raise DatabaseUninitialised(path, info.kind is Kind.EMPTY)
        return True
    if info.kind is Kind.NOT_SQLITE:
        raise DatabaseProblem(f"这不是联户通数据库，或文件头已损坏，未作改动：{path}。"
                              + backups.describe_newest_good(path))
    if info.kind is Kind.DAMAGED:
        raise DatabaseDamaged(path, info.detail)
    if info.kind is Kind.FOREIGN:
        extra = "（其中已有别的数据表）" if info.tables else ""
        raise DatabaseProblem(f"这不是联户通数据库{extra}，未作改动：{path}")
    if info.version > migrations.LATEST:
        raise DatabaseProblem(
            f"该数据库由更新版本的联户通创建（数据结构第 {info.version} 版），请先升级程序再打开：{path}")
    if info.version == 0:
        if not create:
            raise DatabaseUninitialised(path, False)
        return True
    return False


def _backup_before_migration(path: Path, version: int) -> Path:
    name = f"升级前自动备份_第{version}版_{datetime.datetime.now():{backups.STAMP}}.db"
    return backups.copy_file(path, backups.backup_dir_for(path) / name)


def open_database(path: str | Path, *, create: bool = False, write: bool = True,
                  check: bool = False) -> SqliteDatabase:
    """Open (and if needed upgrade) the database at ``path`` and bind the models.

    ``create``: a missing, 0-byte or blank SQLite file may be initialised
    (only ``demo``, the default location and an explicit create pass it).
    ``write``: take the writer lock; otherwise the connection is read-only
    (``query_only``) and the lock is taken only for a migration.
    ``check``: run SQLite's quick check first, so a damaged file is reported
    instead of half-read.
    Raises ``DatabaseProblem`` (or a subclass) for a missing, locked, damaged,
    foreign, uninitialised or too-new file, which is then left untouched.
    """
    if backend.is_url(path):
        return _open_server(path, create=create, write=write)
    path = Path(path).expanduser().absolute()
    close_database()
    info = fileinfo.inspect(path)
    initialise = _refuse(path, info, create)
    migrate = initialise or info.version < migrations.LATEST
    lock: WriterLock | None = None
    if write or migrate:
        lock = WriterLock(path)
        try:
            lock.acquire()
        except LockHeld as held:
            if write:
                raise DatabaseLocked(path, held.holder) from None
            raise DatabaseProblem(f"数据库需要升级数据结构，但正由{held.args[0]}使用，"
                                  f"请关闭那个程序后重试：{path}") from None
        except OSError as error:
            raise DatabaseProblem(f"无法在数据库所在的文件夹里建立锁文件，请检查文件权限：{path.parent}"
                                  f"（{error.strerror or error}）") from error
    db = None
    try:
        if check and not initialise:
            problems = fileinfo.quick_check(path)
            if problems:
                raise DatabaseDamaged(path, problems[0])
        if migrate and not initialise:
            _backup_before_migration(path, info.version)
        db = SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
        db.connect()
        if initialise:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.upgrade(db)
        if not write:
            db.pragma("query_only", 1, permanent=True)
    except BaseException as error:
        if db is not None:
            db.close()
        if lock is not None:
            lock.release(clean=lock.previous is None)
        if isinstance(error, (OperationalError, DatabaseError, sqlite3.DatabaseError)):
            raise problem_from(error, path) from error
        raise
    if lock is not None and not write:
        lock.release(clean=lock.previous is None)
        lock = None
    database.initialize(db)
    state.lock = lock
    state.read_only = not write
    state.unclean = lock.previous if lock is not None else None
    return db


def _open_server(url: str, *, create: bool, write: bool):
    """Open (and if needed upgrade) the database on a PostgreSQL server at ``url``."""
    close_database()
    if backend.has_password(url):
        raise DatabaseProblem("请不要把密码写在数据库地址里（会留在命令历史和日志中）："
                              "请放在 PGPASSWORD 环境变量或 .pgpass 文件里。地址：" + backend.redact(url))
    options = {} if write else {"options": "-c default_transaction_read_only=on"}
    db = backend.ServerDatabase(url, **options)
    import psycopg

    try:
        db.connect()
    except (OperationalError, DatabaseError, psycopg.Error) as error:
        raise _server_problem(error, url) from None
    try:
        version = migrations.current_version(db)
        tables = db.get_tables()
        if version == 0 and [t for t in tables if t != "schema_history"]:
            raise DatabaseProblem(f"这不是联户通数据库（其中已有别的数据表），未作改动：{backend.describe(url)}")
        if version > migrations.LATEST:
            raise DatabaseProblem(f"该数据库由更新版本的联户通创建（数据结构第 {version} 版），"
                                  f"请先升级程序再打开：{backend.describe(url)}")
        if version == 0 and not create:
            raise DatabaseProblem(f"{backend.describe(url)}还是空的，不是联户通数据库，未作改动。"
                                  f"如要在此新建，请用“lianhu --db {backend.redact(url)} demo”或在图形界面中确认新建")
        if version < migrations.LATEST:
            if not write:
                raise DatabaseProblem(f"{backend.describe(url)}需要升级数据结构，不能以只读方式打开，"
                                      "请以可写方式打开一次")
            migrations.upgrade(db)
    except BaseException as error:
        db.close()
        if isinstance(error, (OperationalError, DatabaseError, psycopg.Error)):
            raise _server_problem(error, url) from error
        raise
    database.initialize(db)
    state.lock = None
    state.read_only = not write
    state.unclean = None
    return db


def close_database(*, clean: bool = True) -> None:
    """Close the bound database, if any, and give back its writer lock (safe to call twice)."""
    current = database.obj
    if current is not None and not current.is_closed():
        if not state.read_only and not backend.is_server(current):
            with contextlib.suppress(Exception):
                current.execute_sql("PRAGMA optimize")
        current.close()
    if state.lock is not None:
        state.lock.release(clean=clean)
        state.lock = None
    state.read_only = False


def is_read_only() -> bool:
    """True when the bound database was opened read-only (another program writes it)."""
    return state.read_only


def database_path() -> Path | None:
    """The file the models are bound to now, or None (none, or a server database)."""
    current = database.obj
    if current is None or backend.is_server(current):
        return None
    return Path(current.database)


def database_url() -> str | None:
    """The server database's URL (no password in it) when the models are bound to one."""
    current = database.obj
    return current.database if current is not None and backend.is_server(current) else None


def is_server() -> bool:
    """True when the bound database is on a PostgreSQL server."""
    return database.obj is not None and backend.is_server(database.obj)


def integrity_check() -> list[str]:
    """SQLite's integrity and foreign-key checks; an empty list means healthy.

    On a server, whose pages are the server's business (its administrator
    has pg_amcheck), the constraints and indexes PostgreSQL holds as not
    valid (a foreign key added NOT VALID, an index whose build failed)."""
    if is_server():
        problems = [f"约束 {name}（表 {table}）未经验证" for name, table in database.execute_sql(
            "SELECT c.conname, t.relname FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class t "
            "ON t.oid = c.conrelid WHERE NOT c.convalidated "
            "AND t.relnamespace = CAST(current_schema() AS regnamespace)")]
        problems += [f"索引 {name} 无效" for (name,) in database.execute_sql(
            "SELECT i.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
            "WHERE NOT x.indisvalid AND i.relnamespace = CAST(current_schema() AS regnamespace)")]
        return problems
    problems = []
    try:
        rows = database.execute_sql("PRAGMA integrity_check").fetchall()
        problems += [row[0] for row in rows if row[0] != "ok"]
        for table, rowid, parent, _ in database.execute_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    except (DatabaseError, sqlite3.DatabaseError) as error:
        problems.append(f"数据库文件已损坏：{error}")
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

    Safe while the program is running: readers and writers may continue. The
    copy is checked before it is renamed into place (``backups.copy_connection``).
    """
    if is_server():
        raise ServerNotSupported("备份")
    try:
        source = database.connection()
    except (OperationalError, DatabaseError) as error:
        raise problem_from(error) from error
    return backups.copy_connection(source, dest, db_path=database_path())


def _file_copy(path: Path, dest: Path) -> Path:
    """Copy the database file ``path`` to ``dest`` through a connection of its own
    (which never makes the file: one gone meanwhile is an error)."""
    try:
        source = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=rw", uri=True, timeout=30)
    except sqlite3.Error as error:
        raise problem_from(error, Path(path)) from error
    try:
        return backups.copy_connection(source, dest, db_path=path)
    finally:
        source.close()


def auto_backup(extra_dirs=(), *, force: bool = False, now: datetime.datetime | None = None,
                seal_key: bytes | None = None, file: Path | None = None) -> list[Path]:
    """The automatic backup of the open database, when one is due (or ``force``).

    Written to the database's ``backups/`` folder and each of ``extra_dirs``
    (sealed to ``seal_key`` there when one is given: ``*.lhbak``); old
    automatic backups are pruned (30 daily, 12 monthly). Returns the files
    written, the local one first.

    With ``file`` (the open database's path), the file is read through a
    connection of its own instead of the open database's: for a backup made
    in a worker thread while the program goes on reading and writing through
    its connection (SQLite's backup copies one consistent state of the file).
    """
    path = Path(file) if file is not None else database_path()
    if path is None or not (force or backups.due(path, now)):
        return []

    def copy(dest: Path) -> Path:
        return _file_copy(path, dest) if file is not None else backup_to(dest)

    name = backups.stamped_name(backups.AUTO_PREFIX, now)
    local = backups.backup_dir_for(path)
    written = [copy(local / name)]
    backups.prune(local)
    for folder in [Path(d) for d in extra_dirs if d]:
        if seal_key:
            sealed_name = backups.stamped_name(backups.AUTO_PREFIX, now, backups.SEALED_SUFFIX)
            written.append(backups.seal_copy(written[0], folder / sealed_name, seal_key))
        else:
            written.append(copy(folder / name))
        backups.prune(folder)
    return written


# The server's counterpart of SQLite's write lock: a transaction-level advisory lock (one key per
# database; the migrations' own key is another), and how long a writer waits for it before being
# told that someone else is writing, as SQLite's busy timeout does.
WRITE_LOCK_KEY = 7_451_120
WRITE_LOCK_WAIT = "10s"


@contextlib.contextmanager
def write_transaction():
    """A transaction that takes the write lock at its start (SQLite's ``BEGIN
    IMMEDIATE``; a savepoint inside an open transaction), so that what it
    reads stays true until it commits: a check made inside it cannot be
    overtaken by another writer.

    On a server, where READ COMMITTED lets two clerks' transactions run side by side, the lock is
    ``pg_advisory_xact_lock``: writers that check and then write (a ballot's serial number, an
    import's duplicates, a merge) take turns as they do on SQLite, and each sees what the one
    before it committed. It is held to the end of the outermost transaction."""
    if isinstance(database.obj, SqliteDatabase):
        with database.atomic(lock_type="IMMEDIATE") as transaction:
            yield transaction
        return
    with database.atomic() as transaction:
        waited = database.execute_sql("SELECT current_setting('lock_timeout')").fetchone()[0]
        database.execute_sql("SELECT set_config('lock_timeout', ?, true)", (WRITE_LOCK_WAIT,))
        database.execute_sql("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))
        database.execute_sql("SELECT set_config('lock_timeout', ?, true)", (waited,))
        yield transaction


BULK_CACHE_KIB = 4096
# A bulk load that fills many tables and their indexes at once (the demo, a merge of packages):
# with the usual 8 MB their index pages were written out and read back again (the township demo:
# 27.4 s with 8 MB, 24.6 s with 32 MB for the load; raw executemany 20.5–21.1 s; medians of 3).
LOAD_CACHE_KIB = 32000


@contextlib.contextmanager
def page_cache(kib: int):
    """SQLite's page cache of this connection set to ``kib`` for the block, restored afterwards
    (nothing on a server)."""
    if not isinstance(database.obj, SqliteDatabase):
        yield
        return
    old = int(database.execute_sql("PRAGMA cache_size").fetchone()[0])
    database.execute_sql(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {old}")


@contextlib.contextmanager
def small_page_cache(kib: int = BULK_CACHE_KIB):
    """A small page cache for a bulk write (an import of 50,000 rows): the
    rows are written once and in order, so the usual cache (``PRAGMA
    cache_size``) would only hold pages nobody reads again, and it counted for
    a fifth of the import's peak memory. Restored afterwards."""
    with page_cache(kib):
        yield

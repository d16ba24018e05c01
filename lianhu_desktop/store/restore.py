"""Restoring a backup: check the candidate, upgrade it, keep what it replaces, swap.

Nothing touches the live database until the candidate has passed every
check on a private copy: it is ours (application id), whole (integrity and
foreign-key checks), of a schema this program knows (not newer) and carries
every table and column of its schema version. An older candidate is then
upgraded on that copy. The live database is backed up beside its data and
the copy renamed over it in one step, so a crash leaves either the old
database or the new one, never a mixture.

A sealed backup (``*.lhbak``, from a second folder with a backup passphrase)
is first opened with the passphrase into a temporary file beside the live
database, checked as any other, and the temporary file deleted.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from lianhu_desktop.errors import DatabaseProblem, LianhuError
from lianhu_desktop.store import backups, db as store_db, fileinfo, migrations
from lianhu_desktop.store.fileinfo import Kind
from lianhu_desktop.store.lock import LockHeld, WriterLock

SAFETY_PREFIX = "恢复前自动备份_"


class PassphraseNeeded(LianhuError):
    """The backup is sealed and no passphrase was given."""


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    database: Path
    safety: Path | None  # the replaced database, kept as a backup
    from_version: int
    to_version: int


@functools.cache
def expected_schema(version: int) -> dict[str, frozenset[str]]:
    """Every table and its columns at schema ``version``, built by running the migrations."""
    memory = SqliteDatabase(":memory:")
    memory.connect()
    try:
        migrations.upgrade(memory, target=version)
        return _schema_of(memory.connection())
    finally:
        memory.close()


def _schema_of(connection: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: frozenset(row[1] for row in connection.execute(f'PRAGMA table_info("{table}")'))
            for table in tables}


def candidate_problems(connection: sqlite3.Connection, version: int) -> list[str]:
    """What is wrong with a candidate at ``version``: damage, broken references, missing parts."""
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
    if problems:
        return problems
    for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
        problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    actual = _schema_of(connection)
    for table, columns in sorted(expected_schema(version).items()):
        if table not in actual:
            problems.append(f"缺少数据表 {table}")
            continue
        for column in sorted(columns - actual[table]):
            problems.append(f"数据表 {table} 缺少列 {column}")
    return problems


def _refuse_candidate(candidate: Path, live: Path, source: Path) -> fileinfo.FileInfo:
    """Refuse ``candidate`` (the backup ``source`` itself, or its opened copy) with a message naming ``source``."""
    info = fileinfo.inspect(candidate)
    if info.kind is Kind.MISSING:
        raise LianhuError(f"备份文件不存在：{source}")
    if info.kind is Kind.DIRECTORY:
        raise LianhuError(f"所指的是文件夹，请给出备份文件：{source}")
    if live.exists() and os.path.samefile(candidate, live):
        raise LianhuError(f"所给的备份就是当前数据库本身：{source}")
    if info.kind is Kind.DAMAGED:
        raise DatabaseProblem(f"备份文件已损坏，未恢复，当前数据库没有改动：{source}")
    if info.kind is not Kind.OURS or info.version == 0:
        raise DatabaseProblem(f"这不是联户通的备份文件，未恢复，当前数据库没有改动：{source}")
    if info.version > migrations.LATEST:
        raise DatabaseProblem(f"该备份由更新版本的联户通创建（数据结构第 {info.version} 版，本程序只认识到第 "
                              f"{migrations.LATEST} 版），未恢复；请先升级程序：{source}")
    return info


def _prepared_copy(candidate: Path, live: Path, version: int, source: Path) -> Path:
    """A checked, upgraded, single-file copy of ``candidate`` beside ``live`` (messages name ``source``)."""
    handle, name = tempfile.mkstemp(prefix=f".{live.name}.restore.", suffix=".part", dir=live.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        reader = fileinfo.connect_read_only(candidate)
        target = sqlite3.connect(str(tmp))
        try:
            reader.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            problems = candidate_problems(target, version)
        finally:
            reader.close()
            target.close()
        if problems:
            shown = "；".join(problems[:5]) + ("……" if len(problems) > 5 else "")
            raise DatabaseProblem(f"备份文件没有通过检查，未恢复，当前数据库没有改动：{source}（{shown}）")
        upgraded = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1, "journal_mode": "delete"})
        upgraded.connect()
        try:
            migrations.upgrade(upgraded)
        finally:
            upgraded.close()
        with open(tmp, "rb+") as flushed:
            os.fsync(flushed.fileno())
    except sqlite3.DatabaseError as error:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(f"备份文件已损坏，未恢复，当前数据库没有改动：{source}（{error}）") from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _keep_replaced(live: Path) -> Path | None:
    """Back up the database about to be replaced, beside its data; None if there is none."""
    if not live.exists():
        return None
    folder = backups.backup_dir_for(live)
    stamp = f"{datetime.datetime.now():{backups.STAMP}}"
    if fileinfo.is_good_copy(live):
        return backups.copy_file(live, folder / f"{SAFETY_PREFIX}{stamp}.db")
    # A damaged database is kept byte for byte, under a name no one takes for a good backup.
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"恢复前的数据库_已损坏_{stamp}.damaged"
    shutil.copy2(live, kept)
    return kept


def _settle_wal(live: Path) -> None:
    """Fold a leftover write-ahead log into ``live``; refuse while another program has it open."""
    wal = Path(f"{live}-wal")
    if not wal.exists():
        return
    with contextlib.suppress(sqlite3.DatabaseError):
        connection = sqlite3.connect(str(live))
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    if wal.exists():
        raise DatabaseProblem(f"数据库正被另一个程序打开（例如另一个联户通窗口或命令），请关闭后再恢复：{live}")


def restore_database(source: str | Path, live: str | Path, passphrase: str | None = None) -> RestoreResult:
    """Replace the database file ``live`` with the backup ``source`` (see the module docstring).

    A sealed backup needs ``passphrase`` (else ``PassphraseNeeded``; a wrong
    one raises ``WrongPassphrase``). The bound database, if it is ``live``, is
    closed; the caller reopens it.
    """
    source = Path(source).expanduser().absolute()
    live = Path(live).expanduser().absolute()
    if not backups.is_sealed(source):
        return _restore_plain(source, source, live)
    if not passphrase:
        raise PassphraseNeeded(f"这个备份已加密，恢复需要设置备份时用的密码：{source}")
    live.parent.mkdir(parents=True, exist_ok=True)
    opened = backups.unseal_copy(source, live.parent, passphrase)
    try:
        return _restore_plain(opened, source, live)
    finally:
        opened.unlink(missing_ok=True)


def _restore_plain(candidate: Path, source: Path, live: Path) -> RestoreResult:
    info = _refuse_candidate(candidate, live, source)
    tmp = _prepared_copy(candidate, live, info.version, source)
    lock = None
    try:
        bound = store_db.database_path()
        if bound is not None and bound.absolute() == live:
            lock, store_db.state.lock = store_db.state.lock, None
            store_db.close_database()
        if lock is None:
            lock = WriterLock(live)
            try:
                lock.acquire()
            except LockHeld as held:
                raise store_db.DatabaseLocked(live, held.holder) from None
        _settle_wal(live)
        safety = _keep_replaced(live)
        Path(f"{live}-shm").unlink(missing_ok=True)
        os.replace(tmp, live)
        _fsync_folder(live.parent)
    except PermissionError as error:
        raise DatabaseProblem(f"当前数据库无法替换（可能正被其他程序打开）：{live}（{error.strerror}）") from error
    finally:
        tmp.unlink(missing_ok=True)
        if lock is not None:
            lock.release()
    return RestoreResult(source, live, safety, info.version, migrations.LATEST)


def _fsync_folder(folder: Path) -> None:
    # POSIX: make the rename itself durable. Windows has no directory handles to flush.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

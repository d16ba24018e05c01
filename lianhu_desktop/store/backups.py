"""Backups: online copies that are checked before they count, kept by a rota.

A backup belongs beside the data it protects: ``<folder of the db>/backups/``
(for the default database that is the data folder's ``backups/``), plus,
if the user chose one, a second folder such as a USB stick. Every copy is
written to a temporary file beside its target, checked, flushed to disk and
only then renamed into place, so a killed backup leaves no half file under a
backup's name and a damaged database never becomes a "good" backup.

When a backup key is set (``sealed.make_backup_key``: 备份设置 with a
passphrase), the copies in the second folder are sealed (``*.lhbak``): the
checked copy beside the database is compressed and encrypted onto the stick,
so no readable byte of the database is ever written there.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lianhu_desktop.errors import DatabaseProblem, LianhuError
from lianhu_desktop.store import fileinfo, sealed

AUTO_PREFIX = "联户通自动备份_"
MANUAL_PREFIX = "联户通备份_"
STAMP = "%Y%m%d_%H%M%S"
SEALED_SUFFIX = ".lhbak"
SUFFIXES = (".db", SEALED_SUFFIX)
KEEP_DAILY = 30
KEEP_MONTHLY = 12
AUTO_INTERVAL = datetime.timedelta(days=1)
_STAMPED = re.compile(r"_(\d{8}_\d{6})(?:_\d+)?\.(?:db|lhbak)$")


def backup_dir_for(db_path: str | Path) -> Path:
    """The ``backups/`` folder beside the database it belongs to."""
    return Path(db_path).expanduser().resolve().parent / "backups"


def stamped_name(prefix: str, when: datetime.datetime | None = None, suffix: str = ".db") -> str:
    return f"{prefix}{(when or datetime.datetime.now()):{STAMP}}{suffix}"


def _stamp_of(path: Path) -> datetime.datetime:
    match = _STAMPED.search(path.name)
    if match:
        with contextlib.suppress(ValueError):
            return datetime.datetime.strptime(match.group(1), STAMP)
    return datetime.datetime.fromtimestamp(path.stat().st_mtime)


def list_backups(folder: str | Path, prefix: str = "", suffixes: tuple[str, ...] = SUFFIXES) -> list[Path]:
    """Backup files (``*.db``, sealed ``*.lhbak``) in ``folder``, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [p for suffix in suffixes for p in folder.glob(f"{prefix}*{suffix}") if p.is_file()]
    return sorted(found, key=_stamp_of, reverse=True)


def is_sealed(path: str | Path) -> bool:
    """True for a backup sealed to a backup key (it needs the passphrase to restore)."""
    try:
        with open(path, "rb") as handle:
            return sealed.is_sealed_box(handle.read(len(sealed.BOX_MAGIC)))
    except OSError:
        return False


def newest_good(folder: str | Path) -> Path | None:
    """The newest backup in ``folder`` that is ours and passes the quick check."""
    for candidate in list_backups(folder, suffixes=(".db",)):
        if fileinfo.is_good_copy(candidate):
            return candidate
    return None


@dataclass(frozen=True)
class BackupStatus:
    newest: Path | None
    age_days: float | None
    count: int

    def to_json(self) -> dict:
        return {"newest": str(self.newest) if self.newest else None,
                "age_days": self.age_days, "count": self.count}


def status(db_path: str | Path, now: datetime.datetime | None = None) -> BackupStatus:
    """Newest backup of the database at ``db_path``, its age in days, how many there are."""
    found = list_backups(backup_dir_for(db_path))
    if not found:
        return BackupStatus(None, None, 0)
    now = now or datetime.datetime.now()
    age = (now - _stamp_of(found[0])).total_seconds() / 86400
    return BackupStatus(found[0], round(max(age, 0.0), 2), len(found))


def describe_newest_good(db_path: str | Path) -> str:
    """A Chinese sentence naming the newest good backup, for damage messages."""
    good = newest_good(backup_dir_for(db_path))
    if good is None:
        return "没有找到完好的备份。"
    return (f"最近的完好备份是 {good}（{_stamp_of(good):%Y-%m-%d %H:%M}），"
            f"可用“lianhu --db {Path(db_path)} restore {good} --yes”或图形界面“文件 → 从备份恢复”恢复。")


def _refuse_bad_target(dest: Path, db_path: Path | None) -> None:
    if dest.is_dir():
        raise LianhuError(f"备份目标是文件夹，请给出备份文件名（例如 {dest / stamped_name(MANUAL_PREFIX)}）：{dest}")
    if db_path is not None:
        db_path = Path(db_path).resolve()
        for own in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            if dest == own or (dest.exists() and own.exists() and os.path.samefile(dest, own)):
                raise LianhuError(f"不能把备份写到正在使用的数据库文件上：{dest}")


def copy_connection(source: sqlite3.Connection, dest: str | Path, *, db_path: Path | None = None) -> Path:
    """Copy an open SQLite connection to ``dest`` safely (see the module docstring).

    Raises ``LianhuError`` (exit 1) for a target that cannot be written and
    ``DatabaseProblem`` (exit 3) when the copy does not pass the check.
    """
    dest = Path(dest).expanduser().absolute()
    _refuse_bad_target(dest, db_path)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        os.close(handle)
    except OSError as error:
        raise LianhuError(f"无法在此处写入备份文件：{dest}（{error.strerror or error}）") from error
    tmp = Path(tmp_name)
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        problems = fileinfo.quick_check(tmp)
        if problems or fileinfo.inspect(tmp).kind is not fileinfo.Kind.OURS:
            where = db_path or dest
            raise DatabaseProblem(f"数据库文件已损坏，没有生成备份（损坏的数据不能当作备份）：{where}。"
                                  + describe_newest_good(where))
        with open(tmp, "rb+") as flushed:
            os.fsync(flushed.fileno())
        os.replace(tmp, dest)
    except sqlite3.DatabaseError as error:
        where = db_path or dest
        raise DatabaseProblem(f"数据库文件已损坏，没有生成备份：{where}（{error}）。"
                              + describe_newest_good(where)) from error
    except OSError as error:
        raise LianhuError(f"备份没有写成：{dest}（{error.strerror or error}）") from error
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def seal_copy(source: str | Path, dest: str | Path, key: bytes) -> Path:
    """Seal the checked backup ``source`` to the backup ``key`` at ``dest`` (``*.lhbak``),
    written beside its target and renamed into place when complete."""
    dest = Path(dest).expanduser().absolute()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as error:
        raise LianhuError(f"无法在此处写入备份文件：{dest}（{error.strerror or error}）") from error
    tmp = Path(tmp_name)
    try:
        with open(source, "rb") as plain, os.fdopen(handle, "wb") as out:
            sealed.seal_to(plain, out, key)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except OSError as error:
        raise LianhuError(f"备份没有写成：{dest}（{error.strerror or error}）") from error
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def unseal_copy(source: str | Path, dest_folder: Path, passphrase: str) -> Path:
    """The plaintext of the sealed backup ``source``, as a temporary file in ``dest_folder``
    (the caller deletes it). Raises ``WrongPassphrase`` or ``SealBroken``; then nothing is left."""
    handle, tmp_name = tempfile.mkstemp(prefix=".lianhu-unsealed.", suffix=".part", dir=dest_folder)
    tmp = Path(tmp_name)
    try:
        with open(source, "rb") as box, os.fdopen(handle, "wb") as out:
            sealed.open_sealed_file(box, out, passphrase, what=f"加密备份（{Path(source).name}）")
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise LianhuError(f"无法读取备份文件：{source}（{error.strerror or error}）") from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def copy_file(source: str | Path, dest: str | Path) -> Path:
    """Copy a database file (read-only on the source) to ``dest`` safely."""
    connection = fileinfo.connect_read_only(Path(source))
    try:
        return copy_connection(connection, dest, db_path=Path(source))
    finally:
        connection.close()


def prune(folder: str | Path, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Delete automatic backups beyond the newest of each of the last ``keep_daily``
    days and of each of the last ``keep_monthly`` months; return those deleted.

    Backups the user made by hand are never deleted.
    """
    found = list_backups(folder, AUTO_PREFIX)  # newest first
    keep: set[Path] = set()
    days: list = []
    months: list = []
    for path in found:
        stamp = _stamp_of(path)
        day, month = stamp.date(), (stamp.year, stamp.month)
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(path)
        if month not in months and len(months) < keep_monthly:
            months.append(month)
            keep.add(path)
    deleted = []
    for path in found:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                deleted.append(path)
    return deleted


def due(db_path: str | Path, now: datetime.datetime | None = None) -> bool:
    """True when the newest automatic backup is older than a day (or there is none)."""
    found = list_backups(backup_dir_for(db_path), AUTO_PREFIX)
    now = now or datetime.datetime.now()
    return not found or now - _stamp_of(found[0]) >= AUTO_INTERVAL


def changed_since_last(db_path: str | Path) -> bool:
    """True when the database file was written after its newest automatic backup."""
    db_path = Path(db_path)
    found = list_backups(backup_dir_for(db_path), AUTO_PREFIX)
    if not found:
        return True
    written = max((p.stat().st_mtime for p in (db_path, Path(f"{db_path}-wal")) if p.exists()), default=0)
    return written > found[0].stat().st_mtime

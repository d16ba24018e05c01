"""What a file on disk is, found out without writing a byte to it.

Everything here reads: the 100-byte SQLite header, then (when that looks
right) a read-only connection. A foreign or damaged file is refused before
the database layer sets a single pragma on it.
"""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass
from pathlib import Path

# "LHTN": marks a file as ours, so a foreign SQLite file is not taken for one.
APPLICATION_ID = 0x4C48544E
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


class Kind(enum.Enum):
    MISSING = "missing"
    DIRECTORY = "directory"
    EMPTY = "empty"            # 0 bytes
    NOT_SQLITE = "not_sqlite"  # junk where the header should be, or truncated inside it
    DAMAGED = "damaged"        # an SQLite header, but SQLite cannot read the schema
    BLANK = "blank"            # a valid SQLite file holding nothing: no tables, no marks
    FOREIGN = "foreign"        # another program's SQLite database
    OURS = "ours"


@dataclass(frozen=True)
class FileInfo:
    kind: Kind
    version: int = 0  # schema version (user_version) when the file is ours
    tables: int = 0
    detail: str = ""


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` read-only (no journal mode change, no recovery writes)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def inspect(path: str | Path) -> FileInfo:
    """Classify ``path`` without modifying it."""
    path = Path(path)
    if not path.exists():
        return FileInfo(Kind.MISSING)
    if path.is_dir():
        return FileInfo(Kind.DIRECTORY)
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as error:
        return FileInfo(Kind.DAMAGED, detail=error.strerror or str(error))
    if not header:
        return FileInfo(Kind.EMPTY)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        return FileInfo(Kind.NOT_SQLITE)
    try:
        connection = connect_read_only(path)
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return FileInfo(Kind.DAMAGED, detail=str(error))
    if app_id == APPLICATION_ID:
        return FileInfo(Kind.OURS, version, tables)
    if tables == 0 and version == 0 and app_id == 0:
        return FileInfo(Kind.BLANK)
    return FileInfo(Kind.FOREIGN, version, tables)


def quick_check(path: str | Path) -> list[str]:
    """SQLite's quick check of a file, read-only; an empty list means healthy."""
    try:
        connection = connect_read_only(Path(path))
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [row[0] for row in rows if row[0] != "ok"]


def is_good_copy(path: str | Path) -> bool:
    """True for a file of ours that passes the quick check (a usable backup)."""
    info = inspect(path)
    return info.kind is Kind.OURS and info.version > 0 and not quick_check(path)

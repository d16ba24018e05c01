"""Helpers every CLI command shares: opening the database, progress, JSON."""

from __future__ import annotations

import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

from lianhu_desktop import paths
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.store import db as store_db

# Commands that change the database take its writer lock; the others open it read-only.
WRITERS = frozenset({"demo", "import", "restore", "print", "gui", "merge"})
# Arguments naming a file a command writes, and a file it reads.
OUTPUT_ARGS = ("out", "errors", "report")
INPUT_ARGS = ("file",)


def open_db(args, *, create: bool = False, check: bool = True, write: bool | None = None):
    """Open the database the user chose (``--db``, ``LIANHU_DB``, portable, default).

    A file the user named must exist and be a lianhu database unless
    ``create``; the default location is created on first use. Writers (see
    ``WRITERS``) take the writer lock and record their changes for the
    operator (``--operator`` or the settings); readers cannot write. ``write``
    decides for a command that both reads and writes (``appraisal results`` /
    ``appraisal seal``). With ``check`` a damaged file is refused (exit 3)
    before it is read.
    """
    from lianhu_desktop.domain import audit

    choice = paths.choose_database(getattr(args, "db", None))
    if write is None:
        write = getattr(args, "command", None) in WRITERS
    database = store_db.open_database(choice.path, create=create or not choice.named, write=write, check=check)
    if write:
        audit.use_operator(getattr(args, "operator", None))
    return database, choice


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwrites(args) -> None:
    """A command never writes over the open database or over its own input (exit 1)."""
    outputs = [Path(v).expanduser().absolute() for name in OUTPUT_ARGS if (v := getattr(args, name, None))]
    if not outputs:
        return
    choice = paths.choose_database(getattr(args, "db", None))
    db = choice.path
    # A server database has no file here that an output could overwrite.
    own = [] if choice.is_server else [db, Path(f"{db}-wal"), Path(f"{db}-shm"), db.with_name(db.name + ".lock")]
    inputs = [Path(v).expanduser().absolute() for name in INPUT_ARGS if (v := getattr(args, name, None))]
    for out in outputs:
        if any(_same_file(out, p) for p in own):
            raise LianhuError(f"输出文件不能是正在使用的数据库，否则数据库会被覆盖：{out}。请换一个文件名")
        if any(_same_file(out, p) for p in inputs):
            raise LianhuError(f"输出文件不能是要读取的文件本身，否则原文件会被覆盖：{out}。请换一个文件名")


class StderrProgress:
    """A ``progress(done, total) -> bool`` callback that draws a line on stderr.

    Quiet when stderr is not a terminal except for a line every few seconds,
    so logs of CI runs stay short. Never cancels.
    """

    def __init__(self, label: str):
        self.label = label
        self._last = 0.0
        self._tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        finished = total and done >= total
        if finished or now - self._last >= (0.2 if self._tty else 5.0):
            self._last = now
            percent = f"{100 * done // total:3d}%" if total else ""
            end = "\n" if finished or not self._tty else "\r"
            print(f"{self.label} {percent} ({done}/{total})", end=end, file=sys.stderr, flush=True)
        return True


def _plain(value):
    # One-place Decimals (percentages) print as the numbers they are.
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def print_json(obj) -> None:
    """Print ``obj`` as JSON with Chinese kept readable."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=_plain))

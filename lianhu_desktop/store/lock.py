"""One writer at a time: a lock file beside the database, and who holds it.

The lock is an operating-system lock (``filelock``: ``flock`` on POSIX,
``msvcrt.locking`` on Windows) on ``<db>.lock``, so it is released by the
system when its process dies: a stale lock cannot keep anybody out. Who holds
it (computer, process id, since when) is written to ``<db>.owner`` for the
second writer to show. A clean exit deletes ``<db>.owner``; finding it left
behind when the lock is free means the last session did not end cleanly.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import filelock


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a database's writer lock."""

    computer: str
    pid: int
    since: str  # ISO time, local
    program: str = "联户通"

    def describe(self) -> str:
        return f"电脑“{self.computer}”上的{self.program}（进程 {self.pid}，自 {self.since} 起）"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def owner_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".owner")


def read_holder(db_path: Path) -> Holder | None:
    """The holder recorded beside ``db_path``, or None when nothing readable is there."""
    try:
        data = json.loads(owner_path(db_path).read_text(encoding="utf-8"))
        return Holder(str(data["computer"]), int(data["pid"]), str(data["since"]),
                      str(data.get("program", "联户通")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class LockHeld(Exception):
    """Another live process holds the writer lock."""

    def __init__(self, holder: Holder | None):
        super().__init__(holder.describe() if holder else "另一个程序")
        self.holder = holder


class WriterLock:
    """The writer lock of one database file, held until ``release()``."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._lock = filelock.FileLock(str(lock_path(self.db_path)), timeout=0, thread_local=False)
        # Set by acquire(): the record a crashed earlier holder left behind.
        self.previous: Holder | None = None

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> WriterLock:
        """Take the lock or raise ``LockHeld`` naming who has it."""
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockHeld(read_holder(self.db_path)) from None
        # We hold it: an owner record still there belongs to a process that died.
        self.previous = read_holder(self.db_path)
        me = Holder(socket.gethostname() or "本机", os.getpid(),
                    datetime.datetime.now().isoformat(sep=" ", timespec="seconds"))
        try:
            tmp = owner_path(self.db_path).with_suffix(".owner.part")
            tmp.write_text(json.dumps(me.__dict__, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, owner_path(self.db_path))
        except OSError:
            pass  # a read-only folder: the lock still works, only the name is not shown
        return self

    def release(self, *, clean: bool = True) -> None:
        """Give the lock back; ``clean`` removes the owner record (a normal end)."""
        if not self._lock.is_locked:
            return
        if clean:
            with contextlib.suppress(OSError):
                owner_path(self.db_path).unlink()
        self._lock.release(force=True)

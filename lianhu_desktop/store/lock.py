"""One writer at a time: a lock file beside the database, and who holds it.

The lock is an operating-system lock on ``<db>.lock`` (``flock`` on POSIX,
``msvcrt.locking`` of its first byte on Windows), so it is released by the
system when its process dies: a stale lock cannot keep anybody out. Who holds
it (computer, process id, since when) is written to ``<db>.owner`` for the
second writer to show. A clean exit deletes ``<db>.owner``; finding it left
behind when the lock is free means the last session did not end cleanly.

The lock is taken here in a few lines rather than through ``filelock``: its
4.x loads some thirty modules for the one non-blocking call needed here, and
importing it cost every start of the program about 6 ms (timed after the
modules the program loads before it, five fresh interpreters).
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


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


def _os_lock(fd: int) -> bool:
    """Lock the open file ``fd`` without waiting: False when another holds it.

    Any other failure (a file system without locks …) is an ``OSError``."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the byte at the file's start (fd is at 0)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _os_unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class WriterLock:
    """The writer lock of one database file, held until ``release()``."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self._fd: int | None = None
        # Set by acquire(): the record a crashed earlier holder left behind.
        self.previous: Holder | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _take(self) -> bool:
        """Open the lock file and lock it; False when another process holds it."""
        path = lock_path(self.db_path)
        for _attempt in range(3):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                if not _os_lock(fd):
                    os.close(fd)
                    return False
                # Locked a file somebody removed meanwhile: lock the one now there.
                if os.name == "nt" or os.fstat(fd).st_nlink > 0:
                    self._fd = fd
                    return True
                _os_unlock(fd)
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        return False

    def acquire(self) -> WriterLock:
        """Take the lock or raise ``LockHeld`` naming who has it."""
        if self._fd is not None:
            return self
        if not self._take():
            raise LockHeld(read_holder(self.db_path))
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
        fd = self._fd
        if fd is None:
            return
        if clean:
            with contextlib.suppress(OSError):
                owner_path(self.db_path).unlink()
        self._fd = None
        try:
            _os_unlock(fd)
        except OSError:
            pass  # closing the file gives the lock back all the same
        finally:
            os.close(fd)

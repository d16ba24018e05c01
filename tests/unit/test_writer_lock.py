"""The writer lock beside a database file (``store.lock``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.lock import LockHeld, WriterLock, lock_path, owner_path, read_holder


def test_one_holder_at_a_time_and_who_it_is(tmp_path):
    path = tmp_path / "a.db"
    first = WriterLock(path).acquire()
    assert first.held and lock_path(path).exists() and read_holder(path).pid == os.getpid()
    assert first.acquire() is first  # taking it again changes nothing
    second = WriterLock(path)
    with pytest.raises(LockHeld) as refused:
        second.acquire()
    assert refused.value.holder.pid == os.getpid() and "进程" in str(refused.value)
    assert not second.held
    first.release()
    assert not first.held and not owner_path(path).exists()
    first.release()  # a second release is harmless
    assert second.acquire().held
    second.release(clean=False)
    assert owner_path(path).exists()  # what an unclean end leaves for the next holder to find
    third = WriterLock(path).acquire()
    assert third.previous is not None and third.previous.pid == os.getpid()
    third.release()


def test_another_process_is_kept_out_until_it_ends(tmp_path):
    path = tmp_path / "a.db"
    held = WriterLock(path).acquire()
    try:
        probe = textwrap.dedent("""
            import sys
            from lianhu_desktop.store.lock import LockHeld, WriterLock
            try:
                WriterLock(sys.argv[1]).acquire()
            except LockHeld as held:
                print("held", held.holder.pid)
            else:
                print("taken")
        """)
        out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                             check=True).stdout.split()
        assert out == ["held", str(os.getpid())]
    finally:
        held.release()
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["taken"]


def test_no_place_for_the_lock_file_is_said_in_chinese(tmp_path, monkeypatch):
    with pytest.raises(OSError):
        WriterLock(tmp_path / "missing" / "a.db").acquire()
    store_db.open_database(tmp_path / "a.db", create=True)
    store_db.close_database()

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # a folder where no file may be made
    with pytest.raises(DatabaseProblem, match="无法在数据库所在的文件夹里建立锁文件"):
        store_db.open_database(tmp_path / "a.db")
    monkeypatch.undo()
    after = WriterLock(tmp_path / "a.db").acquire()  # nothing was left holding it
    assert after.held
    after.release()

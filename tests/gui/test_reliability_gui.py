"""No network; 操作记录; restore from the 文件 menu; read-only second window; unclean exit."""

from __future__ import annotations

import dataclasses
import socket

import pytest
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import households as household_domain
from lianhu_desktop.gui import audit_view, backup_actions, print_center
from lianhu_desktop.reports import catalog
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.lock import Holder, WriterLock
from lianhu_desktop.store.models import Household, Village
from tests.pgserver import sqlite_only


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def no_network(monkeypatch):
    opened: list = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, *a: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    return opened


def test_a_session_over_every_tab_and_a_print_opens_no_socket(filled_db, no_network, make_window, qtbot,
                                                              messages, tmp_path):
    window = make_window()
    window.visit_every_tab()
    for tab in window.tabs:
        if tab.model.rowCount():
            tab.model.data(tab.model.index(0, 0))
    for entry in catalog.kinds()[:3]:
        center = print_center.PrintCenter(window, entry.key)
        qtbot.addWidget(center)
        center.show()
        center.job = None
        center.build()
        job = center.job
        qtbot.waitUntil(lambda job=job: job is None or not job.running, timeout=60000)
        center.close()
    dialog = audit_view.show_audit(window)
    qtbot.addWidget(dialog)
    assert no_network == []


def test_the_audit_window_lists_and_filters_changes(window, qtbot, messages):
    household = Household.select().first()
    data = household_domain.household_data(household.id)
    household_domain.save_household(dataclasses.replace(data, phone="13999999991"), household.id)
    dialog = audit_view.show_audit(window)
    qtbot.addWidget(dialog)
    dialog.text.setText("13999999991")
    dialog.refresh()
    rows = dialog.model.rows
    assert rows and rows[0][2] == "修改" and rows[0][4] == "联系电话" and rows[0][6] == "13999999991"
    dialog.kind.setCurrentIndex(dialog.kind.findData("member"))
    assert dialog.model.rows == []
    assert "没有符合条件" in dialog.count_label.text()
    dialog.operator.setText("李文书")
    dialog.save_operator.click()
    assert dialog.operator.text() == "李文书"
    data = household_domain.household_data(household.id)
    household_domain.save_household(dataclasses.replace(data, phone="13900000000"), household.id)
    dialog.kind.setCurrentIndex(0)
    dialog.text.setText("13900000000")
    dialog.refresh()
    assert dialog.model.rows[0][1] == "李文书"


@sqlite_only
def test_restore_from_the_file_menu(window, db_path, tmp_path, monkeypatch, messages):
    backup = store_db.backup_to(tmp_path / "good.db")
    before = Village.select().count()
    Village.create(name="后加的村")
    monkeypatch.setattr(backup_actions.QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(backup_actions, "_ask", lambda *a, **k: True)
    window.action_choose_and_restore.trigger()
    assert Village.select().count() == before
    assert any("已从备份恢复" in text for text in messages)
    assert list((db_path.parent / "backups").glob("恢复前自动备份_*.db"))
    assert not store_db.is_read_only() and store_db.state.lock is not None


@sqlite_only
def test_a_second_window_may_open_read_only(filled_db, db_path, app, monkeypatch, messages):
    store_db.close_database()
    other = WriterLock(db_path).acquire()  # another program is the writer
    try:
        monkeypatch.setattr(backup_actions, "_ask", lambda *a, **k: True)
        assert backup_actions.open_at_start(db_path, create=False)
        assert store_db.is_read_only()
        from peewee import OperationalError

        with pytest.raises(OperationalError):
            Village.create(name="不该写入")
        monkeypatch.setattr(backup_actions, "_ask", lambda *a, **k: False)
        store_db.close_database()
        assert not backup_actions.open_at_start(db_path, create=False)
    finally:
        other.release()
        store_db.close_database()


@sqlite_only
def test_unclean_exit_notice_offers_a_check(window, monkeypatch, messages):
    asked = []
    monkeypatch.setattr(backup_actions, "_ask", lambda parent, title, *a: asked.append(title) or True)
    store_db.state.unclean = Holder("办公室电脑", 4242, "2026-01-01 08:00:00")
    backup_actions.at_start(window)
    assert asked == ["上次没有正常退出"]
    assert messages and "数据库完好" in messages[0]
    assert store_db.state.unclean is None
    backup_actions.wait_for_backups()  # the daily backup, made in a worker
    assert list((store_db.database_path().parent / "backups").glob("联户通自动备份_*.db"))


@pytest.fixture
def held_backup(monkeypatch):
    """``store_db.auto_backup`` held until ``release`` is set, and the calls made."""
    import threading

    real = store_db.auto_backup
    release, calls, running = threading.Event(), [], []

    def held(*args, **kwargs):
        # (thread, file, force, how many other backups were running)
        calls.append((threading.current_thread(), kwargs.get("file"), kwargs.get("force", False), len(running)))
        running.append(1)
        try:
            assert release.wait(30), "the test never let the backup go on"
            return real(*args, **kwargs)
        finally:
            running.pop()

    monkeypatch.setattr(store_db, "auto_backup", held)
    return release, calls


@sqlite_only
def test_the_daily_backup_is_made_while_the_window_stays_usable(window, qtbot, db_path, held_backup, monkeypatch):
    """at_start returns at once; the backup is made in a worker from the file, the clerk saves
    meanwhile, and the status bar says what happens; the exit's backup waits for it."""
    import threading

    from lianhu_desktop.store import backups

    release, calls = held_backup
    bar = window.ui.statusBar
    backup_actions.at_start(window)
    qtbot.waitUntil(lambda: len(calls) == 1)
    worker, file, _force, _others = calls[0]
    assert worker is not threading.main_thread() and file == db_path
    assert bar.currentMessage() == "正在自动备份数据库……"
    Village.create(name="备份时新建的村")  # the database is not held by the backup
    release.set()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("已自动备份到："))
    written = list((db_path.parent / "backups").glob("联户通自动备份_*.db"))
    assert len(written) == 1 and str(written[0]) in bar.currentMessage()
    assert backup_actions.start_automatic_backup(window) is None  # done for today

    # Closing while a day's backup runs: the exit's backup (something changed) comes after it ends.
    for old in written:
        old.unlink()
    release.clear()
    assert backup_actions.start_automatic_backup(window) is not None
    qtbot.waitUntil(lambda: len(calls) == 2)
    monkeypatch.setattr(backups, "changed_since_last", lambda path: True)
    threading.Timer(0.3, release.set).start()
    backup_actions.at_clean_exit(window)
    assert [(force, others) for _thread, _file, force, others in calls] == [(False, 0), (False, 0), (True, 0)]
    assert calls[2][0] is threading.main_thread() and calls[2][1] is None  # the open connection's
    assert not backup_actions._running


@sqlite_only
def test_a_restore_waits_for_the_daily_backup_reading_the_file(window, qtbot, held_backup, monkeypatch):
    import threading
    from pathlib import Path

    release, calls = held_backup
    assert backup_actions.start_automatic_backup(window) is not None
    qtbot.waitUntil(lambda: len(calls) == 1)
    running_when_restored = []
    monkeypatch.setattr(backup_actions, "run_op",
                        lambda *a, **k: running_when_restored.append(list(backup_actions._running)) or True)
    threading.Timer(0.3, release.set).start()
    backup_actions._restore(window, Path("备份.db"))
    assert running_when_restored == [[]]
    qtbot.waitUntil(lambda: window.ui.statusBar.currentMessage().startswith("已自动备份到："))  # delivered


@sqlite_only
def test_a_daily_backup_that_fails_is_said_in_the_status_bar(window, qtbot, monkeypatch):
    from lianhu_desktop.errors import LianhuError

    def refused(*args, **kwargs):
        raise LianhuError("无法在此处写入备份文件：U盘已拔出")

    monkeypatch.setattr(store_db, "auto_backup", refused)
    assert backup_actions.start_automatic_backup(window) is not None
    bar = window.ui.statusBar
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("自动备份没有完成"))
    assert "U盘已拔出" in bar.currentMessage()
    assert not backup_actions._running


@sqlite_only
def test_damaged_database_at_start_offers_the_newest_good_backup(filled_db, db_path, monkeypatch, messages):
    backup = store_db.backup_to(db_path.parent / "backups" / "联户通备份_20260101_080000.db")
    store_db.close_database()
    with db_path.open("r+b") as handle:
        handle.write(b"junk" * 30)
    asked = []
    monkeypatch.setattr(backup_actions, "_ask", lambda parent, title, text, *a: asked.append(text) or True)
    assert backup_actions.open_at_start(db_path, create=False)
    assert str(backup) in asked[0]
    assert Village.select().count() == 2
    store_db.close_database()

"""The operations layer: one error policy, change notices, lists that keep their place."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from lianhu_desktop.domain import members
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import Member, Village


@pytest.fixture
def log_file(monkeypatch):
    from lianhu_desktop.gui.app import setup_logging

    path = setup_logging()
    monkeypatch.setattr(operations, "log_path", path)
    return path


def test_a_users_mistake_shows_its_message_and_changes_nothing(window, shown_errors):
    notices = []
    window.tab("roster").on_changes = lambda changes, source=None: notices.append(changes)

    def refuse():
        raise ValidationError("请填写归档原因（如 转出、去世、迁出）")

    assert operations.run_op(window, refuse, changes={Change.MEMBERS}, title="无法归档") is False
    assert shown_errors == [("warning", "无法归档", "请填写归档原因（如 转出、去世、迁出）")]
    assert notices == []


def test_a_bug_is_logged_named_with_the_log_file_and_the_program_goes_on(window, shown_errors, log_file,
                                                                        monkeypatch):
    roster = window.show_tab("roster")
    member = Member.select().where(Member.archived == True).first() or Member.select().first()  # noqa: E712
    monkeypatch.setattr(members, "unarchive_member", lambda _id: 1 / 0)
    roster.archived.setChecked(True)
    assert roster.select_member(member.id)
    roster.restore_member()
    kind, title, text = shown_errors[-1]
    assert (kind, title) == ("critical", "程序出错")
    assert str(log_file) in text and "程序可以继续使用" in text
    for handler in operations.log.parent.parent.handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in logged and "Traceback" in logged
    # The program goes on: the next operation works and is announced.
    seen = []
    window.tab("visits").on_changes = lambda changes, source=None: seen.append(changes)
    assert operations.run_op(window, lambda: "ok", changes={Change.VISITS})
    assert seen == [frozenset({Change.VISITS})]


def test_a_bug_in_a_worker_is_logged_once_and_shown(window, qtbot, shown_errors, log_file):
    def broken(*, progress):
        raise KeyError("内部")

    failures = []
    operations.run_op(window, broken, changes={Change.MEMBERS}, background=True, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert shown_errors[-1][:2] == ("critical", "程序出错") and str(log_file) in shown_errors[-1][2]
    for handler in operations.log.parent.parent.handlers:
        handler.flush()
    assert log_file.read_text(encoding="utf-8").count("Traceback") == 1


def test_an_uncaught_error_in_a_slot_uses_the_same_policy(app, shown_errors, log_file):
    from lianhu_desktop.gui.app import ExceptionHook

    hook = ExceptionHook(log_file, quiet=False)
    try:
        raise RuntimeError("绘制出错")
    except RuntimeError as error:
        hook(type(error), error, error.__traceback__)
    assert shown_errors[-1][:2] == ("critical", "程序出错") and str(log_file) in shown_errors[-1][2]
    assert hook.errors == 1


def test_database_switch_is_one_notice_and_listeners_are_told_in_order(window):
    order = []

    class Listener:
        def __init__(self, name):
            self.name = name

        def on_changes(self, changes, source=None):
            order.append((self.name, Change.DATABASE in changes, len(changes)))

    first, second = Listener("first"), Listener("second")
    operations.subscribe(first)
    operations.subscribe(second)
    operations.notify({Change.DATABASE})
    assert order == [("first", True, len(Change)), ("second", True, len(Change))]
    del first
    gc.collect()
    order.clear()
    operations.notify({Change.MEMBERS})
    assert order == [("second", False, 1)]  # held weakly: a closed view drops out


def test_the_roster_keeps_selection_and_scroll_across_a_reload(window, qtbot):
    roster = window.show_tab("roster")
    window.resize(900, 400)
    qtbot.wait(10)
    model, table = roster.model, roster.ui.table
    assert model.rowCount() > 15
    target = model.id_at(model.rowCount() - 3)
    assert roster.select_member(target)
    top_before = table.rowAt(0)
    top_id = model.id_at(top_before)
    assert top_before > 0  # scrolled down to the selected member
    village = Village.get_by_id(window.current_village_id()) if window.current_village_id() else Village.get()
    # A member added elsewhere: the ids change, so the model is reset.
    members.save_member(members.MemberData(village_id=village.id, name="阿新", gender="男"))
    operations.notify({Change.MEMBERS})
    assert roster.selected_id() == target
    assert model.id_at(table.rowAt(0)) == top_id
    # An edit of a listed member: same ids, repainted in place.
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    Member.update(phone="13900000000").where(Member.id == target).execute()
    operations.notify({Change.MEMBERS})
    assert resets == [] and roster.selected_id() == target
    assert model.data(model.index(model.rows_of([target])[target], roster.spec.column("phone"))) == "13900000000"


def test_the_remembered_tab_is_a_key(filled_db, make_window, settings):
    window = make_window()
    window.show_tab("visits")
    window.close()
    assert settings.value("main/tab") == "visits"
    settings.setValue("main/tab", "1")  # as versions that kept the position wrote it
    again = make_window()
    assert again.current_tab() is again.tab("households")


class _Sender(QObject):
    payload = Signal(object)
    flag = Signal(bool)


def test_python_defined_signals_keep_reference_counts(app):
    """PySide6 6.12.0 leaks a reference per ``Signal.emit()`` (to ``True``, and to
    queued payloads), which is why our own events are plain callbacks and
    PySide6 stays at 6.11.3. This fails on a release that leaks: upgrade only
    when it passes there."""
    sender, received = _Sender(), []
    sender.payload.connect(lambda value: received.append(1), Qt.ConnectionType.QueuedConnection)
    sender.flag.connect(lambda value: None)
    value = object()
    gc.collect()
    before_value, before_true = sys.getrefcount(value), sys.getrefcount(True)
    emits = 3000
    for _ in range(emits):
        sender.payload.emit(value)
        sender.flag.emit(True)
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    gc.collect()
    assert len(received) == emits
    assert sys.getrefcount(value) - before_value < emits // 10
    assert sys.getrefcount(True) - before_true < emits // 10

"""Empty database, 新建村, smoke test, opening and backing up databases."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QFileDialog, QMessageBox

from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.gui import app as gui_app
from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Grid, Village
from tests.gui import sample_data
from tests.pgserver import sqlite_only


def test_welcome_page_on_empty_database(db, make_window):
    window = make_window()
    assert window.ui.stack.currentWidget() is window.ui.welcomeHolder
    assert window.welcome.isVisible()
    assert window.welcome.ui.createVillageButton.text().startswith("新建村")
    assert window.welcome.ui.loadDemoButton.text().startswith("载入演示数据")
    assert window.status_label.text() == "数据库中还没有村"


def test_new_village_dialog_creates_village(db, app, qtbot):
    dialog = VillageDialog()
    qtbot.addWidget(dialog)
    dialog.ui.name.setText("杏花村")
    dialog.ui.township.setText("城关镇")
    dialog.ui.supervisionPhone.setText("0371-66668888")
    dialog.ui.grids.setValue(3)
    dialog.accept()
    assert dialog.result() == VillageDialog.DialogCode.Accepted
    village = Village.get(Village.name == "杏花村")
    assert village.branch_name == "杏花村党支部"
    assert [g.name for g in village.grids.order_by(Grid.sort_order)] == ["一组", "二组", "三组"]


def test_new_village_dialog_shows_errors_at_the_field(db, app, qtbot):
    dialog = VillageDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.ui.grids.setFocus()
    dialog.ui.name.setText("  ")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.message("name") == "请填写村名"
    assert dialog.focusWidget() is dialog.ui.name
    dialog.ui.name.setText("杏花村")
    dialog.ui.supervisionPhone.setText("12345")
    dialog.accept()
    assert dialog.isVisible() and "11 位" in dialog.errors.message("supervision_phone")
    assert dialog.focusWidget() is dialog.ui.supervisionPhone
    assert not list_villages()


def test_creating_a_village_leaves_the_welcome_page(db, make_window, monkeypatch):
    window = make_window()

    def fake_exec(dialog):
        dialog.ui.name.setText("东风村")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(VillageDialog, "exec", fake_exec)
    window.welcome.ui.createVillageButton.click()
    assert window.ui.stack.currentWidget() is window.ui.tabsHolder
    assert window.village_combo.currentText() == "东风村"


def test_smoke_test_returns_zero(filled_db, db_target, app, settings, capsys):
    store_db.close_database()
    assert gui_app.run(db_target, named=True, smoke_test=True, settings=settings) == 0
    assert capsys.readouterr().err == ""


def test_smoke_test_on_missing_named_file(tmp_path, app, settings, capsys):
    missing = tmp_path / "nowhere.db"
    assert gui_app.run(missing, named=True, smoke_test=True, settings=settings) == 3
    assert "数据库文件不存在" in capsys.readouterr().err
    assert not missing.exists()


def test_default_location_is_created(tmp_path, app, settings):
    fresh = tmp_path / "data" / "lianhu.db"
    assert gui_app.run(fresh, named=False, smoke_test=True, settings=settings) == 0
    assert fresh.exists()


def test_missing_named_file_asks_before_creating(tmp_path, app, settings, monkeypatch):
    missing = tmp_path / "asked.db"
    asked = []

    def answer_no(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    assert gui_app.run(missing, named=True, settings=settings) == 3
    assert asked and "不存在" in asked[0]
    assert not missing.exists()


def test_corrupt_file_is_a_database_problem(tmp_path, app, settings, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert gui_app.run(bad, named=True, smoke_test=True, settings=settings) == 3
    assert capsys.readouterr().err.strip()


def test_font_and_translations_loaded(app):
    assert "WenQuanYi" in app.font().family() or "文泉" in app.font().family()
    assert gui_app.load_translations(app)


def test_exception_hook_logs_and_counts(tmp_path, capsys):
    hook = gui_app.ExceptionHook(tmp_path / "x.log", quiet=True)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    assert hook.errors == 1
    assert "boom" in capsys.readouterr().err


@sqlite_only
def test_backup_writes_a_copy(window, tmp_path, monkeypatch):
    target = tmp_path / "backups" / "copy.db"
    seen = {}

    def save_name(parent, title, suggested, filters):
        seen["suggested"] = suggested
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.ui.actionBackup.trigger()
    assert target.exists() and target.stat().st_size > 0
    assert "联户通备份_" in seen["suggested"] and seen["suggested"].endswith(".db")


def test_switch_database(window, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    current = window.db_path
    store_db.open_database(other, create=True)
    sample_data.fill(villages=1, members=5, households=10, visits_per_household=1, seed=7)
    store_db.open_database(current)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.ui.actionOpenDatabase.trigger()
    assert window.db_path == other
    assert window.village_combo.count() == 1
    assert window.tab("roster").model.rowCount() == 5


def test_switch_to_bad_database_keeps_the_current_one(window, tmp_path, shown_errors):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 500)
    assert not window.switch_database(bad)
    assert [title for _kind, title, _text in shown_errors] == ["无法打开数据库"]
    assert (store_db.database_path() or store_db.database_url()) == window.db_path
    window.refresh()
    assert window.tab("roster").model.rowCount() == 24


def test_load_demo_from_welcome_page(db, make_window, qtbot):
    window = make_window()
    window.welcome.ui.loadDemoButton.click()
    qtbot.waitUntil(lambda: window.ui.stack.currentWidget() is window.ui.tabsHolder, timeout=20000)
    assert window.tab("roster").model.rowCount() > 30
    assert not store_db.is_empty()


def test_cancelled_demo_leaves_database_empty(db, make_window, qtbot, monkeypatch):
    from lianhu_desktop.gui import workers
    from lianhu_desktop.gui.workers import run_with_progress

    def cancel_at_once(*args, **kwargs):
        job = run_with_progress(*args, **kwargs)
        job.cancel()
        return job

    monkeypatch.setattr(workers, "run_with_progress", cancel_at_once)  # what operations.run_op uses
    window = make_window()
    window.welcome.ui.loadDemoButton.click()
    qtbot.waitUntil(lambda: "已取消" in window.ui.statusBar.currentMessage(), timeout=20000)
    assert store_db.is_empty()
    assert window.ui.stack.currentWidget() is window.ui.welcomeHolder


def test_exception_hook_shows_chinese_message_and_logs(tmp_path, app, monkeypatch):
    log_path = gui_app.setup_logging()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    hook = gui_app.ExceptionHook(log_path, quiet=False)
    try:
        raise ValueError("坏了")
    except ValueError:
        hook(*sys.exc_info())
    assert shown and shown[0][0] == "程序出错"
    assert "坏了" in shown[0][1] and str(log_path) in shown[0][1]
    for handler in gui_app.log.handlers:
        handler.flush()
    assert log_path == tmp_path / "logs" / "lianhu.log"
    assert "ValueError: 坏了" in log_path.read_text(encoding="utf-8")


@sqlite_only
def test_a_locked_database_is_reported_as_such(tmp_path, app, monkeypatch):
    import peewee

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    hook = gui_app.ExceptionHook(None, quiet=False)
    try:
        raise peewee.OperationalError("database is locked")
    except peewee.OperationalError:
        hook(*sys.exc_info())
    assert shown[0][0] == "数据库出错"
    assert "锁定" in shown[0][1] and "没有保存" in shown[0][1]

"""文件 → 导出数据包, 合并数据包 (preview, merge, cancel, wrong passphrase), 备份设置 with a passphrase."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from lianhu_desktop import cli
from lianhu_desktop.gui import backup_actions, backup_settings, package_export, package_merge
from lianhu_desktop.gui.dialogs import passphrase_dialog
from lianhu_desktop.gui.dialogs.passphrase_dialog import PassphraseDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store import backups, merge, package
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import AuditLog, Member, PackageMerge, Village
from tests.pgserver import sqlite_only
from tests.unit.townshipfixtures import PASS, make_villages, package_of


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes recorded, never shown: (kind, title, text)."""
    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, kind=kind, **k:
                            shown.append((kind, title, text)) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    return shown


@pytest.fixture
def packages(tmp_path):
    """Two villages' packages (李家庄村, 王家湾村), written before the township database is opened."""
    folder = tmp_path / "villages"
    folder.mkdir()
    made = [package_of(v, folder / f"{v.stem}.lhpkg") for v in make_villages(folder)]
    store_db.close_database()
    return made


@pytest.fixture
def township(packages, db_path, make_window):
    """A window over an empty township database (the welcome page)."""
    store_db.open_database(db_path, create=True)
    window = make_window()
    yield window
    store_db.close_database()


def _wait(qtbot, window, attribute="merge_job"):
    qtbot.waitUntil(lambda: getattr(window, attribute, None) is not None
                    and not getattr(window, attribute).running, timeout=30000)


def _merge_flow(monkeypatch, paths, passphrases, decide=QDialog.DialogCode.Accepted):
    """The clerk's answers: the files, the passphrase(s) typed, 合并 or 取消 in the preview."""
    seen: dict = {"previews": [], "outcomes": []}
    monkeypatch.setattr(package_merge.QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    answers = iter(passphrases)
    monkeypatch.setattr(package_merge, "ask_passphrase", lambda *a, **k: next(answers, None))

    def exec_preview(dialog):
        seen["previews"].append(dialog)
        return decide

    monkeypatch.setattr(package_merge.MergePreviewDialog, "exec", exec_preview)
    monkeypatch.setattr(package_merge, "show_outcome", lambda window, results: seen["outcomes"].append(results))
    return seen


def test_the_file_menu_has_export_and_merge(window):
    texts = [a.text() for a in window.ui.menuFile.actions() if not a.isSeparator()]
    at = texts.index("导出数据包(&P)…")
    assert texts[at + 1] == "合并数据包(&G)…" and texts.index("备份设置(&S)…") < at < texts.index("刷新(&R)")


def test_export_via_the_menu_writes_a_package_the_cli_merges(window, qtbot, tmp_path, monkeypatch, boxes):
    usb = tmp_path / "usb"
    usb.mkdir()
    window.set_village(window.village_combo.itemData(1))
    name = window.village_combo.itemText(1)

    def exec_export(dialog):
        assert dialog.one.isChecked() and dialog.village.currentText() == name  # the current village
        dialog.folder.setText(str(usb))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(package_export.ExportPackageDialog, "exec", exec_export)
    monkeypatch.setattr(package_export, "ask_passphrase", lambda *a, **k: PASS)
    window.action_export_packages.trigger()
    _wait(qtbot, window, "package_job")
    path = usb / f"{name}_{datetime.date.today():%Y%m%d}.lhpkg"
    assert path.exists() and [p.name for p in usb.iterdir()] == [path.name]
    [(kind, title, text)] = boxes
    assert title == "导出完成" and path.name in text and package_export.file_size(path) in text
    secret = tmp_path / "pw.txt"
    secret.write_text(PASS, encoding="utf-8")
    township = tmp_path / "township.db"
    assert cli.main(["--db", str(township), "merge", str(path), "--passphrase-file", str(secret)]) == 0
    store_db.open_database(township, write=False)
    assert [v.name for v in Village.select()] == [name]
    store_db.close_database()


def test_export_of_every_village_when_all_are_shown(window, qtbot, tmp_path):
    dialog = package_export.ExportPackageDialog(window, [v for v in _villages()], None, str(tmp_path),
                                                today=datetime.date(2026, 3, 5))
    qtbot.addWidget(dialog)
    assert dialog.every.isChecked() and len(dialog.village_ids()) == 2
    assert "_20260305.lhpkg" in dialog.names.text()
    dialog.folder.setText(str(tmp_path / "missing"))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "已有的文件夹" in dialog.error.text()


def _villages():
    from lianhu_desktop.domain.villages import list_villages

    return list_villages()


def test_cancelling_an_export_leaves_no_file(window, qtbot, tmp_path, monkeypatch, boxes):
    usb = tmp_path / "usb"
    usb.mkdir()
    real = package.write_packages
    monkeypatch.setattr(package_export.package, "write_packages",
                        lambda *a, progress=None, **k: real(*a, progress=lambda d, t: d < t - 1, **k))
    ids = [window.village_combo.itemData(i) for i in range(1, window.village_combo.count())]
    package_export.start_export(window, usb, ids, PASS)
    _wait(qtbot, window, "package_job")
    assert list(usb.iterdir()) == [] and boxes == []


def test_merge_preview_shows_the_figures_then_merges(township, packages, qtbot, monkeypatch, tmp_path):
    seen = _merge_flow(monkeypatch, packages, [PASS])
    notices = []
    monkeypatch.setattr(township, "on_changes", lambda changes, source=None: notices.append(changes))
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: bool(seen["outcomes"]), timeout=30000)
    [dialog] = seen["previews"]
    figures = dialog.figures()
    [first, second] = figures
    assert first.startswith("李家庄村（") and second.startswith("王家湾村（")
    assert figures[first]["党员"] == [3, 0, 0, 0, 0] and figures[first]["走访记录"] == [4, 0, 0, 0, 0]
    assert dialog.merge_button.isEnabled() and "2 个可以合并" in dialog.summary.text()
    [results] = seen["outcomes"]
    assert [r.status for r in results] == ["merged", "merged"] and not any(r.dry_run for r in results)
    assert Village.select().count() == 2 and Member.select().count() == 6
    assert AuditLog.select().where(AuditLog.action == "合并数据包").count() > 0
    assert notices and {Change.VILLAGES, Change.MEMBERS, Change.VISITS} <= notices[-1]
    report = tmp_path / "合并报告.xlsx"
    package_merge.save_report(township, results, report)
    assert openpyxl.load_workbook(report)["合并汇总"].max_row == 1 + sum(len(r.tables) for r in results)


def test_a_wrong_passphrase_is_said_and_asked_again_and_nothing_changes(township, packages, qtbot, monkeypatch,
                                                                         boxes):
    seen = _merge_flow(monkeypatch, packages, ["不对的密码12345"])
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=30000)
    _wait(qtbot, township)
    assert boxes[0][1] == "密码不对" and "数据库未作任何改动" in boxes[0][2]
    assert seen["previews"] == [] and store_db.is_empty() and PackageMerge.select().count() == 0


def test_a_tampered_package_is_refused_in_words(township, packages, qtbot, monkeypatch, boxes):
    data = bytearray(packages[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    packages[0].write_bytes(bytes(data))
    seen = _merge_flow(monkeypatch, packages[:1], [PASS])
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=30000)
    assert boxes[0][1] == "无法合并" and "损坏或被改动" in boxes[0][2]
    assert seen["previews"] == [] and store_db.is_empty()


def test_cancel_in_the_preview_leaves_nothing(township, packages, qtbot, monkeypatch):
    seen = _merge_flow(monkeypatch, packages, [PASS], decide=QDialog.DialogCode.Rejected)
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: bool(seen["previews"]), timeout=30000)
    assert store_db.is_empty() and PackageMerge.select().count() == 0
    assert "已取消合并" in township.ui.statusBar.currentMessage()


def test_cancel_during_the_merge_keeps_whole_packages_only(township, packages, qtbot, monkeypatch, boxes):
    seen = _merge_flow(monkeypatch, packages, [PASS])
    real = merge.merge_packages

    def cancelled_in_the_second(paths, passphrase, progress=None):
        # 取消 pressed while the second package is being merged.
        return real(paths, passphrase, progress=lambda done, total: done < total // 2 + 3)

    monkeypatch.setattr(package_merge.merge, "merge_packages", cancelled_in_the_second)
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: bool(boxes), timeout=30000)
    assert seen["outcomes"] == []
    assert boxes[0][1] == "合并已取消" and "李家庄村" in boxes[0][2] and "王家湾村" not in boxes[0][2]
    assert [v.name for v in Village.select()] == ["李家庄村"] and PackageMerge.select().count() == 1


def test_cancel_during_a_single_package_leaves_nothing(township, packages, qtbot, monkeypatch, boxes):
    _merge_flow(monkeypatch, packages[:1], [PASS])
    real = merge.merge_packages
    monkeypatch.setattr(package_merge.merge, "merge_packages",
                        lambda paths, passphrase, progress=None: real(paths, passphrase, progress=lambda d, t: d < 5))
    township.action_merge_packages.trigger()
    qtbot.waitUntil(lambda: "已取消" in township.ui.statusBar.currentMessage(), timeout=30000)
    assert store_db.is_empty() and PackageMerge.select().count() == 0 and boxes == []


def test_the_passphrase_dialog_asks_twice_when_creating(qtbot, app):
    dialog = PassphraseDialog(None, create=True, title="数据包密码", intro="请输入")
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    assert "太短" in dialog.strength.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "至少要 8 个字符" in dialog.error.text()
    dialog.first.setText("李家庄村党支部-联户-2026")
    assert dialog.strength.text() == "强"
    dialog.second.setText("李家庄村党支部-联户-2025")
    dialog.accept()
    assert "两次输入的密码不一样" in dialog.error.text()
    dialog.second.setText("李家庄村党支部-联户-2026")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    opening = PassphraseDialog(None, create=False, title="数据包密码", intro="请输入")
    qtbot.addWidget(opening)
    assert opening.second.isHidden() and opening.strength.isHidden()


@sqlite_only
def test_backup_settings_with_a_passphrase_seal_the_second_folder_and_restore_asks(window, qtbot, tmp_path,
                                                                                   monkeypatch, boxes):
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / backups.stamped_name(backups.AUTO_PREFIX, datetime.datetime(2025, 1, 1))).write_bytes(b"old")
    monkeypatch.setattr(backup_settings, "ask_passphrase", lambda *a, **k: PASS)

    def exec_settings(dialog):
        dialog.folder.setText(str(usb))
        dialog.set_passphrase()
        assert "已设置密码" in dialog.status.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_settings.BackupSettingsDialog, "exec", exec_settings)
    window.action_edit_backup_settings.trigger()
    assert PASS not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert backup_settings.seal_key(window.settings) is not None
    assert list(usb.iterdir()) == []  # the plain backup left from before was deleted, as asked
    written = backup_actions.automatic_backup(window, force=True)
    assert [p.suffix for p in written] == [".db", ".lhbak"] and written[1].parent == usb
    before = Village.select().count()
    Village.create(name="后加的村")
    monkeypatch.setattr(backup_actions.QFileDialog, "getOpenFileName", lambda *a, **k: (str(written[1]), ""))
    asked = []
    monkeypatch.setattr(passphrase_dialog, "ask_passphrase", lambda *a, **k: asked.append(k["title"]) or PASS)
    monkeypatch.setattr(backup_actions, "_ask", lambda *a, **k: True)
    window.action_choose_and_restore.trigger()
    assert asked == ["备份密码"] and Village.select().count() == before
    assert any("已从备份恢复" in text for _, _, text in boxes)

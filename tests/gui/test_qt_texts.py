"""Qt's own dialogs speak Chinese: the file dialog Qt draws itself, standard buttons."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QFileDialog, QLabel, QTreeView


def test_widget_file_dialog_has_no_english_label(app, qtbot, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "保存 PDF", str(tmp_path), "PDF 文件 (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
        english = [t for t in texts if re.search("[A-Za-z]{2}", t.replace("PDF", ""))]
        assert english == [], english
        assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
        tree = dialog.findChild(QTreeView)
        qtbot.waitUntil(lambda t=tree: t.model().rowCount(t.rootIndex()) > 0, timeout=5000)
        kinds = {tree.model().index(row, 2, tree.rootIndex()).data()
                 for row in range(tree.model().rowCount(tree.rootIndex()))}
        assert "文件夹" in kinds and "Folder" not in kinds
        dialog.close()


def test_standard_buttons_still_come_from_the_catalog(app):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [button.text() for button in box.buttons()] == ["确定", "取消"]


def test_window_titles_say_the_program_name_once(window, app):
    from lianhu_desktop import APP_NAME

    # Qt appends the display name to every window title; no title repeats it.
    assert app.applicationDisplayName() == APP_NAME
    assert APP_NAME not in window.windowTitle() and window.windowTitle() == window.location_name()


def test_ui_font_prefers_microsoft_yahei_when_installed(app):
    from lianhu_desktop.gui.app import ui_font_family

    assert ui_font_family("WenQuanYi Micro Hei", {"Microsoft YaHei"}.__contains__) == "Microsoft YaHei"
    assert ui_font_family("WenQuanYi Micro Hei", {"Microsoft YaHei UI", "Microsoft YaHei"}.__contains__) \
        == "Microsoft YaHei UI"
    assert ui_font_family("WenQuanYi Micro Hei", lambda _name: False) == "WenQuanYi Micro Hei"
    # This test machine has no 微软雅黑: the application runs on the bundled font.
    assert app.font().family() == ui_font_family("WenQuanYi Micro Hei")

"""打印设置: the door plate's title, the service items and the contact book's useful numbers.

Settings are kept per village with a database-wide default
(``domain.printing``); an empty field restores the built-in default.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from lianhu_desktop.domain import printing
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.domain.vocab import DUTIES
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_print_settings_dialog import Ui_PrintSettingsDialog
from lianhu_desktop.gui.operations import Change

ALL_VILLAGES = "所有村（默认）"
_NUMBER_LINE = re.compile(r"^(.*?\S)[\s:：,，]+(\S+)$")


def parse_numbers(text: str) -> list[tuple[str, str]]:
    """(name, number) pairs from lines like ``村委会 0938-1234567``; a Chinese error names a bad line."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _NUMBER_LINE.match(line)
        if match is None:
            raise ValidationError(f"常用电话第 {number} 行“{line}”：请写成“名称 号码”，中间用空格隔开")
        pairs.append((match.group(1).strip(), match.group(2)))
    return pairs


def format_numbers(pairs) -> str:
    return "\n".join(f"{name} {number}" for name, number in pairs)


class PrintSettingsDialog(QDialog):
    """Edit the print settings of one village (or the database-wide default)."""

    def __init__(self, parent=None, village_id: int | None = None):
        super().__init__(parent)
        self.ui = Ui_PrintSettingsDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        villages = list_villages()
        combo = self.ui.villageCombo
        if len(villages) > 1:
            combo.addItem(ALL_VILLAGES, None)
        for village in villages:
            combo.addItem(village.name, village.id)
        combo.setCurrentIndex(max(0, combo.findData(village_id)))
        self._shown = combo.currentIndex()
        self.load()
        combo.currentIndexChanged.connect(self._village_changed)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.defaultsButton.clicked.connect(self.restore_defaults)

    def village_id(self) -> int | None:
        return self.ui.villageCombo.currentData()

    def load(self) -> None:
        """Show the settings in force for the chosen village."""
        village_id, ui = self.village_id(), self.ui
        title = printing.get_plate_title(village_id)
        ui.plateTitle.setText("" if title == printing.DEFAULT_PLATE_TITLE else title)
        ui.serviceItems.setPlainText("\n".join(printing.get_service_items(village_id)))
        ui.usefulNumbers.setPlainText(format_numbers(printing.get_useful_numbers(village_id)))
        self._loaded = self._values()

    def _values(self) -> tuple:
        ui = self.ui
        return ui.plateTitle.text(), ui.serviceItems.toPlainText(), ui.usefulNumbers.toPlainText()

    def restore_defaults(self) -> None:
        self.ui.plateTitle.clear()
        self.ui.serviceItems.setPlainText("\n".join(DUTIES))
        self.ui.usefulNumbers.setPlainText(format_numbers(printing.DEFAULT_USEFUL_NUMBERS))

    def save(self) -> bool:
        """Store the fields for the chosen village; a mistake is shown and nothing is stored."""
        village_id, ui = self.village_id(), self.ui

        def store() -> None:
            numbers = parse_numbers(ui.usefulNumbers.toPlainText())
            items = [line.strip() for line in ui.serviceItems.toPlainText().splitlines() if line.strip()]
            if len(items) > 16:
                raise ValidationError(f"服务事项最多 16 项，现在有 {len(items)} 项")
            printing.save_print_settings(
                village_id, ui.plateTitle.text(), [] if items == list(DUTIES) else items,
                None if not numbers or numbers == list(printing.DEFAULT_USEFUL_NUMBERS) else numbers)

        if not operations.run_op(self, store, changes={Change.SETTINGS}, title="无法保存"):
            return False
        self._loaded = self._values()
        return True

    def _village_changed(self) -> None:
        if self._values() != self._loaded:
            answer = QMessageBox.question(
                self, "打印设置", f"要保存对“{self.ui.villageCombo.itemText(self._shown)}”的修改吗？",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            combo = self.ui.villageCombo
            if answer == QMessageBox.StandardButton.Cancel or answer == QMessageBox.StandardButton.Save and \
                    not self._save_shown():
                combo.blockSignals(True)
                combo.setCurrentIndex(self._shown)
                combo.blockSignals(False)
                return
        self._shown = self.ui.villageCombo.currentIndex()
        self.load()

    def _save_shown(self) -> bool:
        """Save the fields for the village shown before the combo moved."""
        combo = self.ui.villageCombo
        current = combo.currentIndex()
        combo.blockSignals(True)
        combo.setCurrentIndex(self._shown)
        saved = self.save()
        combo.setCurrentIndex(current)
        combo.blockSignals(False)
        return saved

    def accept(self) -> None:
        if self.save():
            super().accept()


def open_print_settings(window) -> None:
    """Show the print settings for the window's current village."""
    if not list_villages():
        QMessageBox.information(window, "打印设置", "数据库中还没有村，请先建村或导入数据。")
        return
    village_id = getattr(window, "current_village_id", lambda: None)()
    dialog = PrintSettingsDialog(window, village_id)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.statusBar().showMessage("打印设置已保存，下次生成的联户牌、名片和联系手册将按新设置印制", 8000)

"""管理 → 村: the villages of the database, each editable, and 新建村.

``install(window)`` puts 村… at the top of the 管理 menu and keeps the main
window's village selector in step with every change of villages (names, a
new village), wherever the change was made.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lianhu_desktop.domain.villages import list_villages, village_data
from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog
from lianhu_desktop.gui.screens import fit_to_screen

HEADERS = ("村名", "所属乡镇", "党支部", "党支部书记", "监督电话", "每名党员联户")


class VillagesDialog(QDialog):
    """村: a table of the villages with 修改… and 新建村…; double click edits."""

    def __init__(self, parent: QWidget | None = None, current: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("村")
        layout = QVBoxLayout(self)
        intro = QLabel("村名、党支部、书记和监督电话印在联户牌、工作手册和名片上；"
                       "修改后重新打印即为新的内容。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("villagesTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_village())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton("修改(&E)…", self)
        self.edit_button.setObjectName("editVillage")
        self.edit_button.clicked.connect(self.edit_village)
        self.add_button = QPushButton("新建村(&N)…", self)
        self.add_button.setObjectName("addVillage")
        self.add_button.clicked.connect(self.add_village)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.fill(current)
        self.resize(760, 320)
        fit_to_screen(self)

    def fill(self, select: int | None = None) -> None:
        table = self.table
        table.setRowCount(0)
        for row, village in enumerate(list_villages()):
            data = village_data(village.id)
            values = (data.name, data.township, data.branch_name, data.secretary,
                      data.supervision_phone, f"{data.link_min}–{data.link_max} 户")
            table.insertRow(row)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, village.id)
                table.setItem(row, column, item)
            if village.id == select:
                table.selectRow(row)
        if table.currentRow() < 0 and table.rowCount():
            table.selectRow(0)
        for column in range(len(HEADERS) - 1):
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, table.columnWidth(column) + 16)
        self.edit_button.setEnabled(table.rowCount() > 0)

    def selected_village(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def edit_village(self) -> None:
        village_id = self.selected_village()
        if village_id is None:
            return
        dialog = VillageDialog(self, village_id)
        if dialog.exec():
            self.fill(village_id)

    def add_village(self) -> None:
        dialog = VillageDialog(self)
        if dialog.exec() and dialog.village is not None:
            self.fill(dialog.village.id)


def open_villages(window) -> None:
    VillagesDialog(window, window.current_village_id()).exec()


def install(window) -> None:
    """Add 村… at the top of the 管理 menu (the main window refills its village selector on the notice)."""
    menu = window.findChild(QMenu, "menuManage")
    if menu is None:
        menu = QMenu("管理(&M)", window.menuBar())
        menu.setObjectName("menuManage")
        window.menuBar().insertMenu(window.ui.menuHelp.menuAction(), menu)
    action = QAction("村(&V)…", window)
    action.setObjectName("actionVillages")
    action.setStatusTip("修改村名、党支部、书记、监督电话和联户数范围，或新建村")
    action.triggered.connect(lambda: open_villages(window))
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    menu.aboutToShow.connect(
        lambda: action.setEnabled(window.ui.stack.currentWidget() is window.ui.tabsHolder))

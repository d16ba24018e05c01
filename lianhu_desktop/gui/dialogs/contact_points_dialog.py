"""联系点: which cadre (支委) takes which grid as contact point, added and removed through run_op."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import contact_points
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit
from lianhu_desktop.gui.operations import Change


class ContactPointsDialog(QDialog):
    """The village's contact points, with a form to add one and a button to remove one."""

    def __init__(self, parent: QWidget | None, village_id: int):
        super().__init__(parent)
        self.village_id = village_id
        self.setWindowTitle("联系点")
        self.setObjectName("contactPointsDialog")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("村干部（支委）各联系一个网格，每月到网格走访不少于 2 次。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("contactPointTable")
        self.table.setHorizontalHeaderLabels(["联系干部", "联系网格", "开始日期", "备注"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.remove_button = QPushButton("删除所选联系点", self)
        self.remove_button.setObjectName("removeContactPoint")
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        form = QFormLayout()
        self.member = QComboBox(self)
        self.member.setObjectName("contactMember")
        for member_id, name in contact_points.cadres(village_id):
            self.member.addItem(name, member_id)
        self.grid = QComboBox(self)
        self.grid.setObjectName("contactGrid")
        for grid in list_grids(village_id):
            self.grid.addItem(grid.name, grid.id)
        self.start = OptionalDateEdit(self)
        self.start.set_value(datetime.date.today().replace(month=1, day=1))
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(contact_points.NOTES_MAX)
        form.addRow("联系干部：", self.member)
        form.addRow("联系网格：", self.grid)
        form.addRow("开始日期：", self.start)
        form.addRow("备注：", self.notes)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        layout.addWidget(self.error)
        self.add_button = QPushButton("添加联系点", self)
        self.add_button.setObjectName("addContactPoint")
        self.add_button.clicked.connect(self.add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        if not self.member.count():
            self.add_button.setEnabled(False)
            self.show_error("本村还没有支委：先在党员信息中勾选“支委”")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        self.points = contact_points.list_contact_points(self.village_id)
        self.table.setRowCount(len(self.points))
        for r, point in enumerate(self.points):
            for c, value in enumerate((point.member_name, point.grid_name, point.start_date.isoformat(),
                                       point.notes)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, point.id)
                self.table.setItem(r, c, item)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def show_error(self, message: str, _field: str | None = None) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def add(self) -> None:
        self.show_error("")
        start = self.start.value()
        if start is None:
            self.show_error("请填写开始日期")
            return
        operations.run_op(self, contact_points.add_contact_point, self.member.currentData(),
                          self.grid.currentData(), start, self.notes.text(),
                          changes={Change.ORGANISATION}, inline_errors=self.show_error,
                          on_success=lambda _point: (self.notes.clear(), self.reload()))

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        point = self.points[rows[0].row()]
        answer = QMessageBox.question(self, "删除联系点",
                                      f"删除{point.member_name}联系“{point.grid_name}”的联系点？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        operations.run_op(self, contact_points.remove_contact_point, point.id, changes={Change.ORGANISATION},
                          title="不能删除", on_success=lambda _none: self.reload())

"""帮助 → 操作记录: the audit trail, filterable, a page at a time; the operator's name.

Rows come from ``domain.audit.list_changes`` (SQL filters and sorts; the
view holds one page of 500 lines and fetches the next on 显示更多).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout)

from lianhu_desktop.domain import audit
from lianhu_desktop.gui.operations import Change, run_op, run_query
from lianhu_desktop.store import db as store_db

PAGE = 500


class AuditModel(QAbstractTableModel):
    """The lines fetched so far for one filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple] = []
        self.total = 0
        self.filters = audit.AuditFilter()

    def reload(self, filters: audit.AuditFilter) -> None:
        self.beginResetModel()
        self.filters = filters
        self.total = audit.count_changes(filters)
        self.rows = audit.list_changes(filters, limit=PAGE)
        self.endResetModel()

    def fetch_more_rows(self) -> None:
        more = audit.list_changes(self.filters, limit=PAGE, offset=len(self.rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(audit.HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return audit.HEADERS[section]
        return None


class AuditDialog(QDialog):
    """The 操作记录 window."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("操作记录")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem("全部", None)
        for table, label in audit.TABLE_LABELS.items():
            self.kind.addItem(label, table)
        self.since = QDateEdit(self)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("姓名、电话、字段、操作人……")
        self.text.setClearButtonEnabled(True)
        search = QPushButton("查询", self)
        for label, widget in (("对象：", self.kind), ("起始日期：", self.since), ("包含：", self.text)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget, 1 if widget is self.text else 0)
        filters.addWidget(search)
        layout.addLayout(filters)

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column, width in enumerate((150, 80, 60, 200, 110, 170, 170)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(audit.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.more = QPushButton("显示更多", self)
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.more)
        bottom.addWidget(QLabel("操作人：", self))
        self.operator = QLineEdit(self)
        self.operator.setMaxLength(audit.MAX_OPERATOR)
        self.operator.setPlaceholderText("记入操作记录的姓名")
        self.operator.setText(audit.current_operator())
        self.save_operator = QPushButton("保存操作人", self)
        self.save_operator.setEnabled(not store_db.is_read_only())
        bottom.addWidget(self.operator)
        bottom.addWidget(self.save_operator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        search.clicked.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.more.clicked.connect(self._more)
        self.save_operator.clicked.connect(self._save_operator)
        self.refresh()

    def current_filter(self) -> audit.AuditFilter:
        since = self.since.date()
        return audit.AuditFilter(since=datetime.date(since.year(), since.month(), since.day()),
                                 table=self.kind.currentData(), text=self.text.text().strip())

    def refresh(self) -> None:
        run_query(self, self.model.reload, self.current_filter(), on_success=lambda _r: self._counted())

    def _more(self) -> None:
        run_query(self, self.model.fetch_more_rows, on_success=lambda _r: self._counted())

    def _counted(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(f"共 {total} 条，显示 {shown} 条" if total else "没有符合条件的操作记录")
        self.more.setEnabled(shown < total)

    def _save_operator(self) -> None:
        run_op(self, audit.set_default_operator, self.operator.text(), changes={Change.SETTINGS},
               on_success=lambda name: self.operator.setText(name or audit.current_operator()),
               title="操作人没有保存")


def show_audit(window) -> AuditDialog:
    dialog = AuditDialog(window)
    window.audit_dialog = dialog
    dialog.show()
    return dialog


def install(window) -> None:
    """Add 操作记录 to the 帮助 menu."""
    action = QAction("操作记录(&L)…", window)
    action.triggered.connect(lambda: show_audit(window))
    window.ui.menuHelp.insertAction(window.ui.actionAbout, action)
    window.action_audit = action

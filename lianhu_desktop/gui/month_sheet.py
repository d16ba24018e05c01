"""The month sheet (月走访表): tick a member's households × days to transcribe a paper diary.

Keys: type the day of the month and press Enter to tick it in the current
row (the cursor then goes to the next household); Space ticks or unticks
the current cell; arrows move. A tick records a visit with the form and
duties shown above (by default the member's last ones); unticking deletes
that day's visits, after asking.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import visit_sheet, visits, vocab
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.visit_entry import DutyBox

TICK = "✓"
WEEKEND = QColor("#F1F4F8")
FUTURE = QColor("#E4E4E4")


class SheetTable(QTableWidget):
    """The grid; digits + Enter and Space are the sheet's own keys."""

    def __init__(self, parent: QWidget, dialog: MonthSheetDialog):
        super().__init__(parent)
        self.dialog = dialog
        self.typed = ""

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.typed = (self.typed + text)[-2:]
            self.dialog.show_typed(self.typed)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.typed:
                day, self.typed = int(self.typed), ""
                self.dialog.show_typed("")
                self.dialog.tick_typed_day(day)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Backspace and self.typed:
            self.typed = self.typed[:-1]
            self.dialog.show_typed(self.typed)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space:
            self.dialog.toggle(self.currentRow(), self.currentColumn())
            event.accept()
            return
        super().keyPressEvent(event)


class MonthSheetDialog(QDialog):
    """One member's month: households (rows) × days (columns)."""

    def __init__(self, parent: QWidget | None, village_id: int | None, *, member_id: int | None = None,
                 month: datetime.date | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("monthSheetDialog")
        self.setWindowTitle("月走访表")
        self.today = today or datetime.date.today()
        self.sheet: visit_sheet.MonthSheet | None = None
        self.member = QComboBox(self)
        self.member.setObjectName("sheetMember")
        for choice in visits.member_choices(village_id):
            self.member.addItem(choice.name, choice.id)
        self.month = QDateEdit(self)
        self.month.setObjectName("sheetMonth")
        self.month.setDisplayFormat("yyyy年MM月")
        self.month.setMaximumDate(QDate(self.today))
        self.month.setDate(QDate(month or self.today))
        self.form = QComboBox(self)
        self.form.setObjectName("sheetForm")
        self.form.addItems(vocab.VISIT_FORMS)
        self.duties = DutyBox(self)
        self.duties.setObjectName("sheetDuties")
        top = QHBoxLayout()
        for label, widget in (("党员：", self.member), ("月份：", self.month), ("打勾记为：", self.form)):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addStretch(1)
        self.table = SheetTable(self, self)
        self.table.setObjectName("sheetTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setMinimumSectionSize(10)
        self.table.cellDoubleClicked.connect(self.toggle)
        self.hint = QLabel("输入日期数字后回车：在当前农户的这一天打勾；空格：勾选或取消当前格", self)
        self.hint.setObjectName("sheetHint")
        self.typed = QLabel(self)
        self.typed.setObjectName("sheetTyped")
        self.summary = QLabel(self)
        self.summary.setObjectName("sheetSummary")
        close = QPushButton("关闭", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.typed)
        bottom.addWidget(self.summary)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        duties_row = QHBoxLayout()
        duties_row.addWidget(QLabel("履行职责：", self))
        duties_row.addWidget(self.duties, 1)
        layout.addLayout(duties_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        if member_id is not None:
            self.member.setCurrentIndex(max(self.member.findData(member_id), 0))
        self.member.currentIndexChanged.connect(lambda _i: self.load(defaults=True))
        self.month.dateChanged.connect(lambda _d: self.load())
        self.resize(1000, 520)
        self.load(defaults=True)

    # ------------------------------------------------------------ reading

    def load(self, *, defaults: bool = False) -> None:
        member_id = self.member.currentData()
        if member_id is None:
            self.summary.setText("没有可选的党员")
            return
        month = self.month.date().toPython()
        operations.run_query(self, visit_sheet.month_sheet, member_id, month.year, month.month,
                             on_success=lambda sheet: self._show(sheet, defaults))

    def _show(self, sheet: visit_sheet.MonthSheet, defaults: bool) -> None:
        self.sheet = sheet
        if defaults:
            form, mask = visits.last_form_and_duties(sheet.member_id)
            self.form.setCurrentText(form)
            self.duties.set_mask(mask)
        table = self.table
        table.blockSignals(True)
        table.clear()
        table.setRowCount(len(sheet.households))
        table.setColumnCount(sheet.days + 1)
        table.setHorizontalHeaderLabels([str(d) for d in range(1, sheet.days + 1)] + ["次数"])
        table.setVerticalHeaderLabels([h.label + ("（联户以外）" if h.id in sheet.outside else "")
                                       for h in sheet.households])
        width = self.fontMetrics().horizontalAdvance("30") + 12
        for column in range(sheet.days + 1):
            table.setColumnWidth(column, width if column < sheet.days else width + 14)
        for row in range(len(sheet.households)):
            for number in range(1, sheet.days + 1):
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                day = sheet.day(number)
                if day > self.today:
                    item.setBackground(QBrush(FUTURE))
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                elif day.weekday() >= 5:
                    item.setBackground(QBrush(WEEKEND))
                table.setItem(row, number - 1, item)
            self._paint_row(row)
        table.blockSignals(False)
        if sheet.households:
            table.setCurrentCell(0, 0)
        table.setFocus()
        self._summarise()

    def _paint_row(self, row: int) -> None:
        sheet = self.sheet
        household = sheet.households[row]
        for number in range(1, sheet.days + 1):
            self.table.item(row, number - 1).setText(TICK if sheet.visited(household.id, number) else "")
        count = QTableWidgetItem(str(sheet.count(household.id)))
        count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        count.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, sheet.days, count)

    def _summarise(self) -> None:
        sheet = self.sheet
        visited = sum(1 for h in sheet.households if sheet.count(h.id))
        self.summary.setText(f"{sheet.member_name} {sheet.year}年{sheet.month}月：{len(sheet.households)} 户，"
                             f"已走访 {visited} 户")

    # ------------------------------------------------------------ ticking

    def show_typed(self, typed: str) -> None:
        self.typed.setText(f"日期：{typed}" if typed else "")

    def tick_typed_day(self, day: int) -> None:
        """Tick ``day`` in the current row and go to the next household."""
        if self.sheet is None or not self.sheet.households:
            return
        if not 1 <= day <= self.sheet.days:
            self.typed.setText(f"本月没有 {day} 日")
            return
        row = max(self.table.currentRow(), 0)
        self.table.setCurrentCell(row, day - 1)
        household = self.sheet.households[row]
        if not self.sheet.visited(household.id, day):
            self.toggle(row, day - 1, advance=True)
        elif row + 1 < len(self.sheet.households):
            self.table.setCurrentCell(row + 1, day - 1)

    def toggle(self, row: int, column: int, *, advance: bool = False) -> None:
        """Tick the cell (record a visit) or untick it (delete that day's visits, after asking)."""
        sheet = self.sheet
        if sheet is None or not (0 <= row < len(sheet.households) and 0 <= column < sheet.days):
            return
        household, day = sheet.households[row], column + 1
        if sheet.day(day) > self.today:
            self.typed.setText("不能记录今天以后的走访")
            return

        def done(_result) -> None:
            self._paint_row(row)
            self._summarise()
            if advance and row + 1 < len(sheet.households):
                self.table.setCurrentCell(row + 1, column)

        if sheet.visited(household.id, day):
            answer = QMessageBox.question(
                self, "取消走访", f"删除{sheet.member_name}在 {sheet.day(day).isoformat()} 走访"
                f"{household.head_name}的记录吗？（此后可在操作记录中查到）")
            if answer != QMessageBox.StandardButton.Yes:
                return
            operations.run_op(self, visit_sheet.untick, sheet, household.id, day, changes={Change.VISITS},
                              on_success=done, title="取消走访", source=self)
        else:
            operations.run_op(self, visit_sheet.tick, sheet, household.id, day, self.form.currentText(),
                              self.duties.mask(), today=self.today, changes={Change.VISITS},
                              on_success=done, title="记录走访", source=self)

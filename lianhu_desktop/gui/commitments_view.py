"""党员承诺: the members' public commitments of a year, with the 1–5 warning.

Adding, editing and deleting (confirmed) go through ``operations.run_op``
(``Change.COMMITMENTS``); 打印公示 opens the 承诺公示 in the 打印中心.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import commitments, meetings
from lianhu_desktop.domain.vocab import COMMITMENT_STATUSES
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.meetings_view import _item, list_table, open_print
from lianhu_desktop.gui.form_parts import error_label, save_buttons, year_spin
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import StatefulView, ViewState

ALL = "全部"
STATUS_COLOURS = {"已完成": "#1b6e2d", "未完成": "#b3261e"}


def member_combo(parent: QWidget, village_id: int, chosen: int | None = None) -> QComboBox:
    """An editable member picker: type a name (or part of it) and pick."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for person in meetings.expected_members(village_id, None, also=[chosen] if chosen else ()):
        combo.addItem(person.name + (f"（{person.party_group}）" if person.party_group else ""), person.id)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
    return combo


def chosen_id(combo: QComboBox) -> int | None:
    """The picked item's id, None when the typed text names no item."""
    index = combo.findText(combo.currentText())
    return combo.itemData(index) if index >= 0 else None


def text_box(parent: QWidget, value: str, name: str, hint: str, height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit(value, parent)
    box.setObjectName(name)
    box.setPlaceholderText(hint)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


class CommitmentDialog(QDialog):
    """A new (``commitment_id`` None) or stored commitment."""

    def __init__(self, parent: QWidget | None, village_id: int, year: int, commitment_id: int | None = None,
                 member_id: int | None = None):
        super().__init__(parent)
        self.commitment_id = commitment_id
        self.saved = None
        self.setWindowTitle("修改承诺" if commitment_id else "新增承诺")
        # What the commitment was when loaded: the save is refused if someone else saved it since.
        self.loaded = commitments.load_commitment(commitment_id) if commitment_id else None
        data = commitments.commitment_data(commitment_id) if commitment_id else \
            commitments.CommitmentData(member_id=member_id, year=year)
        self.member = member_combo(self, village_id, data.member_id)
        self.member.setObjectName("member")
        self.year = year_spin(self, "year", data.year or year)
        self.content = text_box(self, data.content, "content", "承诺为群众办的实事，如：帮助联系户发展庭院种植")
        self.deadline = OptionalDateEdit(self)
        self.deadline.setObjectName("deadline")
        self.deadline.setMaximumDate(QDate(2100, 12, 31))
        self.deadline.start_date = datetime.date(self.year.value(), 12, 31)
        self.deadline.set_value(data.deadline)
        self.quality = text_box(self, data.quality_standard, "qualityStandard", "达到什么标准算完成", 48)
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        self.status.addItems(COMMITMENT_STATUSES)
        self.status.setCurrentText(data.status)
        self.result_text = text_box(self, data.result, "result", "完成情况或未完成的原因", 48)
        self.error_label = error_label(self)
        buttons = save_buttons(self, self.save)
        form = QFormLayout()
        form.addRow("党员(&M)：", self.member)
        form.addRow("年度(&Y)：", self.year)
        form.addRow("承诺内容(&C)：", self.content)
        form.addRow("完成时限(&L)：", self.deadline)
        form.addRow("质量标准(&Q)：", self.quality)
        form.addRow("进展情况(&S)：", self.status)
        form.addRow("完成情况(&R)：", self.result_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, {"member_id": self.member, "year": self.year, "content": self.content,
                                         "deadline": self.deadline, "quality_standard": self.quality,
                                         "status": self.status, "result": self.result_text}, self.error_label)
        self.resize(560, 520)
        (self.content if data.member_id else self.member).setFocus()

    def data(self) -> commitments.CommitmentData:
        return commitments.CommitmentData(chosen_id(self.member), self.year.value(), self.content.toPlainText(),
                                          self.deadline.value(), self.quality.toPlainText(),
                                          self.status.currentText(), self.result_text.toPlainText())

    def save(self) -> None:
        self.errors.clear()

        def saved(row) -> None:
            self.saved = row
            self.accept()

        operations.run_op(self, commitments.save_commitment, self.data(), self.commitment_id, self.loaded,
                          changes={Change.COMMITMENTS}, on_success=saved, inline_errors=self.errors,
                          title="无法保存承诺", reload=self.reload if self.commitment_id else None)

    def reload(self) -> None:
        """Show the commitment as saved now (someone else saved it since this dialog opened)."""
        self.loaded = commitments.load_commitment(self.commitment_id)
        data = commitments.commitment_data(self.commitment_id)
        self.member.setCurrentIndex(self.member.findData(data.member_id))
        self.year.setValue(data.year)
        self.content.setPlainText(data.content)
        self.deadline.set_value(data.deadline)
        self.quality.setPlainText(data.quality_standard)
        self.status.setCurrentText(data.status)
        self.result_text.setPlainText(data.result)


class CommitmentsView(StatefulView, QWidget):
    """The chosen village's commitments of a year, member by member."""

    depends = frozenset({Change.COMMITMENTS, Change.MEMBERS, Change.VILLAGES})

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("commitmentsView")
        self.today = today or datetime.date.today()
        self.village_id: int | None = None
        self.rows: list[commitments.CommitmentRow] = []
        self.state = ViewState(self, self.depends, lambda _changes: self.reload())
        self.year = year_spin(self, "commitmentYear", self.today.year, self.reload)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(ALL, None)
        for status in COMMITMENT_STATUSES:
            self.status_filter.addItem(status, status)
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.new_button = QPushButton("新增承诺(&N)…", self)
        self.new_button.setObjectName("newCommitment")
        self.new_button.clicked.connect(self.new_commitment)
        self.edit_button = QPushButton("修改(&E)…", self)
        self.edit_button.clicked.connect(self.edit_commitment)
        self.delete_button = QPushButton("删除(&D)", self)
        self.delete_button.clicked.connect(self.delete_commitment)
        self.print_button = QPushButton("打印承诺公示(&P)…", self)
        self.print_button.clicked.connect(self.print_notice)
        self.table = list_table(("党员", "党小组", "承诺内容", "完成时限", "质量标准", "进展情况", "完成情况"), 2)
        self.table.setObjectName("commitmentsTable")
        for column, width in ((0, 80), (1, 110), (3, 100), (4, 180), (5, 72), (6, 160)):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_commitment())
        self.table.itemSelectionChanged.connect(self._enable)
        self.warning = QLabel(self)
        self.warning.setObjectName("commitmentWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9a6700;")
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度：", self))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("进展：", self))
        bar.addWidget(self.status_filter)
        bar.addSpacing(12)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        self._enable()

    # ------------------------------------------------------------ view protocol




    def reload(self) -> None:
        self.state.pending = frozenset()
        year = self.year.value()
        self.rows = commitments.list_commitments(self.village_id, year, status=self.status_filter.currentData()) \
            if self.village_id is not None else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            deadline = f"{row.deadline:%Y-%m-%d}" if row.deadline else ""
            values = (row.member_name, row.party_group, row.content, deadline, row.quality_standard, row.status,
                      row.result)
            for c, value in enumerate(values):
                item = _item(value, align_center=c in (0, 3, 5), data=row.id if c == 0 else None)
                if c == 5 and row.status in STATUS_COLOURS:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS[row.status])))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        warnings = commitments.count_warnings(self.village_id, year) if self.village_id is not None else []
        none = [w.member_name for w in warnings if w.count < 1]
        many = [f"{w.member_name}（{w.count} 项）" for w in warnings if w.count > 5]
        parts = []
        if none:
            parts.append(f"{len(none)} 名党员{year}年还没有承诺：" + "、".join(none))
        if many:
            parts.append("承诺超过 5 项：" + "、".join(many))
        self.warning.setText("；".join(parts) + ("（每名党员每年公开承诺 1–5 项）" if parts else ""))
        self.warning.setVisible(bool(parts))
        done = sum(1 for row in self.rows if row.status == "已完成")
        members = len({row.member_id for row in self.rows})
        self.status.setText("请先在上方选择一个村" if self.village_id is None else
                            f"{year}年 {members} 名党员承诺 {len(self.rows)} 项，已完成 {done} 项")
        self.new_button.setEnabled(self.village_id is not None)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.print_button.setEnabled(self.village_id is not None)

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    # ------------------------------------------------------------ actions

    def new_commitment(self) -> CommitmentDialog | None:
        if self.village_id is None:
            return None
        current = next((r for r in self.rows if r.id == self.current_id()), None)
        dialog = CommitmentDialog(self, self.village_id, self.year.value(),
                                  member_id=current.member_id if current else None)
        dialog.open()
        return dialog

    def edit_commitment(self) -> CommitmentDialog | None:
        commitment_id = self.current_id()
        if commitment_id is None:
            return None
        dialog = CommitmentDialog(self, self.village_id, self.year.value(), commitment_id)
        dialog.open()
        return dialog

    def delete_commitment(self) -> None:
        commitment_id = self.current_id()
        if commitment_id is None:
            return
        row = next(r for r in self.rows if r.id == commitment_id)
        loaded = operations.load_or_say(self, commitments.load_commitment, commitment_id)
        if loaded is None:
            return
        answer = QMessageBox.question(self, "删除承诺", f"确定删除{row.member_name}的承诺“{row.content[:30]}”？\n"
                                      "操作记录中会保留删除前的内容。")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, commitments.delete_commitment, commitment_id, loaded,
                              changes={Change.COMMITMENTS}, title="无法删除承诺", source=self)

    def print_notice(self) -> None:
        center = open_print(self, "commitments")
        if center is not None:
            center.ui.yearSpin.setValue(self.year.value())

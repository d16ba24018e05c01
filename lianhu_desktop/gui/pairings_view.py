"""结对帮扶: members paired with households in difficulty, the help plans and their year-end review.

Saving warns (and asks) when a member would help more than two households
or the household is not tagged 困难户, 低保户 or 五保户; writes go through
``operations.run_op`` (``Change.PAIRINGS``).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import pairings
from lianhu_desktop.domain.vocab import PAIRING_OUTCOMES
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.commitments_view import chosen_id, member_combo, text_box
from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.meetings_view import _item, list_table
from lianhu_desktop.gui.form_parts import error_label, save_buttons, year_spin
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import StatefulView, ViewState

NOT_REVIEWED = "（尚未评议）"


class PairingDialog(QDialog):
    """A new (``pairing_id`` None) or stored pairing of ``village_id``."""

    def __init__(self, parent: QWidget | None, village_id: int, year: int, pairing_id: int | None = None):
        super().__init__(parent)
        self.village_id, self.pairing_id = village_id, pairing_id
        self.saved = None
        self.setWindowTitle("修改结对帮扶" if pairing_id else "新增结对帮扶")
        # What the pairing was when loaded: the save is refused if someone else saved it since.
        self.loaded = pairings.load_pairing(pairing_id) if pairing_id else None
        data = pairings.pairing_data(pairing_id) if pairing_id else pairings.PairingData(year=year)
        self.member = member_combo(self, village_id, data.member_id)
        self.member.setObjectName("member")
        self.household = QComboBox(self)
        self.household.setObjectName("household")
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.household.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.household.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.all_households = QCheckBox("显示全部农户（不只困难户、低保户、五保户）", self)
        self.all_households.setObjectName("allHouseholds")
        self.all_households.toggled.connect(lambda: self._fill_households(chosen_id(self.household)))
        self.year = year_spin(self, "year", data.year or year)
        self.goals = text_box(self, data.goals, "goals", "如：年内实现稳定增收，住房安全有保障")
        self.measures = text_box(self, data.measures, "measures", "如：介绍务工岗位，帮助申请危房改造补助")
        self.due = OptionalDateEdit(self)
        self.due.setObjectName("dueDate")
        self.due.setMaximumDate(QDate(2100, 12, 31))
        self.due.start_date = datetime.date(self.year.value(), 12, 31)
        self.due.set_value(data.due_date)
        self.review = text_box(self, data.review_note, "reviewNote", "年终评议：帮扶措施落实情况", 48)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("outcome")
        self.outcome.addItem(NOT_REVIEWED, "")
        for outcome in PAIRING_OUTCOMES:
            self.outcome.addItem(outcome, outcome)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(data.outcome)))
        self.error_label = error_label(self)
        buttons = save_buttons(self, self.save)
        form = QFormLayout()
        form.addRow("帮扶党员(&M)：", self.member)
        form.addRow("帮扶农户(&H)：", self.household)
        form.addRow("", self.all_households)
        form.addRow("年度(&Y)：", self.year)
        form.addRow("帮扶目标(&G)：", self.goals)
        form.addRow("帮扶措施(&C)：", self.measures)
        form.addRow("完成时限(&L)：", self.due)
        form.addRow("年终评议(&R)：", self.review)
        form.addRow("帮扶成效(&O)：", self.outcome)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, {"member_id": self.member, "household_id": self.household,
                                         "year": self.year, "goals": self.goals, "measures": self.measures,
                                         "due_date": self.due, "review_note": self.review,
                                         "outcome": self.outcome}, self.error_label)
        in_difficulty = {hid for hid, _label, _tags in pairings.difficulty_households(village_id)}
        if data.household_id is not None and data.household_id not in in_difficulty:
            self.all_households.setChecked(True)
        self._fill_households(data.household_id)
        self.resize(560, 600)
        self.member.setFocus()

    def _fill_households(self, chosen: int | None) -> None:
        combo = self.household
        combo.clear()
        if self.all_households.isChecked():
            rows = pairings.household_choices(self.village_id)
        else:
            rows = [(hid, f"{label}　{tags}") for hid, label, tags in pairings.difficulty_households(self.village_id)]
        for hid, label in rows:
            combo.addItem(label, hid)
        combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)

    def data(self) -> pairings.PairingData:
        return pairings.PairingData(chosen_id(self.member), chosen_id(self.household), self.year.value(),
                                    self.goals.toPlainText(), self.measures.toPlainText(), self.due.value(),
                                    self.review.toPlainText(), self.outcome.currentData())

    def save(self) -> None:
        self.errors.clear()
        data = self.data()
        if data.member_id is not None and data.household_id is not None:
            warnings = pairings.pairing_warnings(data.member_id, data.household_id, data.year, self.pairing_id)
            if warnings and QMessageBox.question(
                    self, "请确认", "\n".join(warnings) + "\n\n仍要保存吗？") != QMessageBox.StandardButton.Yes:
                return

        def saved(row) -> None:
            self.saved = row
            self.accept()

        operations.run_op(self, pairings.save_pairing, data, self.pairing_id, self.loaded, changes={Change.PAIRINGS},
                          on_success=saved, inline_errors=self.errors, title="无法保存结对帮扶",
                          reload=self.reload if self.pairing_id else None)

    def reload(self) -> None:
        """Show the pairing as saved now (someone else saved it since this dialog opened)."""
        self.loaded = pairings.load_pairing(self.pairing_id)
        data = pairings.pairing_data(self.pairing_id)
        self.member.setCurrentIndex(self.member.findData(data.member_id))
        if self.household.findData(data.household_id) < 0:
            self.all_households.setChecked(True)
        self._fill_households(data.household_id)
        self.year.setValue(data.year)
        self.goals.setPlainText(data.goals)
        self.measures.setPlainText(data.measures)
        self.due.set_value(data.due_date)
        self.review.setPlainText(data.review_note)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(data.outcome)))


class PairingsView(StatefulView, QWidget):
    """The chosen village's pairings of a year."""

    depends = frozenset({Change.PAIRINGS, Change.MEMBERS, Change.HOUSEHOLDS, Change.VILLAGES})

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("pairingsView")
        self.today = today or datetime.date.today()
        self.village_id: int | None = None
        self.rows: list[pairings.PairingRow] = []
        self.state = ViewState(self, self.depends, lambda _changes: self.reload())
        self.year = year_spin(self, "pairingYear", self.today.year, self.reload)
        self.new_button = QPushButton("新增结对(&N)…", self)
        self.new_button.setObjectName("newPairing")
        self.new_button.clicked.connect(self.new_pairing)
        self.edit_button = QPushButton("修改 / 年终评议(&E)…", self)
        self.edit_button.clicked.connect(self.edit_pairing)
        self.delete_button = QPushButton("删除(&D)", self)
        self.delete_button.clicked.connect(self.delete_pairing)
        self.table = list_table(("帮扶党员", "帮扶农户", "户类别", "帮扶目标", "帮扶措施", "完成时限", "帮扶成效"), 3)
        self.table.setObjectName("pairingsTable")
        for column, width in ((0, 80), (1, 130), (2, 120), (4, 200), (5, 100), (6, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_pairing())
        self.table.itemSelectionChanged.connect(self._enable)
        self.warning = QLabel(self)
        self.warning.setObjectName("pairingWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9a6700;")
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度：", self))
        bar.addWidget(self.year)
        bar.addSpacing(12)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        self._enable()




    def reload(self) -> None:
        self.state.pending = frozenset()
        year = self.year.value()
        self.rows = pairings.list_pairings(self.village_id, year) if self.village_id is not None else []
        self.table.setRowCount(len(self.rows))
        counts: dict[str, int] = {}
        for r, row in enumerate(self.rows):
            counts[row.member_name] = counts.get(row.member_name, 0) + 1
            due = f"{row.due_date:%Y-%m-%d}" if row.due_date else ""
            values = (row.member_name, row.household_label, row.tags, row.goals, row.measures, due,
                      row.outcome or "未评议")
            for c, value in enumerate(values):
                self.table.setItem(r, c, _item(value, align_center=c in (0, 5, 6), data=row.id if c == 0 else None))
        over = [f"{name}（{count} 户）" for name, count in counts.items() if count > 2]
        self.warning.setText("结对帮扶超过 2 户：" + "、".join(over) if over else "")
        self.warning.setVisible(bool(over))
        reviewed = sum(1 for row in self.rows if row.outcome)
        self.status.setText("请先在上方选择一个村" if self.village_id is None else
                            f"{year}年 {len(counts)} 名党员结对帮扶 {len(self.rows)} 户，已年终评议 {reviewed} 户")
        self.new_button.setEnabled(self.village_id is not None)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def new_pairing(self) -> PairingDialog | None:
        if self.village_id is None:
            return None
        dialog = PairingDialog(self, self.village_id, self.year.value())
        dialog.open()
        return dialog

    def edit_pairing(self) -> PairingDialog | None:
        pairing_id = self.current_id()
        if pairing_id is None:
            return None
        dialog = PairingDialog(self, self.village_id, self.year.value(), pairing_id)
        dialog.open()
        return dialog

    def delete_pairing(self) -> None:
        pairing_id = self.current_id()
        if pairing_id is None:
            return
        row = next(r for r in self.rows if r.id == pairing_id)
        loaded = operations.load_or_say(self, pairings.load_pairing, pairing_id)
        if loaded is None:
            return
        answer = QMessageBox.question(self, "删除结对帮扶",
                                      f"确定删除{row.member_name}与{row.household_label}的结对帮扶？\n"
                                      "操作记录中会保留删除前的内容。")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, pairings.delete_pairing, pairing_id, loaded, changes={Change.PAIRINGS},
                              title="无法删除结对帮扶", source=self)


def pairing_lines(rows: list[pairings.PairingRow], *, of_member: bool) -> str:
    """One line per pairing, for a member's or household's dialog."""
    lines = []
    for row in rows:
        other = row.household_label if of_member else row.member_name
        outcome = f"（{row.outcome}）" if row.outcome else ""
        lines.append(f"{row.year}年　{other}：{row.goals}{outcome}")
    return "\n".join(lines)


def add_pairing_row(form: QFormLayout, parent: QWidget, *, member_id: int | None = None,
                    household_id: int | None = None) -> QLabel | None:
    """Show the pairings of a member or household as a read-only row of ``form`` (none: no row)."""
    rows = pairings.list_pairings(member_id=member_id, household_id=household_id) \
        if member_id is not None or household_id is not None else []
    if not rows:
        return None
    label = QLabel(pairing_lines(rows, of_member=member_id is not None), parent)
    label.setObjectName("pairingsInfo")
    label.setWordWrap(True)
    label.setToolTip("在“管理 → 结对帮扶”中修改")
    form.addRow("结对帮扶：", label)
    return label

"""Linking dialogs: 联户给党员 / 改由他人联系 (one form), 结束联户, 联户历史.

The rules (one active link per household, same village, no archived
members, dates in order) live in ``domain.linking``; refusals come back as
Chinese ``ValidationError`` messages shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
    QListWidgetItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import linking, listing
from lianhu_desktop.domain.vocab import LINK_MODES
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.date_edit import DateEdit
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.forms.ui_link_dialog import Ui_LinkDialog
from lianhu_desktop.gui.operations import Change

SHOWN_NAMES = 8
END_REASONS = ("调整联户", "农户迁出", "党员外出", "党员去世", "其他")


def member_choices(village_id: int | None, search: str = "") -> list[tuple[int, str]]:
    """(member id, display text) of the non-archived members matching ``search``."""
    spec = listing.MEMBERS
    ids = listing.ids(spec, village_id, search)
    rows = listing.rows(spec, ids)
    name, group = spec.column("name"), spec.column("party_group")
    links, village = spec.column("links"), spec.column("village")
    result = []
    for member_id in ids:
        row = rows.get(member_id)
        if row is None:
            continue
        extra = [row[group]] if row[group] else []
        extra.append(f"已联 {row[links]} 户")
        if village_id is None:
            extra.insert(0, row[village])
        result.append((member_id, f"{row[name]}　（{'，'.join(extra)}）"))
    return result


class LinkDialog(QDialog):
    """Assign households to a member (``move`` False) or move them to another (True).

    ``households`` are (household id, label, current member name or "").
    ``exclude_member`` hides the current member when moving.
    """

    def __init__(self, parent: QWidget | None, households: list[tuple[int, str, str]],
                 village_id: int | None, *, move: bool = False, exclude_member: int | None = None,
                 mode: str | None = None):
        super().__init__(parent)
        self.ui = Ui_LinkDialog()
        self.ui.setupUi(self)
        self.households = households
        # The households' links as this dialog states them: someone else's change meanwhile is refused.
        self.shown = linking.links_as_shown([h for h, _, _ in households])
        self.village_id = village_id
        self.move = move
        self.exclude_member = exclude_member
        self.created: list = []
        ui = self.ui
        self.setWindowTitle("改由他人联系" if move else "联户给党员")
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("调整" if move else "联户")
        ok.setDefault(True)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        for name in LINK_MODES:
            ui.mode.addItem(name, name)
        if mode in LINK_MODES:
            ui.mode.setCurrentIndex(LINK_MODES.index(mode))
        ui.startDate.field = "start_date"
        ui.startDate.set_value(datetime.date.today())
        ui.householdsLabel.setText(self._summary())
        linked_elsewhere = [h for h in households if h[2]]
        self.move_others = QCheckBox(f"其中 {len(linked_elsewhere)} 户已有联户党员，改由所选党员联系", self)
        self.move_others.setObjectName("moveOthers")
        if linked_elsewhere and not move:
            ui.formLayout.addRow("", self.move_others)
        else:
            self.move_others.hide()
        ui.startDateLabel.setText("调整日期(&T)：" if move else "开始日期(&T)：")
        self.errors = FieldErrors(self, {"member": ui.memberList, "mode": ui.mode,
                                        "start_date": ui.startDate},
                                  ui.errorLabel)
        ui.memberFilter.textChanged.connect(self.fill_members)
        ui.memberFilter.returnPressed.connect(ui.memberList.setFocus)
        ui.memberList.itemDoubleClicked.connect(lambda _item: self.accept())
        self.fill_members()
        ui.memberFilter.setFocus()

    def _summary(self) -> str:
        names = "、".join(label for _, label, _ in self.households[:SHOWN_NAMES])
        more = f" 等 {len(self.households)} 户" if len(self.households) > SHOWN_NAMES else ""
        if self.move:
            current = {member for _, _, member in self.households if member}
            now = f"（现由{'、'.join(sorted(current))}联系）" if current else ""
            return f"将 {names}{more}{now} 改由下面选定的党员联系："
        return f"为 {names}{more} 选定联户党员："

    def fill_members(self) -> None:
        widget = self.ui.memberList
        previous = self.member_id()
        widget.clear()
        for member_id, text in member_choices(self.village_id, self.ui.memberFilter.text()):
            if member_id == self.exclude_member:
                continue
            item = QListWidgetItem(text, widget)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            if member_id == previous:
                widget.setCurrentItem(item)
        if widget.currentItem() is None and widget.count():
            widget.setCurrentRow(0)

    def member_id(self) -> int | None:
        item = self.ui.memberList.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_member(self, member_id: int) -> bool:
        """Make ``member_id`` the chosen member (False when not in the list)."""
        widget = self.ui.memberList
        for row in range(widget.count()):
            if widget.item(row).data(Qt.ItemDataRole.UserRole) == member_id:
                widget.setCurrentRow(row)
                return True
        return False

    def accept(self) -> None:
        member_id = self.member_id()
        if member_id is None:
            self.errors.show("请选择联户党员", "member")
            return
        try:
            start = self.ui.startDate.value()
        except LianhuError as error:
            self.errors.show(str(error), error.field)
            return

        def linked(created) -> None:
            self.created = created
            QDialog.accept(self)

        operations.run_op(self, linking.link_households, member_id, [h for h, _, _ in self.households],
                          self.ui.mode.currentData(), start,
                          move=self.move or self.move_others.isChecked(), shown=self.shown,
                          changes={Change.LINKS}, on_success=linked, inline_errors=self.errors)


class EndLinkDialog(QDialog):
    """结束联户: the reason and date for ending one or more households' links."""

    def __init__(self, parent: QWidget | None, households: list[tuple[int, str, str]]):
        super().__init__(parent)
        self.setWindowTitle("结束联户")
        self.households = [h for h in households if h[2]]
        self.shown = linking.links_as_shown([h for h, _, _ in self.households])
        self.ended = 0
        layout = QVBoxLayout(self)
        names = "、".join(f"{label}（{member}）" for _, label, member in self.households[:SHOWN_NAMES])
        more = f" 等 {len(self.households)} 户" if len(self.households) > SHOWN_NAMES else ""
        intro = QLabel(f"结束以下农户的联户关系：{names}{more}。\n结束后这些农户成为未联户，"
                       "联户历史仍然保留。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(END_REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("必填，可选择或输入")
        self.date = DateEdit(self)
        self.date.setObjectName("endDate")
        self.date.field = "end_date"
        self.date.set_value(datetime.date.today())
        form.addRow("结束原因(&R)：", self.reason)
        form.addRow("结束日期(&D)：", self.date)
        layout.addLayout(form)
        self.error = QLabel(self)
        layout.addWidget(self.error)
        self.errors = FieldErrors(self, {"reason": self.reason, "end_date": self.date}, self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("结束联户")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.reason.setFocus()

    def accept(self) -> None:
        reason = self.reason.currentText().strip()
        if not reason:
            self.errors.show("请填写结束联户的原因", "reason")
            return
        try:
            date = self.date.value()
        except LianhuError as error:
            self.errors.show(str(error), error.field)
            return

        def ended(links) -> None:
            self.ended = len(links)
            QDialog.accept(self)

        operations.run_op(self, linking.end_links, [h for h, _, _ in self.households], reason, date, self.shown,
                          changes={Change.LINKS}, on_success=ended, inline_errors=self.errors)


class HistoryDialog(QDialog):
    """查看联户历史: every link of a household, newest first."""

    HEADERS = ("联户党员", "联户模式", "开始日期", "结束日期", "结束原因")

    def __init__(self, parent: QWidget | None, household_id: int, label: str):
        super().__init__(parent)
        self.setWindowTitle(f"联户历史 — {label}")
        layout = QVBoxLayout(self)
        history = linking.link_history(household_id)
        caption = QLabel(f"{label} 共有 {len(history)} 条联户记录：" if history
                         else f"{label} 还没有联户记录。", self)
        layout.addWidget(caption)
        self.table = QTableWidget(len(history), len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, entry in enumerate(history):
            end = entry["end_date"]
            values = (entry["member_name"], entry["mode"], str(entry["start_date"]),
                      str(end) if end else "（至今）", entry["end_reason"] or "")
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 320)


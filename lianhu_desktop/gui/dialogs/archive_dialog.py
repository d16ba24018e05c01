"""归档: asks why and since when a member (or a household) leaves the active list.

Generic: the caller passes what is archived, the reasons to offer and the
domain function that archives, e.g.::

    ArchiveDialog(self, "党员“张三”", lambda reason, day: archive_member(3, reason, day))

``MemberArchiveDialog`` adds what archiving a member does to the households
they link: it says how many lose their member and offers, in the same
dialog, to hand them to others (the 就近就地 proposals per household, or one
member for all) or to leave them on the coverage checklist.
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Iterable, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QCompleter, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import members, proposals
from lianhu_desktop.domain.vocab import ARCHIVE_REASONS
from lianhu_desktop.errors import LianhuError, ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.dialogs.link_dialog import member_choices
from lianhu_desktop.gui.forms.ui_archive_dialog import Ui_ArchiveDialog
from lianhu_desktop.gui.operations import Change

NOBODY = "暂不安排"
PROPOSED, ONE_MEMBER, LEAVE = range(3)


class ArchiveDialog(QDialog):
    """Reason (one of ``reasons`` or typed) and date; 归档 calls ``archive(reason, date)``.

    The call goes through ``operations.run_op`` declaring ``changes``. A
    ``LianhuError`` (field ``archive_reason``, ``archived_on`` …) keeps the
    dialog open with the reason at the field. After acceptance
    ``result_value`` is what ``archive`` returned.
    """

    def __init__(self, parent: QWidget | None, subject: str,
                 archive: Callable[[str, datetime.date], Any],
                 reasons: Sequence[str] = ARCHIVE_REASONS, note: str = "",
                 changes: Iterable[Change] = (Change.MEMBERS, Change.LINKS)):
        super().__init__(parent)
        self.ui = ui = Ui_ArchiveDialog()
        ui.setupUi(self)
        self._archive = archive
        self._changes = frozenset(changes)
        self.result_value: Any = None
        self.setWindowTitle(f"归档{subject}")
        ui.intro.setText(note or f"将{subject}归档：不再出现在日常名单中，已有的记录全部保留，"
                                 "以后可以“恢复”。")
        ui.reason.addItems(list(reasons))
        ui.reason.lineEdit().setPlaceholderText("选择或填写原因")
        ui.date.field = "archived_on"
        ui.date.setMaximumDate(QDate.currentDate())
        ui.date.set_value(datetime.date.today())
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("归档")
        ok.setDefault(True)
        ui.buttonBox.accepted.connect(self.accept)
        self.errors = FieldErrors(self, self.error_fields(), ui.errorLabel)
        ui.reason.setFocus()

    def error_fields(self) -> dict[str, QWidget]:
        return {"archive_reason": self.ui.reason, "archived_on": self.ui.date}

    def reason(self) -> str:
        return self.ui.reason.currentText().strip()

    def date(self) -> datetime.date:
        return self.ui.date.value()

    def accept(self) -> None:
        def archived(value) -> None:
            self.result_value = value
            QDialog.accept(self)

        try:
            day = self.date()
        except LianhuError as error:  # a date that cannot be read: at its field, nothing written
            self.errors.show(str(error), error.field)
            return
        operations.run_op(self, self._archive, self.reason(), day, changes=self._changes,
                          on_success=archived, inline_errors=self.errors, title="无法归档")


class MemberArchiveDialog(ArchiveDialog):
    """归档党员, with the hand-over of the households the member links now."""

    def __init__(self, parent: QWidget | None, member_id: int, name: str):
        self.member_id, self.name = member_id, name
        # The member as shown: archiving is refused if someone else saved them since.
        self.loaded = members.load_member(member_id)
        self.households = members.linked_households(member_id)
        self.village_id = members.member_data(member_id).village_id
        self._handed: dict[int, int] = {}
        self.combos: list[QComboBox] = []
        super().__init__(parent, f"党员“{name}”", self._archive_member,
                         changes=(Change.MEMBERS, Change.LINKS))
        if self.households:
            self._build_hand_over(name)
        self.errors = FieldErrors(self, self.error_fields(), self.ui.errorLabel)

    def error_fields(self) -> dict[str, QWidget]:
        fields = super().error_fields()
        if getattr(self, "table", None) is not None:
            fields["hand_over"] = self.table
        return fields

    # ------------------------------------------------------------ building

    def _build_hand_over(self, name: str) -> None:
        count = len(self.households)
        box = QGroupBox(f"联系的农户（{count} 户）", self)
        box.setObjectName("handOverBox")
        layout = QVBoxLayout(box)
        self.summary = QLabel(f"党员“{name}”现在联系 {count} 户。归档后这些农户将没有联户党员，"
                              "请选择如何安排：", box)
        self.summary.setObjectName("handOverSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.choice = QButtonGroup(self)
        suggested = {p.household_id: p for p in proposals.propose_handover(self.member_id)}
        self.proposed = QRadioButton("按就近建议交给其他党员（可逐户修改）", box)
        self.proposed.setObjectName("handOverProposed")
        self.one = QRadioButton("全部交给：", box)
        self.one.setObjectName("handOverOne")
        self.leave = QRadioButton("暂不安排：列入“覆盖情况”的未联户清单，以后再分配", box)
        self.leave.setObjectName("handOverLeave")
        # "姓名（已联 n 户）": the party group would crowd the column out.
        choices = [(mid, text.split("　")[0] + "（" + text.rsplit("，", 1)[-1].lstrip("（"))
                   for mid, text in member_choices(self.village_id) if mid != self.member_id]
        self.one_member = self._member_combo(box, choices, with_nobody=False)
        self.one_member.setObjectName("handOverMember")
        one_row = QHBoxLayout()
        one_row.addWidget(self.one)
        one_row.addWidget(self.one_member, 1)
        self.table = QTableWidget(count, 3, box)
        self.table.setObjectName("handOverTable")
        self.table.setHorizontalHeaderLabels(("农户", "交给", "建议理由"))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, (household_id, label) in enumerate(self.households):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            combo = self._member_combo(self.table, choices, with_nobody=True)
            proposal = suggested.get(household_id)
            if proposal is not None:
                combo.setCurrentIndex(max(combo.findData(proposal.member_id), 0))
            combo.lineEdit().setCursorPosition(0)
            self.table.setCellWidget(row, 1, combo)
            self.combos.append(combo)
            reason = QTableWidgetItem(proposal.reason if proposal else "没有合适的党员（都已满额）")
            reason.setToolTip(reason.text())
            self.table.setItem(row, 2, reason)
        header = self.table.horizontalHeader()
        unit = self.table.fontMetrics().horizontalAdvance("中")
        self.table.setColumnWidth(0, unit * 11 + 16)
        self.table.setColumnWidth(1, unit * 11 + 40)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.one_member.sizeHint().height() + 4)
        self.table.setMinimumHeight(rows.defaultSectionSize() * min(count, 6) + header.sizeHint().height() + 6)
        for button, key in ((self.proposed, PROPOSED), (self.one, ONE_MEMBER), (self.leave, LEAVE)):
            self.choice.addButton(button, key)
        layout.addWidget(self.proposed)
        layout.addWidget(self.table, 1)
        layout.addLayout(one_row)
        layout.addWidget(self.leave)
        self.choice.idToggled.connect(lambda _id, _on: self._choice_changed())
        self.one_member.currentIndexChanged.connect(lambda _i: self.one.setChecked(True))
        for combo in self.combos:
            combo.currentIndexChanged.connect(lambda _i: self._choice_changed())
        (self.proposed if suggested or not choices else self.leave).setChecked(True)
        if not choices:
            self.proposed.setEnabled(False)
            self.one.setEnabled(False)
            self.leave.setChecked(True)
        main = self.ui.mainLayout
        main.insertWidget(main.indexOf(self.ui.errorLabel), box, 1)
        self.resize(max(self.width(), unit * 56), self.sizeHint().height())
        self._choice_changed()

    @staticmethod
    def _member_combo(parent: QWidget, choices, *, with_nobody: bool) -> QComboBox:
        combo = QComboBox(parent)
        combo.setEditable(True)  # type a name to find the member
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        if with_nobody:
            combo.addItem(NOBODY, None)
        for member_id, text in choices:
            combo.addItem(text, member_id)
        # Show a chosen name from its start, not the end of a long label.
        combo.currentIndexChanged.connect(lambda _i: combo.lineEdit().setCursorPosition(0))
        return combo

    def _choice_changed(self) -> None:
        mode = self.choice.checkedId()
        self.table.setEnabled(mode == PROPOSED)
        handed = self.hand_over()
        left = len(self.households) - len(handed)
        if mode == LEAVE:
            text = f"{len(self.households)} 户将列入未联户清单。"
        else:
            text = f"{len(handed)} 户交给其他党员" + (f"，{left} 户列入未联户清单。" if left else "。")
        self.ui.intro.setText(f"将党员“{self.name}”归档：不再出现在日常名单中，已有的记录全部保留，"
                              f"以后可以“恢复”。{text}")

    # ------------------------------------------------------------ reading

    def hand_over(self) -> dict[int, int]:
        """Household id → the member who takes it over, as chosen now."""
        if not self.households:
            return {}
        mode = self.choice.checkedId()
        if mode == LEAVE:
            return {}
        if mode == ONE_MEMBER:
            taker = self._chosen(self.one_member)
            return {} if taker is None else {household_id: taker for household_id, _ in self.households}
        result = {}
        for (household_id, _label), combo in zip(self.households, self.combos):
            taker = self._chosen(combo)
            if taker is not None:
                result[household_id] = taker
        return result

    @staticmethod
    def _chosen(combo: QComboBox) -> int | None:
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return combo.itemData(index) if index >= 0 else None

    def _archive_member(self, reason: str, day: datetime.date):
        if self.households and self.choice.checkedId() == ONE_MEMBER and self._chosen(self.one_member) is None:
            raise ValidationError("请从列表中选择接手的党员", field="hand_over")
        self._handed = self.hand_over()
        return members.archive_member(self.member_id, reason, day, hand_over=self._handed, loaded=self.loaded)

    def outcome_text(self) -> str:
        """What became of the households, for the status bar ('' when the member linked none)."""
        if not self.households:
            return ""
        left = len(self.households) - len(self._handed)
        parts = []
        if self._handed:
            parts.append(f"{len(self._handed)} 户交给其他党员联系")
        if left:
            parts.append(f"{left} 户列入未联户清单")
        return "；" + "，".join(parts)

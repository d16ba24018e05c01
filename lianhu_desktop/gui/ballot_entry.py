"""民主测评票录入: the tellers' window for the paper ballots of one village's year.

Made for typing a pile of paper ballots in from the keyboard. The grid lists
the members on the ballot (tier order); keys 1–4 give the current member
优秀 / 合格 / 基本合格 / 不合格 and move down, 0 or Space leave the member
ungraded and move down, Delete clears, ↑/↓ move; Enter (or Ctrl+Enter)
saves the ballot and starts the next serial. F2 (Ctrl+1 / Ctrl+2) sets the
rater kind, F4 marks the ballot 作废, F3 goes to the serial. Every key is
handled in memory; only saving touches the database.

Each ballot is entered twice, the second time blind (第 2 次录入 never shows
the first entry's grades): a ballot counts only when both agree. A ballot
whose entries differ is listed under 待核对; opening it shows only the
differing rows, with the first and second entry, and the tellers choose
what the paper says. A hand count (计票汇总: ballots per grade per member,
per rater kind) is entered twice the same way on its own tab. The sum
checks stay in view with any broken one in red.

Every write goes through ``operations.run_op`` with ``Change.BALLOTS``;
the window refreshes itself from that notice (as the projector does).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QMessageBox, QPushButton, QRadioButton, QSpinBox, QSplitter, QTableView, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import ballots
from lianhu_desktop.domain.appraisal_types import BallotSums
from lianhu_desktop.domain.vocab import GRADES, VOTER_KINDS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.field_errors import ERROR_COLOR, HINT_STYLE
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.screens import fit_to_screen
from lianhu_desktop.gui.views import ViewState

GRADE_KEYS = {"1": "优秀", "2": "合格", "3": "基本合格", "4": "不合格"}
SKIP_KEYS = ("0", " ")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FIRST_GRADE_COLUMN = 2
GRADE_COLOURS = {"优秀": "#d8ecd8", "合格": "#dde8f6", "基本合格": "#fbedcf", "不合格": "#f6d6d3"}
MARK = "●"
UNSET = -1  # a figure's spin box at its minimum: not filled in
DEPENDS = frozenset({Change.BALLOTS, Change.MEMBERS, Change.VILLAGES})
PREFERRED = QSize(1280, 940)
OK_STYLE = "color: #1e6b34;"
BAD_STYLE = f"color: {ERROR_COLOR}; font-weight: bold;"
PAPER_CHOICE = "请选择"


# --------------------------------------------------------------------- the grid

class GradeModel(QAbstractTableModel):
    """The ballot being entered: one row per member, the chosen grade marked. Held in memory only."""

    HEADERS = ("党员", "考核类别", *(f"{key} {grade}" for key, grade in GRADE_KEYS.items()))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.members: list[ballots.BallotMember] = []
        self._grades: list[str | None] = []
        self._brushes = {grade: QColor(colour) for grade, colour in GRADE_COLOURS.items()}
        self._tier_colour = QColor("#55606e")
        self._mark_font = QFont()
        self._mark_font.setBold(True)
        self._mark_font.setPointSizeF(self._mark_font.pointSizeF() * 1.3)

    def set_members(self, members, keep: dict[int, str] | None = None) -> None:
        keep = keep or {}
        self.beginResetModel()
        self.members = list(members)
        self._grades = [keep.get(m.id) for m in self.members]
        self.endResetModel()

    # Qt model API
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row, col = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self.members):
            return None
        grade = self._grades[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.members[row].label
            if col == 1:
                return self.members[row].tier
            return MARK if grade == GRADES[col - FIRST_GRADE_COLUMN] else ""
        if role == Qt.ItemDataRole.BackgroundRole and col >= FIRST_GRADE_COLUMN and grade is not None \
                and grade == GRADES[col - FIRST_GRADE_COLUMN]:
            return self._brushes[grade]
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return self._tier_colour
        if role == Qt.ItemDataRole.FontRole and col >= FIRST_GRADE_COLUMN:
            return self._mark_font
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= FIRST_GRADE_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    # the ballot
    def grade(self, row: int) -> str | None:
        return self._grades[row]

    def set_grade(self, row: int, grade: str | None) -> None:
        if 0 <= row < len(self._grades) and self._grades[row] != grade:
            self._grades[row] = grade
            self.dataChanged.emit(self.index(row, FIRST_GRADE_COLUMN), self.index(row, len(self.HEADERS) - 1))

    def values(self) -> dict[int, str]:
        return {m.id: g for m, g in zip(self.members, self._grades) if g}

    def load(self, grades: dict[int, str]) -> None:
        self._grades = [grades.get(m.id) for m in self.members]
        if self.members:
            self.dataChanged.emit(self.index(0, FIRST_GRADE_COLUMN),
                                  self.index(len(self.members) - 1, len(self.HEADERS) - 1))

    def clear(self) -> None:
        self.load({})

    def graded(self) -> int:
        return sum(1 for g in self._grades if g)


class GradeGrid(QTableView):
    """The members × grades of one ballot; the keys of the module docstring."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradeGrid")
        self.grade_model = GradeModel(self)
        self.setModel(self.grade_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        # Digits reach the grid as keys even while a Chinese input method is on.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for col in range(FIRST_GRADE_COLUMN, len(GradeModel.HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, max(self.fontMetrics().horizontalAdvance(GradeModel.HEADERS[col]) + 20, 70))
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setToolTip("1 优秀　2 合格　3 基本合格　4 不合格（选后自动下移）；0 或空格：不评，下移；"
                        "Delete：清除；回车：保存本票")
        self.on_enter = None  # called on Enter
        self.on_change = None  # called after a grade changed (row)
        self.clicked.connect(self._clicked)

    def current_row(self) -> int:
        row = self.currentIndex().row()
        return row if row >= 0 else 0

    def go_to(self, row: int) -> None:
        if not self.grade_model.members:
            return
        row = min(max(row, 0), len(self.grade_model.members) - 1)
        index = self.grade_model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(index)

    def set_grade(self, grade: str | None, *, move: bool) -> None:
        if not self.grade_model.members:
            return
        row = self.current_row()
        self.grade_model.set_grade(row, grade)
        if move:
            self.go_to(row + 1)
        if self.on_change is not None:
            self.on_change(row)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        text = event.text()
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if text in GRADE_KEYS:
                self.set_grade(GRADE_KEYS[text], move=True)
                event.accept()
                return
            if text in SKIP_KEYS:
                self.set_grade(None, move=True)
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.set_grade(None, move=False)
                event.accept()
                return
        if event.key() in _ENTER and self.on_enter is not None:
            self.on_enter()
            event.accept()
            return
        super().keyPressEvent(event)

    def _clicked(self, index: QModelIndex) -> None:
        col = index.column()
        if col < FIRST_GRADE_COLUMN:
            return
        grade = GRADES[col - FIRST_GRADE_COLUMN]
        self.go_to(index.row())
        self.set_grade(None if self.grade_model.grade(index.row()) == grade else grade, move=False)


class EnterSpinBox(QSpinBox):
    """A spin box that calls ``on_enter`` on Enter (the serial back to the grid, figures saved)."""

    on_enter = None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().keyPressEvent(event)
        if event.key() in _ENTER and self.on_enter is not None:
            self.interpretText()
            self.on_enter()
            event.accept()


# --------------------------------------------------------------------- sums

def sums_lines(sums: BallotSums, expected: int | None, present: int | None) -> list[tuple[str, bool]]:
    """(text, broken) for each line of the sum checks."""
    pending = sums.mismatched + sums.single
    lines = []
    if sums.issued is None:
        lines.append((f"发出 未填 ＝ 收回 {sums.returned} ＋ 未收回 ？", False))
    else:
        lines.append((f"发出 {sums.issued} ＝ 收回 {sums.returned} ＋ 未收回 {sums.not_returned}",
                      sums.not_returned < 0))
    lines.append((f"收回 {sums.returned} ＝ 有效 {sums.valid} ＋ 无效 {sums.invalid} ＋ 待核对 {pending}",
                  pending > 0))
    lines.append((f"其中：空白 {sums.blank}，不一致 {sums.mismatched}，只录入一次 {sums.single}", False))
    shown_expected = "未填" if expected is None else expected
    shown_present = "未填" if present is None else present
    lines.append((f"应到 {shown_expected} 人，实到 {shown_present} 人", False))
    return lines


class SumsPanel(QGroupBox):
    """The sum checks, always in view; a broken check in red, with the reason."""

    def __init__(self, parent=None):
        super().__init__("计票核对", parent)
        self.setObjectName("sumsPanel")
        layout = QVBoxLayout(self)
        layout.setSpacing(3)
        self.lines = [QLabel(self) for _ in range(4)]
        for number, label in enumerate(self.lines):
            label.setObjectName(f"sumsLine{number + 1}")
            label.setWordWrap(True)
            layout.addWidget(label)
        self.problems = QLabel(self)
        self.problems.setObjectName("sumsProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(BAD_STYLE)
        layout.addWidget(self.problems)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("sumsVerdict")
        layout.addWidget(self.verdict)

    def show_sums(self, sums: BallotSums, expected: int | None, present: int | None) -> None:
        for label, (text, broken) in zip(self.lines, sums_lines(sums, expected, present)):
            label.setText(text)
            label.setStyleSheet(BAD_STYLE if broken else "")
        self.problems.setText("\n".join(f"· {p}" for p in sums.problems))
        self.problems.setVisible(bool(sums.problems))
        if sums.ok:
            self.verdict.setText("✓ 各项核对无误" if sums.returned else "还没有录入测评票")
            self.verdict.setStyleSheet(OK_STYLE if sums.returned else HINT_STYLE)
        else:
            self.verdict.setText("✗ 核对未通过：结果暂不能定")
            self.verdict.setStyleSheet(BAD_STYLE)


# --------------------------------------------------------------------- dialogs

class SettleDialog(QDialog):
    """The rows where a ballot's two entries differ; the tellers choose what the paper says."""

    def __init__(self, parent, mismatch: ballots.Mismatch, labels: dict[int, str]):
        super().__init__(parent)
        self.setObjectName("settleDialog")
        self.serial = mismatch.serial
        self.setWindowTitle(f"核对第 {mismatch.serial} 号票")
        self.rows = list(mismatch.differences)
        intro = QLabel(f"第 {mismatch.serial} 号票两次录入有 {len(self.rows)} 处不一致。请取出这张纸质票，"
                       "逐项选择票面上的实际内容；两次录入都将按此更正，并记入操作记录。", self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 4, self)
        self.table.setObjectName("settleTable")
        self.table.setHorizontalHeaderLabels(("项目", "第 1 次录入", "第 2 次录入", "纸质票上"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.choices: list[QComboBox] = []
        for row, (member_id, what, first, second) in enumerate(self.rows):
            name = labels.get(member_id, f"编号 {member_id}") if member_id is not None else what
            shown_first, shown_second = self._shown(what, first), self._shown(what, second)
            for col, text in enumerate((name, shown_first, shown_second)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            combo = QComboBox(self.table)
            combo.setObjectName(f"paper{row}")
            combo.addItem(PAPER_CHOICE, None)
            for text, value in self._options(what):
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self._update)
            self.table.setCellWidget(row, 3, combo)
            self.choices.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        wide = self.fontMetrics().horizontalAdvance("基本合格") + 60
        self.table.setColumnWidth(3, max(self.table.columnWidth(3), wide))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("按纸质票更正", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("settleOk")
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(620, min(160 + 34 * len(self.rows), 560))
        if self.choices:
            self.choices[0].setFocus()

    @staticmethod
    def _shown(what: str, value: str) -> str:
        if what == "等次":
            return value or "未评"
        if what == "作废":
            return "作废" if value == "是" else "有效"
        return value

    @staticmethod
    def _options(what: str):
        if what == "等次":
            return [*((g, g) for g in GRADES), ("未评", "")]
        if what == "作废":
            return [("有效", True), ("作废", False)]
        return [(kind, kind) for kind in VOTER_KINDS]

    def _update(self) -> None:
        self.ok.setEnabled(all(c.currentIndex() > 0 for c in self.choices))

    def paper(self) -> dict:
        """The paper's values, as ``ballots.settle`` takes them."""
        found = {}
        for (member_id, what, _first, _second), combo in zip(self.rows, self.choices):
            found[ballots.paper_key(member_id, what)] = combo.currentData()
        return found


class RulesDialog(QDialog):
    """计票规则: single-entry counting, the share rule, grade points and rater-kind weights."""

    def __init__(self, parent, rules: ballots.CountingRules, members: int):
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle("计票规则")
        self.single = QCheckBox("只录入了一次的票也计入（默认每张票须两次录入一致才计入，不建议改）", self)
        self.single.setObjectName("ruleSingleEntry")
        self.share_on = QCheckBox("评为优秀的人数超过测评名单人数的一定比例时，该票无效", self)
        self.share_on.setObjectName("ruleShareOn")
        self.share = QSpinBox(self)
        self.share.setObjectName("ruleShare")
        self.share.setRange(1, 100)
        self.share.setSuffix(" %")
        self.share_on.toggled.connect(self.share.setEnabled)
        self.share_hint = QLabel(self)
        self.share_hint.setStyleSheet(HINT_STYLE)
        self.members = members
        self.share.valueChanged.connect(self._hint)
        self._hint()
        self.points = {}
        points = QHBoxLayout()
        for grade in GRADES:
            box = QDoubleSpinBox(self)
            box.setObjectName(f"points{GRADES.index(grade)}")
            box.setRange(0, 100)
            box.setDecimals(1)
            points.addWidget(QLabel(grade, self))
            points.addWidget(box)
            self.points[grade] = box
        points.addStretch(1)
        self.weights = {}
        weights = QHBoxLayout()
        for kind in VOTER_KINDS:
            box = QDoubleSpinBox(self)
            box.setObjectName(f"weight{VOTER_KINDS.index(kind)}")
            box.setRange(0, 100)
            box.setDecimals(2)
            box.setSingleStep(0.1)
            weights.addWidget(QLabel(kind, self))
            weights.addWidget(box)
            self.weights[kind] = box
        weights.addStretch(1)
        form = QFormLayout()
        share_row = QHBoxLayout()
        share_row.addWidget(self.share)
        share_row.addWidget(self.share_hint, 1)
        form.addRow(self.single)
        form.addRow(self.share_on)
        form.addRow("比例：", share_row)
        form.addRow("等次分值：", points)
        form.addRow("测评权重：", weights)
        note = QLabel("等次分值和权重用于把测评结果折算为分数（考核的“民主测评”项）；比例规则默认不启用。", self)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        buttons = QDialogButtonBox(self)
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole).setObjectName("rulesSave")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.show_rules(rules)

    def show_rules(self, rules: ballots.CountingRules) -> None:
        self.single.setChecked(rules.single_entry)
        self.share.setValue(round((rules.max_excellent_share or 0.5) * 100))
        self.share_on.setChecked(rules.max_excellent_share is not None)
        self.share.setEnabled(self.share_on.isChecked())
        for grade, box in self.points.items():
            box.setValue(float(rules.grade_points.get(grade, 0)))
        for kind, box in self.weights.items():
            box.setValue(float(rules.kind_weights.get(kind, 0)))

    def _hint(self) -> None:
        limit = int(self.share.value() / 100 * self.members)
        self.share_hint.setText(f"测评名单上 {self.members} 人：评优秀超过 {limit} 人的票无效" if self.members else "")

    def value(self) -> ballots.CountingRules:
        return ballots.CountingRules(
            single_entry=self.single.isChecked(),
            max_excellent_share=self.share.value() / 100 if self.share_on.isChecked() else None,
            grade_points={grade: box.value() for grade, box in self.points.items()},
            kind_weights={kind: box.value() for kind, box in self.weights.items()})


# --------------------------------------------------------------------- the tally tab

class TallyPage(QWidget):
    """计票汇总: a hand count's figures per member per grade, for one rater kind and one entry of two."""

    COLUMNS = ("党员", "考核类别", *GRADES, "合计", "未评")

    def __init__(self, window: BallotEntryWindow):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("tallyPage")
        intro = QLabel("会上手工计票时用：按评议人类别，把每名党员各等次的票数录入两次（第 2 次不看第 1 次），"
                       "两次一致才计入。已逐张录入的评议人类别不能再录计票汇总。", self)
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        self.kind = QComboBox(self)
        self.kind.setObjectName("tallyKind")
        self.kind.addItems(VOTER_KINDS)
        self.first = QRadioButton("第 1 次录入", self)
        self.first.setObjectName("tallyEntry1")
        self.second = QRadioButton("第 2 次录入", self)
        self.second.setObjectName("tallyEntry2")
        self.first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.first, 1)
        group.addButton(self.second, 2)
        self.returned = QSpinBox(self)
        self.returned.setObjectName("tallyReturned")
        self.returned.setRange(0, ballots.MAX_FIGURE)
        self.invalid = QSpinBox(self)
        self.invalid.setObjectName("tallyInvalid")
        self.invalid.setRange(0, ballots.MAX_FIGURE)
        self.valid_label = QLabel(self)
        self.valid_label.setObjectName("tallyValid")
        top = QHBoxLayout()
        for label, widget in (("评议人类别：", self.kind), (None, self.first), (None, self.second),
                              ("收回：", self.returned), ("无效：", self.invalid)):
            if label:
                top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addWidget(self.valid_label)
        top.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("tallyStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("tallyTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for col in range(2, len(self.COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, max(self.fontMetrics().horizontalAdvance(self.COLUMNS[col]) + 24, 64))
        self.differences = QListWidget(self)
        self.differences.setObjectName("tallyDifferences")
        self.differences.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.save_button = QPushButton("保存本次录入（Ctrl+S）", self)
        self.save_button.setObjectName("tallySave")
        self.delete_button = QPushButton("删除本次录入…", self)
        self.delete_button.setObjectName("tallyDelete")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.differences)
        layout.addLayout(buttons)
        self._filling = False
        self.kind.currentIndexChanged.connect(lambda _i: self._switch())
        group.idToggled.connect(lambda _id, on: on and self._switch())
        self.returned.valueChanged.connect(lambda _v: self._figures_changed())
        self.invalid.valueChanged.connect(lambda _v: self._figures_changed())
        self.table.itemChanged.connect(self._changed)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.members: list[ballots.BallotMember] = []
        self.dirty = False  # figures typed and not saved
        self.stored = False
        self._shown: tuple[str, int] | None = None

    def entry(self) -> int:
        return 2 if self.second.isChecked() else 1

    def _switch(self) -> None:
        """Another rater kind or entry chosen: its figures replace the ones on screen (asked if unsaved)."""
        if (self.kind.currentText(), self.entry()) == self._shown:
            return
        if self.dirty and self._shown is not None:
            answer = QMessageBox.question(self, "计票汇总", "屏幕上的计票汇总还没有保存，切换后将丢弃，确定切换吗？")
            if answer != QMessageBox.StandardButton.Yes:
                kind, entry = self._shown
                for widget in (self.kind, self.first, self.second):
                    widget.blockSignals(True)
                self.kind.setCurrentText(kind)
                (self.first if entry == 1 else self.second).setChecked(True)
                for widget in (self.kind, self.first, self.second):
                    widget.blockSignals(False)
                return
        self.load()

    def _figures_changed(self) -> None:
        if not self._filling:
            self.dirty = True
        self._sums()

    def load(self) -> None:
        """Show the chosen kind's chosen entry (as stored, or empty): never the other entry's figures."""
        state = self.window_.state
        if state is None:
            return
        kind, entry = self.kind.currentText(), self.entry()
        stored = ballots.tally_entry(state.village_id, state.year, kind, entry)
        returned, invalid, rows = stored if stored is not None else (0, 0, {})
        self._filling = True
        self.members = list(state.members)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            for col, text in ((0, member.label), (1, member.tier)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            counts = rows.get(member.id, {})
            for offset, grade in enumerate(GRADES):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, int(counts.get(grade, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, 2 + offset, item)
            for col in (6, 7):
                item = QTableWidgetItem()
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
        self.returned.setValue(returned)
        self.invalid.setValue(invalid)
        self._filling = False
        self.dirty = False
        self._shown = (kind, entry)
        self.stored = stored is not None
        self.delete_button.setEnabled(self.stored and not state.sealed)
        self.save_button.setEnabled(not state.sealed and not self.by_ballot())
        self._sums()
        self.show_state()

    def show_state(self) -> None:
        state = self.window_.state
        if state is None:
            return
        kind = self.kind.currentText()
        tally = state.tallies[kind]
        entry = self.entry()
        mine = "已录入（修改后保存将替换）" if entry in tally.entered else "未录入"
        text = f"{kind}计票汇总：{tally.status}；第 {entry} 次{mine}"
        if self.by_ballot():
            text = f"已逐张录入了{kind}的测评票，不能再录入{kind}的计票汇总（会重复计票）"
        self.status.setText(text)
        self.status.setStyleSheet(BAD_STYLE if tally.status == ballots.TALLY_MISMATCH or self.by_ballot() else "")
        self.save_button.setEnabled(not state.sealed and not self.by_ballot())
        self.differences.clear()
        labels = {m.id: m.label for m in state.members}
        for member_id, what, first, second in tally.differences:
            name = what if member_id is None else f"{labels.get(member_id, member_id)} {what}"
            self.differences.addItem(f"{name}：第 1 次 {first}，第 2 次 {second}")
        self.differences.setVisible(bool(tally.differences))

    def by_ballot(self) -> bool:
        """The chosen rater kind's ballots are entered one by one (a tally would count them twice)."""
        state = self.window_.state
        kind = self.kind.currentText()
        return state is not None and any(e.voter_kind == kind for by_entry in state.found.values()
                                         for e in by_entry.values())

    def _changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and 2 <= item.column() < 6:
            self.dirty = True
            self._sum_row(item.row())

    def _value(self, row: int, col: int) -> int:
        item = self.table.item(row, col)
        value = item.data(Qt.ItemDataRole.EditRole) if item is not None else 0
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return -1

    def _sum_row(self, row: int) -> None:
        valid = self.returned.value() - self.invalid.value()
        total = sum(self._value(row, col) for col in range(2, 6))
        self._filling = True
        self.table.item(row, 6).setText(str(total))
        rest = self.table.item(row, 7)
        rest.setText(str(valid - total))
        rest.setForeground(QColor(ERROR_COLOR) if total > valid else QColor("#000000"))
        self._filling = False

    def _sums(self) -> None:
        valid = self.returned.value() - self.invalid.value()
        self.valid_label.setText(f"有效 {valid}")
        self.valid_label.setStyleSheet(BAD_STYLE if valid < 0 else "")
        for row in range(self.table.rowCount()):
            self._sum_row(row)

    def rows(self) -> dict[int, dict[str, int]]:
        return {member.id: {grade: self._value(row, 2 + offset) for offset, grade in enumerate(GRADES)}
                for row, member in enumerate(self.members)}

    def save(self) -> None:
        state = self.window_.state
        if state is None or state.sealed:
            return
        kind, entry = self.kind.currentText(), self.entry()
        args = (state.village_id, state.year, kind, entry, self.returned.value(), self.invalid.value(), self.rows())
        if self.stored:
            answer = QMessageBox.question(self, "替换计票汇总",
                                          f"{kind}计票汇总第 {entry} 次已录入，确定用现在的数字替换吗？"
                                          "\n操作记录中会保留原来的数字。")
            if answer != QMessageBox.StandardButton.Yes:
                return
            function = ballots.replace_tally
        else:
            function = ballots.enter_tally
        operations.run_op(self, function, *args, changes={Change.BALLOTS}, title="保存计票汇总",
                          on_success=self._saved)

    def _saved(self, tally: ballots.TallyState) -> None:
        self.stored = True
        self.dirty = False
        self.delete_button.setEnabled(True)
        self.window_.flash(f"已保存{tally.kind}计票汇总第 {self.entry()} 次录入：{tally.status}")

    def delete(self) -> None:
        state = self.window_.state
        if state is None or not self.stored:
            return
        kind, entry = self.kind.currentText(), self.entry()
        answer = QMessageBox.question(self, "删除计票汇总", f"确定删除{kind}计票汇总第 {entry} 次录入吗？"
                                      "\n操作记录中会保留删除前的数字。")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, ballots.delete_tally, state.village_id, state.year, kind, entry,
                              changes={Change.BALLOTS}, title="删除计票汇总", on_success=lambda _n: self.load())


# --------------------------------------------------------------------- the window

class BallotEntryWindow(QDialog):
    """One village's year of ballots: entry, the entries made, hand tallies, the sums, what to settle."""

    def __init__(self, parent: QWidget | None, village_id: int, year: int):
        super().__init__(parent)
        self.setObjectName("ballotEntryWindow")
        self.setModal(False)
        self.village_id, self.year = village_id, year
        self.state: ballots.BallotState | None = None
        self.editing: tuple[int, int] | None = None  # (serial, entry) being corrected
        self.saved = 0
        # 发出/应到/实到 as last shown from the database: what a save of the
        # figures is checked against, and how an edit not yet saved is told apart.
        self.figures_shown: tuple | None = None
        self._build()
        self._connect()
        self.view_state = ViewState(self, DEPENDS, lambda _changes: self.reload())
        operations.subscribe(self)
        self.reload(first=True)
        self.resize(PREFERRED)

    # ------------------------------------------------------------ building

    def _spin(self, name: str) -> QSpinBox:
        box = EnterSpinBox(self)
        box.setObjectName(name)
        box.setRange(UNSET, ballots.MAX_FIGURE)
        box.setSpecialValueText("未填")
        box.setValue(UNSET)
        box.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 36)
        return box

    def _build(self) -> None:
        self.issued = self._spin("issuedFigure")
        self.expected = self._spin("expectedFigure")
        self.present = self._spin("presentFigure")
        self.save_figures = QPushButton("保存人数", self)
        self.save_figures.setObjectName("saveFigures")
        self.rules_button = QPushButton("计票规则…", self)
        self.rules_button.setObjectName("rulesButton")
        self.import_button = QPushButton("从 Excel 导入…", self)
        self.import_button.setObjectName("importBallots")
        self.template_button = QPushButton("导出录入表…", self)
        self.template_button.setObjectName("ballotTemplate")
        top = QHBoxLayout()
        for label, box in (("发出票数：", self.issued), ("应到：", self.expected), ("实到：", self.present)):
            top.addWidget(QLabel(label, self))
            top.addWidget(box)
        top.addWidget(self.save_figures)
        top.addStretch(1)
        for button in (self.rules_button, self.import_button, self.template_button):
            top.addWidget(button)
        for button in (self.save_figures, self.rules_button, self.import_button, self.template_button):
            button.setAutoDefault(False)
        self.sealed_banner = QLabel(self)
        self.sealed_banner.setObjectName("sealedBanner")
        self.sealed_banner.setStyleSheet(f"{BAD_STYLE} background: #fff8f7; padding: 4px;")
        self.sealed_banner.hide()

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("ballotTabs")
        self.tabs.addTab(self._entry_page(), "逐张录入")
        self.tabs.addTab(self._entered_page(), "已录入的票")
        self.tally = TallyPage(self)
        self.tabs.addTab(self.tally, "计票汇总（手工计票）")

        self.sums = SumsPanel(self)
        pending_box = QGroupBox("待核对", self)
        self.pending = QListWidget(pending_box)
        self.pending.setObjectName("pendingList")
        pending_hint = QLabel("选中后按回车或双击：两次不一致的票打开核对；只录入一次的票转去录入另一次。", pending_box)
        pending_hint.setWordWrap(True)
        pending_hint.setStyleSheet(HINT_STYLE)
        pending_layout = QVBoxLayout(pending_box)
        pending_layout.addWidget(self.pending, 1)
        pending_layout.addWidget(pending_hint)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sums)
        right_layout.addWidget(pending_box, 1)
        right.setMinimumWidth(250)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        close = QPushButton("关闭", self)
        close.setObjectName("closeBallots")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        self.flash_label = QLabel(self)
        self.flash_label.setObjectName("windowStatus")
        bottom.addWidget(self.flash_label, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sealed_banner)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def _entry_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("entryPage")
        self.serial = EnterSpinBox(page)
        self.serial.setObjectName("serialBox")
        self.serial.setRange(1, ballots.MAX_SERIAL)
        self.serial.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 36)
        self.serial.setToolTip("纸质票上的票号（F3）；保存后自动转到下一号")
        self.entry1 = QRadioButton("第 1 次录入", page)
        self.entry1.setObjectName("entryMode1")
        self.entry2 = QRadioButton("第 2 次录入（不看第 1 次）", page)
        self.entry2.setObjectName("entryMode2")
        self.entry1.setChecked(True)
        self.modes = QButtonGroup(page)
        self.modes.addButton(self.entry1, 1)
        self.modes.addButton(self.entry2, 2)
        self.kind = QComboBox(page)
        self.kind.setObjectName("voterKind")
        self.kind.addItems(VOTER_KINDS)
        self.kind.setToolTip("F2 切换；Ctrl+1 党员，Ctrl+2 群众代表")
        self.spoiled = QCheckBox("作废（F4）", page)
        self.spoiled.setObjectName("spoiledBox")
        controls = QGridLayout()
        controls.addWidget(QLabel("票号（F3）：", page), 0, 0)
        controls.addWidget(self.serial, 0, 1)
        controls.addWidget(self.entry1, 0, 2)
        controls.addWidget(self.entry2, 0, 3)
        controls.addWidget(QLabel("评议人（F2）：", page), 0, 4)
        controls.addWidget(self.kind, 0, 5)
        controls.addWidget(self.spoiled, 0, 6)
        controls.setColumnStretch(7, 1)
        self.serial_note = QLabel(page)
        self.serial_note.setObjectName("serialNote")
        self.serial_note.setWordWrap(True)
        self.editing_bar = QFrame(page)
        self.editing_bar.setObjectName("editingBar")
        self.editing_bar.setStyleSheet("#editingBar { background: #fff4d6; border: 1px solid #e0c070; }")
        self.editing_label = QLabel(self.editing_bar)
        self.editing_label.setObjectName("editingLabel")
        self.cancel_edit = QPushButton("放弃修改", self.editing_bar)
        self.cancel_edit.setObjectName("cancelEdit")
        self.cancel_edit.setAutoDefault(False)
        bar = QHBoxLayout(self.editing_bar)
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.editing_label, 1)
        bar.addWidget(self.cancel_edit)
        self.editing_bar.hide()
        self.grid = GradeGrid(page)
        hint = QLabel("1 优秀　2 合格　3 基本合格　4 不合格（自动下移）　0/空格 不评并下移　Delete 清除　"
                      "↑↓ 移动　回车 保存本票", page)
        hint.setObjectName("keysHint")
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        self.progress = QLabel(page)
        self.progress.setObjectName("ballotProgress")
        self.entry_status = QLabel(page)
        self.entry_status.setObjectName("entryStatus")
        self.entry_status.setWordWrap(True)
        self.save_ballot_button = QPushButton("保存本票（回车）", page)
        self.save_ballot_button.setObjectName("saveBallot")
        self.save_ballot_button.setAutoDefault(False)
        self.clear_button = QPushButton("清空本票", page)
        self.clear_button.setObjectName("clearBallot")
        self.clear_button.setAutoDefault(False)
        for button in (self.save_ballot_button, self.clear_button, self.cancel_edit):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress)
        buttons.addWidget(self.entry_status, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_ballot_button)
        layout = QVBoxLayout(page)
        layout.addLayout(controls)
        layout.addWidget(self.serial_note)
        layout.addWidget(self.editing_bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.grid, self.serial)
        QWidget.setTabOrder(self.serial, self.entry1)
        QWidget.setTabOrder(self.entry1, self.kind)
        QWidget.setTabOrder(self.kind, self.spoiled)
        return page

    def _entered_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("enteredPage")
        self.entered = QTableWidget(0, 6, page)
        self.entered.setObjectName("enteredTable")
        self.entered.setHorizontalHeaderLabels(("票号", "录入次", "评议人类别", "有效/作废", "评了几人", "两次录入"))
        self.entered.verticalHeader().hide()
        self.entered.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entered.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entered.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entered.setAlternatingRowColors(True)
        self.entered.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.entered.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.edit_button = QPushButton("修改所选录入…", page)
        self.edit_button.setObjectName("editEntry")
        self.delete_button = QPushButton("删除所选录入…", page)
        self.delete_button.setObjectName("deleteEntry")
        note = QLabel("各票的等次不在此显示（第 2 次录入须不看第 1 次）；修改时载入所选的那一次录入。", page)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(note, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.entered, 1)
        layout.addLayout(buttons)
        return page

    def _connect(self) -> None:
        self.grid.on_enter = self.save_ballot
        self.grid.on_change = lambda _row: self._show_progress()
        self.serial.valueChanged.connect(lambda _v: self._check_serial())
        self.serial.on_enter = self._to_grid
        self.modes.idToggled.connect(self._mode_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_progress())
        self.spoiled.toggled.connect(self._spoiled_changed)
        self.save_ballot_button.clicked.connect(self.save_ballot)
        self.clear_button.clicked.connect(self.clear_ballot)
        self.cancel_edit.clicked.connect(self.stop_editing)
        self.save_figures.clicked.connect(self.save_meeting_figures)
        for box in (self.issued, self.expected, self.present):
            box.on_enter = self.save_meeting_figures
        self.rules_button.clicked.connect(self.edit_rules)
        self.import_button.clicked.connect(self.import_sheet)
        self.template_button.clicked.connect(self.write_template)
        self.pending.itemActivated.connect(self.open_pending)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.entered.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        # The ballot's keys work on the entry tab only (F2 edits a cell of the tally table).
        page = self.tabs.widget(0)
        for keys, slot in (("F2", self.toggle_kind), ("Ctrl+1", lambda: self.set_kind(0)),
                           ("Ctrl+2", lambda: self.set_kind(1)), ("F4", self.toggle_spoiled),
                           ("Ctrl+Return", self.save_ballot), ("Ctrl+Enter", self.save_ballot)):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        QShortcut(QKeySequence("F3"), self).activated.connect(self.to_serial)

    # ------------------------------------------------------------ the view protocol

    def set_village(self, _village_id: int | None) -> None:
        """The window keeps its own village and year whatever the main window shows."""

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        self.view_state.on_changes(changes, source)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.view_state.shown()

    def reload(self, *, first: bool = False, figures: bool = False) -> None:
        """Read the year's ballots again and show them; the ballot being typed stays as it is, and so do
        the meeting's figures being edited (``figures``: shown as saved all the same)."""
        try:
            state = ballots.ballot_state(self.village_id, self.year)
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error)
            return
        previous = self.state
        self.state = state
        self.setWindowTitle(f"民主测评票录入 — {state.village_name} {self.year} 年度")
        if previous is None or [m.id for m in previous.members] != [m.id for m in state.members]:
            row = self.grid.current_row()
            self.grid.grade_model.set_members(state.members, self.grid.grade_model.values())
            self.grid.go_to(row)
        self._show_figures((state.issued, state.expected, state.present), figures)
        self.sums.show_sums(state.count.sums, state.expected, state.present)
        self._fill_pending()
        self._fill_entered()
        sealed = state.sealed
        self.sealed_banner.setText(f"{self.year} 年度民主评议已封存：测评票只能查看，不能再录入或修改")
        self.sealed_banner.setVisible(sealed)
        for widget in (self.save_figures, self.rules_button, self.import_button, self.save_ballot_button,
                       self.edit_button, self.delete_button, self.issued, self.expected, self.present):
            widget.setEnabled(not sealed)
        if first:
            self.serial.setValue(state.next_serial(1))
            self.tally.load()
        else:
            self.tally.show_state()
        self._check_serial()
        self._show_progress()

    def _fill_pending(self) -> None:
        state = self.state
        self.pending.clear()
        for mismatch in state.count.mismatches:
            item = QListWidgetItem(f"第 {mismatch.serial} 号：两次录入有 {len(mismatch.differences)} 处不一致")
            item.setData(Qt.ItemDataRole.UserRole, ("mismatch", mismatch.serial))
            item.setForeground(QColor(ERROR_COLOR))
            self.pending.addItem(item)
        for serial in state.count.singles:
            made = next(iter(state.found[serial]))
            item = QListWidgetItem(f"第 {serial} 号：只录入了第 {made} 次")
            item.setData(Qt.ItemDataRole.UserRole, ("single", serial, 3 - made))
            self.pending.addItem(item)
        if not self.pending.count():
            item = QListWidgetItem("（没有待核对的票）")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.pending.addItem(item)

    def _fill_entered(self) -> None:
        state = self.state
        mismatched = {m.serial for m in state.count.mismatches}
        rows = [(serial, entry, found) for serial, by_entry in sorted(state.found.items())
                for entry, found in sorted(by_entry.items())]
        selected = self.selected_entry()
        self.entered.setRowCount(len(rows))
        for row, (serial, entry, found) in enumerate(rows):
            if len(state.found[serial]) < 2:
                both = "只录入一次"
            else:
                both = "不一致，待核对" if serial in mismatched else "一致"
            values = (serial, f"第 {entry} 次", found.voter_kind, "有效" if found.valid else "作废",
                      len(found.grades) if found.valid else "—", both)
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, (serial, entry))
                if col == 5 and serial in mismatched:
                    item.setForeground(QColor(ERROR_COLOR))
                self.entered.setItem(row, col, item)
            if selected == (serial, entry):
                self.entered.selectRow(row)

    def flash(self, text: str, *, bad: bool = False) -> None:
        self.flash_label.setText(text)
        self.flash_label.setStyleSheet(BAD_STYLE if bad else OK_STYLE)

    # ------------------------------------------------------------ one ballot

    def entry_mode(self) -> int:
        return self.modes.checkedId() if self.modes.checkedId() in (1, 2) else 1

    def _to_grid(self) -> None:
        self.grid.setFocus()
        self.grid.go_to(self.grid.current_row())

    def to_serial(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.serial.setFocus()
        self.serial.selectAll()

    def toggle_kind(self) -> None:
        if self.tabs.currentIndex() == 0:  # the tally tab keeps F2 for editing a cell
            self.kind.setCurrentIndex(1 - self.kind.currentIndex())

    def set_kind(self, index: int) -> None:
        if self.tabs.currentIndex() == 0:
            self.kind.setCurrentIndex(index)

    def toggle_spoiled(self) -> None:
        if self.tabs.currentWidget() is not self.tally:
            self.spoiled.toggle()

    def _spoiled_changed(self, on: bool) -> None:
        self.grid.setEnabled(not on)
        self._show_progress()
        if not on:
            self.grid.setFocus()

    def _mode_changed(self, entry: int, on: bool) -> None:
        if not on or self.editing is not None or self.state is None:
            return
        self.grid.grade_model.clear()
        self.serial.setValue(self.state.next_serial(entry))
        self.grid.go_to(0)
        self._check_serial()
        self._show_progress()

    def _check_serial(self) -> None:
        state = self.state
        if state is None:
            return
        serial, entry = self.serial.value(), self.entry_mode()
        made = state.found.get(serial, {})
        if self.editing is not None:
            text, bad = "", False
        elif entry in made:
            text, bad = f"第 {serial} 号票第 {entry} 次已录入（要改请到“已录入的票”中修改）", True
        elif state.issued is not None and serial > state.issued:
            text, bad = f"票号 {serial} 大于发出的票数 {state.issued}", True
        elif made:
            text, bad = f"第 {serial} 号票已录入第 {3 - entry} 次，现在录入第 {entry} 次", False
        else:
            text, bad = "", False
        self.serial_note.setText(text)
        self.serial_note.setStyleSheet(BAD_STYLE if bad else HINT_STYLE)
        self.serial_note.setVisible(bool(text))

    def _show_progress(self) -> None:
        model = self.grid.grade_model
        if self.spoiled.isChecked():
            self.progress.setText("作废票：不记等次")
        else:
            self.progress.setText(f"本票已评 {model.graded()} / {len(model.members)} 人")

    def clear_ballot(self) -> None:
        self.grid.grade_model.clear()
        self.spoiled.setChecked(False)
        self.grid.go_to(0)
        self.grid.setFocus()
        self._show_progress()

    def save_ballot(self) -> None:
        """Save the ballot on screen (Enter); a correction is confirmed first."""
        state = self.state
        if state is None or state.sealed or self.tabs.currentIndex() != 0:
            return
        grades = self.grid.grade_model.values()
        valid = not self.spoiled.isChecked()
        serial, entry, kind = self.serial.value(), self.entry_mode(), self.kind.currentText()
        if self.editing is not None:
            answer = QMessageBox.question(self, "修改测评票",
                                          f"确定用现在的内容替换第 {serial} 号票第 {entry} 次录入吗？"
                                          "\n操作记录中会保留原来的内容。")
            if answer != QMessageBox.StandardButton.Yes:
                return
            function = ballots.replace_entry
        else:
            if valid and not grades:
                answer = QMessageBox.question(self, "空白票", f"第 {serial} 号票没有评任何人，作为空白票保存吗？")
                if answer != QMessageBox.StandardButton.Yes:
                    self.grid.setFocus()
                    return
            function = ballots.enter_ballot
        operations.run_op(self, function, self.village_id, self.year, serial, entry, kind, grades, valid,
                          changes={Change.BALLOTS}, on_success=self._saved, title="保存测评票",
                          on_failure=lambda _e: self.grid.setFocus())

    def _saved(self, result: ballots.Entered) -> None:
        self.saved += 1
        what = "修改" if self.editing is not None else "保存"
        text = f"已{what}第 {result.serial} 号票第 {result.entry} 次录入"
        bad = False
        if result.agrees is True:
            text += f"，与第 {3 - result.entry} 次一致"
        elif result.agrees is False:
            text += f"，与第 {3 - result.entry} 次有 {result.differences} 处不一致，已列入待核对"
            bad = True
        if result.invalid_reason:
            text += f"；按计票规则此票无效（{result.invalid_reason}）"
        self.entry_status.setText(text)
        self.entry_status.setStyleSheet(BAD_STYLE if bad else OK_STYLE)
        taken = (self.state.taken(result.entry) if self.state is not None else set()) | {result.serial}
        was_editing = self.editing is not None
        self._leave_editing()
        self.grid.grade_model.clear()
        self.spoiled.setChecked(False)
        # After a new ballot the next serial; after a correction, back to the first one still to enter.
        self.serial.setValue(ballots.next_serial(taken, 0 if was_editing else result.serial,
                                                 self.state.issued if self.state else None))
        self.grid.go_to(0)
        self.grid.setFocus()
        self._show_progress()

    # ------------------------------------------------------------ corrections

    def selected_entry(self) -> tuple[int, int] | None:
        item = self.entered.currentItem() if self.entered.rowCount() else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def edit_selected(self) -> None:
        chosen = self.selected_entry()
        if chosen is None or self.state is None or self.state.sealed:
            return
        self.start_editing(*chosen)

    def start_editing(self, serial: int, entry: int) -> None:
        """Load one stored entry into the grid for correcting it."""
        found = self.state.found.get(serial, {}).get(entry)
        if found is None:
            return
        self.editing = (serial, entry)
        self.modes.blockSignals(True)
        (self.entry1 if entry == 1 else self.entry2).setChecked(True)
        self.modes.blockSignals(False)
        self.serial.setValue(serial)
        for widget in (self.serial, self.entry1, self.entry2):
            widget.setEnabled(False)
        self.kind.setCurrentText(found.voter_kind)
        self.spoiled.setChecked(not found.valid)
        self.grid.grade_model.load(found.grades)
        self.editing_label.setText(f"正在修改第 {serial} 号票第 {entry} 次录入：改好后按回车保存")
        self.editing_bar.show()
        self.tabs.setCurrentIndex(0)
        self.grid.go_to(0)
        self.grid.setFocus()
        self._check_serial()
        self._show_progress()

    def _leave_editing(self) -> None:
        self.editing = None
        for widget in (self.serial, self.entry1, self.entry2):
            widget.setEnabled(True)
        self.editing_bar.hide()

    def stop_editing(self) -> None:
        if self.editing is None:
            return
        self._leave_editing()
        self.grid.grade_model.clear()
        self.spoiled.setChecked(False)
        if self.state is not None:
            self.serial.setValue(self.state.next_serial(self.entry_mode()))
        self._check_serial()
        self._show_progress()
        self.grid.setFocus()

    def delete_selected(self) -> None:
        chosen = self.selected_entry()
        if chosen is None or self.state is None or self.state.sealed:
            return
        serial, entry = chosen
        answer = QMessageBox.question(self, "删除测评票", f"确定删除第 {serial} 号票第 {entry} 次录入吗？"
                                      "\n删除后这张票须重新录入这一次；操作记录中会保留删除前的内容。")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, ballots.delete_entry, self.village_id, self.year, serial, entry,
                              changes={Change.BALLOTS}, title="删除测评票",
                              on_success=lambda _n: self.flash(f"已删除第 {serial} 号票第 {entry} 次录入"))

    def open_pending(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data or self.state is None:
            return
        if data[0] == "single":
            _kind, serial, missing = data
            if self.editing is not None:
                self.stop_editing()
            (self.entry1 if missing == 1 else self.entry2).setChecked(True)
            self.serial.setValue(serial)
            self.tabs.setCurrentIndex(0)
            self.grid.grade_model.clear()
            self.grid.go_to(0)
            self.grid.setFocus()
            self._check_serial()
            return
        self.settle(data[1])

    def settle(self, serial: int) -> SettleDialog | None:
        """Open the settle dialog of a mismatched ballot (returns it after it closed, for tests)."""
        mismatch = next((m for m in self.state.count.mismatches if m.serial == serial), None)
        if mismatch is None or self.state.sealed:
            return None
        dialog = SettleDialog(self, mismatch, {m.id: m.label for m in self.state.members})
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            operations.run_op(self, ballots.settle, self.village_id, self.year, serial, dialog.paper(),
                              changes={Change.BALLOTS}, title="核对测评票",
                              on_success=lambda _e: self.flash(f"第 {serial} 号票已按纸质票更正，两次录入一致"))
        return dialog

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog (tests replace this to answer it)."""
        return dialog.exec()

    # ------------------------------------------------------------ figures, rules, files

    def _figures_typed(self) -> tuple:
        boxes = (self.issued, self.expected, self.present)
        return tuple(None if box.value() == UNSET else box.value() for box in boxes)

    def _show_figures(self, saved: tuple, everything: bool) -> None:
        """Show the saved figures, except in a box the clerk has changed and not saved yet (unless ``everything``)."""
        typed, shown = self._figures_typed(), list(self.figures_shown or saved)
        for index, box in enumerate((self.issued, self.expected, self.present)):
            if everything or self.figures_shown is None or typed[index] == shown[index]:
                box.setValue(UNSET if saved[index] is None else saved[index])
                shown[index] = saved[index]
        self.figures_shown = tuple(shown)

    def save_meeting_figures(self) -> None:
        values = self._figures_typed()

        def saved(appraisal) -> None:
            self.figures_shown = ballots.meeting_figures(appraisal)
            self.flash("已保存发出票数和应到、实到人数")

        operations.run_op(self, ballots.set_meeting_figures, self.village_id, self.year, *values, self.figures_shown,
                          changes={Change.BALLOTS}, title="保存人数和票数", on_success=saved,
                          reload=lambda: self.reload(figures=True))

    def edit_rules(self) -> None:
        if self.state is None:
            return
        dialog = RulesDialog(self, self.state.rules, len(self.state.members))
        started = [self.state.rules]  # what the dialog shows: a save over someone else's change is refused

        def reload() -> None:
            started[0] = ballots.counting_rules(self.village_id, self.year)
            dialog.show_rules(started[0])

        # A refused save opens the dialog again with the clerk's input (or, reloaded, with the rules as saved).
        saved = []

        def done(rules) -> None:
            saved.append(rules)
            self.flash("已保存计票规则")

        while not saved and self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            operations.run_op(self, ballots.set_counting_rules, self.village_id, self.year, dialog.value(),
                              started[0], changes={Change.BALLOTS}, title="计票规则", on_success=done,
                              reload=reload)

    def write_template(self) -> None:
        from lianhu_desktop.excel.ballot_sheet import write_ballot_template

        path, _ = QFileDialog.getSaveFileName(self, "导出测评票录入表",
                                              f"{self.state.village_name}{self.year}年度测评票录入表.xlsx",
                                              "Excel 工作簿 (*.xlsx)")
        if path:
            operations.run_op(self, write_ballot_template, path, self.village_id, year=self.year, changes=(),
                              title="导出测评票录入表", on_success=lambda p: self.flash(f"已导出：{p}"))

    def import_sheet(self) -> None:
        from lianhu_desktop.excel.ballot_sheet import import_ballots

        path, _ = QFileDialog.getOpenFileName(self, "导入测评票", "",
                                              "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv)")
        if not path:
            return

        def checked(result) -> None:
            if result.rejected:
                problems = "\n".join(f"第 {r.row} 行" + (f"“{r.column}”列" if r.column else "") + f"：{r.reason}"
                                     for r in result.rejected[:15])
                more = f"\n……另有 {len(result.rejected) - 15} 处" if len(result.rejected) > 15 else ""
                QMessageBox.warning(self, "导入测评票", f"{result.summary()}\n\n{problems}{more}\n\n未写入任何数据。")
                return
            if not result.imported:
                QMessageBox.information(self, "导入测评票", result.summary())
                return
            answer = QMessageBox.question(self, "导入测评票", f"{result.summary()}\n\n确定导入吗？")
            if answer == QMessageBox.StandardButton.Yes:
                operations.run_op(self, import_ballots, path, self.village_id, year=self.year,
                                  changes={Change.BALLOTS}, title="导入测评票",
                                  on_success=lambda done: self.flash(done.summary().splitlines()[0]))

        operations.run_query(self, import_ballots, path, self.village_id, year=self.year, dry_run=True,
                             on_success=checked, title="导入测评票")

    # ------------------------------------------------------------ closing

    _closing = False

    def _may_close(self) -> bool:
        """Ask before a ballot typed but not saved is lost (once, however the window is closed)."""
        if self._closing:
            return True
        if self.grid.grade_model.graded() or self.editing is not None:
            answer = QMessageBox.question(self, "关闭", "屏幕上这张票还没有保存，确定关闭吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._closing = True
        operations.unsubscribe(self)
        return True

    def reject(self) -> None:
        if self._may_close():
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._may_close():
            event.ignore()
            return
        super().closeEvent(event)


_open: dict[tuple[int, int], weakref.ref] = {}


def open_ballot_entry(parent: QWidget | None, village_id: int, year: int) -> QWidget:
    """Show the ballot-entry window of ``village_id``'s ``year`` (non-modal; the one already open is raised)."""
    key = (village_id, year)
    ref = _open.get(key)
    window = ref() if ref is not None else None
    try:
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
    except RuntimeError:  # closed and deleted on the C++ side
        pass
    window = BallotEntryWindow(parent, village_id, year)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open[key] = weakref.ref(window)
    fit_to_screen(window, PREFERRED)
    window.show()
    window.grid.setFocus()
    window.grid.go_to(0)
    return window

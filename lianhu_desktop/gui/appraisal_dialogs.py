"""The 百分制考核 tab's dialogs: a member's scores, the grade thresholds, sealing the year.

Every write goes through ``operations.run_op`` (``Change.SCORES``); the tab
refreshes from the notice. The scheme editor is ``scheme_editor``.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGridLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
    QMessageBox, QScrollArea, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import appraisal, appraisal_seal
from lianhu_desktop.domain.appraisal_types import MemberResult
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.form_parts import ERROR_STYLE, error_label, save_buttons
from lianhu_desktop.gui.operations import Change

NOTE_STYLE = "color: #55606e;"
UNSCORED = "未评分"


def points_box(max_tenths: int, parent: QWidget, *, allow_unscored: bool = True) -> QDoubleSpinBox:
    """A spin box of points with one decimal (0 to ``max_tenths``); below 0 it reads 未评分."""
    box = QDoubleSpinBox(parent)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setRange(-0.1 if allow_unscored else 0.0, max_tenths / 10)
    if allow_unscored:
        box.setSpecialValueText(UNSCORED)
    box.setSuffix(" 分")
    box.setKeyboardTracking(False)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance("100.0 分") + 40)
    return box


def tenths_of(box: QDoubleSpinBox) -> int | None:
    value = round(box.value() * 10)
    return None if value < 0 else value


class ScoreDialog(QDialog):
    """A member's items: the manual ones scored here with a reason, the automatic ones with their computation.

    ``next_member()`` (when given) returns the member after this one, for 保存并下一名.
    """

    def __init__(self, parent: QWidget | None, village_id: int, year: int, member: MemberResult,
                 criteria: dict[str, str], *, sealed: bool = False,
                 next_member: Callable[[int], MemberResult | None] | None = None):
        super().__init__(parent)
        self.village_id, self.year, self.member = village_id, year, member
        self.sealed, self.next_member = sealed, next_member
        self.saved = False
        self.following: ScoreDialog | None = None
        self.setWindowTitle(f"评分：{member.name}")
        self.boxes: dict[str, tuple[QDoubleSpinBox, QLineEdit]] = {}
        grade = member.grade or "未定等次"
        head = QLabel(f"<b>{member.name}</b>（{member.tier}，方案第 {member.scheme_version} 版）　"
                      f"当前总分 {points_text(member.total_tenths)} 分 · {grade} · 类别内第 {member.rank} 名", self)
        head.setObjectName("scoreHead")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(10)
        row = 0
        first = None
        for item in member.items:
            name = QLabel(f"<b>{item.name}</b>（{points_text(item.max_tenths)} 分）", self)
            grid.addWidget(name, row, 0, 1, 3)
            row += 1
            if criteria.get(item.name):
                hint = QLabel(criteria[item.name], self)
                hint.setWordWrap(True)
                hint.setStyleSheet(NOTE_STYLE)
                grid.addWidget(hint, row, 0, 1, 3)
                row += 1
            if item.source == "手工":
                box = points_box(item.max_tenths, self)
                box.setObjectName(f"points:{item.name}")
                box.setValue(-0.1 if item.tenths is None else item.tenths / 10)
                reason = QLineEdit(item.note, self)
                reason.setObjectName(f"reason:{item.name}")
                reason.setPlaceholderText("" if sealed else "未得满分时须写明扣分理由")
                reason.setMaxLength(appraisal.REASON_MAX)
                box.setEnabled(not sealed)
                reason.setEnabled(not sealed)
                label = QLabel("得分：", self)
                label.setBuddy(box)
                grid.addWidget(label, row, 0)
                line = QHBoxLayout()
                line.addWidget(box)
                line.addWidget(QLabel("理由：", self))
                line.addWidget(reason, 1)
                grid.addLayout(line, row, 1, 1, 2)
                self.boxes[item.name] = (box, reason)
                first = first or box
            else:
                text = item.computation or "（按本年度记录自动计算）"
                shown = QLabel(f"自动计分：{text}", self)
                shown.setObjectName(f"computation:{item.name}")
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(shown, row, 0, 1, 3)
            row += 1
        body = QWidget(self)
        body.setLayout(grid)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("scoreError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        buttons = QDialogButtonBox(self)
        if sealed:
            note = QLabel("本年度结果已封存，评分不能再修改。", self)
            note.setStyleSheet(NOTE_STYLE)
            buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            note = QLabel("得分留在“未评分”表示尚未评定；满分不必写理由。", self)
            note.setStyleSheet(NOTE_STYLE)
            save = buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
            save.setObjectName("saveScores")
            save.setDefault(True)
            self.next_button = buttons.addButton("保存并评下一名(&N)", QDialogButtonBox.ButtonRole.ActionRole)
            self.next_button.setObjectName("saveAndNext")
            self.next_button.setShortcut(QKeySequence("Ctrl+Return"))
            self.next_button.setToolTip("保存后打开下一名党员的评分（Ctrl+Enter）")
            self.next_button.setEnabled(next_member is not None)
            self.next_button.clicked.connect(lambda: self.save(and_next=True))
            buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
            buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 600)
        if first is not None:
            first.setFocus()

    def changes(self) -> list[tuple[str, str | None, str]]:
        """(item, points or None, reason) of each manual item changed here."""
        found = []
        for item in self.member.items:
            if item.name not in self.boxes:
                continue
            box, reason = self.boxes[item.name]
            tenths, note = tenths_of(box), " ".join(reason.text().split())
            if (tenths, note) != (item.tenths, item.note if item.tenths is not None else ""):
                found.append((item.name, None if tenths is None else points_text(tenths), note))
        return found

    def started(self) -> dict[str, tuple[int | None, str]]:
        """item → (tenths or None, reason) as this dialog showed them: a save of a
        score someone else changed since is refused."""
        return {item.name: (item.tenths, item.note if item.tenths is not None else "")
                for item in self.member.items if item.name in self.boxes}

    def reload(self) -> None:
        """Show the member's scores as saved now (someone else changed one since this dialog opened)."""
        fresh = appraisal.results(self.village_id, self.year)
        member = next((m for m in fresh.members if m.member_id == self.member.member_id), None)
        if member is None:
            return
        self.member = member
        for item in member.items:
            if item.name in self.boxes:
                box, reason = self.boxes[item.name]
                box.setValue(-0.1 if item.tenths is None else item.tenths / 10)
                reason.setText(item.note if item.tenths is not None else "")

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        name = (field or "").partition(":")[2]
        if name in self.boxes:
            box, reason = self.boxes[name]
            (reason if "理由" in message else box).setFocus()

    def save(self, *, and_next: bool = False) -> None:
        self.error_label.hide()
        entries = self.changes()

        def saved(_count=None) -> None:
            self.saved = True
            self.accept()

        if entries:
            done = operations.run_op(self, appraisal.set_scores, self.village_id, self.year, self.member.member_id,
                                     entries, self.started(), changes={Change.SCORES, Change.SCHEMES},
                                     on_success=saved, inline_errors=self.show_error, title="无法保存评分",
                                     reload=self.reload)
            if not done:
                return
        else:
            self.accept()
        if and_next and self.next_member is not None:
            following = self.next_member(self.member.member_id)
            if following is not None:
                self.following = open_score_dialog(self.parentWidget(), self.village_id, self.year, following,
                                                   next_member=self.next_member)


def open_score_dialog(parent: QWidget, village_id: int, year: int, member: MemberResult, *,
                      sealed: bool = False, next_member=None) -> ScoreDialog:
    """Open the score dialog of ``member`` (criteria read from the scheme in use)."""
    scheme = appraisal.schemes.schemes_in_use(village_id, year).get(member.tier)
    criteria = {item.name: item.criteria for item in scheme.items} if scheme else {}
    dialog = ScoreDialog(parent, village_id, year, member, criteria, sealed=sealed, next_member=next_member)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ThresholdsDialog(QDialog):
    """等次分数线: the lowest total of 优秀, 合格 and 基本合格; below them 不合格."""

    def __init__(self, parent: QWidget | None, village_id: int, year: int):
        super().__init__(parent)
        self.village_id, self.year = village_id, year
        self.setWindowTitle(f"{year} 年度等次分数线")
        current = appraisal.get_thresholds(village_id, year)
        self.started = dict(current)  # what is shown: a save over someone else's change is refused
        form = QFormLayout()
        self.boxes = {}
        for grade in GRADES[:-1]:
            box = points_box(1000, self, allow_unscored=False)
            box.setObjectName(f"threshold:{grade}")
            box.setValue(current[grade] / 10)
            form.addRow(f"{grade}：总分不低于", box)
            self.boxes[grade] = box
        note = QLabel("低于“基本合格”分数线的为不合格。分数线须从高到低，均在 0–100 分之间。", self)
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.error_label = error_label(self)
        buttons = save_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.boxes[GRADES[0]].setFocus()

    def values(self) -> dict[str, int]:
        return {grade: round(box.value() * 10) for grade, box in self.boxes.items()}

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        if field in self.boxes:
            self.boxes[field].setFocus()

    def save(self) -> None:
        operations.run_op(self, appraisal.set_thresholds, self.village_id, self.year, self.values(), self.started,
                          changes={Change.SCORES}, on_success=lambda _t: self.accept(),
                          inline_errors=self.show_error, title="无法保存等次分数线", reload=self.reload)

    def reload(self) -> None:
        """Show the thresholds as saved now (someone else changed them since this dialog opened)."""
        self.started = dict(appraisal.get_thresholds(self.village_id, self.year))
        for grade, box in self.boxes.items():
            box.setValue(self.started[grade] / 10)


class SealCodeDialog(QDialog):
    """The seal's code after sealing, large enough to read aloud and copy onto the sheet."""

    def __init__(self, parent: QWidget | None, sealed: appraisal_seal.Sealed):
        super().__init__(parent)
        self.setWindowTitle("已封存")
        intro = QLabel(f"{sealed.village} {sealed.year} 年度民主评议结果已于 {sealed.sealed_at:%Y-%m-%d %H:%M} 封存。"
                       "此后评分、测评票和考核方案都不能再修改。", self)
        intro.setWordWrap(True)
        code = QLabel(sealed.code, self)
        code.setObjectName("sealCode")
        font = QFont(code.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        code.setFont(font)
        code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("封存码请印在签字的结果表和公示上；日后可用本页的“核对封存码”（或命令 lianhu appraisal verify）"
                      "检查数据库中的结果是否被改动。", self)
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (intro, code, hint, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)


def seal_year(parent: QWidget, village_id: int, year: int, village_name: str) -> bool:
    """定稿封存: the reasons it cannot be sealed yet, or confirm, seal and show the code."""
    problems = appraisal_seal.seal_problems(village_id, year)
    if problems:
        box = QMessageBox(QMessageBox.Icon.Warning, "还不能封存",
                          f"{village_name} {year} 年度的民主评议结果还不能封存：", QMessageBox.StandardButton.Ok,
                          parent)
        box.setInformativeText("\n".join(f"· {p}" for p in problems))
        box.exec()
        return False
    answer = QMessageBox.question(
        parent, "定稿封存",
        f"确定封存 {village_name} {year} 年度的民主评议结果吗？\n\n"
        "封存时自动计分项目的得分一并入库，并生成封存码；封存后评分、测评票和考核方案都不能再修改。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    outcome = []
    operations.run_op(parent, appraisal_seal.seal, village_id, year, changes={Change.SCORES},
                      on_success=outcome.append, title="无法封存")
    if not outcome:
        return False
    dialog = SealCodeDialog(parent, outcome[0])
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return True


def verify_code(parent: QWidget, village_id: int, year: int) -> appraisal_seal.Verification | None:
    """核对封存码: the code typed from the paper against the database; says what it found."""
    code, ok = QInputDialog.getText(parent, "核对封存码",
                                    "请输入纸面结果表或公示上的封存码（如 1A2B-3C4D-5E6F-7A8B）：")
    if not ok or not code.strip():
        return None
    found = []
    if not operations.run_query(parent, appraisal_seal.verify, village_id, year, code, on_success=found.append,
                                title="无法核对封存码"):
        return None
    check = found[0]
    if check.ok:
        QMessageBox.information(parent, "封存码一致", check.message)
    else:
        QMessageBox.warning(parent, "封存码不符", check.message)
    return check

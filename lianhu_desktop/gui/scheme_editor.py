"""考核方案: edit a tier's 100-point scheme of the year, try the change, save it.

A table of items (name, points, source, rule, criteria) with 添加, 删除,
上移 and 下移 (Alt+↑/↓ move the current item); the total is live and red
while it is not 100. 试算 shows each member's total and grade before and
after without saving. Saving a scheme on which scoring has begun makes the
next version (the dialog says so first); the old one keeps its scores.
Writes go through ``operations.run_op`` (``Change.SCHEMES``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import appraisal, schemes
from lianhu_desktop.domain.schemes import FULL_MARKS_TENTHS, RULE_LABELS, RULES, ItemDraft, points_text
from lianhu_desktop.domain.vocab import ITEM_SOURCES, TIERS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.appraisal_dialogs import NOTE_STYLE, points_box
from lianhu_desktop.gui.form_parts import ERROR_STYLE
from lianhu_desktop.gui.operations import Change

COLUMNS = ("项目名称", "分值", "来源", "计分规则", "评分标准")
NAME, POINTS, SOURCE, RULE, CRITERIA = range(len(COLUMNS))
OK_STYLE = "color: #1b7f3b; font-weight: bold;"
WARN_STYLE = "color: #b3261e; font-weight: bold;"


class SchemeEditor(QDialog):
    """The scheme of ``tier`` for the village's ``year`` (the tier can be changed in the dialog)."""

    def __init__(self, parent: QWidget | None, village_id: int, year: int, tier: str = TIERS[1]):
        super().__init__(parent)
        self.village_id, self.year = village_id, year
        self.saved = None
        self.setWindowTitle(f"{year} 年度考核方案")
        self.tier = QComboBox(self)
        self.tier.setObjectName("schemeTier")
        self.tier.addItems(TIERS)
        self.tier.setCurrentText(tier if tier in TIERS else TIERS[1])
        self.name = QLineEdit(self)
        self.name.setObjectName("schemeName")
        self.name.setMaxLength(schemes.SCHEME_NAME_MAX)
        self.version = QLabel(self)
        self.version.setObjectName("schemeVersion")
        self.version.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("schemeItems")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CRITERIA, QHeaderView.ResizeMode.Stretch)
        scale = max(1.0, self.fontMetrics().horizontalAdvance("中文字") / 39)
        for column, width in ((NAME, 170), (POINTS, 90), (SOURCE, 70), (RULE, 130)):
            self.table.setColumnWidth(column, int(width * scale))
        self.total = QLabel(self)
        self.total.setObjectName("schemeTotal")
        buttons_row = QHBoxLayout()
        for text, slot, name in (("添加项目(&A)", self.add_row, "addItem"),
                                 ("删除项目(&D)", self.remove_row, "removeItem"),
                                 ("上移(&U)", lambda: self.move_row(-1), "moveUp"),
                                 ("下移(&W)", lambda: self.move_row(1), "moveDown")):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        buttons_row.addWidget(self.total)
        for keys, offset in (("Alt+Up", -1), ("Alt+Down", 1)):
            QShortcut(QKeySequence(keys), self, lambda offset=offset: self.move_row(offset))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("schemeError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        box = QDialogButtonBox(self)
        self.trial_button = box.addButton("试算(&T)…", QDialogButtonBox.ButtonRole.ActionRole)
        self.trial_button.setObjectName("trialScheme")
        self.trial_button.setToolTip("不保存，看各党员的总分和等次会怎样变化")
        self.trial_button.clicked.connect(self.show_trial)
        self.save_button = box.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveScheme")
        box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("考核类别(&K)：", self, buddy=self.tier))
        top.addWidget(self.tier)
        top.addSpacing(12)
        top.addWidget(QLabel("方案名称(&M)：", self, buddy=self.name))
        top.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.version)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons_row)
        layout.addWidget(self.error_label)
        layout.addWidget(box)
        self.tier.currentIndexChanged.connect(self.load)
        self.resize(960, 560)
        self.load()

    # ------------------------------------------------------------ rows

    def load(self) -> None:
        self.error_label.hide()
        self.scheme = schemes.schemes_in_use(self.village_id, self.year)[self.tier.currentText()]
        # The village's scheme as shown: a save is refused if someone else saved it since.
        self.loaded = schemes.load_scheme(self.scheme) if self.scheme.village_id == self.village_id else None
        self.name.setText(self.scheme.name)
        if self.scheme.frozen:
            text = (f"第 {self.scheme.version} 版，已开始评分：保存修改将生成第 {self.scheme.version + 1} 版，"
                    "原版本及其评分保留；分值、标准和来源都未改的手工项目，评分转入新版。")
        else:
            text = f"第 {self.scheme.version} 版，尚未开始评分：修改直接保存在本版。"
        self.version.setText(text)
        self.version.setStyleSheet(WARN_STYLE if self.scheme.frozen else NOTE_STYLE)
        self.table.setRowCount(0)
        for draft in self.scheme.drafts():
            self._append(draft)
        self._count()
        if self.table.rowCount():
            self.table.setCurrentCell(0, NAME)

    def _append(self, draft: ItemDraft, row: int | None = None) -> None:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        name = QTableWidgetItem(draft.name)
        name.setData(Qt.ItemDataRole.UserRole, draft.origin)
        self.table.setItem(row, NAME, name)
        points = points_box(FULL_MARKS_TENTHS, self.table, allow_unscored=False)
        points.setMinimum(0.1)
        points.setValue(draft.max_tenths / 10)
        points.valueChanged.connect(self._count)
        self.table.setCellWidget(row, POINTS, points)
        source = QComboBox(self.table)
        source.addItems(ITEM_SOURCES)
        source.setCurrentText(draft.source)
        self.table.setCellWidget(row, SOURCE, source)
        rule = QComboBox(self.table)
        rule.addItem("（手工评分）", "")
        for key, text in RULE_LABELS.items():
            rule.addItem(text, key)
            rule.setItemData(rule.count() - 1, RULES[key], Qt.ItemDataRole.ToolTipRole)
        rule.setCurrentIndex(max(rule.findData(draft.rule), 0))
        rule.setEnabled(draft.source == "自动")
        source.currentTextChanged.connect(lambda text, rule=rule: self._source_changed(rule, text))
        self.table.setCellWidget(row, RULE, rule)
        criteria = QTableWidgetItem(draft.criteria)
        criteria.setToolTip(draft.criteria)
        self.table.setItem(row, CRITERIA, criteria)

    @staticmethod
    def _source_changed(rule: QComboBox, source: str) -> None:
        rule.setEnabled(source == "自动")
        if source != "自动":
            rule.setCurrentIndex(0)
        elif rule.currentIndex() == 0:
            rule.setCurrentIndex(1)

    def drafts(self) -> list[ItemDraft]:
        """The items as the table holds them now."""
        found = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, NAME)
            criteria = self.table.item(row, CRITERIA)
            points: QDoubleSpinBox = self.table.cellWidget(row, POINTS)
            source = self.table.cellWidget(row, SOURCE).currentText()
            rule = self.table.cellWidget(row, RULE).currentData() if source == "自动" else ""
            found.append(ItemDraft(name.text() if name else "", round(points.value() * 10),
                                   criteria.text() if criteria else "", source, rule,
                                   name.data(Qt.ItemDataRole.UserRole) if name else None))
        return found

    def _refill(self, drafts: list[ItemDraft], current: int) -> None:
        self.table.setRowCount(0)
        for draft in drafts:
            self._append(draft)
        self._count()
        if drafts:
            self.table.setCurrentCell(min(max(current, 0), len(drafts) - 1), NAME)

    def add_row(self) -> None:
        drafts = self.drafts()
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(drafts)
        drafts.insert(row, ItemDraft("", 50))
        self._refill(drafts, row)
        self.table.editItem(self.table.item(row, NAME))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        drafts = self.drafts()
        del drafts[row]
        self._refill(drafts, row)

    def move_row(self, offset: int) -> None:
        row = self.table.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        drafts = self.drafts()
        drafts.insert(target, drafts.pop(row))
        self._refill(drafts, target)

    def _count(self) -> None:
        total = sum(round(self.table.cellWidget(r, POINTS).value() * 10) for r in range(self.table.rowCount()))
        if total == FULL_MARKS_TENTHS:
            self.total.setText("合计 100 分")
            self.total.setStyleSheet(OK_STYLE)
        else:
            self.total.setText(f"合计 {points_text(total)} 分　须为 100 分才能使用")
            self.total.setStyleSheet(WARN_STYLE)

    # ------------------------------------------------------------ trial and saving

    def show_error(self, message: str, field: str | None = None) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def show_trial(self) -> TrialDialog | None:
        self.error_label.hide()
        rows = []
        if not operations.run_query(self, appraisal.trial, self.village_id, self.year, self.tier.currentText(),
                                    self.drafts(), on_success=rows.append, title="无法试算"):
            return None
        dialog = TrialDialog(self, self.tier.currentText(), rows[0])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def save(self) -> None:
        self.error_label.hide()
        if self.scheme.frozen:
            answer = QMessageBox.question(
                self, "保存为新版本",
                f"{self.tier.currentText()}的考核方案已开始评分。保存后将生成第 {self.scheme.version + 1} 版，"
                f"第 {self.scheme.version} 版及其评分保留；改动过的手工项目需要重新评分。确定保存吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return

        def saved(scheme) -> None:
            self.saved = scheme

        if operations.run_op(self, appraisal.save_scheme, self.village_id, self.year, self.tier.currentText(),
                             self.drafts(), self.name.text(), self.loaded, changes={Change.SCHEMES, Change.SCORES},
                             on_success=saved, inline_errors=self.show_error, title="无法保存考核方案",
                             reload=self.load):
            self.load()
            note = "" if self.saved.usable else "（合计不是 100 分，改好之前不能用于评分）"
            self.version.setText(f"已保存：第 {self.saved.version} 版{note}")


def _signed(tenths: int) -> str:
    """+2.5, -1, 0."""
    if tenths < 0:
        return "-" + points_text(-tenths)
    return ("+" if tenths else "") + points_text(tenths)


class TrialDialog(QDialog):
    """Each member's total and grade before and after the edit (nothing saved)."""

    HEADERS = ("姓名", "修改前总分", "修改后总分", "变化", "修改前等次", "修改后等次", "修改后须重新评分的项目")

    def __init__(self, parent: QWidget | None, tier: str, rows: list[appraisal.TrialRow]):
        super().__init__(parent)
        self.setWindowTitle(f"试算：{tier}")
        changed = sum(1 for r in rows if r.change_tenths or r.before_grade != r.after_grade)
        intro = QLabel(f"以下是按修改后的方案重新计算的结果（尚未保存）：{len(rows)} 名党员，"
                       f"{changed} 名的总分或等次有变化。", self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), len(self.HEADERS), self)
        self.table.setObjectName("trialTable")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(len(self.HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(rows):
            change = row.change_tenths
            values = (row.name, points_text(row.before_tenths), points_text(row.after_tenths), _signed(change),
                      row.before_grade or "未定", row.after_grade or "未定", "、".join(row.rescore))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 3 and change:
                    item.setForeground(QBrush(QColor("#1b7f3b" if change > 0 else "#b3261e")))
                if c == 5 and row.after_grade != row.before_grade:
                    item.setForeground(QBrush(QColor("#9a6700")))
                self.table.setItem(r, c, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        note = QLabel("未评分的项目不计入总分；全部项目有分之后才定等次。新增的项目和分值、标准或来源改动过的手工项目"
                      "须重新评分。", self)
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(820, 480)

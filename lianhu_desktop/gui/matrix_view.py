"""全年矩阵: every member × household of a village × the twelve months, the missing months marked.

One row per member–household pair linked some time in the year, grouped by
member. A month cell is green with ✓ (or the number of visits) when the
member visited, red ✗ when the month went by without a visit while linked,
yellow 待 for this month not yet visited, grey — when the pair was not
linked that month. The model hands out text and colours per cell: a village
of 3,000 pairs is ~40,000 cells, painted only as they scroll into view.
Double-click (or Enter on) a member to open the member, anything else to open the household.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import compliance
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.compliance_view import COMPLIANCE_CHANGES, open_household, open_member
from lianhu_desktop.gui.views import StatefulView, ViewState

FIRST_MONTH = 3  # columns: 联户党员, 农户, 网格, 1月 … 12月, 缺访
MISSING_COLUMN = FIRST_MONTH + compliance.MONTHS

# state → (text, background, foreground)
CELL = {
    compliance.VISITED: ("✓", QColor("#dcefdc"), QColor("#1e6b2a")),
    compliance.MISSING: ("✗", QColor("#f6d3d1"), QColor("#a11d16")),
    compliance.OPEN: ("待", QColor("#fff1cc"), QColor("#7a5a00")),
    compliance.NOT_LINKED: ("—", QColor("#f1f2f4"), QColor("#9aa2ab")),
    compliance.FUTURE: ("", None, None),
}
LEGEND = ((compliance.VISITED, "已走访（数字为次数）"), (compliance.MISSING, "未走访"),
          (compliance.OPEN, "本月尚未走访"), (compliance.NOT_LINKED, "当月未联系"))
GROUP_SHADE = QColor("#f4f6f9")


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.matrix: compliance.Matrix | None = None
        self.rows: list[compliance.MatrixRow] = []
        self.first_of_group: list[bool] = []
        self.group_no: list[int] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {state: (QBrush(back) if back else None, QBrush(fore) if fore else None)
                         for state, (_text, back, fore) in CELL.items()}
        self._shade = QBrush(GROUP_SHADE)

    def set_rows(self, matrix: compliance.Matrix | None, rows: list[compliance.MatrixRow]) -> None:
        self.beginResetModel()
        self.matrix, self.rows = matrix, rows
        self.first_of_group, self.group_no = [], []
        previous, group = None, -1
        for row in rows:
            first = row.member_id != previous
            group += first
            self.first_of_group.append(first)
            self.group_no.append(group)
            previous = row.member_id
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else MISSING_COLUMN + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, column = index.row(), index.column()
        row = self.rows[r]
        if FIRST_MONTH <= column < MISSING_COLUMN:
            month = column - FIRST_MONTH
            state = row.states[month]
            if role == Qt.ItemDataRole.DisplayRole:
                count = row.counts[month]
                return str(count) if state == compliance.VISITED and count > 1 else CELL[state][0]
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._brushes[state][0]
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._brushes[state][1]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.member_name} → {row.household_name}，{month + 1}月：" + {
                    compliance.VISITED: f"走访 {row.counts[month]} 次", compliance.MISSING: "未走访",
                    compliance.OPEN: "本月尚未走访", compliance.NOT_LINKED: "当月未联系此户",
                    compliance.FUTURE: "尚未到"}[state]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.member_name if self.first_of_group[r] else ""
            if column == 1:
                return row.household_name
            if column == 2:
                return row.grid_name
            return str(row.missing) if row.missing else ""
        if role == Qt.ItemDataRole.BackgroundRole and column == 0 and self.group_no[r] % 2:
            return self._shade
        if role == Qt.ItemDataRole.FontRole and column in (0, MISSING_COLUMN):
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == MISSING_COLUMN:
            return self._brushes[compliance.MISSING][1]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MISSING_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row.member_name}：双击打开党员信息"
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIRST_MONTH:
                return ("联户党员", "农户（户主）", "网格")[section]
            if section == MISSING_COLUMN:
                return "缺访"
            month = section - FIRST_MONTH
            expected = self.matrix.expected[month] if self.matrix else 0
            if not expected:
                return f"{month + 1}月"
            visited = self.matrix.visited[month]
            return f"{month + 1}月\n{round(100 * visited / expected)}%"
        if role == Qt.ItemDataRole.ToolTipRole and FIRST_MONTH <= section < MISSING_COLUMN and self.matrix:
            month = section - FIRST_MONTH
            return f"{month + 1}月：应走访 {self.matrix.expected[month]} 户次，已走访 {self.matrix.visited[month]} 户次"
        return None


class MatrixView(StatefulView, QWidget):
    """The year's matrix of one village, with a member filter and 'only rows with missing months'."""

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("matrixView")
        self.today = today or datetime.date.today()
        self.village_id: int | None = None
        self.matrix: compliance.Matrix | None = None
        self.state = ViewState(self, COMPLIANCE_CHANGES, lambda _changes: self.reload())
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("matrixYear")
        self.year.setRange(2000, self.today.year)
        self.year.setValue(self.today.year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(self.reload)
        caption = QLabel("年度：", self)
        caption.setBuddy(self.year)
        bar.addWidget(caption)
        bar.addWidget(self.year)
        self.member = QComboBox(self)
        self.member.setObjectName("matrixMember")
        self.member.setMinimumContentsLength(6)
        self.member.currentIndexChanged.connect(self._filter)
        caption = QLabel("党员：", self)
        caption.setBuddy(self.member)
        bar.addWidget(caption)
        bar.addWidget(self.member)
        self.only_missing = QCheckBox("只看有缺访的", self)
        self.only_missing.setObjectName("matrixOnlyMissing")
        self.only_missing.toggled.connect(self._filter)
        bar.addWidget(self.only_missing)
        bar.addSpacing(12)
        for state, text in LEGEND:
            _glyph, back, fore = CELL[state]
            swatch = QLabel(CELL[state][0], self)
            swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
            swatch.setFixedSize(22, 20)
            swatch.setStyleSheet(f"background: {back.name()}; color: {fore.name()}; border: 1px solid #d0d4da;")
            bar.addWidget(swatch)
            bar.addWidget(QLabel(text, self))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel(self)
        self.summary.setObjectName("matrixSummary")
        layout.addWidget(self.summary)

        self.stack = QStackedWidget(self)
        self.model = MatrixModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("matrixTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(True)
        self.table.setGridStyle(Qt.PenStyle.SolidLine)
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setMinimumHeight(2 * metrics.height() + 10)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        unit = metrics.horizontalAdvance("中")
        for column, chars in enumerate((5, 8, 4)):
            self.table.setColumnWidth(column, unit * chars + 16)
        for column in range(FIRST_MONTH, MISSING_COLUMN + 1):
            self.table.setColumnWidth(column, max(unit * 3, metrics.horizontalAdvance("12月") + 14))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        # Wide windows give the months the room: the cells are what the clerk reads.
        header.setMinimumSectionSize(max(unit * 3, metrics.horizontalAdvance("12月") + 14))
        for column in range(FIRST_MONTH, MISSING_COLUMN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)  # double-click or Enter
        self.stack.addWidget(self.table)
        self.township_note = QLabel("全年矩阵按村显示：请在上方的“村”中选择一个村。", self)
        self.township_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.township_note.setStyleSheet("color: #6a7480; font-size: 15px;")
        self.stack.addWidget(self.township_note)
        layout.addWidget(self.stack, 1)

    # ------------------------------------------------------------ the view protocol


    def status_text(self) -> str:
        """The status line while the view is shown."""
        return f"全年矩阵：{self.year.value()} 年"



    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        self.state.pending = frozenset()
        if self.village_id is None:
            self.matrix = None
            self.model.set_rows(None, [])
            self.summary.setText("")
            self.stack.setCurrentWidget(self.township_note)
            for widget in (self.member, self.only_missing):
                widget.setEnabled(False)
            return
        self.stack.setCurrentWidget(self.table)
        for widget in (self.member, self.only_missing):
            widget.setEnabled(True)
        try:
            self.matrix = compliance.year_matrix(self.village_id, self.year.value(), today=self.today)
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error)
            return
        kept = self.member.currentData()
        self.member.blockSignals(True)
        self.member.clear()
        self.member.addItem("全部党员", None)
        seen = set()
        for row in self.matrix.rows:
            if row.member_id not in seen:
                seen.add(row.member_id)
                self.member.addItem(row.member_name, row.member_id)
        index = self.member.findData(kept) if kept is not None else 0
        self.member.setCurrentIndex(max(index, 0))
        self.member.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        if self.matrix is None:
            return
        member = self.member.currentData()
        rows = [r for r in self.matrix.rows
                if (member is None or r.member_id == member) and (not self.only_missing.isChecked() or r.missing)]
        self.model.set_rows(self.matrix, rows)
        members = len({r.member_id for r in rows})
        missing = sum(r.missing for r in rows)
        behind = sum(1 for r in rows if r.missing)
        self.summary.setText(f"{self.matrix.year} 年：{members} 名党员、{len(rows)} 个联户对象；"
                             f"缺访 {missing} 户次（{behind} 户有缺访）。表头百分比为当月走访率。")

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        if index.column() == 0:
            open_member(self, row.member_id)
        else:
            open_household(self, row.household_id)

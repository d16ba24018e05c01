"""The 百分制考核 tab's table: a row per member, one tier's items as columns (or all in one).

``ResultsModel`` holds the members shown (from ``appraisal.results``: the
totals, grades and ranks come computed) and the columns for the tier shown;
an item not scored yet reads 未评, a ballot item not counted yet 待计票, and
the tooltip of an item is its computation or the committee's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView, QWidget

from lianhu_desktop.domain.appraisal_types import MemberResult
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES

GRADE_COLOURS = {"优秀": "#1b7f3b", "合格": None, "基本合格": "#9a6700", "不合格": "#b3261e"}
PENDING_COLOUR = "#9a6700"
ALIGN_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTRE = Qt.AlignmentFlag.AlignCenter


def _points(tenths: int | None) -> str:
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def _votes(member: MemberResult) -> str:
    return "/".join(str(member.ballots.get(grade, 0)) for grade in GRADES)


def _item_cell(member: MemberResult, name: str) -> tuple[str, str, str | None]:
    """(text, tooltip, colour) of one item of a member."""
    item = next((i for i in member.items if i.name == name), None)
    if item is None:
        return "", "", None
    tip = item.computation if item.source == "自动" else (f"理由：{item.note}" if item.note else "")
    if item.tenths is None:
        return ("待计票" if item.source == "自动" else "未评"), tip or "尚未评分", PENDING_COLOUR
    return _points(item.tenths), tip, None


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    text: Callable[[str, MemberResult], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tip: Callable[[str, MemberResult], str] | None = None
    colour: Callable[[str, MemberResult], str | None] | None = None


def _grade_colour(_village: str, member: MemberResult) -> str | None:
    return GRADE_COLOURS.get(member.grade) if member.grade else PENDING_COLOUR


def _wrapped(name: str, width: int = 4) -> str:
    """An item's name on short lines (a header two or three lines high stays narrow): broken after 、,
    then every ``width`` characters, never leaving one character alone on a line."""
    lines = []
    for part in name.split("、"):
        chunks = [part[i:i + width] for i in range(0, len(part), width)]
        if len(chunks) > 1 and len(chunks[-1]) == 1:
            chunks[-2:] = [chunks[-2][:-1], chunks[-2][-1] + chunks[-1]]
        if lines:
            lines[-1] += "、"  # the comma stays at the end of its line
        lines += chunks
    return "\n".join(line for line in lines if line)


def _item_column(name: str, max_tenths: int) -> Column:
    return Column(f"{_wrapped(name)}\n{points_text(max_tenths)} 分", 70,
                  lambda _v, m: _item_cell(m, name)[0], ALIGN_NUMBER,
                  lambda _v, m: _item_cell(m, name)[1], lambda _v, m: _item_cell(m, name)[2])


def _summary(member: MemberResult) -> str:
    return " · ".join(f"{i.name} {_points(i.tenths) or ('待计票' if i.source == '自动' else '未评')}"
                      for i in member.items)


def columns_for(tier: str | None, members: list[MemberResult], township: bool) -> list[Column]:
    """The table's columns: one tier's items as columns, or every tier's items in one."""
    lead = [Column("名次", 50, lambda _v, m: str(m.rank), ALIGN_CENTRE)]
    if township:
        lead.append(Column("村", 100, lambda v, _m: v))
    lead += [Column("姓名", 80, lambda _v, m: m.name),
             Column("总分", 56, lambda _v, m: _points(m.total_tenths), ALIGN_NUMBER),
             Column("等次", 64, lambda _v, m: m.grade or "未定", ALIGN_CENTRE, colour=_grade_colour)]
    votes = Column("测评票\n优/合/基/不", 90, lambda _v, m: _votes(m), ALIGN_CENTRE)
    if tier is None:
        return [*lead, Column("考核类别", 80, lambda _v, m: m.tier), votes,
                Column("各项得分", 400, lambda _v, m: _summary(m))]
    items: list[tuple[str, int]] = []
    for member in members:
        for item in member.items:
            if (item.name, item.max_tenths) not in items:
                items.append((item.name, item.max_tenths))
    return [*lead, *(_item_column(name, top) for name, top in items), votes]


class ResultsModel(QAbstractTableModel):
    """The members shown, (village name, member) per row, with the columns of the tier shown."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, MemberResult]] = []
        self.columns: list[Column] = []
        self.loaded = False

    def invalidate(self) -> None:
        """Forget what is shown (another database, no village): read again when shown."""
        self.beginResetModel()
        self.rows, self.loaded = [], False
        self.endResetModel()

    def set_rows(self, rows: list[tuple[str, MemberResult]], columns: list[Column]) -> None:
        self.beginResetModel()
        self.rows, self.columns, self.loaded = rows, columns, True
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        village, member = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(village, member)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(village, member) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(village, member)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.UserRole:
            return member.member_id
        return None

    def member_at(self, row: int) -> MemberResult | None:
        return self.rows[row][1] if 0 <= row < len(self.rows) else None

    def row_of(self, member_id: int) -> int:
        return next((r for r, (_v, m) in enumerate(self.rows) if m.member_id == member_id), -1)


class ResultsTable(QTableView):
    """The results table; tells ``on_resize`` when its width changes (the columns fit the screen)."""

    on_resize: Callable[[], None] | None = None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.on_resize is not None:
            self.on_resize()

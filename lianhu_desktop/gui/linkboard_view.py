"""网格图: the map board with its legend of members.

The painted board is ``board_canvas.BoardCanvas``. The legend lists the
members in their colours; a tile dropped on a member relinks the household
(the tab confirms and calls ``linking.link_households(..., move=True)``).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain.linkboard import PALETTE, UNLINKED_COLOUR, Board
from lianhu_desktop.gui.board_canvas import (  # noqa: F401 - re-exported for the views and tests
    MIME, OVERDUE_COLOUR, BoardCanvas, household_mime, mime_household, swatch, unlinked_swatch,
)
from lianhu_desktop.gui.views import SharedBoardView


class MemberLegend(QListWidget):
    """Members with their colours; a household tile dropped on one relinks it
    (``on_drop(household_id, member_id)``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("memberLegend")
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.on_drop: Callable[[int, int], None] | None = None

    def dragEnterEvent(self, event) -> None:
        event.setAccepted(mime_household(event.mimeData()) is not None)

    def dragMoveEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        ok = item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        if ok:
            self.setCurrentItem(item)
        event.setAccepted(ok)

    def dropEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        household_id = mime_household(event.mimeData())
        member_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        if household_id is None or member_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if self.on_drop is not None:
            self.on_drop(household_id, member_id)


class BoardView(SharedBoardView, QWidget):
    """The board with its legend and key. ``canvas.on_open``/``on_context`` and
    ``legend.on_drop`` are set by the tab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.canvas = BoardCanvas(splitter)
        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        title = QLabel("<b>图例</b>：拖动农户方块到党员名下，可改由该党员联系", side)
        title.setWordWrap(True)
        self.legend_filter = QLineEdit(side)
        self.legend_filter.setPlaceholderText("查找党员")
        self.legend_filter.setClearButtonEnabled(True)
        self.legend_filter.textChanged.connect(self._filter_legend)
        self.legend = MemberLegend(side)
        key = QWidget(side)
        key_layout = QGridLayout(key)
        key_layout.setContentsMargins(0, 4, 0, 0)
        hatch = QLabel(key)
        hatch.setPixmap(unlinked_swatch(18))
        key_layout.addWidget(hatch, 0, 0)
        key_layout.addWidget(QLabel("红色斜线、虚线框：未联户", key), 0, 1)
        corner = QLabel(f'<span style="color:{OVERDUE_COLOUR}">◥</span>', key)
        key_layout.addWidget(corner, 1, 0, Qt.AlignmentFlag.AlignHCenter)
        key_layout.addWidget(QLabel("右上角橙色：本月未走访", key), 1, 1)
        self.key_hint = QLabel("单击选中农户，双击打开；右键可调整联户", key)
        self.key_hint.setObjectName("boardKey")
        self.key_hint.setWordWrap(True)
        key_layout.addWidget(self.key_hint, 2, 0, 1, 2)
        key_layout.setColumnStretch(1, 1)
        for widget in (title, self.legend_filter, self.legend, key):
            side_layout.addWidget(widget)
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 230])
        layout.addWidget(splitter)
        self.splitter = splitter
        self.on_board: Callable[[Board], None] | None = None  # after a board was shown

    def set_board(self, board: Board | None, *, show_village: bool = False) -> None:
        self.canvas.set_board(board, show_village=show_village)
        self.legend.clear()
        if board is None:
            return
        if board.unlinked:
            item = QListWidgetItem(swatch(UNLINKED_COLOUR), f"未联户（{board.unlinked} 户）", self.legend)
            item.setData(Qt.ItemDataRole.UserRole, None)
        for entry in board.legend:
            item = QListWidgetItem(swatch(PALETTE[entry.colour % len(PALETTE)]),
                                   f"{entry.name}（{entry.count} 户）", self.legend)
            item.setData(Qt.ItemDataRole.UserRole, entry.member_id)
        self._filter_legend(self.legend_filter.text())

    def _filter_legend(self, text: str) -> None:
        text = text.strip()
        for row in range(self.legend.count()):
            item = self.legend.item(row)
            item.setHidden(bool(text) and text not in item.text())

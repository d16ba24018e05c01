"""分组列表: grid → member → households, over a ``linkboard.Board``.

A hand-written tree model rather than QStandardItemModel: a township's
50,000 households would be 250,000 items; here a row is an index into the
board's own lists, built in a few milliseconds.

Internal ids: 0 for grids; 1..G for the second level under grid G-1; G+1+k
for households under the k-th second-level node.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from lianhu_desktop.domain.linkboard import PALETTE, UNLINKED_COLOUR, Board, HouseholdRow
from lianhu_desktop.gui.linkboard_view import swatch
from lianhu_desktop.gui.views import SharedBoardView

HEADERS = ("网格 / 联户党员 / 门牌号", "户主", "联系电话", "类别", "最近走访")
UNLINKED_TEXT = QColor("#B71C1C")
UNLINKED_BACK = QColor("#FDE2E1")
OVERDUE_BACK = QColor("#FFF1CC")


class _Group:
    """A second-level node: a member and their households, or the unlinked ones."""

    def __init__(self, grid: int, row: int, title: str, households: list[HouseholdRow],
                 colour: str, phone: str = "", member_id: int | None = None):
        self.grid, self.row, self.title, self.households = grid, row, title, households
        self.colour, self.phone, self.member_id = colour, phone, member_id


class LinkGroupModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.board: Board | None = None
        self.show_village = False
        self.grid_children: list[list[_Group]] = []
        self.groups: list[_Group] = []
        self.offsets: list[int] = []
        self._icons: dict[str, object] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_board(self, board: Board | None, *, show_village: bool = False) -> None:
        self.beginResetModel()
        self.board, self.show_village = board, show_village
        self.grid_children, self.groups, self.offsets = [], [], []
        for g, grid in enumerate(board.grids if board else []):
            children = []
            if grid.unlinked:
                children.append(_Group(g, 0, f"未联户（{len(grid.unlinked)} 户）", grid.unlinked,
                                       UNLINKED_COLOUR))
            for member in grid.members:
                suffix = "，已归档" if member.archived else ""
                children.append(_Group(g, len(children), f"{member.name}（{len(member.households)} 户{suffix}）",
                                       member.households, PALETTE[member.colour % len(PALETTE)],
                                       member.phone, member.member_id))
            self.grid_children.append(children)
            self.offsets.append(len(self.groups))
            self.groups.extend(children)
        self.endResetModel()

    # ------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        pid = parent.internalId()
        if pid == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return self.createIndex(row, column, len(self.grid_children) + 1 + self._group_no(parent))

    def _group_no(self, index: QModelIndex) -> int:
        """Position in ``self.groups`` of a second-level index."""
        return self.offsets[index.internalId() - 1] + index.row()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = index.internalId()
        if node == 0:
            return QModelIndex()
        if node <= len(self.grid_children):
            return self.createIndex(node - 1, 0, 0)
        group = self.groups[node - len(self.grid_children) - 1]
        return self.createIndex(group.row, 0, group.grid + 1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.grid_children)
        if parent.column() > 0:
            return 0
        node = parent.internalId()
        if node == 0:
            return len(self.grid_children[parent.row()])
        if node <= len(self.grid_children):
            return len(self.grid_children[node - 1][parent.row()].households)
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    # ------------------------------------------------------------ content

    def node(self, index: QModelIndex):
        """The GridGroup, _Group or HouseholdRow behind an index."""
        node = index.internalId()
        if node == 0:
            return self.board.grids[index.row()]
        if node <= len(self.grid_children):
            return self.grid_children[node - 1][index.row()]
        return self.groups[node - len(self.grid_children) - 1].households[index.row()]

    def household_id(self, index: QModelIndex) -> int | None:
        if not index.isValid() or index.internalId() <= len(self.grid_children):
            return None
        return self.node(index).household_id

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node, column = self.node(index), index.column()
        level = 0 if index.internalId() == 0 else 1 if index.internalId() <= len(self.grid_children) else 2
        if role == Qt.ItemDataRole.DisplayRole:
            if level == 0:
                if column:
                    return None
                name = f"{node.village_name} · {node.name}" if self.show_village else node.name
                unlinked = f"，未联 {len(node.unlinked)} 户" if node.unlinked else ""
                return f"{name}（{len(node.tiles)} 户{unlinked}）"
            if level == 1:
                return node.title if column == 0 else node.phone if column == 2 else None
            values = (node.door_number or "—", node.head_name, node.phone, "、".join(node.tags),
                      node.last_visit.isoformat() if node.last_visit else "未走访")
            return values[column]
        if role == Qt.ItemDataRole.DecorationRole and level == 1 and column == 0:
            icon = self._icons.get(node.colour)
            if icon is None:
                icon = self._icons[node.colour] = swatch(node.colour)
            return icon
        if level == 2 and role == Qt.ItemDataRole.BackgroundRole:
            if node.unlinked:
                return QBrush(UNLINKED_BACK)
            if node.overdue:
                return QBrush(OVERDUE_BACK)
        if level == 2 and role == Qt.ItemDataRole.ForegroundRole and node.unlinked:
            return QBrush(UNLINKED_TEXT)
        if level == 2 and role == Qt.ItemDataRole.ToolTipRole:
            return "未联户" if node.unlinked else "本月尚未走访" if node.overdue else None
        if level == 0 and role == Qt.ItemDataRole.FontRole and column == 0:
            return self._bold
        return None


class LinkGroupView(SharedBoardView, QWidget):
    """The tree and its colour key. ``on_open(household_id)`` and
    ``on_context(household_id, global_pos)`` are set by the tab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = LinkGroupModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("groupTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context)
        self.tree.activated.connect(self._activated)
        unit = self.tree.fontMetrics().horizontalAdvance("中")
        for column, chars in enumerate((16, 6, 9, 14, 8)):
            self.tree.setColumnWidth(column, unit * chars + 24)
        layout.addWidget(self.tree)
        key = QLabel(self)
        key.setObjectName("groupKey")
        key.setText(f'<span style="background:{UNLINKED_BACK.name()};color:{UNLINKED_TEXT.name()}">'
                    f'&nbsp;红底&nbsp;</span> 未联户　'
                    f'<span style="background:{OVERDUE_BACK.name()}">&nbsp;黄底&nbsp;</span> 本月未走访'
                    "　　双击或回车查看农户，右键可调整联户")
        layout.addWidget(key)
        self.on_open: Callable[[int], None] | None = None
        self.on_context: Callable[[int, QPoint], None] | None = None
        self.on_board: Callable[[Board], None] | None = None  # after a board was shown

    def set_board(self, board: Board | None, *, show_village: bool = False) -> None:
        self.model.set_board(board, show_village=show_village)
        # A village opens fully; a township shows its grids folded.
        if board is not None and len(board.grids) <= 12:
            self.tree.expandToDepth(0)

    def show_first(self, board: Board, _village_id) -> None:
        """The township's first village, folded as the township will be, while the rest is read."""
        self.model.set_board(board, show_village=True)

    def selected_household_ids(self) -> list[int]:
        ids = []
        for index in self.tree.selectionModel().selectedRows():
            household_id = self.model.household_id(index)
            if household_id is not None:
                ids.append(household_id)
            elif index.internalId() and index.internalId() <= len(self.model.grid_children):
                ids += [h.household_id for h in self.model.node(index).households]
        return list(dict.fromkeys(ids))

    def _activated(self, index: QModelIndex) -> None:
        household_id = self.model.household_id(index)
        if household_id is not None and self.on_open is not None:
            self.on_open(household_id)

    def _context(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        household_id = self.model.household_id(index)
        if household_id is not None and self.on_context is not None:
            self.on_context(household_id, self.tree.viewport().mapToGlobal(pos))

"""联户网格: households and their linking members, in three views, with the coverage checklist.

- 农户列表: the SQL-backed household list with its filters (grid, tag, linked,
  archived) — the shared ListTab machinery;
- 分组列表: grid → member → households (``linkgroup_view``);
- 网格图: the map board (``linkboard_view``).

Both grouped views show one ``linkboard.Board`` (a ``SharedLoad``: loaded
once per change notice that concerns it, in a worker for the whole
township); the coverage panel and the door-plate hint share the coverage
report the same way. Each view follows the view protocol itself (refresh
when shown and stale). The actions (add, edit, archive, delete, link,
move, end, history, proposals) live in ``household_actions``; they write
through ``operations.run_op`` and the notice refreshes every view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QMainWindow, QSplitter, QStackedWidget,
    QTabBar, QToolButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import coverage, linkboard, linking, listing
from lianhu_desktop.domain.households import tag_choices
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.coverage_panel import CoveragePanel
from lianhu_desktop.gui.household_actions import HouseholdActions
from lianhu_desktop.gui.linkboard_view import BoardView
from lianhu_desktop.gui.linkgroup_view import LinkGroupView
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import SharedLoad, ViewState

LIST_VIEW, GROUP_VIEW, BOARD_VIEW = range(3)
VIEW_NAMES = ("农户列表", "分组列表", "网格图")
NO_GRID = 0  # grid filter value for 未分网格
# A township's board is read this long after the tab was shown (its list and summary first).
BOARD_PREFETCH_MS = 300


# What the board shows: households, their members and grids, and the last visits.
BOARD_CHANGES = frozenset({Change.HOUSEHOLDS, Change.LINKS, Change.MEMBERS, Change.ORGANISATION,
                           Change.VILLAGES, Change.VISITS})
# Coverage and plates to reprint (a plate shows the member's phone, the settings' title …).
SUMMARY_CHANGES = frozenset({Change.HOUSEHOLDS, Change.LINKS, Change.MEMBERS, Change.ORGANISATION,
                             Change.VILLAGES, Change.PRINT_MARKS, Change.SETTINGS})


def _index_of(ids, wanted: int) -> int | None:
    try:
        return ids.index(wanted)
    except ValueError:
        return None


def _load_board(village_id, *, progress):
    return linkboard.load_board(village_id)


def _summary(village_id, *, progress=lambda *_: True):
    """Coverage and the door plates to reprint, for a village or every village."""
    report = coverage.coverage_report(village_id)
    villages = [village_id] if village_id is not None else [v.id for v in list_villages()]
    plates = 0
    for done, vid in enumerate(villages):
        plates += len(linking.plates_changed_since_print(vid))
        if not progress(done + 1, len(villages)):
            break
    return report, plates


def _first_village_board() -> linkboard.Board | None:
    """The board of the township's first village: 分组列表 shows it while the township's is read."""
    first = list_villages()[:1]
    return linkboard.load_board(first[0].id) if first else None


class HouseholdsTab(ListTab):
    key = "households"
    spec = listing.HOUSEHOLDS
    title = "联户网格"
    search_hint = "搜索：户主姓名、拼音或首字母、电话、门牌号"
    depends = frozenset({Change.HOUSEHOLDS, Change.LINKS, Change.MEMBERS, Change.ORGANISATION,
                         Change.VILLAGES})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.board: linkboard.Board | None = None
        self.plates_to_print = 0
        self.board_source = SharedLoad(self, linkboard.load_board, BOARD_CHANGES, title="联户网格",
                                       progress_label="正在载入全乡镇的联户网格……", first=_first_village_board)
        self.summary_source = SharedLoad(self, _summary, SUMMARY_CHANGES)
        # The door-plate hint shows while the tab does, whichever view is current.
        self.summary_state = ViewState(self, SUMMARY_CHANGES, lambda _changes: self.refresh_summary())
        self._build_views()
        self.actions = HouseholdActions(self)
        self.actions.build_toolbar(self.toolbar_layout)
        self.coverage_toggle = QToolButton(self)
        self.coverage_toggle.setObjectName("coverageToggle")
        self.coverage_toggle.setText("覆盖情况")
        self.coverage_toggle.setToolTip("显示或隐藏右侧的联户覆盖情况")
        self.coverage_toggle.setCheckable(True)
        self.coverage_toggle.setChecked(True)
        self.coverage_toggle.setAutoRaise(True)
        self.coverage_toggle.toggled.connect(self.coverage_panel.setVisible)
        self.toolbar_layout.addWidget(self.coverage_toggle)
        self._connect_views()
        for view in self.views():
            operations.subscribe(view)

    # ------------------------------------------------------------ building

    def build_filters(self) -> None:
        self.grid = QComboBox(self)
        self.grid.setObjectName("gridFilter")
        self.grid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid.currentIndexChanged.connect(self._grid_changed)
        self.add_filter_widget(self.grid, "网格：")
        self.tag = QComboBox(self)
        self.tag.setObjectName("tagFilter")
        self.tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag.currentIndexChanged.connect(
            lambda: self.model.set_filters(tag=self.tag.currentData()))
        self.add_filter_widget(self.tag, "类别：")
        self.linked = QComboBox(self)
        self.linked.setObjectName("linkedFilter")
        self.linked.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, value in (("全部农户", None), ("已联户", True), ("未联户", False)):
            self.linked.addItem(text, value)
        self.linked.currentIndexChanged.connect(
            lambda: self.model.set_filters(linked=self.linked.currentData()))
        self.add_filter_widget(self.linked, "联户情况：")
        self.archived = QCheckBox("含已归档农户", self)
        self.archived.setObjectName("archivedFilter")
        self.archived.toggled.connect(lambda on: self.model.set_filters(archived=on or None))
        self.add_filter_widget(self.archived)
        # Shown while the list is narrowed to what a coverage finding names.
        self.scope_chip = QToolButton(self)
        self.scope_chip.setObjectName("scopeChip")
        self.scope_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.scope_chip.setToolTip("单击取消此筛选，显示全部农户")
        self.scope_chip.clicked.connect(self.clear_scope)
        self.scope_chip.hide()
        self.add_filter_widget(self.scope_chip)
        self._fill_filter_choices()

    def _build_views(self) -> None:
        ui = self.ui
        ui.mainLayout.removeItem(ui.filterBar)
        ui.filterBar.setParent(None)
        ui.mainLayout.removeWidget(ui.table)
        list_page = self.list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(ui.filterBar)
        list_layout.addWidget(ui.table)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.view_bar = QTabBar(self)
        self.view_bar.setObjectName("viewBar")
        self.view_bar.setDrawBase(False)
        self.view_bar.setExpanding(False)
        for name in VIEW_NAMES:
            self.view_bar.addTab(name)
        self.view_bar.setToolTip("切换视图（Ctrl+1 / Ctrl+2 / Ctrl+3）")
        top.addWidget(self.view_bar)
        self.toolbar_layout = QHBoxLayout()
        self.toolbar_layout.setSpacing(2)
        top.addLayout(self.toolbar_layout, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.stack = QStackedWidget(self.splitter)
        self.group_view = LinkGroupView(self.stack)
        self.board_view = BoardView(self.stack)
        for page in (list_page, self.group_view, self.board_view):
            self.stack.addWidget(page)
        # The list is on screen only while its page is current.
        self.view_state.widget = list_page
        for view in (self.group_view, self.board_view):
            view.attach(self.board_source, failed=lambda _error: self.show_view(LIST_VIEW))
        self.coverage_panel = CoveragePanel(self.splitter)
        self.coverage_panel.attach(self.summary_source)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.coverage_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([900, 260])

        self.plates_hint = QLabel(self)
        self.plates_hint.setObjectName("platesHint")
        self.plates_hint.setStyleSheet(
            "background: #FFF4D6; border: 1px solid #E8C46A; padding: 3px 8px; color: #5C4400;")
        self.plates_hint.hide()
        ui.mainLayout.addLayout(top)
        ui.mainLayout.addWidget(self.splitter, 1)
        ui.mainLayout.addWidget(self.plates_hint)

    def _connect_views(self) -> None:
        self.view_bar.currentChanged.connect(self.show_view)
        for index in range(len(VIEW_NAMES)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=index: self.show_view(i))
        self.ui.table.activated.connect(lambda index: self.actions.edit(self.model.id_at(index.row())))
        self.ui.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.ui.table.customContextMenuRequested.connect(
            lambda pos: self.actions.popup(self.ui.table.viewport().mapToGlobal(pos)))
        self.ui.table.selectionModel().selectionChanged.connect(self.actions.update_enabled)
        self.model.modelReset.connect(self.actions.update_enabled)
        self.group_view.on_open = self.actions.edit
        self.group_view.on_context = lambda _hid, pos: self.actions.popup(pos)
        self.group_view.tree.selectionModel().selectionChanged.connect(self.actions.update_enabled)
        canvas = self.board_view.canvas
        canvas.on_open = self.actions.edit
        canvas.on_context = lambda _hid, pos: (self.actions.update_enabled(), self.actions.popup(pos))
        self.board_view.legend.on_drop = self.actions.relink
        self.coverage_panel.on_finding = self.follow_finding
        self.group_view.on_board = self.board_view.on_board = self.board_shown

    def _fill_filter_choices(self, village_id: int | None = None) -> None:
        """Grids and tags of the village; keeps the chosen ones that still exist."""
        kept = {}
        for combo in (self.grid, self.tag):
            kept[combo] = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
        self.grid.addItem("全部网格", None)
        if village_id is not None:
            for grid in list_grids(village_id):
                self.grid.addItem(grid.name, grid.id)
            self.grid.addItem("未分网格", NO_GRID)
        self.grid.setEnabled(village_id is not None)
        self.grid.setToolTip("" if village_id is not None else "选择一个村后可按网格筛选")
        self.tag.addItem("全部类别", None)
        for tag in tag_choices(village_id):
            self.tag.addItem(tag, tag)
        for combo in (self.grid, self.tag):
            index = combo.findData(kept[combo]) if kept[combo] is not None else -1
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        if self.grid.currentIndex() == 0:
            self.model.filters.pop("grid", None)
            self.model.filters.pop("no_grid", None)
        if self.tag.currentIndex() == 0:
            self.model.filters.pop("tag", None)

    def _grid_changed(self) -> None:
        value = self.grid.currentData()
        self.model.set_filters(grid=value or None, no_grid=True if value == NO_GRID else None)

    # ------------------------------------------------------------ views

    def current_view(self) -> int:
        return self.stack.currentIndex()

    def show_view(self, index: int) -> None:
        """Switch to one of the three views; a stale one refreshes as it is shown."""
        if self.view_bar.currentIndex() != index:
            self.view_bar.setCurrentIndex(index)  # calls back here
            return
        self.stack.setCurrentIndex(index)
        if index == LIST_VIEW:
            self.model.ensure_loaded()
            self.view_state.shown()
        self.actions.update_enabled()
        self._counts_changed()

    def views(self) -> tuple:
        """The views inside the tab that follow the view protocol themselves."""
        return self.group_view, self.board_view, self.coverage_panel

    def ensure_board(self) -> None:
        """Show the current board in the grouped views (loading it if needed)."""
        self.board_source.get(self.model.village_id, lambda board: self.set_board(board, self.model.village_id))

    def set_board(self, board: linkboard.Board, village_id) -> None:
        """Show ``board`` in both grouped views (they normally load it themselves)."""
        self.board = board
        for view in (self.group_view, self.board_view):
            view.show_board(board, village_id)
        self.actions.update_enabled()
        self._counts_changed()

    def board_shown(self, board: linkboard.Board) -> None:
        """A grouped view showed ``board`` (called by the views)."""
        self.board = board
        self.actions.update_enabled()
        self._counts_changed()

    # ------------------------------------------------------------ ListTab hooks

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        if village_id != self.model.village_id:
            self.clear_scope(reload=False)
            self.grid.blockSignals(True)
            self.grid.setCurrentIndex(0)  # grid ids belong to one village
            self.grid.blockSignals(False)
        if village_id != self.model.village_id or not self.model.loaded:
            self._fill_filter_choices(village_id)
        if load is None:
            load = self.list_page.isVisible()
        super().set_village(village_id, load=load and self.current_view() == LIST_VIEW)
        self.board = None
        for view in self.views():
            view.set_village(village_id)
        self.summary_state.mark_all()
        if self.isVisible():
            self.summary_state.shown()

    def refresh_for(self, changes) -> None:
        if changes & {Change.ORGANISATION, Change.HOUSEHOLDS, Change.VILLAGES}:
            self._fill_filter_choices(self.model.village_id)  # a new tag or grid may have come
        super().refresh_for(changes)
        self.actions.update_enabled()

    def on_changes(self, changes, source=None) -> None:
        super().on_changes(changes, source)
        self.summary_state.on_changes(changes, source)

    def activate(self) -> None:
        if self.current_view() == LIST_VIEW:
            super().activate()
        else:
            self._counts_changed()
        self.summary_state.shown()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.summary_state.shown()
        if self.model.village_id is None:
            QTimer.singleShot(BOARD_PREFETCH_MS, self._prefetch_board)

    def _prefetch_board(self) -> None:
        """A township's board (50,000 households: about half a second to read) is read in the
        background once the tab has shown its list, so that 分组列表 and 网格图 open at once."""
        if self.isVisible() and self.model.village_id is None:
            self.board_source.prefetch(None)

    def refresh(self) -> None:
        """F5 within the tab: every view of it reads again."""
        super().refresh()
        self.board_source.invalidate()
        self.summary_source.invalidate()
        for view in self.views():
            view.set_village(self.model.village_id)
        self.summary_state.mark_all()
        self.summary_state.shown()

    def focus_search(self) -> None:
        self.show_view(LIST_VIEW)
        super().focus_search()

    def extra_status(self) -> str:
        if self.current_view() != LIST_VIEW and self.board is not None:
            return (f"；分组/网格图：{self.board.households} 户，未联 {self.board.unlinked} 户，"
                    f"本月未走访 {self.board.overdue} 户")
        return ""

    # ------------------------------------------------------------ after a change

    def say(self, message: str) -> None:
        """Tell the clerk what was done (the change notice has refreshed the views)."""
        if message:
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(message, 8000)
        self.last_message = message

    def refresh_summary(self) -> None:
        """The door-plate hint for the current village (the coverage panel reads its own)."""
        village_id = self.model.village_id
        self.summary_source.get(village_id, lambda result: self._show_summary(result, village_id))

    def _show_summary(self, result, village_id=None) -> None:
        if village_id != self.model.village_id:
            return  # another village was chosen while the township was counted
        _report, plates = result
        self.plates_to_print = plates
        self.plates_hint.setText(f"有 {plates} 户联户牌需要重新打印（从未打印，或打印后联户关系、"
                                 "党员信息有变动）。请在“打印”菜单中打印联户牌。")
        self.plates_hint.setVisible(plates > 0)
        self._counts_changed()

    # ------------------------------------------------------------ coverage findings

    def follow_finding(self, kind: str, value) -> None:
        """Show what a coverage finding names (see ``CoveragePanel``)."""
        if kind == "household":
            self.actions.edit(int(value))
            return
        self.show_view(LIST_VIEW)
        if kind == "select":
            self.show_in_list(int(value))
            return
        if kind == "unlinked":
            self.clear_scope(reload=False)
            self.linked.setCurrentIndex(self.linked.findData(False))
            self.model.set_filters(linked=False)
        elif kind == "households":
            self.set_scope(f"仅显示：{len(value)} 户（覆盖情况）", ids=[int(v) for v in value])
        elif kind == "member":
            rows = listing.rows(listing.MEMBERS, [int(value)])
            name = rows[int(value)][listing.MEMBERS.column("name")] if rows else ""
            self.set_scope(f"仅显示：{name} 联系的农户", member=int(value))

    def show_in_list(self, household_id: int) -> bool:
        """Select and scroll to one household in the list; narrow the list to it
        when the filters hide it. False when it is not in this village's list."""
        row = _index_of(self.model.ids(), household_id)
        if row is None:
            found = self.actions.households([household_id])
            if not found:
                return False
            self.set_scope(f"仅显示：{found[0][1]}", ids=[household_id])
            row = _index_of(self.model.ids(), household_id)
            if row is None:
                return False
        table = self.ui.table
        index = self.model.index(row, 0)
        table.clearSelection()
        table.setCurrentIndex(index)
        table.selectRow(row)
        table.scrollTo(index, table.ScrollHint.PositionAtCenter)
        return True

    def set_scope(self, text: str, **filters) -> None:
        """Narrow the list to what a finding names, whatever the other filters said."""
        for combo in (self.linked, self.grid, self.tag):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for key in ("ids", "member", "linked", "grid", "no_grid", "tag"):
            self.model.filters.pop(key, None)
        self.scope_chip.setText(text + "  ✕")
        self.scope_chip.show()
        self.model.set_filters(**filters)

    def clear_scope(self, *, reload: bool = True) -> None:
        self.scope_chip.hide()
        changed = any(self.model.filters.pop(key, None) is not None for key in ("ids", "member"))
        if reload and changed:
            self.model.reload()

    # ------------------------------------------------------------ selection

    def selected_ids(self) -> list[int]:
        """The households the actions apply to, in the current view."""
        view = self.current_view()
        if view == GROUP_VIEW:
            return self.group_view.selected_household_ids()
        if view == BOARD_VIEW:
            current = self.board_view.canvas.current_household_id()
            return [current] if current is not None else []
        rows = sorted({index.row() for index in self.ui.table.selectionModel().selectedRows()})
        return [self.model.id_at(row) for row in rows if row < self.model.rowCount()]

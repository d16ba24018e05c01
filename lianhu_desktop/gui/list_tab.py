"""The base of the four list tabs: a search box, tab-specific filters, a table.

All four tabs share one Designer form (``ui/list_tab.ui``) because their
layout is the same: a filter bar over a table. What differs (the list, the
filters beside the search box) each tab adds in its own module. A tab that
outgrows this (the map board of issue 4) gets its own form.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QWidget

from lianhu_desktop.domain import listing
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_list_tab import Ui_ListTab
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.tables import ListingModel
from lianhu_desktop.gui.views import ViewState


class ListTab(QWidget):
    """One list tab. Subclasses set ``key``, ``spec``, ``title``, ``search_hint``
    and ``depends`` (the kinds of change its list shows) and add their filters
    in ``build_filters()``.

    The view protocol: ``set_village(village_id)``, ``on_changes(changes,
    source)`` (refresh now if shown, else when shown next). The tab keeps the
    selected rows (by id) and the scroll position across a refresh.
    """

    key = ""  # how the main window and settings name the tab: window.tab("roster")
    spec: listing.ListSpec
    title = ""
    search_hint = "搜索：姓名、拼音首字母、电话"
    depends: frozenset[Change] = frozenset({Change.VILLAGES})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{self.spec.name}Tab")
        # Told the new status line (the main window shows it in its status bar).
        self.status_listener: Callable[[str], None] | None = None
        self.ui = Ui_ListTab()
        self.ui.setupUi(self)
        self.ui.search.setPlaceholderText(self.search_hint)
        self.ui.search.setToolTip(self.search_hint + "（Ctrl+F）")
        self.model = ListingModel(self.spec, self)
        self.ui.table.setModel(self.model)
        self._village_known = False
        self.view_state = ViewState(self, self.depends, self.refresh_for)
        self._kept: tuple | None = None
        self.model.modelAboutToBeReset.connect(self._remember_place)
        self.model.modelReset.connect(self._restore_place)
        self._setup_table()
        self.ui.search.textChanged.connect(self.model.set_search)
        self.ui.search.returnPressed.connect(
            lambda: self.model.set_search(self.ui.search.text(), immediately=True))
        self.model.counts_listeners.append(self._counts_changed)
        self._filter_widgets: list[QWidget] = []
        self.build_filters()
        # Tab order follows the eye: search, the filters left to right, the table.
        chain = [self.ui.search, *self._filter_widgets, self.ui.table]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------ set-up

    def _setup_table(self) -> None:
        table = self.ui.table
        header = table.horizontalHeader()
        # No sort indicator until the user clicks: the default order is the list's own.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The last column takes the room a wide screen has (a fixed-width stretch: no measuring).
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Fixed widths scaled to the font: measuring 50,000 rows' contents is what
        # makes big tables slow.
        metrics = table.fontMetrics()
        scale = max(1.0, metrics.horizontalAdvance("中文字") / 39)
        for column, spec_column in enumerate(self.spec.columns):
            table.setColumnWidth(column, int(spec_column.width * scale))
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 10)
        table.setHorizontalScrollMode(table.ScrollMode.ScrollPerPixel)

    def _sort_indicator_changed(self, column: int, _order) -> None:
        # A column that cannot be sorted (duties, contents) keeps the old arrow.
        if 0 <= column < len(self.spec.columns) and self.spec.columns[column].sort is None:
            header = self.ui.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, Qt.SortOrder.DescendingOrder
                                    if self.model.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def build_filters(self) -> None:
        """Add tab-specific filter widgets with ``add_filter_widget``."""

    def add_filter_widget(self, widget: QWidget, label: str | None = None) -> None:
        """Put ``widget`` (after an optional label) in the filter bar, before the stretch."""
        bar = self.ui.filterBar
        position = bar.count() - 1
        if label:
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.insertWidget(position, caption)
            position += 1
        bar.insertWidget(position, widget)
        self._filter_widgets.append(widget)

    # ------------------------------------------------------------ behaviour

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        """Show one village (or all, for None); load now only if visible
        (``load`` overrides: the window knows which tab is current)."""
        village_column = self.spec.column("village")
        self.ui.table.setColumnHidden(village_column, village_id is not None)
        # In the township view (全部村) the village comes first: a grid or a
        # door number means nothing without it.
        header = self.ui.table.horizontalHeader()
        if village_id is None and header.visualIndex(village_column) != 0:
            header.moveSection(header.visualIndex(village_column), 0)
        if load is None:
            load = self.isVisible()
        if load:
            self.model.set_village(village_id)
        elif village_id != self.model.village_id or self.model.loaded:
            self.model.village_id = village_id
            self.model.invalidate()
        # Whatever was pending concerned the old village: the reload covers it.
        self.view_state.pending = frozenset()

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        """A change notice (see ``operations``): refresh now if shown, else when shown."""
        self.view_state.on_changes(changes, source)

    def refresh_for(self, changes: frozenset[Change]) -> None:
        """Re-read what ``changes`` touched (subclasses refresh their filter choices too)."""
        if self.model.loaded:
            self.model.reload()
        else:
            self.model.ensure_loaded()

    def activate(self) -> None:
        """The tab became visible: load its rows if not loaded, refresh if stale."""
        if self.model.loaded:
            self.view_state.shown()
        else:  # a first read covers whatever changed meanwhile
            self.view_state.pending = frozenset()
            self.model.ensure_loaded()
        self._counts_changed()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model.loaded:
            self.view_state.shown()

    def refresh(self) -> None:
        """Re-read the list (F5, and after a change notice)."""
        self.view_state.pending = frozenset()
        self.refresh_for(operations.EVERYTHING)

    # ------------------------------------------------------------ keeping the place

    def _remember_place(self) -> None:
        """Before a reset: the selected ids, the current id and the top row's id."""
        table, model = self.ui.table, self.model
        if not model.rowCount():
            self._kept = None
            return
        # The ids already read (the filters may have changed: nothing is queried now).
        selection = table.selectionModel()
        selected = [row_id for row_id in (model.known_id(index.row()) for index in selection.selectedRows())
                    if row_id is not None]
        current = table.currentIndex()
        current_id = model.known_id(current.row()) if current.isValid() else None
        top = table.rowAt(0)
        top_id = model.known_id(top) if top >= 0 else None
        self._kept = (selected, current_id, current.column() if current.isValid() else 0, top_id,
                      table.verticalScrollBar().value(), (model.shown_search(), model.shown_order()))

    def _restore_place(self) -> None:
        """After a reset: select the same ids again and keep the same rows in view."""
        kept, self._kept = self._kept, None
        if kept is None or not self.model.rowCount():
            return
        selected, current_id, column, top_id, scroll, read_with = kept
        table, model = self.ui.table, self.model
        # After a change, the rows kept are looked for in the whole list. After a keystroke in
        # the search box or a click on a header, only among the rows read with it (the first
        # stretch), and a new order is shown from its top: making sure would read every id of
        # the list on the GUI thread (the township's households: 40-60 ms of each keystroke;
        # three months of its visits: about 250 ms of each header click).
        same = (model.shown_search(), model.shown_order()) == read_with
        reordered = model.shown_order() != read_with[1]
        rows = model.rows_of([*selected, *(i for i in (current_id, top_id) if i is not None)], read=same)
        selection_model = table.selectionModel()
        selection = QItemSelection()
        last = model.columnCount() - 1
        for row_id in selected:
            row = rows.get(row_id)
            if row is not None:
                selection.select(model.index(row, 0), model.index(row, last))
        if current_id in rows:
            selection_model.setCurrentIndex(model.index(rows[current_id], column),
                                            QItemSelectionModel.SelectionFlag.NoUpdate)
        if not selection.isEmpty():
            selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if top_id in rows and not reordered:
            table.scrollTo(model.index(rows[top_id], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            table.verticalScrollBar().setValue(0 if reordered else scroll)

    def focus_search(self) -> None:
        self.ui.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search.selectAll()

    def status_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total
        noun = self.spec.noun
        text = f"共 {total} {noun}"
        if self.model.narrowed():
            text += f"（筛选后 {shown} {noun[0]}）"
        return text + self.extra_status()

    def extra_status(self) -> str:
        """More words for the status line (e.g. the period shown)."""
        return ""

    def _counts_changed(self, *_counts) -> None:
        if self.status_listener is not None:
            self.status_listener(self.status_text())

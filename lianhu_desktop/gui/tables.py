"""The SQL-backed table model every list tab uses.

The model holds only the ids of the rows (an ``array('q')``: 600,000 visits
are 4.8 MB) and fetches display values a page at a time as rows scroll into
view, keeping the most recent pages. Sorting and filtering happen in SQL
through ``domain.listing``; there is no proxy model.

After a change notice the ids are queried again: when they come back the
same (an edited member, a new link count) the cached pages are dropped and
the rows repainted in place, so the selection and the scroll position stay;
otherwise the model is reset and the tab puts the selection back by id.

Listeners are plain callbacks (``gui.views.Callbacks``) rather than
Python-emitted Qt signals: PySide6 6.12.0's ``Signal.emit()`` leaks a
reference to ``True`` per call.
"""

from __future__ import annotations

import time
from array import array
from collections import OrderedDict

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor

from lianhu_desktop.domain import listing

PAGE_SIZE = 200
CACHED_PAGES = 20
SEARCH_DELAY_MS = 200


class ListingModel(QAbstractTableModel):
    """Rows of one ``ListSpec`` for a village (or all), a search text and filters."""

    def __init__(self, spec: listing.ListSpec, parent: QObject | None = None):
        super().__init__(parent)
        self.spec = spec
        self.village_id: int | None = None
        self.search_text = ""
        self.filters: dict = {}
        self.sort_column = -1
        self.descending = False
        self.total = 0
        self.last_query_ms = 0.0
        self._ids = array("q")
        self._pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self._loaded = False
        # Called after every reload with (rows shown, rows without the search).
        self.counts_listeners: list[Callable[[int, int], None]] = []

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.spec.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole and self.spec.columns[section].sort is None:
                return "此列不能排序"
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_values(index.row())
            if row is None:
                return None
            value = row[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                # Long texts (visit contents) are cut in the cell: show them whole.
                return value if isinstance(value, str) and len(value) > 12 else None
            return value
        if role == Qt.ItemDataRole.ForegroundRole and self.spec.tone is not None:
            row = self.row_values(index.row())
            colour = self.spec.tone(row) if row is not None else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            row = self.row_values(index.row())
            if row is not None and isinstance(row[index.column()], int):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Re-query the ids in the new order (SQL ORDER BY, id tie-break)."""
        if column >= 0 and self.spec.columns[column].sort is None:
            return
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._requery()

    # ------------------------------------------------------------ ours

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def rows_of(self, ids) -> dict[int, int]:
        """Row number of each of ``ids`` that is listed."""
        wanted = set(ids)
        if not wanted:
            return {}
        return {row_id: row for row, row_id in enumerate(self._ids) if row_id in wanted}

    def ids(self) -> array:
        return self._ids

    def row_values(self, row: int) -> tuple | None:
        """Display values of ``row``, fetching its page when not cached."""
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            page_ids = self._ids[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
            cached = listing.rows(self.spec, page_ids, self.filters)
            self._pages[page] = cached
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def set_village(self, village_id: int | None) -> None:
        if village_id != self.village_id or not self._loaded:
            self.village_id = village_id
            self.reload()

    def set_filters(self, **filters) -> None:
        """Replace some filters (None removes the filter) and reload."""
        for key, value in filters.items():
            if value is None:
                self.filters.pop(key, None)
            else:
                self.filters[key] = value
        self._requery()

    def set_search(self, text: str, *, immediately: bool = False) -> None:
        """Filter by ``text``; while typing, wait for a pause of 200 ms."""
        self.search_text = text
        if immediately:
            self._search_timer.stop()
            self.reload()
        else:
            self._search_timer.start()

    @property
    def loaded(self) -> bool:
        """True once the ids were queried (and not invalidated since)."""
        return self._loaded

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def _requery(self) -> None:
        # A list nobody has shown yet (a hidden tab, the window being built)
        # only remembers the change; ensure_loaded queries once, when shown.
        if self._loaded:
            self.reload()

    def reload(self) -> None:
        """Query the ids again with the current village, search, filters and order."""
        self._search_timer.stop()
        start = time.perf_counter()
        new_ids = listing.ids(self.spec, self.village_id, self.search_text, self.sort_column,
                              self.descending, self.filters)
        if self.narrowed():
            scope = {k: v for k, v in self.filters.items() if k in self.spec.scope_filters}
            self.total = listing.count(self.spec, self.village_id, scope)
        else:
            self.total = len(new_ids)
        if self._loaded and new_ids == self._ids:
            # Same rows in the same order: repaint them in place.
            self._pages.clear()
            if new_ids:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(new_ids) - 1, len(self.spec.columns) - 1))
        else:
            self.beginResetModel()
            self._ids = new_ids
            self._pages.clear()
            self.endResetModel()
        self._loaded = True
        if new_ids:
            self.row_values(0)  # the first page, while we are measuring
        self.last_query_ms = (time.perf_counter() - start) * 1000
        for listener in self.counts_listeners:
            listener(len(new_ids), self.total)

    def narrowed(self) -> bool:
        """True when a search or a narrowing filter (not a period) hides rows."""
        return bool(self.search_text.strip()) or any(
            key not in self.spec.scope_filters for key in self.filters)

    def invalidate(self) -> None:
        """Forget everything: the next ``ensure_loaded`` queries again (database switched)."""
        self.beginResetModel()
        self._ids = array("q")
        self._pages.clear()
        self.endResetModel()
        self._loaded = False

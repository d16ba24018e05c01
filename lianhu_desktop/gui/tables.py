"""The SQL-backed table model every list tab uses.

The model holds only ids and fetches display values a page at a time as
rows scroll into view, keeping the most recent pages. The ids themselves
come in stretches of ``ID_CHUNK`` (``LIMIT``/``OFFSET`` in the list's order)
as rows are reached, and the row count from ``COUNT(*)``, which SQLite
answers from an index: a township's year of visits (600,000 rows, 260 ms to
read every id) opens at the cost of its first stretch. Every id is read at
once only where a caller needs them all (``ids()``, finding rows by id
beyond the stretches read). Sorting and filtering happen in SQL through
``domain.listing``; there is no proxy model.

After a change notice the ids are queried again: when they come back the
same (the same count and first stretch: an edited member, a new link count)
the cached pages are dropped and the rows repainted in place, so the
selection and the scroll position stay; otherwise the model is reset and the
tab puts the selection back by id.

A search typed into the box starts once the keystrokes already queued are
handled (``SEARCH_DELAY_MS``, no pause: a pause shorter than the time
between two keystrokes only delays the rows), then reads its first stretch
and counts in a thread of its own (``_Reader``,
with its own SQLite connection), so typing never waits for a query: the next
keystroke interrupts a query still running (``backend.interrupt``: SQLite's
``interrupt``, a server's cancel request)
and its result is dropped, as is any result overtaken by another reload.
Emptying the box shows the list as it was last read without a search, with
no query. Everything else (Enter in the box, filters, sorting, a village, a
change notice, the stretches after the first) reads at once, in the GUI
thread.

Listeners are plain callbacks (``gui.views.Callbacks``) rather than
Python-emitted Qt signals: PySide6 6.12.0's ``Signal.emit()`` leaks a
reference to ``True`` per call.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from array import array
from collections import OrderedDict

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor

from lianhu_desktop.domain import listing
from lianhu_desktop.store import backend
from lianhu_desktop.store.models import database

PAGE_SIZE = 200
CACHED_PAGES = 20
ID_CHUNK = 10 * PAGE_SIZE  # ids read at a time; a page never straddles two stretches
# How long a typed search waits before it runs. None: a newer keystroke cancels the query
# (see the module docstring), and the timer still gathers keystrokes queued together (a paste,
# an input method's commit). 50 ms here cost 50 ms of every keystroke's repaint.
SEARCH_DELAY_MS = 0
# How often the GUI thread looks for a typed search's result while it runs.
SEARCH_POLL_MS = 5

# The roles ``data`` answers, as the plain numbers Qt passes. A view asks seven
# roles of every cell it paints (the start's first table: some 2,000 calls
# before its first paint); the other three are turned away by one set lookup.
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND, _ALIGNMENT = int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _read_first(spec, village_id, text, sort_column, descending, filters) -> tuple[array, int, int]:
    """The first stretch of ids, the row count and the total (rows without the search and the
    narrowing filters) of a list: what a reload reads before it shows anything."""
    if text.strip():  # every row is read to match the text: count them in the same scan
        first, count = listing.first_ids_and_count(spec, village_id, text, sort_column, descending, filters,
                                                   ID_CHUNK)
    else:
        first = listing.ids(spec, village_id, text, sort_column, descending, filters, limit=ID_CHUNK, offset=0)
        count = len(first) if len(first) < ID_CHUNK else listing.count(spec, village_id, filters, text)
    if bool(text.strip()) or any(key not in spec.scope_filters for key in filters):
        scope = {k: v for k, v in filters.items() if k in spec.scope_filters}
        total = listing.count(spec, village_id, scope)
    else:
        total = count
    return first, count, total


class _SearchQuery:
    """One typed search: what to read, and (set by the reader thread) what came of it."""

    def __init__(self, spec, village_id, text, sort_column, descending, filters):
        self.args = (spec, village_id, text, sort_column, descending, dict(filters))
        self.stale = False
        self.outcome: tuple | None = None  # ("done", first stretch, count, total) or ("failed", error)

    def read(self) -> None:
        try:
            self.outcome = ("done", *_read_first(*self.args))
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread (or dropped when stale)
            self.outcome = ("failed", error)

    def cancel(self) -> None:
        """Drop the result; stop the query if it is running."""
        self.stale = True
        _reader.interrupt(self)


class _Reader:
    """The thread typed searches are read in, one at a time.

    It keeps its SQLite connection (and so its page cache: a fresh
    connection's first query reads its pages again) while keystrokes keep
    coming, and closes it and ends ``IDLE`` seconds after the last one, as a
    background job closes its connection when it ends: a database file is
    not held open for long by a thread nobody sees (a restore replaces the
    file, which Windows refuses while it is open). The next search starts it
    again; another database opened meanwhile is noticed then.
    """

    IDLE = 2.0

    def __init__(self) -> None:
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._current: _SearchQuery | None = None
        self._connection = None

    def submit(self, query: _SearchQuery) -> None:
        with self._lock:
            self._requests.put(query)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lianhu-search", daemon=True)
                self._thread.start()

    def interrupt(self, query: _SearchQuery) -> None:
        with self._lock:
            if self._current is query and self._connection is not None:
                with contextlib.suppress(Exception):
                    backend.interrupt(self._connection)

    def _run(self) -> None:
        bound = None
        try:
            while True:
                try:
                    query = self._requests.get(timeout=self.IDLE)
                except queue.Empty:
                    with self._lock:
                        if self._requests.empty():
                            self._thread = None
                            return
                    continue
                if query.stale:
                    continue
                if database.obj is not bound:
                    if bound is not None and not bound.is_closed():
                        bound.close()
                    bound = database.obj
                if bound is None:
                    query.outcome = ("failed", RuntimeError("no database is open"))
                    continue
                with self._lock:
                    self._current, self._connection = query, bound.connection()
                try:
                    if not query.stale:
                        query.read()
                finally:
                    with self._lock:
                        self._current = self._connection = None
        finally:
            if bound is not None and not bound.is_closed():
                bound.close()


_reader = _Reader()


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
        self._count = 0
        self._chunks: dict[int, array] = {}  # stretch number → its ids
        self._all: array | None = None  # every id, once read
        self._pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._start_search)
        self._query: _SearchQuery | None = None
        self._query_started = 0.0
        # (village, order and filters, count, total, stretches, every id) of the last read
        # without a search.
        self._unsearched: tuple | None = None
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(SEARCH_POLL_MS)
        self._poll_timer.timeout.connect(self._poll_search)
        self._loaded = False
        self._read_with: tuple | None = None  # see _shown_args
        # Called after every reload with (rows shown, rows without the search).
        self.counts_listeners: list[Callable[[int, int], None]] = []

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.spec.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole and self.spec.columns[section].sort is None:
                return "此列不能排序"
        return None

    def data(self, index: QModelIndex, role=_DISPLAY):
        if role not in _ANSWERED:
            return None
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < self._count:
            return None
        if role in (_DISPLAY, _TOOLTIP):
            row = self.row_values(number)
            if row is None:
                return None
            value = row[index.column()]
            if role == _TOOLTIP:
                # Long texts (visit contents) are cut in the cell: show them whole.
                return value if isinstance(value, str) and len(value) > 12 else None
            return value
        if role == _FOREGROUND:
            if self.spec.tone is None:
                return None
            row = self.row_values(number)
            colour = self.spec.tone(row) if row is not None else None
            return QColor(colour) if colour else None
        row = self.row_values(number)  # the alignment: numbers to the right
        if row is not None and isinstance(row[index.column()], int):
            return _RIGHT
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
        if self._all is not None:
            return self._all[row]
        return self._stretch(row // ID_CHUNK)[row % ID_CHUNK]

    def known_id(self, row: int) -> int | None:
        """The id of ``row`` if it was read already, else None (queries nothing: the filters
        may have changed since, as when the list is about to be reset)."""
        stretch = self._all if self._all is not None else self._chunks.get(row // ID_CHUNK)
        at = row if self._all is not None else row % ID_CHUNK
        return stretch[at] if stretch is not None and 0 <= at < len(stretch) else None

    def _shown_args(self) -> tuple:
        """(village, search, sort column, descending, filters) the rows shown were read with: a
        typed search waiting for its pause or its query has changed ``search_text`` already, and
        the stretches and pages still read meanwhile belong to the list as it is shown."""
        if self._read_with is not None:
            return self._read_with
        return self.village_id, self.search_text, self.sort_column, self.descending, self.filters

    def _query_ids(self, **stretch) -> array:
        return listing.ids(self.spec, *self._shown_args(), **stretch)

    def _stretch(self, number: int) -> array:
        """The ids of rows ``number * ID_CHUNK`` onwards (up to ``ID_CHUNK``), read when first reached."""
        if self._all is not None:
            return self._all[number * ID_CHUNK:(number + 1) * ID_CHUNK]
        found = self._chunks.get(number)
        if found is None:
            start = number * ID_CHUNK
            end = min(start + ID_CHUNK, self._count)
            if start > self._count // 2:  # nearer the end: read from there
                found = self._query_ids(limit=end - start, offset=self._count - end, from_end=True)
            else:
                found = self._query_ids(limit=ID_CHUNK, offset=start)
            self._chunks[number] = found
        return found

    def shown_search(self) -> str:
        """The search text the rows shown were read with (``search_text`` runs ahead while typing)."""
        return self._shown_args()[1]

    def shown_order(self) -> tuple[int, bool]:
        """(sort column, descending) the rows shown were read in."""
        return self._shown_args()[2:4]

    def rows_of(self, ids, *, read: bool = True) -> dict[int, int]:
        """Row number of each of ``ids`` that is listed; with ``read`` False, only among the rows
        whose ids were read already (nothing is queried)."""
        wanted = set(ids)
        if not wanted:
            return {}
        found = {}
        for number, stretch in ([(0, self._all)] if self._all is not None else sorted(self._chunks.items())):
            base = number * ID_CHUNK
            found.update((row_id, base + row) for row, row_id in enumerate(stretch) if row_id in wanted)
        if len(found) < len(wanted) and self._all is None and read:
            return {row_id: row for row, row_id in enumerate(self.ids()) if row_id in wanted}
        return found

    def ids(self) -> array:
        """Every id in display order (read whole the first time it is asked for)."""
        if self._all is None:
            self._all = self._query_ids()
            saved = self._unsearched
            if saved is not None and saved[3] is self._chunks:  # the list saved without a search
                self._unsearched = (*saved[:3], {}, self._all)
            self._chunks = {}
        return self._all

    def row_values(self, row: int) -> tuple | None:
        """Display values of ``row``, fetching its page when not cached."""
        page = row // PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            first = page * PAGE_SIZE
            at = first % ID_CHUNK
            page_ids = self._stretch(first // ID_CHUNK)[at:at + PAGE_SIZE]
            cached = listing.rows(self.spec, page_ids, self._shown_args()[4])
            self._pages[page] = cached
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(self.id_at(row))

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
        """Filter by ``text`` now, or (while typing) off the GUI thread once the keystrokes queued are handled."""
        self.search_text = text
        self._cancel_search()
        if immediately:
            self._search_timer.stop()
            self.reload()
        else:
            self._search_timer.start()

    @property
    def searching(self) -> bool:
        """True while a typed search waits for its pause or its query."""
        return self._search_timer.isActive() or self._query is not None

    def _start_search(self) -> None:
        if not self._loaded:  # nothing shown yet: the first read is a plain one
            self.reload()
            return
        self._query_started = time.perf_counter()
        if not self.search_text.strip():
            cached = self._unsearched
            if cached is not None and cached[0] == self._unsearched_key():
                # The whole list again (the box emptied): as read last, with the stretches read.
                _, count, total, chunks, every = cached
                self._show(chunks, every, count, total, self._query_started)
                return
        self._query = _SearchQuery(self.spec, self.village_id, self.search_text, self.sort_column,
                                   self.descending, self.filters)
        _reader.submit(self._query)
        self._poll_timer.start()

    def _poll_search(self) -> None:
        query = self._query
        if query is None or query.outcome is None:
            if query is None:
                self._poll_timer.stop()
            return
        self._query = None
        self._poll_timer.stop()
        if query.outcome[0] == "failed":
            raise query.outcome[1]
        _, first, count, total = query.outcome
        self._show({0: first}, first if count <= ID_CHUNK else None, count, total, self._query_started)

    def _cancel_search(self) -> None:
        if self._query is not None:
            self._query.cancel()
            self._query = None
            self._poll_timer.stop()

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
        """Query the ids again with the current village, search, filters and order (at once)."""
        self._search_timer.stop()
        self._cancel_search()  # this read is newer than a typed search still running
        if self.search_text.strip():
            self._unsearched = None  # whatever changed may change the whole list too
        start = time.perf_counter()
        first, count, total = _read_first(self.spec, self.village_id, self.search_text, self.sort_column,
                                          self.descending, self.filters)
        self._show({0: first}, first if count <= ID_CHUNK else None, count, total, start)

    def _unsearched_key(self) -> tuple:
        return self.village_id, self.sort_column, self.descending, dict(self.filters)

    def _show(self, chunks: dict[int, array], every: array | None, count: int, total: int,
              start: float) -> None:
        """Show a list read (its first stretch in ``chunks`` or all of it in ``every``)."""
        self.total = total
        first = every[:ID_CHUNK] if every is not None else chunks[0]
        same = self._loaded and count == self._count and first == self._stretch(0)
        if not same:
            self.beginResetModel()
        self._count, self._chunks, self._all, self._pages = count, chunks, every, OrderedDict()
        self._read_with = (self.village_id, self.search_text, self.sort_column, self.descending,
                           dict(self.filters))
        if not self.search_text.strip():
            # The list without a search, as read: emptying the search box shows it again without
            # a query (every other read, a change notice's too, reads it anew). The stretches read
            # later are kept in the same dict.
            self._unsearched = (self._unsearched_key(), count, total, chunks, every)
        if same:
            # Same rows in the same order: repaint them in place.
            if count:
                self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(self.spec.columns) - 1))
        else:
            self.endResetModel()
        self._loaded = True
        if count:
            self.row_values(0)  # the first page, while we are measuring
        self.last_query_ms = (time.perf_counter() - start) * 1000
        for listener in self.counts_listeners:
            listener(count, self.total)

    def narrowed(self) -> bool:
        """True when a search or a narrowing filter (not a period) hides rows."""
        return bool(self.search_text.strip()) or any(
            key not in self.spec.scope_filters for key in self.filters)

    def invalidate(self) -> None:
        """Forget everything: the next ``ensure_loaded`` queries again (database switched)."""
        self._search_timer.stop()
        self._cancel_search()
        self._unsearched = None
        self.beginResetModel()
        self._count, self._chunks, self._all = 0, {}, None
        self._pages.clear()
        self._read_with = None
        self.endResetModel()
        self._loaded = False

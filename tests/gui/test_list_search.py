"""Typed searches: read off the GUI thread after a short pause; a newer one drops the older."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from lianhu_desktop.gui import tables
from tests.gui.sample_data import KNOWN_NAME


def roster(window):
    window.ui.tabs.setCurrentIndex(0)
    return window.tabs[0]


def names(tab):
    column = tab.spec.column("name")
    return [tab.model.data(tab.model.index(row, column)) for row in range(tab.model.rowCount())]


def test_typed_search_runs_outside_the_gui_thread(window, qtbot, monkeypatch):
    tab = roster(window)
    threads = []
    real_read = tables.listing.first_ids_and_count  # a typed search's query

    def read(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(tables.listing, "first_ids_and_count", read)
    tab.ui.search.insert(KNOWN_NAME[:1])  # as an input method commits it
    qtbot.waitUntil(lambda: not tab.model.searching and bool(threads))
    assert threads[-1] is not threading.main_thread()
    shown = names(tab)
    assert shown and all(KNOWN_NAME[0] in name for name in shown)
    assert tab.model.rowCount() < tab.model.total


def test_a_newer_keystroke_interrupts_the_older_query(window, qtbot, monkeypatch):
    tab = roster(window)
    model = tab.model
    real_read = tables.listing.first_ids_and_count
    seen = []

    def read(spec, village_id, text, *args, **kwargs):
        seen.append(text)
        if text == "zzz":  # a query that never ends unless interrupted
            tables.database.execute_sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                        "SELECT COUNT(*) FROM c")
        return real_read(spec, village_id, text, *args, **kwargs)

    monkeypatch.setattr(tables.listing, "first_ids_and_count", read)
    model.set_search("zzz")
    qtbot.waitUntil(lambda: seen == ["zzz"])
    stale = model._query
    model.set_search(KNOWN_NAME)
    assert stale.stale
    qtbot.waitUntil(lambda: not model.searching)
    assert names(tab) == [KNOWN_NAME]
    assert seen == ["zzz", KNOWN_NAME]
    assert stale.outcome[0] == "failed"  # interrupted, and its error dropped


def test_a_search_cancelled_before_it_reads_runs_no_query(window, qtbot, monkeypatch):
    tab = roster(window)
    seen = []
    monkeypatch.setattr(tables.listing, "first_ids_and_count", lambda spec, village_id, text, *args, **kwargs:
                        seen.append(text) or (tables.array("q"), 0))
    cancelled = tables._SearchQuery(tab.spec, None, "zzz", -1, False, {})
    cancelled.cancel()
    wanted = tables._SearchQuery(tab.spec, None, KNOWN_NAME, -1, False, {})
    tables._reader.submit(cancelled)
    tables._reader.submit(wanted)
    qtbot.waitUntil(lambda: wanted.outcome is not None)
    assert seen == [KNOWN_NAME] and cancelled.outcome is None


def test_emptying_the_box_shows_the_whole_list_without_a_query(window, qtbot, monkeypatch):
    tab = roster(window)
    model = tab.model
    whole = list(model.ids())
    tab.ui.search.setText(KNOWN_NAME)
    qtbot.waitUntil(lambda: not model.searching and model.rowCount() == 1)
    seen = []
    monkeypatch.setattr(tables.listing, "ids", lambda *args, **kwargs: seen.append(args) or tables.array("q"))
    monkeypatch.setattr(tables.listing, "count", lambda *args, **kwargs: seen.append(args) or 0)
    tab.ui.search.clear()
    qtbot.waitUntil(lambda: not model.searching)
    assert model.rowCount() == model.total == len(whole)
    assert list(model.ids()) == whole and seen == []


def test_a_reload_while_searching_reads_the_whole_list_anew(window, qtbot):
    tab = roster(window)
    model = tab.model
    tab.ui.search.setText(KNOWN_NAME)
    qtbot.waitUntil(lambda: not model.searching and model.rowCount() == 1)
    model.reload()  # a change notice while the search shows: the saved whole list is dropped
    assert model._unsearched is None


def test_enter_reads_at_once_and_cancels_the_typed_search(window, qtbot):
    tab = roster(window)
    tab.model.set_search("zzz")
    tab.ui.search.setText(KNOWN_NAME)
    qtbot.keyClick(tab.ui.search, Qt.Key.Key_Return)
    assert names(tab) == [KNOWN_NAME]
    assert not tab.model.searching
    qtbot.wait(tables.SEARCH_DELAY_MS + 3 * tables.SEARCH_POLL_MS)
    assert names(tab) == [KNOWN_NAME]


def test_a_filter_change_overtakes_a_typed_search(window, qtbot):
    tab = roster(window)
    model = tab.model
    model.set_search(KNOWN_NAME)
    model.set_search("", immediately=True)
    qtbot.wait(tables.SEARCH_DELAY_MS + 3 * tables.SEARCH_POLL_MS)
    assert model.rowCount() == model.total > 1


def test_a_typed_search_longer_than_a_stretch_counts_and_reads_the_rest_when_reached(window, qtbot, monkeypatch):
    monkeypatch.setattr(tables, "PAGE_SIZE", 5)
    monkeypatch.setattr(tables, "ID_CHUNK", 20)
    window.ui.tabs.setCurrentWidget(window.tab("households"))
    tab = window.tab("households")
    model = tab.model
    model.ensure_loaded()
    text = "3"  # in phones and door numbers: many households, not all
    wanted = tables.listing.ids(tab.spec, model.village_id, text, model.sort_column, model.descending,
                                model.filters)
    assert 2 * tables.ID_CHUNK < len(wanted) < model.total
    threads = []
    real_count = tables.listing.count

    def count(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_count(*args, **kwargs)

    monkeypatch.setattr(tables.listing, "count", count)
    # What the model knew when the search's rows came in (before the table painted them,
    # which reads the stretches it shows: sooner or later within the wait below).
    beyond = []
    model.counts_listeners.append(lambda *_counts: beyond.append(model.known_id(tables.ID_CHUNK)))
    model.set_search(text)
    qtbot.waitUntil(lambda: not model.searching)
    # The search read one stretch and counted its rows in one query, and the total in another,
    # both in the reader thread.
    assert len(threads) == 1 and all(thread is not threading.main_thread() for thread in threads)
    assert model.rowCount() == len(wanted) and beyond[0] is None
    model.counts_listeners.pop()
    assert [model.id_at(row) for row in range(model.rowCount())] == list(wanted)
    last = len(wanted) - 1
    assert model.row_values(last) == tables.listing.rows(tab.spec, [wanted[last]])[wanted[last]]
    # Emptying the box: the list without a search, every row of it, without a count.
    threads.clear()
    model.set_search("")
    qtbot.waitUntil(lambda: not model.searching)
    assert threads == [] and model.rowCount() == model.total
    whole = tables.listing.ids(tab.spec, model.village_id, "", model.sort_column, model.descending, model.filters)
    assert [model.id_at(row) for row in range(model.rowCount())] == list(whole)
    # Every id read (as finding a row by id beyond the stretches read does) is kept for the next time.
    assert model.ids() == whole
    model.set_search(text)
    qtbot.waitUntil(lambda: not model.searching)
    threads.clear()
    seen = []
    monkeypatch.setattr(tables.listing, "ids", lambda *args, **kwargs: seen.append(args) or tables.array("q"))
    model.set_search("")
    qtbot.waitUntil(lambda: not model.searching)
    assert model.ids() == whole and seen == [] and threads == []


def test_rows_reached_while_a_search_waits_are_the_shown_lists(window, qtbot, monkeypatch):
    monkeypatch.setattr(tables, "PAGE_SIZE", 5)
    monkeypatch.setattr(tables, "ID_CHUNK", 20)
    tab = window.tab("households")
    model = tab.model
    model.invalidate()
    model.ensure_loaded()
    whole = tables.listing.ids(tab.spec, model.village_id, "", model.sort_column, model.descending, model.filters)
    assert model.known_id(len(whole) - 1) is None
    model.set_search("zzz")  # waits for its pause: the rows shown are still the whole list's
    assert model.searching and model.rowCount() == len(whole)
    last = len(whole) - 1
    assert model.id_at(last) == whole[last] and model.id_at(30) == whole[30]
    assert model.row_values(last) == tables.listing.rows(tab.spec, [whole[last]])[whole[last]]
    qtbot.waitUntil(lambda: not model.searching)
    assert model.rowCount() == 0
    model.set_search("")
    qtbot.waitUntil(lambda: not model.searching)
    assert [model.id_at(row) for row in range(model.rowCount())] == list(whole)


def test_a_keystroke_does_not_read_the_whole_list_to_keep_the_rows_shown(window, qtbot, monkeypatch):
    """After a typed search the rows kept (selected, current, top) are looked for only among the
    ids the search read: making sure would read every id of the list on the GUI thread."""
    monkeypatch.setattr(tables, "PAGE_SIZE", 5)
    monkeypatch.setattr(tables, "ID_CHUNK", 20)
    window.ui.tabs.setCurrentWidget(window.tab("households"))
    tab = window.tab("households")
    model, table = tab.model, tab.ui.table
    model.invalidate()
    model.ensure_loaded()
    text = "3"  # many households, more than a stretch
    wanted = tables.listing.ids(tab.spec, model.village_id, text, model.sort_column, model.descending,
                                model.filters)
    assert len(wanted) > tables.ID_CHUNK
    # A selected row the search's first stretch does not hold.
    row = next(r for r in range(model.rowCount()) if model.id_at(r) not in wanted[:tables.ID_CHUNK])
    table.selectRow(row)
    on_gui_thread = []
    real_ids = tables.listing.ids

    def ids(*args, **kwargs):
        if threading.current_thread() is threading.main_thread() and kwargs.get("limit") is None:
            on_gui_thread.append(args)
        return real_ids(*args, **kwargs)

    monkeypatch.setattr(tables.listing, "ids", ids)
    model.set_search(text)
    qtbot.waitUntil(lambda: not model.searching)
    assert model.rowCount() == len(wanted) and on_gui_thread == []


def test_a_header_click_does_not_read_the_whole_list_and_shows_the_new_order_from_its_top(
        window, qtbot, monkeypatch):
    """After a sort the rows kept are looked for only among the first stretch read in the new
    order: finding a row selected further down would read every id of the list on the GUI
    thread (three months of the township's visits: about 250 ms of each click)."""
    monkeypatch.setattr(tables, "PAGE_SIZE", 5)
    monkeypatch.setattr(tables, "ID_CHUNK", 20)
    tab = window.show_tab("households")
    window.resize(900, 400)
    qtbot.wait(10)
    model, table = tab.model, tab.ui.table
    model.invalidate()
    model.ensure_loaded()
    assert model.rowCount() > 2 * tables.ID_CHUNK
    column = tab.spec.column("head_name")
    # In the new order the selected row is outside the first stretch; the list was scrolled down.
    reverse = tables.listing.ids(tab.spec, model.village_id, "", column, True, model.filters)
    later = set(reverse[tables.ID_CHUNK:])
    deep = next(row for row in range(model.rowCount() - 1, 0, -1) if model.id_at(row) in later)
    table.selectRow(deep)
    table.scrollTo(model.index(deep, 0))
    assert table.verticalScrollBar().value() > 0
    near = reverse[0]
    reads = []
    real_ids = tables.listing.ids

    def ids(*args, **kwargs):
        if kwargs.get("limit") is None:
            reads.append(args)
        return real_ids(*args, **kwargs)

    monkeypatch.setattr(tables.listing, "ids", ids)
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert model.shown_order() == (column, True)
    assert reads == []  # only the first stretch (and the count) were read
    assert model.id_at(0) == near
    assert table.verticalScrollBar().value() == 0  # the new order from its top
    assert not table.selectionModel().selectedRows()  # the row selected is not among the rows read
    # A row selected within the first stretch stays selected across the next click.
    table.selectRow(3)
    kept = model.id_at(3)
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert reads == []
    rows = model.rows_of([kept], read=False)
    if rows:
        assert [index.row() for index in table.selectionModel().selectedRows()] == [rows[kept]]

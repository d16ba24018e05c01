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
    real_ids = tables.listing.ids

    def ids(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_ids(*args, **kwargs)

    monkeypatch.setattr(tables.listing, "ids", ids)
    tab.ui.search.insert(KNOWN_NAME[:1])  # as an input method commits it
    qtbot.waitUntil(lambda: not tab.model.searching and bool(threads))
    assert threads[-1] is not threading.main_thread()
    shown = names(tab)
    assert shown and all(KNOWN_NAME[0] in name for name in shown)
    assert tab.model.rowCount() < tab.model.total


def test_a_newer_keystroke_interrupts_the_older_query(window, qtbot, monkeypatch):
    tab = roster(window)
    model = tab.model
    real_ids = tables.listing.ids
    seen = []

    def ids(spec, village_id, text, *args):
        seen.append(text)
        if text == "zzz":  # a query that never ends unless interrupted
            tables.database.execute_sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                                        "SELECT COUNT(*) FROM c")
        return real_ids(spec, village_id, text, *args)

    monkeypatch.setattr(tables.listing, "ids", ids)
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
    monkeypatch.setattr(tables.listing, "ids", lambda spec, village_id, text, *args: seen.append(text) or
                        tables.array("q"))
    cancelled = tables._SearchQuery(tab.spec, None, "zzz", -1, False, {}, None)
    cancelled.cancel()
    wanted = tables._SearchQuery(tab.spec, None, KNOWN_NAME, -1, False, {}, None)
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
    monkeypatch.setattr(tables.listing, "ids", lambda *args: seen.append(args) or tables.array("q"))
    tab.ui.search.clear()
    qtbot.waitUntil(lambda: not model.searching)
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

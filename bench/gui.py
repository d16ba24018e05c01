"""GUI measurements through the real widgets, offscreen: from the user's action to painted rows.

Each function runs in its own child process (``bench.child``) on the demo
database (a file, or with ``--db`` a server database's URL): it opens the
database and the main window as the program does (``make_application``,
``open_at_start``, ``MainWindow``), maximised on a 1920×1080 offscreen
screen, and then acts as a user would, with real mouse clicks and key
presses (``QTest``) on the tab bars, view bars, header sections and the
search box.

The clock starts just before the click or key press and stops at the first
turn of the event loop after a paint of the rows: a paint event of the
viewport of an item view (table, tree) inside the target whose model has
rows, or of the map board's canvas once it holds a board. Anything the
action starts in the background (a township's board or month in a worker)
is therefore inside the figure, as it is for the user. Between two
measurements the window is left to settle: no background job pending and
a quiet moment.

* ``tabs``: each tab and each view of 联户网格 and 民情日记, shown for the
  first time, in the order a clerk would look at them (the roster, shown at
  start, is measured last after its rows are dropped); views that show
  nothing for the whole township (the year's matrix, the meetings) are
  measured after one village is chosen. Ends with the peak resident memory
  of the process, every tab and view having been shown.
* ``search``: keystrokes into the households list's search box, one at a
  time, each until its rows are repainted (the debounce included).
* ``sort``: a click on each sortable header of the households and the
  visits lists, three times (ascending, descending, ascending).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from bench.common import peak_rss_mb, rss_mb

# Views known to show rows only for one village (a township shows a note).
VILLAGE_ONLY = frozenset({"matrix_view", "meetings_view"})
TIMEOUT = 60.0
# Keystrokes typed into the households search box, one after another (each
# measured): pinyin initials and syllables, digits of a phone, a surname,
# and backspaces back to the whole list.
SEARCH_KEYS = ("w", "a", "n", "g", "BS", "BS", "BS", "BS", "z", "h", "BS", "BS", "1", "3", "9", "BS", "BS",
               "BS", "王", "BS", "李", "BS", "x", "BS")


# ------------------------------------------------------------------ the window

def _guard_dialogs() -> None:
    """Any question or message box is answered at once and said on stderr: a child never hangs."""
    import sys

    from PySide6.QtWidgets import QMessageBox

    from lianhu_desktop.gui import backup_actions

    def answered(kind):
        def show(parent, title, text="", *args, **kwargs):
            print(f"bench: {kind} {title}: {text}", file=sys.stderr)
            return QMessageBox.StandardButton.No
        return staticmethod(show)

    for kind in ("question", "warning", "critical", "information"):
        setattr(QMessageBox, kind, answered(kind))
    backup_actions._ask = lambda parent, title, *args, **kwargs: False


def open_window(db: str, scratch: str):
    """The application and the main window on ``db``, shown maximised, first rows painted."""
    from lianhu_desktop.gui import backup_actions
    from lianhu_desktop.gui.app import make_application
    from lianhu_desktop.store import backend

    app = make_application(["bench"])
    _guard_dialogs()
    target = db if backend.is_url(db) else Path(db)  # a file, or a server database's URL
    if not backup_actions.open_at_start(target, create=False):
        raise RuntimeError(f"cannot open {db}")
    from lianhu_desktop.gui.main_window import MainWindow

    ini = Path(scratch) / "bench-settings.ini"
    ini.unlink(missing_ok=True)  # no remembered village, tab or geometry
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    from lianhu_desktop.gui import collector

    collector.install(app)  # as the program's start does (``gui.app.run``)
    watch = Watch(app)
    window = MainWindow(target, settings)
    watch.measure(window.showMaximized, watch.rows_in(window))
    watch.settle()
    return app, window, watch


def close_window(window) -> None:
    from lianhu_desktop.store import db as store_db

    window.close()
    QApplication.processEvents()
    store_db.close_database()


# ------------------------------------------------------------------ waiting for paint

class Watch(QObject):
    """Watches paint events; ``measure(action, wanted)`` times an action until a wanted paint."""

    def __init__(self, app: QApplication):
        super().__init__()
        self.app = app
        self._wanted = None
        self._hit = False
        self._end: float | None = None
        self._cpu_end = 0.0
        self.last_cpu: float | None = None
        self._loop: QEventLoop | None = None
        app.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if self._wanted is not None and not self._hit and event.type() == QEvent.Type.Paint \
                and isinstance(obj, QWidget) and self._wanted(obj):
            self._hit = True
            QTimer.singleShot(0, self._finish)  # after this paint has been done
        return False

    def _finish(self) -> None:
        self._end, self._cpu_end = time.perf_counter(), time.process_time()
        if self._loop is not None:
            self._loop.quit()

    def measure(self, action, wanted, timeout: float = TIMEOUT) -> float | None:
        """Seconds from calling ``action()`` to the end of the first paint ``wanted(widget)`` accepts
        (None when none came within ``timeout``)."""
        self._wanted, self._hit, self._end = wanted, False, None
        self._loop = QEventLoop()
        limit = QTimer()
        limit.setSingleShot(True)
        limit.timeout.connect(self._loop.quit)
        limit.start(int(timeout * 1000))
        started, cpu = time.perf_counter(), time.process_time()
        action()
        if self._end is None:
            self._loop.exec()
        limit.stop()
        # The process's CPU time over the same stretch (the GUI and the reader thread, not the server's).
        self.last_cpu = None if self._end is None else self._cpu_end - cpu
        self._wanted, self._loop = None, None
        return None if self._end is None else self._end - started

    def settle(self, quiet: float = 0.15, limit: float = 60.0) -> None:
        """Process events until no background job is pending, then for ``quiet`` seconds more."""
        from lianhu_desktop.gui import workers

        deadline = time.perf_counter() + limit
        while workers._pending and time.perf_counter() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)
        end = time.perf_counter() + quiet
        while time.perf_counter() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    @staticmethod
    def rows_in(target: QWidget):
        """A paint of rows inside ``target``: an item view's viewport with rows, or the board's canvas."""
        from lianhu_desktop.gui.board_canvas import BoardCanvas

        def wanted(widget: QWidget) -> bool:
            if not (widget is target or target.isAncestorOf(widget)):
                return False
            owner = widget.parent()
            if isinstance(owner, QAbstractItemView) and widget is owner.viewport():
                model = owner.model()
                return model is not None and model.rowCount() > 0
            if isinstance(owner, BoardCanvas) and widget is owner.viewport():
                return owner.board is not None and bool(owner.panels)
            return False
        return wanted

    @staticmethod
    def repaint_after(table, flag: list):
        """A paint of ``table``'s viewport after ``flag`` was set (by the model's reload)."""
        viewport = table.viewport()
        return lambda widget: widget is viewport and bool(flag)


def click_tab(bar, index: int):
    """A click on tab ``index`` of a QTabBar, as a function to time."""
    def action():
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         bar.tabRect(index).center())
    return action


# ------------------------------------------------------------------ tabs and views

def _targets(window):
    """(key, label, tab index, view bar or None, view index, target widget, village only) in visiting order."""
    from lianhu_desktop.gui import visits_tab as visits_module

    tabs = window.ui.tabs
    households, visits = window.tab("households"), window.tab("visits")
    appraisal, roster = window.tab("appraisal"), window.tab("roster")
    items = [("tab.households", "联户网格 · 农户列表", tabs.indexOf(households), None, 0, households.list_page,
              False)]
    for index, (name, widget) in enumerate((("分组列表", households.group_view), ("网格图", households.board_view)),
                                           start=1):
        items.append((f"view.households.{index}", f"联户网格 · {name}", tabs.indexOf(households),
                      households.view_bar, index, widget, False))
    items.append(("tab.visits", f"民情日记 · {visits_module.LIST_VIEW_NAME}", tabs.indexOf(visits), None, 0,
                  visits.list_page, False))
    for index, (name, attribute, _cls) in enumerate(visits_module.VIEWS, start=1):
        items.append((f"view.visits.{attribute}", f"民情日记 · {name}", tabs.indexOf(visits), visits.view_bar,
                      index, getattr(visits, attribute), attribute in VILLAGE_ONLY))
    items.append(("tab.appraisal", appraisal.title, tabs.indexOf(appraisal), None, 0, appraisal, False))
    items.append(("tab.roster", roster.title, tabs.indexOf(roster), None, 0, roster, False))
    return items


def tabs(db: str, scratch: str) -> dict:
    """Child task: every tab and view shown for the first time; then the peak memory."""
    app, window, watch = open_window(db, scratch)
    tab_bar = window.ui.tabs.tabBar()
    roster = window.tab("roster")
    township = window.current_village_id() is None
    results, later = [], []

    def show(key, label, tab_index, view_bar, view_index, target, scope):
        if view_bar is None:
            if target is roster:  # shown at start: measured again with its rows dropped
                window.ui.tabs.setCurrentIndex(window.ui.tabs.indexOf(window.tab("households")))
                watch.settle()
                roster.model.invalidate()
            seconds = watch.measure(click_tab(tab_bar, tab_index), watch.rows_in(target))
        else:
            if window.ui.tabs.currentIndex() != tab_index:
                window.ui.tabs.setCurrentIndex(tab_index)
                watch.settle()
            seconds = watch.measure(click_tab(view_bar, view_index), watch.rows_in(target))
        cpu = watch.last_cpu
        watch.settle()
        return {"key": key, "label": label, "seconds": seconds, "cpu": cpu, "scope": scope}

    for key, label, tab_index, view_bar, view_index, target, village_only in _targets(window):
        if township and village_only:
            later.append((key, label, tab_index, view_bar, view_index, target))
            continue
        result = show(key, label, tab_index, view_bar, view_index, target, "township" if township else "village")
        if result["seconds"] is None and township:  # nothing for the township: try one village
            later.append((key, label, tab_index, view_bar, view_index, target))
        else:
            results.append(result)
    if township:
        # 分组列表 clicked before the board read in the background after the tab showed is
        # there: the read is waited for (what a click in the tab's first half second meets).
        households = window.tab("households")
        window.ui.tabs.setCurrentIndex(window.ui.tabs.indexOf(households))
        households.view_bar.setCurrentIndex(0)
        watch.settle()
        households.board_source.invalidate()
        households.group_view.set_board(None)  # no rows left from the board read before
        households.group_view.set_village(None)  # and the view knows it must read it when shown
        seconds = watch.measure(click_tab(households.view_bar, 1), watch.rows_in(households.group_view))
        watch.settle()
        results.append({"key": "view.households.1.unread", "label": "联户网格 · 分组列表（网格尚未预读）",
                        "seconds": seconds, "scope": "township"})
    if later:
        # One village, chosen while those views are hidden (so each loads when shown).
        window.ui.tabs.setCurrentIndex(window.ui.tabs.indexOf(roster))
        watch.settle()
        window.set_village(window.village_combo.itemData(1))
        watch.settle()
        for key, label, tab_index, view_bar, view_index, target in later:
            if view_bar is not None and view_bar.currentIndex() == view_index:
                view_bar.setCurrentIndex(0)  # another view current, so the click shows this one anew
            if window.ui.tabs.currentIndex() == tab_index:
                window.ui.tabs.setCurrentIndex(window.ui.tabs.indexOf(roster))
            watch.settle()
            results.append(show(key, label, tab_index, view_bar, view_index, target, "one village"))
    peak, now = peak_rss_mb(), rss_mb()
    close_window(window)
    return {"views": results, "peak_rss_mb": peak, "rss_mb": now}


# ------------------------------------------------------------------ search and sort

def _list_ready(db: str, scratch: str, key: str):
    app, window, watch = open_window(db, scratch)
    tab = window.tab(key)
    if window.current_tab() is not tab:
        watch.measure(click_tab(window.ui.tabs.tabBar(), window.ui.tabs.indexOf(tab)), watch.rows_in(tab))
    if hasattr(tab, "show_view"):
        tab.show_view(0)
    watch.settle()
    return app, window, watch, tab


def search(db: str, scratch: str, keys: list[str] | None = None) -> dict:
    """Child task: keystrokes into the households search box, each until its rows are repainted."""
    from lianhu_desktop.gui import tables

    app, window, watch, tab = _list_ready(db, scratch, "households")
    box, table, model = tab.ui.search, tab.ui.table, tab.model
    reloaded: list = []
    model.counts_listeners.append(lambda *_counts: reloaded.append(True))
    box.setFocus()
    samples = []
    for key in keys or SEARCH_KEYS:
        reloaded.clear()

        def press(key=key):
            if key == "BS":
                QTest.keyClick(box, Qt.Key.Key_Backspace)
            elif key.isascii():
                QTest.keyClicks(box, key)
            else:  # a character an input method commits (QTest types only ASCII)
                event = QInputMethodEvent()
                event.setCommitString(key)
                QApplication.sendEvent(box, event)
        seconds = watch.measure(press, watch.repaint_after(table, reloaded))
        samples.append({"key": key, "text": box.text(), "rows": model.rowCount(), "seconds": seconds,
                        "cpu": watch.last_cpu, "query_ms": model.last_query_ms})
        watch.settle(quiet=0.05)
    close_window(window)
    return {"keystrokes": samples, "debounce_ms": tables.SEARCH_DELAY_MS}


def sort(db: str, scratch: str, key: str, clicks: int = 3) -> dict:
    """Child task: each sortable header of the ``key`` list clicked ``clicks`` times."""
    app, window, watch, tab = _list_ready(db, scratch, key)
    table, model = tab.ui.table, tab.model
    header = table.horizontalHeader()
    reloaded: list = []
    model.counts_listeners.append(lambda *_counts: reloaded.append(True))
    columns = []
    for column, spec in enumerate(model.spec.columns):
        if spec.sort is None or table.isColumnHidden(column):
            continue
        table.scrollTo(model.index(0, column))
        watch.settle(quiet=0.05)
        times = []
        for _ in range(clicks):
            reloaded.clear()
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            point = QPoint(max(2, min(x, header.viewport().width() - 2)), header.height() // 2)

            def click(point=point):
                QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                                 point)
            times.append(watch.measure(click, watch.repaint_after(table, reloaded)))
            watch.settle(quiet=0.05)
        columns.append({"column": spec.header, "seconds": times, "sorted": model.sort_column == column,
                        "rows": model.rowCount()})
    close_window(window)
    return {"list": key, "columns": columns}

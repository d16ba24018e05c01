"""When Python's cyclic garbage collector runs, so that a click does not wait for it.

A township's views hold millions of Python objects (50,000 households, the
year's figures, the lists' pages). Python's collector scans every object it
tracks in a full collection, and starts one on its own whenever the objects
that survived earlier collections have grown by a quarter: a pause of
100–200 ms that falls on whatever the clerk did next. Measured on the
township demo (PostgreSQL, every tab and view opened in turn): the 全年矩阵
view's first rows took 267 ms, of which a full collection was 187 ms.

So, from a timer rather than in the middle of a click, and never while a
background job is running (a view is waiting for its rows then):

* when at least ``FREEZE_AT`` objects have survived into the oldest
  generation since the last look, they are collected once and then frozen
  (``gc.freeze``): later collections skip them, so the automatic ones stay
  small however much the views hold;
* frozen objects are still freed as soon as nothing refers to them (that is
  reference counting, which freezing does not touch); only garbage in
  reference cycles among them waits, for the full collection made every
  ``FULL_EVERY`` seconds (``gc.unfreeze``, collect, freeze again).

Installed for the program's window (``install``), not for the tests, which
create and drop windows by the hundred.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from lianhu_desktop.gui import workers

CHECK_MS = 1500
FREEZE_AT = 200_000  # survivors in the oldest generation worth a collection of their own
FULL_EVERY = 600.0  # seconds between full collections of everything, frozen objects included


class Collector(QObject):
    """The timer and what it does (``check``); ``clock`` is replaceable for tests."""

    def __init__(self, parent: QObject | None = None, *, clock=time.monotonic):
        super().__init__(parent)
        self.clock = clock
        self.last_full = clock()
        self.collections = 0  # collections this object made (for the tests)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def check(self) -> None:
        if workers.busy():
            return  # a view is waiting for a job's rows: not now
        if self.clock() - self.last_full >= FULL_EVERY:
            gc.unfreeze()
            self._collect_and_freeze()
            self.last_full = self.clock()
        elif len(gc.get_objects(generation=2)) >= FREEZE_AT:
            self._collect_and_freeze()

    def _collect_and_freeze(self) -> None:
        gc.collect()
        gc.freeze()
        self.collections += 1


def install(app: QObject) -> Collector:
    """Start the collector's timer for the program's lifetime (the object is parented to ``app``)."""
    collector = Collector(app)
    collector.start()
    return collector

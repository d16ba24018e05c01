"""The collector's timer: survivors are collected and frozen, and a full collection comes in time."""

from __future__ import annotations

import gc
import weakref

import pytest

from lianhu_desktop.gui import collector, workers


class Node:
    pass


@pytest.fixture
def thawed():
    """Whatever a test froze is thawed again after it (the other tests run with a plain collector)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_many_survivors_are_collected_once_and_frozen(app, thawed, monkeypatch):
    monkeypatch.setattr(collector, "FREEZE_AT", 1000)
    now = [0.0]
    watcher = collector.Collector(app, clock=lambda: now[0])
    watcher.check()
    assert watcher.collections == 1 and gc.get_freeze_count() > 0
    assert len(gc.get_objects(generation=2)) < 1000  # what is left for later collections is small
    kept = [Node() for _ in range(500)]
    watcher.check()  # fewer new survivors than FREEZE_AT (they are not even in the oldest generation)
    assert watcher.collections == 1
    del kept


def test_a_cycle_frozen_with_the_rest_is_collected_by_the_full_collection(app, thawed, monkeypatch):
    monkeypatch.setattr(collector, "FREEZE_AT", 1000)
    now = [0.0]
    watcher = collector.Collector(app, clock=lambda: now[0])
    node = Node()
    node.itself = node  # a reference cycle: reference counting alone never frees it
    gone = weakref.ref(node)
    watcher.check()  # the node is frozen with everything else
    del node
    gc.collect()
    assert gone() is not None  # frozen: ordinary collections leave it
    now[0] += collector.FULL_EVERY - 1
    watcher.check()
    assert gone() is not None
    now[0] += 1
    watcher.check()
    assert gone() is None and gc.get_freeze_count() > 0 and watcher.collections == 2


def test_nothing_is_collected_while_a_background_job_runs(app, thawed, monkeypatch):
    monkeypatch.setattr(collector, "FREEZE_AT", 1000)
    watcher = collector.Collector(app)
    monkeypatch.setattr(workers, "_pending", {object()})
    watcher.check()
    assert watcher.collections == 0 and gc.get_freeze_count() == 0
    monkeypatch.setattr(workers, "_pending", set())
    watcher.check()
    assert watcher.collections == 1


def test_the_program_starts_the_timer(app, thawed):
    watcher = collector.install(app)
    try:
        assert watcher.timer.isActive() and watcher.timer.interval() == collector.CHECK_MS
        assert watcher.parent() is app
    finally:
        watcher.timer.stop()
        watcher.deleteLater()

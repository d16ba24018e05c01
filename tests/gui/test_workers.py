"""Background jobs report results, errors and cancellation in the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui.workers import Cancelled, Job, run_with_progress
from lianhu_desktop.store.models import Village


def count_villages(*, progress):
    progress(0, 1)
    value = Village.select().count()  # a worker thread's own connection
    progress(1, 1)
    return value, threading.current_thread() is threading.main_thread()


def test_job_returns_result_from_another_thread(village, qtbot, app):
    seen, results = [], []
    job = Job(count_villages, on_progress=lambda done, total: seen.append((done, total)),
              on_done=results.append)
    job.start()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(1, False)]
    assert not job.running
    assert seen in ([], [(1, 1)], [(0, 1)])  # only the latest progress of each poll is shown


def test_job_reports_errors(qtbot, app):
    def refuse(*, progress):
        raise ValidationError("不行")

    errors = []
    job = Job(refuse, on_error=errors.append)
    job.start()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "不行"


def test_parts_arrive_in_order_before_the_result(qtbot, app):
    def in_parts(*, progress, part):
        for value in ("一村", "二村", "三村"):
            part(value)
        return "全部"

    seen = []
    job = Job(in_parts, on_part=lambda value: seen.append(("part", value)),
              on_done=lambda value: seen.append(("done", value)))
    job.start()
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=5000)
    assert seen == [("part", "一村"), ("part", "二村"), ("part", "三村"), ("done", "全部")]
    # Without on_part the function is not handed a part callback.
    plain = []
    Job(lambda *, progress, **rest: sorted(rest), on_done=plain.append).start()
    qtbot.waitUntil(lambda: bool(plain), timeout=5000)
    assert plain == [[]]


def slow(*, progress):
    for step in range(200):
        if not progress(step, 200):
            return "stopped"
        time.sleep(0.01)
    return "done"


def test_cancel_ends_in_cancelled(qtbot, app):
    errors, progress = [], []
    job = Job(slow, on_error=errors.append, on_progress=lambda d, t: progress.append(d))
    job.start()
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    job.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)


def test_many_progress_reports_are_safe(qtbot, app):
    # PySide6 6.12.0 loses a reference per Signal.emit(); jobs must not emit.
    def chatty(*, progress):
        for step in range(20000):
            progress(step, 20000)
        return "ok"

    results = []
    Job(chatty, on_done=results.append).start()
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == ["ok"]


@pytest.mark.parametrize("cancel", [False, True])
def test_run_with_progress(qtbot, app, cancel):
    parent = QWidget()
    qtbot.addWidget(parent)
    outcome = []
    job = run_with_progress(parent, "测试", "正在处理……", slow,
                            on_done=lambda r: outcome.append(("done", r)),
                            on_error=lambda e: outcome.append(("error", type(e).__name__)))
    if cancel:
        job.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    assert outcome == [("error", "Cancelled")] if cancel else [("done", "done")]

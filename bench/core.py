"""Core measurements (no Qt), each run in a child on the demo database.

``run(db, name, runs)`` times one of ``READS`` — the township's coverage,
its monthly compliance, its statistics, one village's year matrix, the
appraisal totals — ``runs`` times after one uncounted call (imports, the
SQLite page cache: what a clerk's second look costs; the first call is
reported too). ``handbooks`` prints handbooks through the catalog, as
``lianhu print handbook`` does, and reports pages per second.
"""

from __future__ import annotations

import datetime
import importlib
import tempfile
import time
from pathlib import Path

from bench.common import timed


def last_complete_month() -> datetime.date:
    """The first day of the last month whose visits are all in the data (the demo ends today)."""
    from lianhu_desktop.store.models import Visit

    last = Visit.select(Visit.date).order_by(Visit.date.desc()).scalar()
    last = last if isinstance(last, datetime.date) else datetime.date.fromisoformat(str(last))
    return (last.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _coverage():
    from lianhu_desktop.domain.coverage import coverage_report

    return lambda: coverage_report(None)


def _compliance():
    from lianhu_desktop.domain.compliance import monthly_compliance

    month = last_complete_month()
    return lambda: monthly_compliance(month)


def _stats():
    """The statistics as ``lianhu stats`` and the statistics window read them (the year's activity too)."""
    from lianhu_desktop.domain.stats import township_report

    return lambda: township_report(None, activity=True)


def _stats_structure():
    """The statistics without the year's activity (the window reads that part apart, in a worker)."""
    from lianhu_desktop.domain.stats import township_report

    return lambda: township_report(None)


def _year_matrix():
    from lianhu_desktop.domain.compliance import year_matrix
    from lianhu_desktop.store.models import Village

    village = Village.select(Village.id).order_by(Village.sort_order, Village.id).scalar()
    year = last_complete_month().year
    return lambda: year_matrix(village, year)


def _appraisal():
    """The year's appraisal totals of every member, when the program has them."""
    try:
        appraisal = importlib.import_module("lianhu_desktop.domain.appraisal")
    except ModuleNotFoundError as error:
        if error.name != "lianhu_desktop.domain.appraisal":
            raise
        return None
    results = getattr(appraisal, "township_results", None)
    if results is None:
        return None
    year = datetime.date.today().year
    return lambda: results(year)


READS = {"coverage": _coverage, "compliance": _compliance, "stats": _stats, "stats_structure": _stats_structure,
         "year_matrix": _year_matrix, "appraisal": _appraisal}


def run(db: str, name: str, runs: int) -> dict:
    """Child task: ``runs`` timed calls of the read ``name`` after one uncounted first call."""
    from lianhu_desktop.store import backend
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import Member

    store_db.open_database(db if backend.is_url(db) else Path(db))
    try:
        function = READS[name]()
        if function is None:
            return {"available": False}
        started = time.perf_counter()
        function()
        first = time.perf_counter() - started
        return {"available": True, "first": first, "seconds": timed(function, runs, warmup=False),
                "members": Member.select().count()}
    finally:
        store_db.close_database()


def handbooks(db: str, scope: str) -> dict:
    """Child task: the handbooks of the first village (``scope`` "village") or of its first grid ("grid")."""
    from lianhu_desktop.domain.printing import Scope
    from lianhu_desktop.reports import catalog
    from lianhu_desktop.store import backend
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import Grid, Village

    store_db.open_database(db if backend.is_url(db) else Path(db))
    try:
        village = Village.select(Village.id).order_by(Village.sort_order, Village.id).scalar()
        grid = None
        if scope == "grid":
            grid = Grid.select(Grid.id).where(Grid.village == village).order_by(Grid.sort_order, Grid.id).scalar()
        with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
            started, cpu = time.perf_counter(), time.process_time()
            result = catalog.print_document("handbook", Scope(village_id=village, grid_id=grid),
                                            Path(folder) / "handbooks.pdf")
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            size = (Path(folder) / "handbooks.pdf").stat().st_size
        return {"seconds": seconds, "cpu": cpu, "pages": result.pages, "books": result.items, "bytes": size}
    finally:
        store_db.close_database()

"""The year's work in figures: visits by form and duty, requests by state and timeliness, 一次 per village.

Added to the statistics report as ``report["activity"]``. Counted in SQL
over the calendar year (date ranges, no date functions); duties are a bit
mask, tested with ``&``, which SQLite and PostgreSQL both read. A request
belongs to the year it was raised in (``rules.request_raised_on``: its
提出日期, else the day of its visit, else the day it was entered). Its state
is its status as stored, in the seeds' order first; timeliness is read from
its dates alone: of the requests given a deadline that are done or overdue,
those done by the deadline are on time. Satisfaction is the households' answer
at the last feedback (满意, 基本满意, 不满意) of the requests fed back (a
feedback date and an answer; those solved on the spot were fed back then);
the satisfied share is 满意 and 基本满意 over all fed back.
"""

from __future__ import annotations

import datetime

from lianhu_desktop.domain import compliance
from lianhu_desktop.domain.rules import request_raised_on
from lianhu_desktop.domain.stats import percent
from lianhu_desktop.domain.vocab import DUTIES, REQUEST_STATUSES, SATISFACTIONS, VISIT_FORMS
from lianhu_desktop.store.models import database


def _scope(alias: str, village_id: int | None) -> tuple[str, list]:
    return (f"AND {alias}.village_id = ?", [village_id]) if village_id is not None else ("", [])


def _in_order(found: dict[str, int], order) -> dict[str, int]:
    """The known values in their order (zeros kept), then any other value found."""
    return {key: found.get(key, 0) for key in order} | found


def visit_figures(year: int, village_id: int | None = None) -> dict:
    """The year's visits by form and by duty, read from the visits counted per village, year,
    form and duties (``store.visit_tally``); the duties' bits are summed here (at most 256
    masks per form)."""
    scope, params = _scope("t", village_id)
    forms: dict[str, int] = {}
    duties = [0] * len(DUTIES)
    for form, mask, count in database.execute_sql(
            f"SELECT t.form, t.duties, SUM(t.visits) FROM visit_kind_tally t WHERE t.year = ? {scope} "
            "GROUP BY t.form, t.duties", [year, *params]):
        count = int(count)
        forms[form] = forms.get(form, 0) + count
        for bit in range(len(DUTIES)):
            if mask & (1 << bit):
                duties[bit] += count
    return {"total": sum(forms.values()), "by_form": _in_order(forms, VISIT_FORMS),
            "by_duty": dict(zip(DUTIES, duties))}


def request_figures(year: int, village_id: int | None = None, today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    first, following = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    scope, params = _scope("r", village_id)
    raised = request_raised_on("r")
    rows = database.execute_sql(
        "SELECT r.status, COUNT(*), "
        "COALESCE(SUM(CASE WHEN r.deadline IS NOT NULL AND r.done_on IS NOT NULL AND r.done_on <= r.deadline "
        " THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.deadline IS NOT NULL AND (r.done_on IS NOT NULL OR r.deadline < ?) "
        " THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.deadline < ? AND r.done_on IS NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.done_on IS NOT NULL AND r.feedback_on IS NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN r.done_on IS NOT NULL THEN 1 ELSE 0 END), 0) "
        f"FROM request r WHERE {raised} >= ? AND {raised} < ? {scope} GROUP BY r.status",
        [today, today, first, following, *params]).fetchall()
    states, on_time, due, overdue, unfed, done = {}, 0, 0, 0, 0, 0
    for status, count, in_time, owed, late, not_fed, finished in rows:
        states[status] = count
        on_time += in_time
        due += owed
        overdue += late
        unfed += not_fed
        done += finished
    total = sum(states.values())
    feedback = _in_order(dict(database.execute_sql(
        f"SELECT r.satisfaction, COUNT(*) FROM request r WHERE r.feedback_on IS NOT NULL AND r.satisfaction <> '' "
        f"AND {raised} >= ? AND {raised} < ? {scope} GROUP BY r.satisfaction", [first, following, *params])
        .fetchall()), SATISFACTIONS)
    fed_back = sum(feedback.values())
    satisfied = feedback["满意"] + feedback["基本满意"]
    return {"total": total, "by_state": _in_order(states, REQUEST_STATUSES), "done": done,
            "done_percent": percent(done, total), "with_deadline_due": due, "on_time": on_time,
            "on_time_percent": percent(on_time, due), "overdue": overdue, "not_fed_back": unfed,
            "satisfaction": feedback, "fed_back": fed_back, "satisfied": satisfied,
            "satisfied_percent": percent(satisfied, fed_back)}


def year_activity(year: int, village_id: int | None = None, today: datetime.date | None = None) -> dict:
    """The year's visits, requests and monthly-visit compliance per village."""
    today = today or datetime.date.today()
    villages = compliance.year_compliance(year, village_id, today)
    expected = sum(v["expected"] for v in villages)
    visited = sum(v["visited"] for v in villages)
    return {
        "year": year,
        "visits": visit_figures(year, village_id),
        "requests": request_figures(year, village_id, today),
        "compliance": {"expected": expected, "visited": visited, "percent": percent(visited, expected),
                       "villages": [v | {"percent": percent(v["visited"], v["expected"])} for v in villages]},
    }

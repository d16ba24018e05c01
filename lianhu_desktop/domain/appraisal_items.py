"""The automatic items of the 100-point appraisal: the year's records turned into points.

Each rule (``schemes.RULES``) gives a share between 0 and 1 of the item's
points, and says in Chinese how it got there::

    走访 112/120 户·月 = 93.3% × 25 分 = 23.3 分

- **visits** (联户走访): the household-months of the year's 一次 the member
  visited, of those that count (``compliance.member_year``: months gone by
  while linked; the month in progress only once visited).
- **requests** (诉求): the requests the member took that were raised in the
  year and are due (done, or past their deadline, or without one). Two shares
  of those, averaged: solved by the deadline, and fed back to the household.
- **commitments** (承诺): the year's public commitments kept (已完成).
- **meetings** (组织生活): the meetings the member was expected at (an
  attendance row), attended (出席) of those not excused (请假 is left out).
- **ballots** (民主测评): the counted ballots' grades turned into points
  (``CountingRules.grade_points``, 0–100), averaged per rater kind and
  weighted by ``kind_weights``; a kind with no counted ballots drops out and
  the other weights are scaled up to make the whole.

Nothing to count: a member with no household-months, no due requests or no
meetings expected failed nothing and gets the item's full points; commitments
are asked of everyone (1–5 a year, seed 002 §3.5), so none is 0. Ballots not
counted yet leave the item unscored (like a manual item), so no grade is
given before the appraisal meeting's count.

Shares are exact (integer arithmetic on the rules' decimals); points are
rounded half up to tenths once, at the end. Everything is read in a few
grouped queries per village (or for the whole township at once), never per
member.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from lianhu_desktop.domain import compliance
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES, VOTER_KINDS
from lianhu_desktop.store.models import database
from lianhu_desktop.store.visit_tally import MONTH_COLUMNS


@dataclass
class Figures:
    """One member's figures of the year, as the automatic items read them."""

    households: int = 0  # households linked some time in the year
    visits: int = 0  # visits recorded in the year
    cells_expected: int = 0  # household-months that count (compliance.member_year)
    cells_visited: int = 0
    requests: int = 0  # raised in the year
    requests_due: int = 0
    requests_on_time: int = 0  # solved by the deadline (or on the spot)
    requests_fed_back: int = 0
    commitments: int = 0
    commitments_kept: int = 0
    meetings: int = 0  # meetings with an attendance row for the member
    meetings_attended: int = 0
    meetings_excused: int = 0  # 请假
    ballots: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → grade → counted ballots


def _scope(alias: str, village_id: int | None) -> tuple[str, list]:
    return (f"AND {alias}.village_id = ?", [village_id]) if village_id is not None else ("", [])


def gather(year: int, village_id: int | None, today: datetime.date) -> dict[int, Figures]:
    """Every member's figures of ``year`` (one village, or every village for None), as of ``today``."""
    figures: dict[int, Figures] = defaultdict(Figures)
    first, last = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    for member_id, cells in compliance.member_year(year, village_id, today).items():
        f = figures[member_id]
        f.households, f.cells_expected, f.cells_visited = cells.households, cells.expected, cells.visited
    # The year's visits of each member, from the visit tallies (``store.visit_tally``).
    scope, params = _scope("m", village_id)
    months = " + ".join(f"t.{column}" for column in MONTH_COLUMNS)
    members = "member m CROSS JOIN visit_tally t ON t.member_id = m.id" if village_id is not None else (
        "visit_tally t CROSS JOIN member m ON m.id = t.member_id")
    for member_id, visits in database.execute_sql(
            f"SELECT m.id, SUM({months}) FROM {members} WHERE t.year = ? {scope} GROUP BY m.id", [year, *params]):
        if visits:
            figures[member_id].visits = int(visits)
    # A request's day is its own 提出日期, else the day of the visit it was raised at.
    raised = "COALESCE(r.raised_on, (SELECT v.date FROM visit v WHERE v.id = r.visit_id))"
    scope, params = _scope("r", village_id)
    for member_id, count, due, on_time, fed in database.execute_sql(
            "SELECT r.member_id, COUNT(*), "
            "SUM(CASE WHEN r.done_on IS NOT NULL OR r.deadline IS NULL OR r.deadline < ? THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN r.done_on IS NOT NULL AND (r.deadline IS NULL OR r.done_on <= r.deadline) "
            "THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN r.done_on IS NOT NULL AND r.feedback_on IS NOT NULL THEN 1 ELSE 0 END) "
            f"FROM request r WHERE r.member_id IS NOT NULL AND {raised} >= ? AND {raised} < ? {scope} "
            "GROUP BY r.member_id", [today, first, last, *params]):
        f = figures[member_id]
        f.requests, f.requests_due, f.requests_on_time, f.requests_fed_back = count, due, on_time, fed
    scope, params = _scope("m", village_id)
    for member_id, count, kept in database.execute_sql(
            "SELECT c.member_id, COUNT(*), SUM(CASE WHEN c.status = '已完成' THEN 1 ELSE 0 END) "
            f"FROM commitment c JOIN member m ON m.id = c.member_id WHERE c.year = ? {scope} GROUP BY c.member_id",
            [year, *params]):
        f = figures[member_id]
        f.commitments, f.commitments_kept = count, kept
    scope, params = _scope("mt", village_id)
    for member_id, count, present, excused in database.execute_sql(
            "SELECT a.member_id, COUNT(*), SUM(CASE WHEN a.status = '出席' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN a.status = '请假' THEN 1 ELSE 0 END) "
            "FROM attendance a JOIN meeting mt ON mt.id = a.meeting_id "
            f"WHERE mt.date >= ? AND mt.date < ? AND mt.date <= ? {scope} GROUP BY a.member_id",
            [first, last, today, *params]):
        f = figures[member_id]
        f.meetings, f.meetings_attended, f.meetings_excused = count, present, excused
    return figures


# --------------------------------------------------------------------------- points


def round_tenths(max_tenths: int, part: int, whole: int) -> int:
    """``max_tenths × part / whole`` rounded half up to a tenth of a point (the share clipped to 0–1)."""
    part = min(max(part, 0), whole)
    return (2 * max_tenths * part + whole) // (2 * whole)


def _one_decimal(tenths: int) -> str:
    return f"{tenths // 10}.{tenths % 10}"


def percent_text(part: int, whole: int) -> str:
    """93.3% of ``part / whole`` (one decimal, half up)."""
    return _one_decimal(round_tenths(1000, part, whole)) + "%"


def scored_text(tenths: int) -> str:
    """23.3 分, 25.0 分 (points scored, always one decimal)."""
    return f"{tenths // 10}.{tenths % 10} 分"


def _share_line(label: str, part: int, whole: int, max_tenths: int, unit: str, note: str = "") -> tuple[int, str]:
    tenths = round_tenths(max_tenths, part, whole)
    return tenths, (f"{label} {part}/{whole} {unit}{note} = {percent_text(part, whole)} × "
                    f"{points_text(max_tenths)} 分 = {scored_text(tenths)}")


def _full(max_tenths: int, why: str) -> tuple[int, str]:
    return max_tenths, f"{why}，按满分计 {scored_text(max_tenths)}"


def visits_points(max_tenths: int, f: Figures, _rules) -> tuple[int | None, str]:
    if not f.cells_expected:
        return _full(max_tenths, "本年度没有应走访的联系户·月")
    return _share_line("走访", f.cells_visited, f.cells_expected, max_tenths, "户·月")


def requests_points(max_tenths: int, f: Figures, _rules) -> tuple[int | None, str]:
    if not f.requests_due:
        return _full(max_tenths, "本年度经手的诉求没有到期的" if f.requests else "本年度没有经手的诉求")
    part, whole = f.requests_on_time + f.requests_fed_back, 2 * f.requests_due
    tenths = round_tenths(max_tenths, part, whole)
    return tenths, (f"诉求 {f.requests_due} 件：按期办结 {f.requests_on_time} 件、已反馈 {f.requests_fed_back} 件，"
                    f"({f.requests_on_time}+{f.requests_fed_back})/{whole} = {percent_text(part, whole)} × "
                    f"{points_text(max_tenths)} 分 = {scored_text(tenths)}")


def commitments_points(max_tenths: int, f: Figures, _rules) -> tuple[int | None, str]:
    if not f.commitments:
        return 0, f"本年度没有公开承诺（每名党员每年应承诺 1–5 项），得 {scored_text(0)}"
    return _share_line("承诺完成", f.commitments_kept, f.commitments, max_tenths, "项")


def meetings_points(max_tenths: int, f: Figures, _rules) -> tuple[int | None, str]:
    expected = f.meetings - f.meetings_excused
    if not expected:
        return _full(max_tenths, "本年度没有应出席的会议" if not f.meetings
                     else f"本年度应出席的 {f.meetings} 次会议均已请假")
    note = f"（请假 {f.meetings_excused} 次不计）" if f.meetings_excused else ""
    return _share_line("出席", f.meetings_attended, expected, max_tenths, "次", note)


@functools.lru_cache(maxsize=64)
def _scaled(points: tuple[str, ...], weights: tuple[str, ...]) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """The grade points as integers over one denominator (points, denominator) and the weights as
    integers (their common denominator cancels out of the weighting), from the rules' values as text.

    The rules' numbers are read as the exact decimals they are written as
    (0.1 is one tenth), so that the points below are exact: integer arithmetic,
    with the one rounding at the end, gives what exact fractions gave (and the
    sealed codes stay what they were)."""
    exact_points = [Fraction(text) for text in points]
    exact_weights = [Fraction(text) for text in weights]
    denominator = math.lcm(*(f.denominator for f in exact_points))
    common = math.lcm(*(f.denominator for f in exact_weights))
    return (tuple(int(f * denominator) for f in exact_points), denominator,
            tuple(int(f * common) for f in exact_weights))


def _tenths_text(numerator: int, denominator: int) -> str:
    """``numerator / denominator`` with one decimal, half up (truncated towards zero past the half,
    as ``int`` does): 96.0."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    numerator, denominator = 20 * numerator + denominator, 2 * denominator  # × 10 + ½
    tenths = numerator // denominator if numerator >= 0 else -(-numerator // denominator)
    return _one_decimal(tenths)


def ballots_points(max_tenths: int, f: Figures, rules) -> tuple[int | None, str]:
    points, denominator, weights = _scaled(tuple(str(rules.grade_points.get(grade, 0)) for grade in GRADES),
                                           tuple(str(rules.kind_weights.get(kind, 0)) for kind in VOTER_KINDS))
    # Per rater kind: votes, the grades' points summed (its average is ``total / (denominator × votes)``), weight.
    parts, dropped = [], []
    for kind, weight in zip(VOTER_KINDS, weights):
        counts = f.ballots.get(kind, {})
        votes = sum(counts.get(grade, 0) for grade in GRADES)
        if not votes or not weight:
            if weight:
                dropped.append(kind)
            continue
        total = sum(counts.get(grade, 0) * point for grade, point in zip(GRADES, points))
        grades = "、".join(f"{grade} {counts[grade]}" for grade in GRADES if counts.get(grade))
        parts.append((kind, votes, grades, total, weight))
    if not parts:
        return None, "尚无计入的测评票"
    weight_sum = sum(part[4] for part in parts)
    # The weighted average over 100 as one fraction: Σ total_k × weight_k × Π_(j≠k) votes_j over
    # denominator × Π votes × Σ weights × 100 (``round_tenths`` rounds a fraction the same however scaled).
    all_votes = math.prod(part[1] for part in parts)
    share_num = sum(total * weight * (all_votes // votes) for _kind, votes, _grades, total, weight in parts)
    share_den = denominator * all_votes * weight_sum * 100
    if share_den < 0:
        share_num, share_den = -share_num, -share_den
    elif not share_den:
        raise ZeroDivisionError("the weights of the rater kinds with counted ballots add up to 0")
    tenths = round_tenths(max_tenths, share_num, share_den)
    described = []
    for kind, votes, grades, total, weight in parts:
        average = _tenths_text(total, denominator * votes)
        weight_text = f" × 权重 {_tenths_text(100 * weight, weight_sum)}%" if len(parts) > 1 else ""
        described.append(f"{kind} {votes} 票（{grades}）平均 {average} 分{weight_text}")
    line = "；".join(described)
    if dropped:
        line += f"（{'、'.join(dropped)}无计入的票，权重归于其余）"
    percent = percent_text(share_num, share_den)
    return tenths, f"测评 {line} → {percent} × {points_text(max_tenths)} 分 = {scored_text(tenths)}"


# The rule names of ``schemes.RULES`` → how each is computed.
COMPUTE = {
    "visits": visits_points,
    "requests": requests_points,
    "commitments": commitments_points,
    "meetings": meetings_points,
    "ballots": ballots_points,
}


def automatic_points(rule: str, max_tenths: int, figures: Figures, rules) -> tuple[int | None, str]:
    """(tenths or None when it cannot be computed yet, the Chinese computation) of an automatic item."""
    return COMPUTE[rule](max_tenths, figures, rules)

"""Demo activity: requests, commitments, meetings, pairings and contact points of one demo village.

Pure Python row builders for ``demo.generate``; all draws come from the
generator's one ``random.Random``.
"""

from __future__ import annotations

import datetime
import random

from lianhu_desktop.domain.demo_names import (
    COMMITMENT_TEXTS, DEPARTMENTS, MEETING_TOPICS, PAIRING_PLANS, PAIRING_REVIEWS, REQUEST_TEXTS,
)
from lianhu_desktop.domain.demo_village import DAY, Village
from lianhu_desktop.domain.vocab import (
    DIFFICULTY_TAGS, HANDED_TO_DEPARTMENT, ON_THE_SPOT, PAIRING_MAX, PAIRING_OUTCOMES, REQUEST_HANDLINGS,
    REQUEST_STATUSES,
)

# Households in difficulty paired each year, at most (a village has 20–50 of them).
PAIRINGS_PER_VILLAGE = 12

COMMITMENT_SHORTFALLS = ("因外出务工未能全部完成", "受天气影响，进度滞后", "因身体原因未能按期完成")


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def request_row(rng: random.Random, today: datetime.date, rid: int, village_id: int, household_id: int,
                member_id: int, visit_id: int, day: datetime.date) -> list:
    """A request raised at a visit, its status following its age and handling."""
    category = rng.choice(tuple(REQUEST_TEXTS))
    content, result = rng.choice(REQUEST_TEXTS[category])
    handling = rng.choices(REQUEST_HANDLINGS, weights=(45, 40, 15))[0]
    department = rng.choice(DEPARTMENTS) if handling == HANDED_TO_DEPARTMENT else ""
    age = (today - day).days
    if handling == ON_THE_SPOT:
        status = "已反馈"  # solved and fed back in one step
    elif age < 10:
        status = rng.choice(("待办", "办理中"))
    else:
        status = rng.choices(("办理中", "已办结", "已反馈", "退回重办"),
                             weights=(12, 15, 70, 3) if age > 60 else (45, 20, 30, 5))[0]
    # The visit's day rides along at the end (not a column) for later fix-ups.
    row = [rid, village_id, household_id, member_id, visit_id, category, content, handling, None, status,
           result, None, None, iso(day), department, "", day]
    settle(rng, row, day, today)
    return row


def settle(rng: random.Random, row: list, day: datetime.date, today: datetime.date) -> None:
    """Make deadline, result, dates and satisfaction agree with the handling and status."""
    handling, status = row[7], row[9]
    deadline = None if handling == ON_THE_SPOT else day + rng.randint(*((15, 30) if handling == "上报支部"
                                                                     else (20, 45))) * DAY
    done = feedback = None
    satisfaction = ""
    if status in ("已办结", "已反馈", "退回重办"):
        done = day if handling == ON_THE_SPOT else min(today, day + rng.randint(1, 40) * DAY)
        if status != "已办结":
            feedback = done if handling == ON_THE_SPOT else min(today, done + rng.randint(0, 7) * DAY)
            satisfaction = "不满意" if status == "退回重办" else rng.choices(("满意", "基本满意"), (85, 15))[0]
    if status == "退回重办":
        done = None  # the household sent it back: it waits to be done again
    row[8], row[11], row[12], row[15] = iso(deadline), iso(done), iso(feedback), satisfaction
    if status in ("待办", "办理中", "退回重办"):
        row[10] = {"办理中": "已联系相关部门，正在办理", "退回重办": "群众不满意，重新办理"}.get(status, "")


def cover_statuses(rng: random.Random, requests: list[list], today: datetime.date) -> None:
    """Make sure every status shows up, using the most recent requests."""
    present = {row[9] for row in requests}
    recent = sorted(range(len(requests)), key=lambda i: (requests[i][-1], i), reverse=True)
    for status, i in zip([s for s in REQUEST_STATUSES if s not in present], recent):
        row = requests[i]
        if row[7] == ON_THE_SPOT:
            row[7] = "上报支部"
        row[9] = status
        row[10] = REQUEST_TEXTS[row[5]][0][1] if status in ("已办结", "已反馈") else ""
        settle(rng, row, row[-1], today)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - DAY


def commitment_rows(rng: random.Random, v: Village, today: datetime.date, ids) -> list[tuple]:
    """1–5 public pledges per member for the current year, with a status by deadline."""
    rows = []
    for m in v.members:
        if m.archived_on is not None:
            continue
        for content, standard in rng.sample(COMMITMENT_TEXTS, rng.choices((1, 2, 3, 4, 5), (10, 35, 30, 15, 10))[0]):
            deadline = _month_end(today.year, rng.randint(3, 12))
            if deadline < today:
                status = "已完成" if rng.random() < 0.85 else "未完成"
                result = "已按承诺完成，群众满意" if status == "已完成" else rng.choice(COMMITMENT_SHORTFALLS)
            else:
                status = "进行中" if rng.random() < 0.7 else "未开始"
                result = "正在推进" if status == "进行中" else ""
            rows.append((m.id, today.year, content, deadline.isoformat(), standard, status, result))
    return [(cid, *row) for cid, row in zip(ids("commitment", len(rows)), rows)]


def meeting_rows(rng: random.Random, v: Village, months, today: datetime.date, ids):
    """A 主题党日 each month, quarterly 支委会, one 党员大会; with who attended."""
    day = rng.choice((5, 10, 15, 20))
    plan = []
    for number, (first, _, _) in enumerate(months):
        plan.append((first.replace(day=day), "主题党日", MEETING_TOPICS[(first.month - 1) % len(MEETING_TOPICS)]))
        if first.month % 3 == 0:
            plan.append((first.replace(day=day + 2), "支委会", "研究联户走访中群众反映的问题"))
        if number == 6:
            plan.append((first.replace(day=day + 5), "党员大会", "通报半年联户工作，讨论发展党员"))
    plan = [p for p in plan if p[0] <= today]
    meetings, attendance = [], []
    for mid, (date, kind, topic) in zip(ids("meeting", len(plan)), plan):
        expected = present = 0
        for m in v.members:
            if m.join > date or (m.archived_on is not None and m.archived_on <= date):
                continue
            if kind == "支委会" and not m.committee:
                continue
            weights = (25, 65, 10) if m.city else (45, 50, 5) if m.exempt else (
                (88, 9, 3) if m.diligence > 0.7 else (70, 15, 15))
            status = rng.choices(("出席", "请假", "缺席"), weights)[0]
            expected += 1
            present += status == "出席"
            attendance.append((mid, m.id, status))
        meetings.append((mid, v.id, date.isoformat(), kind, topic, f"应到 {expected} 人，实到 {present} 人"))
    attendance = [(aid, *row) for aid, row in zip(ids("attendance", len(attendance)), attendance)]
    return meetings, attendance


def pairing_rows(rng: random.Random, v: Village, today: datetime.date) -> list[tuple]:
    """结对帮扶: households in difficulty paired with capable members (committee members and those
    with skills first), 1–2 each, for this year and, reviewed at its end, for the last.

    Rows (member id, household id, year, goals, measures, due date, review note, outcome)."""
    poor = [h for h in v.households if h.archived_on is None and any(t in DIFFICULTY_TAGS for t in h.tags)]
    helpers = [m for m in v.members
               if m.archived_on is None and not m.exempt and not m.city and (m.committee or m.skills)]
    helpers.sort(key=lambda m: (not m.committee, -m.diligence, m.id))
    count = min(len(poor), PAIRING_MAX * len(helpers), PAIRINGS_PER_VILLAGE)
    chosen = sorted(rng.sample(poor, count), key=lambda h: h.id)
    rows = []
    for index, h in enumerate(chosen):
        helper = helpers[index // PAIRING_MAX]
        goals, measures = PAIRING_PLANS[index % len(PAIRING_PLANS)]
        for year in (today.year - 1, today.year):
            review = outcome = ""
            if year < today.year:
                outcome = rng.choices(PAIRING_OUTCOMES, (60, 30, 10))[0]
                review = PAIRING_REVIEWS[outcome]
            rows.append((helper.id, h.id, year, goals, measures, f"{year}-12-31", review, outcome))
    return rows


def contact_point_rows(v: Village) -> list[tuple]:
    """联系点: each committee member at home takes the grid where most of the households they link are,
    else a grid nobody has taken. Rows (village id, member id, grid id, start date, notes)."""
    grid_of = {h.id: h.grid[0] for h in v.households}
    taken: set[int] = set()
    rows = []
    for m in v.members:
        if not m.committee or m.archived_on is not None or m.city:
            continue
        counts: dict[int, int] = {}
        for member_id, household_id, _mode, _start, end, _reason in v.links:
            if member_id == m.id and end is None:
                counts[grid_of[household_id]] = counts.get(grid_of[household_id], 0) + 1
        ranked = sorted(counts, key=lambda gid: (-counts[gid], gid)) + [gid for gid, _name, _order in v.grids]
        grid = next((gid for gid in ranked if gid not in taken), ranked[0])
        taken.add(grid)
        rows.append((v.id, m.id, grid, iso(max(v.launch, m.join)), ""))
    return rows

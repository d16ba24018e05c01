"""Demo activity: requests, commitments and meetings of one demo village.

Pure Python row builders for ``demo.generate``; all draws come from the
generator's one ``random.Random``.
"""

from __future__ import annotations

import datetime
import random

from lianhu_desktop.domain.demo_names import COMMITMENT_TEXTS, MEETING_TOPICS, REQUEST_TEXTS
from lianhu_desktop.domain.demo_village import DAY, Village
from lianhu_desktop.domain.vocab import REQUEST_STATUSES

COMMITMENT_SHORTFALLS = ("因外出务工未能全部完成", "受天气影响，进度滞后", "因身体原因未能按期完成")


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def request_row(rng: random.Random, today: datetime.date, rid: int, village_id: int, household_id: int,
                member_id: int, visit_id: int, day: datetime.date) -> list:
    """A request raised at a visit, its status following its age and handling."""
    category = rng.choice(tuple(REQUEST_TEXTS))
    content, result = rng.choice(REQUEST_TEXTS[category])
    handling = rng.choices(("即知即办", "限期办理", "上报党委"), weights=(45, 40, 15))[0]
    age = (today - day).days
    if handling == "即知即办":
        status = "已反馈" if rng.random() < 0.8 else "已办结"
    elif age < 10:
        status = rng.choice(("待办理", "办理中"))
    else:
        status = rng.choices(("办理中", "已办结", "已反馈"), weights=(15, 15, 70) if age > 60 else (50, 20, 30))[0]
    # The visit's day rides along at the end (not a column) for later fix-ups.
    row = [rid, village_id, household_id, member_id, visit_id, category, content, handling, None, status,
           result, None, None, day]
    settle(rng, row, day, today)
    return row


def settle(rng: random.Random, row: list, day: datetime.date, today: datetime.date) -> None:
    """Make deadline, result and dates agree with the request's handling and status."""
    handling, status = row[7], row[9]
    deadline = None if handling == "即知即办" else day + rng.randint(*((15, 30) if handling == "限期办理"
                                                                    else (30, 60))) * DAY
    done = feedback = None
    if status in ("已办结", "已反馈"):
        done = day if handling == "即知即办" else min(today, day + rng.randint(1, 40) * DAY)
        if status == "已反馈":
            feedback = min(today, done + rng.randint(0, 7) * DAY)
    row[8], row[11], row[12] = iso(deadline), iso(done), iso(feedback)
    if status in ("待办理", "办理中"):
        row[10] = "已联系相关部门，正在办理" if status == "办理中" else ""


def cover_statuses(rng: random.Random, requests: list[list], today: datetime.date) -> None:
    """Make sure every status shows up, using the most recent requests."""
    present = {row[9] for row in requests}
    recent = sorted(range(len(requests)), key=lambda i: (requests[i][13], i), reverse=True)
    for status, i in zip([s for s in REQUEST_STATUSES if s not in present], recent):
        row = requests[i]
        row[7] = "限期办理" if row[7] == "即知即办" else row[7]
        row[9] = status
        row[10] = REQUEST_TEXTS[row[5]][0][1] if status in ("已办结", "已反馈") else ""
        settle(rng, row, row[13], today)


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

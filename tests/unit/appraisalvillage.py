"""A small hand-made village's year for the appraisal tests, with every figure counted by hand.

王建国 (一般党员) links four households in 2026, seen on 2026-12-20 (January
to November are over, December is in progress):

- 1号 linked all year, visited every month (twice in March): 12 months count,
  December too because it was visited; 12 visited.
- 2号 linked all year, visited January to June: 11 count (December, not yet
  visited, does not), 6 visited.
- 3号 linked until 2026-07-01 (the first day it no longer stands): January
  to June count; visited January, February and in July (after the link: not
  counted): 6 count, 2 visited.
- 4号 linked from 2026-03-10: March to November count; visited 5 March
  (before the link: not counted), April, May: 9 count, 2 visited.

So 38 household-months count and 22 were visited. 李秀英 (一般党员) links
nothing, visits 1号 once (not her household), has no requests, commitments
or meetings. Requests, commitments, meetings and ballots of 王建国 are in the
functions below with their hand counts.
"""

from __future__ import annotations

import datetime

from lianhu_desktop.domain import appraisal
from lianhu_desktop.store.models import (
    Attendance, Ballot, BallotGrade, Commitment, Link, Meeting, Member, Request, Visit,
)
from tests.unit.linkfixtures import grids, household, member

D = datetime.date
YEAR = 2026
TODAY = D(2026, 12, 20)
VISIT_CELLS = (22, 38)  # visited, counted household-months of 王建国


def _visit(village, who, home, day):
    Visit.create(village=village, member=who, household=home, date=day)


def small_year(village) -> dict:
    """The village's members and households as described above; returns them by name."""
    grid = grids(village)[0]
    wang = member(village, "王建国", grid=grid, join_date=D(2001, 7, 1))
    li = member(village, "李秀英", grid=grid, phone="13900000000")
    homes = [household(village, door, grid=grid) for door in (1, 2, 3, 4)]
    h1, h2, h3, h4 = homes
    Link.create(member=wang, household=h1, start_date=D(2025, 1, 1))
    Link.create(member=wang, household=h2, start_date=D(2025, 1, 1))
    Link.create(member=wang, household=h3, start_date=D(2025, 1, 1), end_date=D(2026, 7, 1), end_reason="调整")
    Link.create(member=wang, household=h4, start_date=D(2026, 3, 10))
    for month in range(1, 13):
        _visit(village, wang, h1, D(YEAR, month, 3))
    _visit(village, wang, h1, D(YEAR, 3, 20))
    for month in range(1, 7):
        _visit(village, wang, h2, D(YEAR, month, 8))
    for day in (D(YEAR, 1, 9), D(YEAR, 2, 9), D(YEAR, 7, 9)):
        _visit(village, wang, h3, day)
    for day in (D(YEAR, 3, 5), D(YEAR, 4, 5), D(YEAR, 5, 5)):
        _visit(village, wang, h4, day)
    _visit(village, li, h1, D(YEAR, 8, 1))
    return {"wang": wang, "li": li, "homes": homes}


def add_requests(village, people) -> None:
    """王建国's requests: 4 due, 2 solved by their deadline, 2 fed back → (2+2)/8 = 50%."""
    wang, home = people["wang"], people["homes"][0]

    def request(raised, **fields):
        Request.create(village=village, household=home, member=wang, content="诉求", raised_on=raised, **fields)

    request(D(YEAR, 2, 1), handling="当场办结", status="已反馈", done_on=D(YEAR, 2, 1), feedback_on=D(YEAR, 2, 1))
    request(D(YEAR, 3, 1), handling="上报支部", deadline=D(YEAR, 5, 1), status="已反馈", done_on=D(YEAR, 4, 20),
            feedback_on=D(YEAR, 4, 25))
    request(D(YEAR, 3, 2), handling="上报支部", deadline=D(YEAR, 5, 1), status="已办结", done_on=D(YEAR, 5, 10))
    request(D(YEAR, 4, 1), handling="上报支部", deadline=D(YEAR, 6, 1), status="办理中")
    request(D(YEAR, 12, 1), handling="上报支部", deadline=D(YEAR + 1, 1, 15), status="待办")  # not due yet
    request(D(YEAR - 1, 12, 1), handling="当场办结", status="已反馈", done_on=D(YEAR - 1, 12, 1),
            feedback_on=D(YEAR - 1, 12, 1))  # another year


def add_commitments(people) -> None:
    """王建国 kept 2 of his 3 commitments of 2026 (one of 2025 does not count)."""
    wang = people["wang"]
    for status in ("已完成", "已完成", "未完成"):
        Commitment.create(member=wang, year=YEAR, content=f"承诺{status}", status=status)
    Commitment.create(member=wang, year=YEAR - 1, content="去年的承诺", status="已完成")


def add_meetings(village, people) -> None:
    """王建国 at four meetings of 2026: 出席, 出席, 请假, 缺席 → 2/3 (the leave is not counted)."""
    wang = people["wang"]
    for month, status in zip((2, 4, 6, 8), ("出席", "出席", "请假", "缺席")):
        meeting = Meeting.create(village=village, date=D(YEAR, month, 15), kind="主题党日", topic=f"{month}月主题党日")
        Attendance.create(meeting=meeting, member=wang, status=status)
    old = Meeting.create(village=village, date=D(YEAR - 1, 11, 15), kind="主题党日", topic="去年")
    Attendance.create(meeting=old, member=wang, status="缺席")


def add_ballot(appraisal_row, serial: int, kind: str, grades: dict, *, entries=(1, 2), valid: bool = True,
               second: dict | None = None) -> None:
    """One paper ballot entered ``entries`` times (``second``: what the second entry says instead)."""
    for entry in entries:
        row = Ballot.create(appraisal=appraisal_row, serial=serial, entry=entry, voter_kind=kind, valid=valid)
        for who, grade in (second if entry == 2 and second is not None else grades).items():
            BallotGrade.create(ballot=row, member=who, grade=grade)


def add_ballots(village, people) -> None:
    """党员: 王 优秀, 优秀, 合格 (avg 93.3); 群众代表: 王 合格, 基本合格 (avg 70); 李 合格 on every ballot."""
    row = appraisal.open_appraisal(village.id, YEAR)
    wang, li = people["wang"], people["li"]
    for serial, grade in enumerate(("优秀", "优秀", "合格"), start=1):
        add_ballot(row, serial, "党员", {wang: grade, li: "合格"})
    for serial, grade in enumerate(("合格", "基本合格"), start=4):
        add_ballot(row, serial, "群众代表", {wang: grade, li: "合格"})
    row.ballots_issued = 6
    row.save()


def full_year(village) -> dict:
    people = small_year(village)
    add_requests(village, people)
    add_commitments(people)
    add_meetings(village, people)
    return people


def score_manual(village, people, points=None) -> None:
    """Every manual item of everyone listed, at full points (or ``points[name]`` with a reason)."""
    in_use = appraisal.schemes.schemes_in_use(village.id, YEAR)
    for who in (people["wang"], people["li"]):
        tier = Member.get_by_id(who.id).tier
        for item in in_use[tier].items:
            if item.source == "手工":
                value = (points or {}).get(item.name, item.max_tenths / 10)
                appraisal.set_score(village.id, YEAR, who.id, item.name, value, "按支委会评议")

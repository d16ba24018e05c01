"""The month's report for the theme party day (一会): what the branch looks at.

For one village and month: each member's linked households, the households
visited and the visits made, the requests raised in the month and how many
of them are solved or pending; the households not visited by their linked
member; the requests overdue; the problems to study (reported to the branch,
not handled on the spot, open and not yet overdue) and those the month's
meetings studied, with who follows up.

Each member's linked and visited households, the households not visited
and the pairings (结对帮扶) not visited by their helper are the month's
compliance figures (``domain.compliance``: the links that stood during the
month, visits by the linked member while linked), so the report says what
the 走访情况 view says; archived members who linked in the month are listed
too, marked. Request states are the current ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from lianhu_desktop.domain import compliance, meetings, rules, vocab
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Village, database

# Requests in these states are solved; the open ones (vocab.REQUEST_OPEN) are pending.
SOLVED = tuple(s for s in vocab.REQUEST_STATUSES if s not in vocab.REQUEST_OPEN)
# Requests solved on the spot (即知即办) need no study by the branch.
ON_THE_SPOT = vocab.ON_THE_SPOT
_SOLVED_SQL = ", ".join(f"'{s}'" for s in SOLVED)


@dataclass(frozen=True)
class MemberMonth:
    name: str
    party_group: str
    linked: int
    visited: int  # linked households visited in the month
    visits: int  # every visit the member made in the month
    raised: int
    solved: int
    pending: int


@dataclass(frozen=True)
class UnvisitedLine:
    household: str
    grid: str
    member: str
    last_visit: datetime.date | None


@dataclass(frozen=True)
class RequestLine:
    household: str
    member: str
    category: str
    content: str
    raised_on: datetime.date | None
    deadline: datetime.date | None
    status: str
    handling: str


@dataclass
class MonthlyReport:
    village_name: str
    branch_name: str
    township: str
    month: datetime.date  # the first day of the month
    as_of: datetime.date  # overdue is counted at this day (the month's end, or today within it)
    members: list[MemberMonth] = field(default_factory=list)
    not_visited: list[UnvisitedLine] = field(default_factory=list)
    overdue: list[RequestLine] = field(default_factory=list)
    to_study: list[RequestLine] = field(default_factory=list)
    studied: list[meetings.ProblemLine] = field(default_factory=list)
    # 结对帮扶: the year's pairings expected this month, those visited by their helper, the others.
    pairings: int = 0
    pairings_visited: int = 0
    pairings_not_visited: list[UnvisitedLine] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(m.linked for m in self.members)

    @property
    def visited(self) -> int:
        return sum(m.visited for m in self.members)


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _label(head: str, door: str) -> str:
    return f"{head}（{door}）" if door else head


# The day a request was raised: its own date, else its visit's day, else the day it was entered.
_RAISED = rules.request_raised_on("r")
_RAISED_IN = f"({_RAISED} >= ? AND {_RAISED} < ?)"

# Per member: visits made in the month, requests raised and solved (their links' figures are compliance's).
_MEMBERS = f"""
SELECT m.id, m.name, m.archived, COALESCE(pg.name, ''),
       (SELECT COUNT(*) FROM visit v WHERE v.member_id = m.id AND v.date >= ? AND v.date < ?),
       (SELECT COUNT(*) FROM request r WHERE r.member_id = m.id AND {_RAISED_IN}),
       (SELECT COUNT(*) FROM request r WHERE r.member_id = m.id AND r.status IN ({_SOLVED_SQL})
          AND {_RAISED_IN})
FROM member m LEFT JOIN party_group pg ON pg.id = m.party_group_id
WHERE m.village_id = ? AND ({rules.active_member()} OR m.id IN ({{linking}}))
ORDER BY m.name_sort, m.id
"""

_REQUESTS = f"""
SELECT h.head_name, h.door_number, COALESCE(m.name, ''), r.category, r.content, {_RAISED}, r.deadline, r.status,
       r.handling
FROM request r JOIN household h ON h.id = r.household_id LEFT JOIN member m ON m.id = r.member_id
WHERE r.village_id = ? AND {{where}}
ORDER BY r.deadline, r.id
"""


def monthly_report(village_id: int, month: datetime.date, today: datetime.date | None = None) -> MonthlyReport:
    """The report of ``village_id`` for the month of ``month``."""
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise ValidationError("请选择一个村")
    today = today or datetime.date.today()
    start, end = rules.month_bounds(month)
    if start > today:
        raise ValidationError(f"{start:%Y年%m月}还没有到，没有可汇报的联户工作")
    as_of = min(end - datetime.timedelta(days=1), today)
    report = MonthlyReport(village.name, village.branch_name or f"{village.name}党支部", village.township,
                           start, as_of)
    figures = compliance.monthly_compliance(start, village_id)["villages"][0]
    linking = {m["member_id"]: m for m in figures["members"]}
    marks = ", ".join("?" * len(linking)) or "NULL"
    rows = database.execute_sql(_MEMBERS.format(linking=marks), [start, end] * 3 + [village_id, *linking])
    order = {}
    for mid, name, archived, group, visits, raised, solved in rows:
        order[mid] = len(order)
        counts = linking.get(mid, {"linked": 0, "visited": 0})
        report.members.append(MemberMonth(name + ("（已归档）" if archived else ""), group, counts["linked"],
                                          counts["visited"], visits, raised, solved, raised - solved))
    missed = figures["not_visited_households"]
    pairings_missed = [line for line in figures["pairing_lines"] if not line["visited"]]
    last = _last_visits([h["household_id"] for h in missed] + [p["household_id"] for p in pairings_missed], start)
    lines = [(order.get(m["member_id"], len(order)), number, UnvisitedLine(
        h["name"], h["grid_name"], m["name"], last.get(h["household_id"])))
        for number, h in enumerate(missed) for m in h["members"]]
    report.not_visited = [line for *_key, line in sorted(lines, key=lambda item: item[:2])]
    report.pairings, report.pairings_visited = figures["pairings"]["expected"], figures["pairings"]["visited"]
    report.pairings_not_visited = [UnvisitedLine(p["name"], p["grid_name"], p["member_name"],
                                                 last.get(p["household_id"])) for p in pairings_missed]
    # Open now, and raised before the month ended.
    open_request = f"r.status NOT IN ({_SOLVED_SQL}) AND {_RAISED} < ?"
    report.overdue = _requests(f"{open_request} AND r.deadline IS NOT NULL AND r.deadline < ?",
                               [village_id, end, as_of])
    report.to_study = _requests(f"{open_request} AND r.handling <> ? AND (r.deadline IS NULL OR r.deadline >= ?)",
                                [village_id, end, ON_THE_SPOT, as_of])
    report.studied = meetings.problems_between(village_id, start, end)
    return report


def _last_visits(household_ids: list[int], before: datetime.date) -> dict[int, datetime.date]:
    """Each household's latest visit before ``before`` (by anyone)."""
    found, ids = {}, sorted(set(household_ids))
    for first in range(0, len(ids), 900):
        chunk = ids[first:first + 900]
        found.update((hid, _date(day)) for hid, day in database.execute_sql(
            f"SELECT v.household_id, MAX(v.date) FROM visit v WHERE v.household_id IN ({', '.join('?' * len(chunk))})"
            " AND v.date < ? GROUP BY v.household_id", [*chunk, before]))
    return found


def _requests(where: str, params: list) -> list[RequestLine]:
    rows = database.execute_sql(_REQUESTS.format(where=where), params)
    return [RequestLine(_label(head, door), member, category, content, _date(raised), _date(deadline),
                        status, handling)
            for head, door, member, category, content, raised, deadline, status, handling in rows]

"""The month sheet (月走访登记表): one member's households × the days of a month.

The same grid is the screen a clerk ticks to transcribe a paper diary and
the paper form members fill in (``reports.visitsheet``), so what is on paper
is typed 1:1. A tick records a visit with the member's last form and duties.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from peewee import JOIN

from lianhu_desktop.domain import rules, visits
from lianhu_desktop.domain.visits import LinkedHousehold, VisitData
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store import backend
from lianhu_desktop.store.models import Grid, Household, Link, Member, PartyGroup, Village, Visit, database


@dataclass
class MonthSheet:
    member_id: int
    member_name: str
    village_name: str
    year: int
    month: int
    households: list[LinkedHousehold]
    # (household id, day of month) → ids of the member's visits that day.
    visits: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    # Households on the sheet the member does not link (visited outside the links).
    outside: set[int] = field(default_factory=set)
    # (household id, day) → the form of the day's first visit; household id → the month's duties (a mask).
    forms: dict[tuple[int, int], str] = field(default_factory=dict)
    duties: dict[int, int] = field(default_factory=dict)
    # What the paper sheet says of the member (``reports.visitsheet``).
    branch_name: str = ""
    party_group: str = ""
    phone: str = ""

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def day(self, number: int) -> datetime.date:
        return datetime.date(self.year, self.month, number)

    def visited(self, household_id: int, day: int) -> bool:
        return bool(self.visits.get((household_id, day)))

    def count(self, household_id: int) -> int:
        return sum(len(ids) for (hid, _), ids in self.visits.items() if hid == household_id)


def parse_month(text: str) -> tuple[int, int]:
    """'2026-05' (or 2026-5, 2026年5月) → (2026, 5); a Chinese error otherwise."""
    cleaned = (text or "").strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
    try:
        year, month = (int(part) for part in cleaned.split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        raise ValidationError(f"月份应写成“年-月”，例如 2026-05，而不是“{text}”", field="month") from None
    return year, month


def month_sheet(member_id: int, year: int, month: int) -> MonthSheet:
    """The member's sheet for the month: households linked in it (and any visited outside the links)."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("这名党员已不存在")
    first = datetime.date(year, month, 1)
    following = rules.month_bounds(first)[1]
    linked = (Household.select(Household.id, Household.head_name, Household.door_number, Grid.name)
              .join(Link, on=(Link.household == Household.id))
              .switch(Household).join(Grid, on=(Grid.id == Household.grid), join_type=JOIN.LEFT_OUTER)
              .where((Link.member == member_id) & (Link.start_date < following)
                     & (rules.link_is_active() | (Link.end_date > first)))
              .order_by(Household.door_sort, Household.head_sort, Household.id))
    linked = backend.distinct(linked, Household.id, Grid.id).tuples()
    households = [LinkedHousehold(hid, head, door, grid or "") for hid, head, door, grid in linked]
    known = {h.id for h in households}
    cells: dict[tuple[int, int], list[int]] = {}
    forms: dict[tuple[int, int], str] = {}
    duties: dict[int, int] = {}
    visited_outside = []
    rows = (Visit.select(Visit.id, Visit.household, Visit.date, Visit.form, Visit.duties)
            .where((Visit.member == member_id) & (Visit.date >= first) & (Visit.date < following))
            .order_by(Visit.date, Visit.id).tuples())
    for vid, hid, day, form, mask in rows:
        cells.setdefault((hid, day.day), []).append(vid)
        forms.setdefault((hid, day.day), form)
        duties[hid] = duties.get(hid, 0) | mask
        if hid not in known:
            known.add(hid)
            visited_outside.append(hid)
    outside = set(visited_outside)
    if visited_outside:
        extra = (Household.select(Household.id, Household.head_name, Household.door_number, Grid.name)
                 .join(Grid, on=(Grid.id == Household.grid), join_type=JOIN.LEFT_OUTER)
                 .where(Household.id.in_(visited_outside)).order_by(Household.door_sort, Household.id).tuples())
        households += [LinkedHousehold(hid, head, door, grid or "") for hid, head, door, grid in extra]
    village = Village.get_by_id(member.village_id)
    group = PartyGroup.get_or_none(PartyGroup.id == member.party_group_id) if member.party_group_id else None
    return MonthSheet(member.id, member.name, village.name, year, month, households, cells, outside, forms, duties,
                      village.branch_name or f"{village.name}党支部", group.name if group else "", member.phone)


def paper_sheets(village_id: int | None, month: datetime.date, member_id: int | None = None) -> list[MonthSheet]:
    """The month's sheets to print: one per member linking households in it (of a village, or all)."""
    return [month_sheet(mid, month.year, month.month)
            for mid in members_with_links(village_id, month.year, month.month, member_id)]


def tick(sheet: MonthSheet, household_id: int, day: int, form: str, duties: int,
         today: datetime.date | None = None) -> int:
    """Record the member's visit to ``household_id`` on ``day`` of the sheet's month; return its id."""
    data = VisitData(member_id=sheet.member_id, household_id=household_id, date=sheet.day(day), form=form,
                     duties=duties, outside_links=household_id in sheet.outside)
    visit_id = visits.save_visit(data, today=today)
    sheet.visits.setdefault((household_id, day), []).append(visit_id)
    return visit_id


def untick(sheet: MonthSheet, household_id: int, day: int) -> int:
    """Delete the member's visits to ``household_id`` on ``day``; return how many."""
    ids = sheet.visits.get((household_id, day), [])
    with database.atomic():
        for visit_id in ids:
            visits.delete_visit(visit_id)
    sheet.visits.pop((household_id, day), None)
    return len(ids)


def members_with_links(village_id: int | None, year: int, month: int, member_id: int | None = None) -> list[int]:
    """Members (of a village, or all) that link a household during the month, by village and name."""
    first = datetime.date(year, month, 1)
    following = rules.month_bounds(first)[1]
    query = (Member.select(Member.id).join(Link, on=(Link.member == Member.id))
             .switch(Member).join(Village, on=(Village.id == Member.village))
             .where((Link.start_date < following) & (rules.link_is_active() | (Link.end_date > first)))
             .order_by(Village.sort_order, Village.id, Member.name_sort, Member.id))
    query = backend.distinct(query, Member.id, Village.id)
    if village_id is not None:
        query = query.where(Member.village == village_id)
    if member_id is not None:
        query = query.where(Member.id == member_id)
    return [row.id for row in query]

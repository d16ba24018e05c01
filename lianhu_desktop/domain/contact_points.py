"""Contact points (联系点, seed 004): a cadre takes a grid and visits it twice a month.

A cadre here is a branch committee member (支委, ``is_committee``) on the
roster. Their visits to the households of the grid count, by day: two visits
on one day are one trip to the grid. Pairing with poor households (结对帮扶)
is recorded apart, as pairings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lianhu_desktop.domain import audit
from lianhu_desktop.domain.rules import member_is_active, month_bounds
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import ContactPoint, Grid, Member, database

EXPECTED_PER_MONTH = 2
NOTES_MAX = 200


@dataclass(frozen=True)
class ContactPointRow:
    id: int
    village_id: int
    member_id: int
    member_name: str
    grid_id: int
    grid_name: str
    start_date: datetime.date
    notes: str


def _date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def cadres(village_id: int) -> list[tuple[int, str]]:
    """(id, name) of the village's committee members on the roster, who may take a contact point."""
    return list(Member.select(Member.id, Member.name)
                .where((Member.village == village_id) & member_is_active() & (Member.is_committee == True))  # noqa: E712
                .order_by(Member.name_sort, Member.id).tuples())


def list_contact_points(village_id: int | None = None) -> list[ContactPointRow]:
    """The contact points of a village (or of every village), by grid then cadre."""
    scope, params = ("WHERE c.village_id = ?", [village_id]) if village_id is not None else ("", [])
    rows = database.execute_sql(
        "SELECT c.id, c.village_id, c.member_id, m.name, c.grid_id, g.name, c.start_date, c.notes "
        "FROM contact_point c CROSS JOIN member m ON m.id = c.member_id CROSS JOIN grid g ON g.id = c.grid_id "
        f"{scope} ORDER BY c.village_id, g.sort_order, g.id, m.name_sort, m.id", params)
    return [ContactPointRow(cid, vid, mid, mname, gid, gname, _date(start), notes)
            for cid, vid, mid, mname, gid, gname, start, notes in rows]


def add_contact_point(member_id: int, grid_id: int, start_date: datetime.date | None = None,
                      notes: str = "") -> ContactPoint:
    """The cadre ``member_id`` takes the grid as contact point from ``start_date`` (default today)."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    grid = Grid.get_or_none(Grid.id == grid_id)
    if grid is None:
        raise NotFoundError("该网格不存在或已被删除")
    if member.archived:
        raise ValidationError(f"{member.name}已归档，不能担任联系点干部", field="member")
    if not member.is_committee:
        raise ValidationError(f"{member.name}不是支委：联系点由村干部（支委）担任", field="member")
    if grid.village_id != member.village_id:
        raise ValidationError(f"网格“{grid.name}”不属于{member.name}所在的村", field="grid")
    start_date = start_date or datetime.date.today()
    if start_date > datetime.date.today():
        raise ValidationError("开始日期不能晚于今天", field="start_date")
    notes = " ".join((notes or "").split())
    if len(notes) > NOTES_MAX:
        raise ValidationError(f"备注过长（最多 {NOTES_MAX} 字）", field="notes")
    if ContactPoint.select().where((ContactPoint.member == member_id) & (ContactPoint.grid == grid_id)).exists():
        raise ValidationError(f"{member.name}已把“{grid.name}”作为联系点", field="grid")
    with database.atomic():
        point = ContactPoint.create(village=member.village_id, member=member_id, grid=grid_id,
                                    start_date=start_date, notes=notes)
        audit.record("新增联系点", point, f"{member.name}联系网格“{grid.name}”（自 {start_date.isoformat()} 起）")
    return point


def remove_contact_point(point_id: int) -> None:
    """Delete a contact point (the change log keeps what it was)."""
    point = ContactPoint.get_or_none(ContactPoint.id == point_id)
    if point is None:
        raise NotFoundError("该联系点不存在或已被删除")
    with database.atomic():
        summary = f"{point.member.name}不再联系网格“{point.grid.name}”"
        audit.record("删除联系点", point, summary)
        point.delete_instance()


def contact_point_month(month: datetime.date, village_id: int | None = None) -> list[dict]:
    """Each contact point's month: visit days and visits in its grid against two a month.

    A point taken during the month is expected in full from the next month;
    ``expected`` is 0 for the month it was taken in after the 1st and before.
    """
    start, end = month_bounds(month)
    scope, params = ("WHERE c.village_id = ?", [village_id]) if village_id is not None else ("", [])
    rows = database.execute_sql(
        "SELECT c.id, c.village_id, c.member_id, m.name, c.grid_id, g.name, c.start_date, "
        " (SELECT COUNT(DISTINCT v.date) FROM visit v CROSS JOIN household h ON h.id = v.household_id "
        "   WHERE v.member_id = c.member_id AND v.date >= ? AND v.date < ? AND h.grid_id = c.grid_id), "
        " (SELECT COUNT(*) FROM visit v CROSS JOIN household h ON h.id = v.household_id "
        "   WHERE v.member_id = c.member_id AND v.date >= ? AND v.date < ? AND h.grid_id = c.grid_id) "
        "FROM contact_point c CROSS JOIN member m ON m.id = c.member_id CROSS JOIN grid g ON g.id = c.grid_id "
        f"{scope} ORDER BY c.village_id, g.sort_order, g.id, m.name_sort, m.id",
        [start, end, start, end, *params])
    result = []
    for cid, vid, mid, mname, gid, gname, taken, days, visits in rows:
        taken = _date(taken)
        expected = EXPECTED_PER_MONTH if taken <= start else 0
        result.append({"contact_point_id": cid, "village_id": vid, "member_id": mid, "member_name": mname,
                       "grid_id": gid, "grid_name": gname, "start_date": taken.isoformat(),
                       "visit_days": days, "visits": visits, "expected": expected,
                       "met": days >= expected})
    return result

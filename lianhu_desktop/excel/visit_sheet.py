"""The visit diary's sheets: 走访记录表 (export and import) and 诉求办理台账 (export).

Columns are the registry's ``fields.VISIT`` and ``fields.REQUEST``. Both
exports cover one village, optionally one year or one month (a visit by its
day, a request by the day it was raised: ``rules.request_raised_on``), and
every record of it, archived members' and households' too: they are history.
A member is named as ``excel.member_names`` says (the ID number where two
share a name, masked unless ``full_id``).

Import of a 走访记录表 (the clerk types the members' paper diaries into a
sheet, or imports an export back):

- **member**: the name, or the ID number (``MemberNames``; archived members
  are found too, after those on the roster);
- **household**: 所在网格 + 门牌号 find it, and then 户主姓名 only checks it (a
  different head is refused: the door or the name is wrong); without a door
  number the head's name finds it (with the grid to tell same-named heads
  apart); door numbers may restart in each grid, and "15" is "15号". Where
  several households fit, the row is refused and the candidates named;
- **date, form, duties, content** and **联户以外** are checked by the diary's
  own rules (``domain.visits.check_visit``: never in the future, not before
  the member joined nor after the member or household was archived, a
  household the member linked on that day unless 联户以外 is 是).

A row finds its stored visit by member, household, date and form (the
second such row the second such visit: two calls on one day stay two): a
match is unchanged, or has its duties and content updated where the sheet
gives them; anything else is a new visit. Importing the same sheet twice
adds nothing. Every problem of a row is reported; nothing is written while a row
is refused (unless ``skip_invalid``).
"""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

from lianhu_desktop.domain import fields, rules, visits, vocab
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.errors import ValidationError, ValidationErrors
from lianhu_desktop.excel.exporters import write_sheet
from lianhu_desktop.excel.importers import (
    Plan, Rejection, appended_notes, cell_text, extra_parts, header_of, insert_and_update, read_cell, shown,
    tracked_rows,
)
from lianhu_desktop.excel.member_names import MemberNames
from lianhu_desktop.store.models import Grid, Household, Member, Village, Visit, database

VISITS, REQUESTS = "visits", "requests"
ENTITY = fields.VISIT
# A refusal of ``check_visit`` names its field; the column that shows it.
_COLUMN_OF = {"member": "member", "date": "date", "form": "form", "duties": "duties", "content": "content"}
_UPDATED = ("duties", "content")
# Cells cleaned by their field (a choice, the duties, a flag); dates and content are checked by the diary's rules.
_CLEANED = ("form", "duties", "outside_links")


def _check_day(value) -> None:
    if value is None:
        raise ValidationError("请填写走访日期")
    if isinstance(value, MonthDate):
        raise ValidationError(f"走访日期须写到哪一天（如 {value.year}-{value.month:02d}-05），不能只写到月份")


# ---------------------------------------------------------------- the period of an export

def period(year: int | None = None, month: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """[first day, following day) of the year or month chosen (everything when neither)."""
    if month is not None:
        if year is not None and month.year != year:
            raise ValidationError(f"所选月份 {month:%Y-%m} 不在 {year} 年度之内", field="month")
        return rules.month_bounds(month)
    if year is not None:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    return datetime.date(1900, 1, 1), datetime.date(2101, 1, 1)


def _title(village: Village, what: str, year, month, count: int, unit: str) -> str:
    scope = f"{month.year}年{month.month}月" if month else f"{year}年" if year else ""
    return f"{village.name}{scope}{what}（导出于 {datetime.date.today():%Y-%m-%d}，共 {count} {unit}）"


def _village(village_id: int) -> Village:
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise ValidationError("该村不存在")
    return village


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- export

def export_visits(path: str | Path, village_id: int, *, full_id: bool = False, year: int | None = None,
                  month: datetime.date | None = None, progress=None) -> int:
    """Write the village's visits (of ``year`` or ``month``, else all) in date order; return the count."""
    village = _village(village_id)
    first, following = period(year, month)
    names = MemberNames.of_village(village_id, with_archived=True)
    rows = []
    query = database.execute_sql(
        "SELECT v.date, v.member_id, COALESCE(g.name, ''), h.door_number, h.head_name, v.form, v.duties, "
        "v.content, CASE WHEN EXISTS (SELECT 1 FROM link l WHERE l.member_id = v.member_id "
        f" AND l.household_id = v.household_id AND {rules.link_allows_visit('l', 'v')}) THEN 0 ELSE 1 END "
        "FROM visit v JOIN household h ON h.id = v.household_id LEFT JOIN grid g ON g.id = h.grid_id "
        "WHERE v.village_id = ? AND v.date >= ? AND v.date < ? ORDER BY v.date, v.id",
        [village_id, first, following])
    columns = ENTITY.sheet_fields
    for day, member_id, grid, door, head, form, duties, content, outside in query:
        values = {"date": _date(day), "member": names.label(member_id, full_id=full_id), "grid": grid,
                  "door_number": door, "head_name": head, "form": form, "duties": duties, "content": content,
                  "outside_links": True if outside else None}
        rows.append({f.key: values[f.key] if f.key == "member" else f.export(values[f.key]) for f in columns})
    return write_sheet(VISITS, path, _title(village, "走访记录", year, month, len(rows), "条"), rows,
                       progress=progress)


def export_requests(path: str | Path, village_id: int, *, full_id: bool = False, year: int | None = None,
                    month: datetime.date | None = None, progress=None, today: datetime.date | None = None) -> int:
    """Write every field of the village's requests (raised in ``year`` or ``month``, else all); return the count."""
    village = _village(village_id)
    today = today or datetime.date.today()
    first, following = period(year, month)
    names = MemberNames.of_village(village_id, with_archived=True)
    raised = rules.request_raised_on("r")
    query = database.execute_sql(
        f"SELECT {raised}, COALESCE(g.name, ''), h.door_number, h.head_name, r.member_id, "
        "(SELECT v.date FROM visit v WHERE v.id = r.visit_id), r.category, r.content, r.handling, r.department, "
        "r.deadline, r.status, r.result, r.done_on, r.feedback_on, r.satisfaction "
        "FROM request r JOIN household h ON h.id = r.household_id LEFT JOIN grid g ON g.id = h.grid_id "
        f"WHERE r.village_id = ? AND {raised} >= ? AND {raised} < ? ORDER BY {raised}, r.id",
        [village_id, first, following])
    rows = []
    keys = ("raised_on", "grid", "door_number", "head_name", "member", "visit_date", "category", "content",
            "handling", "department", "deadline", "status", "result", "done_on", "feedback_on", "satisfaction")
    for record in query:
        values = dict(zip(keys, record))
        for key in ("raised_on", "visit_date", "deadline", "done_on", "feedback_on"):
            values[key] = _date(values[key])
        member_id = values["member"]
        values["member"] = names.label(member_id, full_id=full_id) if member_id in names.info else ""
        late = values["status"] in vocab.REQUEST_OPEN and values["deadline"] is not None \
            and values["deadline"] < today
        values["overdue"] = "已超期" if late else ""
        rows.append({f.key: values[f.key] for f in fields.REQUEST.sheet_fields})
    return write_sheet(REQUESTS, path, _title(village, "诉求办理台账", year, month, len(rows), "件"), rows,
                       progress=progress)


# ---------------------------------------------------------------- finding households

def door_key(value) -> str:
    """A door number as compared: no spaces, full-width as half-width, "15号" as "15"."""
    word = "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
    return word.removesuffix("号")


class HouseholdFinder:
    """The village's households (archived ones too, after those on the books) by grid, door and head."""

    def __init__(self, village_id: int):
        self.households: dict[int, Household] = {}
        self.by_door: dict[str, list[int]] = {}
        self.by_head: dict[str, list[int]] = {}
        self.grid_of: dict[int, str] = {}
        grids = dict(Grid.select(Grid.id, Grid.name).where(Grid.village == village_id).tuples())
        for h in Household.select().where(Household.village == village_id).order_by(Household.id):
            self.households[h.id] = h
            self.grid_of[h.id] = "".join(grids.get(h.grid_id, "").split())
            if h.door_number:
                self.by_door.setdefault(door_key(h.door_number), []).append(h.id)
            self.by_head.setdefault("".join(h.head_name.split()), []).append(h.id)

    def _name(self, hid: int) -> str:
        h = self.households[hid]
        place = f"{self.grid_of[hid]} {h.door_number}".strip()
        return f"{h.head_name}（{place}）" if place else h.head_name

    def find(self, grid: str, door: str, head: str) -> Household:
        """The household a row names (see the module docstring); a Chinese refusal otherwise."""
        if not door and not head:
            raise ValidationError("请填写户主姓名或门牌号")
        where = f"{grid}" if grid else "本村"
        if door:
            found = self.by_door.get(door_key(door), [])
            if grid:
                found = [hid for hid in found if self.grid_of[hid] == grid]
            if not found:
                raise ValidationError(f"{where}没有门牌号为“{door}”的农户")
            if head:
                agreeing = [hid for hid in found if "".join(self.households[hid].head_name.split()) == head]
                if not agreeing:
                    heads = "、".join(self._name(hid) for hid in found[:3])
                    raise ValidationError(f"{where}门牌号“{door}”的农户是{heads}，户主不是“{head}”："
                                          "请核对门牌号或户主姓名")
                found = agreeing
        else:
            found = self.by_head.get(head, [])
            if grid:
                found = [hid for hid in found if self.grid_of[hid] == grid]
            if not found:
                raise ValidationError(f"{where}农户台账中没有户主“{head}”")
        if len(found) > 1:
            on_books = [hid for hid in found if not self.households[hid].archived]
            if len(on_books) == 1:
                found = on_books
        if len(found) > 1:
            shown_ = "、".join(self._name(hid) for hid in found[:4])
            more = " 等" if len(found) > 4 else ""
            need = "门牌号" if grid or door else "所在网格和门牌号"
            raise ValidationError(f"{where}有 {len(found)} 户符合：{shown_}{more}，请填写{need}以区分")
        return self.households[found[0]]


# ---------------------------------------------------------------- import

def plan_visits(table, village_id: int, *, create_missing: bool = True, progress=None,
                today: datetime.date | None = None) -> Plan:
    """Check every row of a 走访记录表; return what the import would do. Writes nothing."""
    today = today or datetime.date.today()
    plan = Plan(VISITS, village_id, rows=len(table.rows), commit=commit_visits)
    columns = {f.key: table.column_of(f.key) for f in ENTITY.sheet_fields}
    names = MemberNames.of_village(village_id, with_archived=True)
    members = {m.id: m for m in Member.select().where(Member.village == village_id)}
    households = HouseholdFinder(village_id)
    checked = []  # (Excel row, match key, the visit's columns)

    def cell(row, key):
        index = columns[key]
        return row[index] if index is not None and index < len(row) else None

    for number, row in tracked_rows(table, progress):
        if all(cell_text(cell(row, f.key)) == "" for f in ENTITY.sheet_fields):
            continue
        problems: list[tuple[str, str]] = []  # (column key, message)
        data = visits.VisitData()
        for key in ("date", "form", "duties", "content", "outside_links"):
            f = ENTITY.field(key)
            try:
                value = read_cell(f, cell(row, key))
                if key in _CLEANED:
                    value = f.clean(value, {})
                elif key == "date":
                    _check_day(value)
                setattr(data, key, value)
            except ValidationError as error:
                problems.append((key, error.message))
        notes = extra_parts(table, row)
        if notes:
            data.content = appended_notes(data.content, notes)
        member = household = None
        who = "".join(cell_text(cell(row, "member")).split())
        if not who:
            problems.append(("member", "请填写走访党员"))
        else:
            try:
                member = members[names.find(who)]
            except ValidationError as error:
                problems.append(("member", error.message))
        grid, door, head = ("".join(cell_text(cell(row, key)).split())
                            for key in ("grid", "door_number", "head_name"))
        place = "door_number" if door else "head_name"  # the column that found the household
        try:
            household = households.find(grid, door, head)
        except ValidationError as error:
            problems.append((place, error.message))
        # The diary's rules too, so that every problem of the row is said at once (not twice).
        said = {key for key, _message in problems}
        try:
            values = visits.check_visit(data, member, household, today)
        except ValidationErrors as errors:
            values = None
            for error in errors.errors:
                key = _COLUMN_OF.get(error.field, place)
                if key not in said:
                    problems.append((key, error.message))
        for key, message in problems:
            plan.rejected.append(Rejection(number, header_of(table, key), shown(cell(row, key)), message))
        if not problems:
            checked.append((number, (values["member"], values["household"], values["date"], values["form"]),
                            values))
    _match(plan, village_id, checked)
    return plan


def _match(plan: Plan, village_id: int, checked: list) -> None:
    """Sort the checked rows into new, updated and unchanged visits.

    A member may visit a household twice on one day in the same form (two
    calls): the n-th row of a key meets the n-th stored visit of that key,
    so that a sheet imported again adds nothing and two such visits stay two."""
    if not checked:
        return
    days = [key[2] for _n, key, _v in checked]
    stored: dict[tuple, list[tuple]] = {}
    for vid, member_id, household_id, day, form, duties, content in (
            Visit.select(Visit.id, Visit.member, Visit.household, Visit.date, Visit.form, Visit.duties,
                         Visit.content)
            .where((Visit.village == village_id) & (Visit.date >= min(days)) & (Visit.date <= max(days)))
            .order_by(Visit.id).tuples()):
        stored.setdefault((member_id, household_id, day, form), []).append((vid, duties, content))
    seen: dict[tuple, int] = {}
    for _number, key, values in checked:
        occurrence = seen[key] = seen.get(key, -1) + 1
        matches = stored.get(key, ())
        if occurrence >= len(matches):
            plan.new.append(values)
            continue
        vid, duties, content = matches[occurrence]
        # A blank cell keeps what is stored.
        changes = {column: values[column] for column, now_ in zip(_UPDATED, (duties, content))
                   if values[column] and values[column] != now_}
        if changes:
            plan.updates.append((vid, changes, None))
        else:
            plan.unchanged += 1


def commit_visits(plan: Plan, progress):
    """Insert and update the planned visits (inside the caller's transaction)."""
    insert_and_update(Visit, plan, progress)

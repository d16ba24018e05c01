"""The links sheet (联户关系表): export who links whom, import it back.

Export lists every household of the village(s) in grid and door order with
its 联户党员 (blank when unlinked), so a clerk can fill in the blanks and
import the sheet again. 联户党员 holds the member's name; when two members
of the village share the name it holds the ID number, masked like every
export unless ``full_id`` (a masked one does not import back).

Import is a kind like the roster (``excel.kinds``): ``plan_links`` reads
the columns of the link registry (户主姓名, 门牌号, 所在网格, 联户党员 and their
synonyms; 联户模式 and 开始日期 optional), finds each household (网格 + 门牌号 +
户主, else 门牌号 + 户主, else the only household of that head or door number;
door numbers may restart in each grid), checks every row and reports every
problem of a row; ``commit_links`` then links, moving a household linked to
another member. A row with an empty 联户党员 changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

from lianhu_desktop.domain import fields, rules
from lianhu_desktop.domain.idnumber import mask
from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.cells import as_text
from lianhu_desktop.excel.columns import LINK_COLUMNS, LINKS
from lianhu_desktop.excel.member_names import MemberNames
from lianhu_desktop.excel.importers import (
    Plan, Rejection, cell_text, header_of, read_cell, shown, tracked_rows,
)
from lianhu_desktop.excel.templates import save_workbook
from lianhu_desktop.store.models import database

HEADERS = tuple(c.header for c in LINK_COLUMNS)
WIDTHS = tuple(c.width for c in LINK_COLUMNS)
_MODE = fields.LINK_ENTITY.field("mode")


def export_links(path: str | Path, village_id: int | None = None, *, full_id: bool = False,
                 include_archived: bool = False, progress=None) -> int:
    """Write the links sheet of one village (all when None); return the number of households.

    ID numbers (which tell apart members of the same name) are masked unless ``full_id``."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    if include_archived:
        raise ValidationError("联户关系表只列在册农户（已归档的农户没有联户党员）")
    where, params = ("AND h.village_id = ?", [village_id]) if village_id is not None else ("", [])
    rows = database.execute_sql(
        "SELECT v.name, COALESCE(g.name, ''), h.door_number, h.head_name, m.name, m.id_number, m.phone, "
        "m.village_id, l.mode, l.start_date FROM household h JOIN village v ON v.id = h.village_id "
        "LEFT JOIN grid g ON g.id = h.grid_id "
        f"{rules.join_active_link('h', 'l')} "
        "LEFT JOIN member m ON m.id = l.member_id "
        f"WHERE {rules.active_household('h')} {where} "
        "ORDER BY v.sort_order, v.id, g.sort_order, h.grid_id, h.door_sort, h.id", params).fetchall()
    repeated = Counter((vid, name) for vid, name in database.execute_sql(
        f"SELECT village_id, name FROM member m WHERE {rules.active_member('m')}"))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("联户关系")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="F6E7E7")
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, title)
        cell.font, cell.fill, cell.alignment = header_font, fill, Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    report = progress or (lambda done, total: True)
    for number, (village, grid, door, head, member, id_number, phone, member_village, mode, start) \
            in enumerate(rows, 1):
        who = member or ""
        if member and repeated[(member_village, member)] > 1 and id_number:
            who = id_number if full_id else mask(id_number)
        values = {"village": village, "grid": grid, "door_number": door, "head_name": head,
                  "link_member": who, "member_phone": phone or "", "mode": mode or "",
                  "start_date": _date_text(start)}
        cells = []
        for column in LINK_COLUMNS:
            # IDs, phones and door numbers stay text; so does text that looks like a formula.
            cells.append(as_text(WriteOnlyCell(sheet, values[column.key])))
        sheet.append(cells)
        if number % 2000 == 0 and not report(number, len(rows)):
            raise Cancelled("导出已取消，未生成文件")
    save_workbook(workbook, path)
    report(len(rows), len(rows))
    return len(rows)


def _date_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)[:10]


def _lookups(village_id: int):
    households = database.execute_sql(
        "SELECT h.id, h.door_number, h.head_name, l.member_id, COALESCE(g.name, '') FROM household h "
        "LEFT JOIN grid g ON g.id = h.grid_id "
        f"{rules.join_active_link('h', 'l')} "
        f"WHERE h.village_id = ? AND {rules.active_household('h')}", [village_id]).fetchall()
    by_all, by_both, by_head, by_door = {}, {}, {}, {}
    for hid, door, head, member, grid in households:
        by_all.setdefault((_norm(grid), _norm(door), _norm(head)), []).append((hid, member))
        by_both.setdefault((_norm(door), _norm(head)), []).append((hid, member))
        by_head.setdefault(_norm(head), []).append((hid, member))
        if door:
            by_door.setdefault(_norm(door), []).append((hid, member))
    return (by_all, by_both, by_head, by_door), MemberNames.of_village(village_id)


def _norm(value) -> str:
    return "".join(cell_text(value).split())


def _find_household(grid: str, door: str, head: str, lookups):
    """Grid + door + head, else door + head, else the head alone, else the door alone."""
    by_all, by_both, by_head, by_door = lookups
    for found in (by_all.get((grid, door, head)) if grid and door else None,
                  by_both.get((door, head)) if door else None, by_head.get(head),
                  by_door.get(door) if door else None):
        if found and len(found) == 1:
            return found[0]
        if found:
            raise ValidationError(f"本村有 {len(found)} 户“{head or door}”，请填写所在网格和门牌号以区分")
    raise ValidationError(f"本村农户台账中没有“{head}”（门牌 {door or '未填'}），请先导入农户")


def plan_links(table, village_id: int, *, create_missing: bool = True, progress=None,
               start: datetime.date | None = None) -> Plan:
    """Check every row of a links sheet; return what the import would do. Writes nothing.

    ``new`` are households linked for the first time, ``updates`` households
    that move to another member; ``start`` (default: each row's 开始日期,
    else today) is the links' start date."""
    plan = Plan(LINKS, village_id, rows=len(table.rows), commit=commit_links)
    col = {key: table.column_of(key) for key in ("grid", "head_name", "door_number", "link_member",
                                                  "mode", "start_date")}
    households, members = _lookups(village_id)
    seen: dict[int, int] = {}

    def cell(row, key):
        index = col[key]
        return row[index] if index is not None and index < len(row) else None

    def reject(number, key, value, message):
        plan.rejected.append(Rejection(number, header_of(table, key), shown(value), message))

    for number, row in tracked_rows(table, progress):
        who = _norm(cell(row, "link_member"))
        if not who:
            plan.unchanged += 1
            continue
        bad = len(plan.rejected)
        found = member_id = mode = day = None
        try:
            found = _find_household(_norm(cell(row, "grid")), _norm(cell(row, "door_number")),
                                    _norm(cell(row, "head_name")), households)
        except ValidationError as error:
            reject(number, "head_name", cell(row, "head_name"), error.message)
        try:
            member_id = members.find(who)
        except ValidationError as error:
            reject(number, "link_member", cell(row, "link_member"), error.message)
        try:
            mode = _MODE.clean(cell(row, "mode"), {})
        except ValidationError as error:
            reject(number, "mode", cell(row, "mode"), error.message)
        try:
            parsed = read_cell(fields.LINK_ENTITY.field("start_date"), cell(row, "start_date"))
            day = start or (datetime.date(parsed.year, parsed.month, parsed.day) if parsed else None)
        except ValidationError as error:
            reject(number, "start_date", cell(row, "start_date"), error.message)
        if found is not None:
            hid = found[0]
            if hid in seen:
                reject(number, "head_name", cell(row, "head_name"),
                       f"与第 {seen[hid]} 行是同一户，一户只能有一名联户党员")
            else:
                seen[hid] = number
        if len(plan.rejected) > bad:
            continue
        hid, current = found
        if current == member_id:
            plan.unchanged += 1
        elif current is None:
            plan.new.append((hid, member_id, mode, day))
        else:
            plan.updates.append((hid, member_id, mode, day))
    return plan


def commit_links(plan: Plan, progress):
    """Create and move the planned links (inside the caller's transaction)."""
    wanted: dict[tuple, list[int]] = {}
    for hid, member_id, mode, day in plan.new + plan.updates:
        wanted.setdefault((member_id, mode, day), []).append(hid)
    done, steps = 0, len(plan.new) + len(plan.updates)
    for (member_id, mode, day), ids in wanted.items():
        link_households(member_id, ids, mode, day, move=True)
        done += len(ids)
        if not progress(done, steps):
            raise Cancelled()
    return None


def import_links(path: str | Path, village_id: int, *, skip_invalid: bool = False, dry_run: bool = False,
                 start: datetime.date | None = None, sheet: str | None = None):
    """Read, check and (unless errors or ``dry_run``) write a links sheet; an ``ImportResult``."""
    from lianhu_desktop.excel.importers import commit_plan, result_of
    from lianhu_desktop.excel.reader import read_table

    table = read_table(path, LINKS, sheet=sheet)
    plan = plan_links(table, village_id, start=start)
    if dry_run:
        result = result_of(plan)
        result.dry_run = True
        return result
    return commit_plan(plan, skip_invalid=skip_invalid, recheck=False)

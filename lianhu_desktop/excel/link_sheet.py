"""The links sheet (联户关系表): export who links whom, import it back.

Export lists every household of the village(s) in grid and door order with
its 联户党员 (blank when unlinked), so a clerk can fill in the blanks and
import the sheet again. 联户党员 holds the member's name, or the ID number
when two members of the village share the name.

Import reads the sheet with the tolerant household reader (户主姓名, 门牌号,
所在网格, 联户党员 and their synonyms; 联户模式 and 开始日期 are optional),
finds each household (网格 + 门牌号 + 户主, else 门牌号 + 户主, else the
only household of that head or door number; door numbers may restart in each
grid), checks every row, and only then links, moving a household linked to
another member. A row with an empty 联户党员 changes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.domain.vocab import LINK_MODES
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel.templates import save_workbook
from lianhu_desktop.store.models import database

HEADERS = ("村名", "所在网格", "门牌号", "户主姓名", "联户党员", "党员电话", "联户模式", "开始日期")
WIDTHS = (12, 10, 12, 12, 20, 14, 10, 12)


def export_links(path: str | Path, village_id: int | None = None) -> int:
    """Write the links sheet of one village (all when None); return the number of households."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    where, params = ("AND h.village_id = ?", [village_id]) if village_id is not None else ("", [])
    rows = database.execute_sql(
        "SELECT v.name, COALESCE(g.name, ''), h.door_number, h.head_name, m.name, m.id_number, m.phone, "
        "m.village_id, l.mode, l.start_date FROM household h JOIN village v ON v.id = h.village_id "
        "LEFT JOIN grid g ON g.id = h.grid_id "
        "LEFT JOIN link l ON l.household_id = h.id AND l.end_date IS NULL "
        "LEFT JOIN member m ON m.id = l.member_id "
        f"WHERE h.archived = 0 {where} "
        "ORDER BY v.sort_order, v.id, g.sort_order, h.grid_id, h.door_sort, h.id", params).fetchall()
    repeated = Counter((vid, name) for vid, name in database.execute_sql(
        "SELECT village_id, name FROM member WHERE archived = 0"))
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
    for village, grid, door, head, member, id_number, phone, member_village, mode, start in rows:
        who = member or ""
        if member and repeated[(member_village, member)] > 1 and id_number:
            who = id_number
        values = (village, grid, door, head, who, phone or "", mode or "", _date_text(start))
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "@"  # IDs, phones and door numbers stay text
            cells.append(cell)
        sheet.append(cells)
    save_workbook(workbook, path)
    return len(rows)


def _date_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)[:10]


@dataclass
class LinkImport:
    rows: int = 0
    linked: int = 0
    unchanged: int = 0
    blank: int = 0
    rejected: list[dict] = field(default_factory=list)
    committed: bool = False

    def summary(self) -> str:
        lines = [f"共 {self.rows} 行：新联户或调整 {self.linked} 户，未变 {self.unchanged} 户，"
                 f"未填联户党员 {self.blank} 行，有误 {len(self.rejected)} 行。"]
        lines += [f"  第 {r['row']} 行：{r['reason']}" for r in self.rejected[:50]]
        if len(self.rejected) > 50:
            lines.append(f"  ……另有 {len(self.rejected) - 50} 行有误")
        if not self.committed:
            lines.append("有误的行未改正前，未写入任何联户关系（可用 --skip-invalid 跳过有误的行）"
                         if self.rejected else "未写入任何联户关系")
        return "\n".join(lines)


def _lookups(village_id: int):
    households = database.execute_sql(
        "SELECT h.id, h.door_number, h.head_name, l.member_id, COALESCE(g.name, '') FROM household h "
        "LEFT JOIN grid g ON g.id = h.grid_id "
        "LEFT JOIN link l ON l.household_id = h.id AND l.end_date IS NULL "
        "WHERE h.village_id = ? AND h.archived = 0", [village_id]).fetchall()
    by_all, by_both, by_head, by_door = {}, {}, {}, {}
    for hid, door, head, member, grid in households:
        by_all.setdefault((_norm(grid), _norm(door), _norm(head)), []).append((hid, member))
        by_both.setdefault((_norm(door), _norm(head)), []).append((hid, member))
        by_head.setdefault(_norm(head), []).append((hid, member))
        if door:
            by_door.setdefault(_norm(door), []).append((hid, member))
    members_by_name, members_by_id = {}, {}
    for mid, name, id_number in database.execute_sql(
            "SELECT id, name, id_number FROM member WHERE village_id = ? AND archived = 0", [village_id]):
        members_by_name.setdefault(_norm(name), []).append(mid)
        if id_number:
            members_by_id[id_number.upper()] = mid
    return (by_all, by_both, by_head, by_door), (members_by_name, members_by_id)


def _norm(value) -> str:
    from lianhu_desktop.excel.importers import cell_text

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


def _find_member(text: str, by_name, by_id) -> int:
    if text.upper() in by_id:
        return by_id[text.upper()]
    found = by_name.get(text, [])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(f"本村有 {len(found)} 名党员叫“{text}”，请改填其身份证号码")
    raise ValidationError(f"本村花名册中没有党员“{text}”（或已归档）")


def import_links(path: str | Path, village_id: int, *, skip_invalid: bool = False,
                 dry_run: bool = False, start: datetime.date | None = None) -> LinkImport:
    """Check every row of a links sheet, then (unless errors or ``dry_run``) create the links."""
    from lianhu_desktop.excel.dates import parse_date
    from lianhu_desktop.excel.reader import read_table

    table = read_table(path, "households")
    col = {key: table.column_of(key) for key in ("grid", "head_name", "door_number", "link_member")}
    if col["link_member"] is None:
        raise ValidationError("表中没有“联户党员”列，无法导入联户关系")
    extra = {table.headers[i] if i < len(table.headers) else "": i for i in table.unknown}
    mode_col, date_col = extra.get("联户模式"), extra.get("开始日期")
    households, members = _lookups(village_id)
    result = LinkImport()
    wanted: dict[tuple, list[int]] = {}
    seen: dict[int, int] = {}

    def cell(row, index):
        return row[index] if index is not None and index < len(row) else None

    for number, row in table.rows:
        result.rows += 1
        who = _norm(cell(row, col["link_member"]))
        if not who:
            result.blank += 1
            continue
        try:
            hid, current = _find_household(_norm(cell(row, col["grid"])), _norm(cell(row, col["door_number"])),
                                           _norm(cell(row, col["head_name"])), households)
            member_id = _find_member(who, *members)
            mode = _norm(cell(row, mode_col)) or LINK_MODES[0]
            if mode not in LINK_MODES:
                raise ValidationError(f"联户模式应为：{'、'.join(LINK_MODES)}（现为“{mode}”）")
            parsed = parse_date(cell(row, date_col))
            if hid in seen and seen[hid] != number:
                raise ValidationError(f"与第 {seen[hid]} 行是同一户，一户只能有一名联户党员")
            seen[hid] = number
        except ValidationError as error:
            result.rejected.append({"row": number, "reason": error.message})
            continue
        if current == member_id:
            result.unchanged += 1
            continue
        day = start or (parsed.date if parsed else None)
        wanted.setdefault((member_id, mode, day), []).append(hid)
    if dry_run or (result.rejected and not skip_invalid):
        result.linked = sum(len(ids) for ids in wanted.values())
        return result
    with database.atomic():
        for (member_id, mode, day), ids in wanted.items():
            result.linked += len(link_households(member_id, ids, mode, day, move=True))
    result.committed = True
    return result

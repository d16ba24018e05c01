"""Exporting the roster and the household ledger in the template's columns.

Written in openpyxl's write-only mode (a township's 50,000 households stream
out without holding a sheet in memory): title row, frozen header, filter,
sensible widths, ID numbers and phones as text. ID numbers are masked unless
``full_id``; an export with full IDs imports back without changing anything.
"""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lianhu_desktop.domain.idnumber import mask
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.columns import COLUMNS, HOUSEHOLDS, KIND_LABELS, ROSTER
from lianhu_desktop.excel.templates import (
    HEADER_FILL, HEADER_FONT, REQUIRED_FONT, header_text, save_workbook,
)
from lianhu_desktop.store.models import (
    Grid, Household, HouseholdTag, Link, Member, PartyGroup, Post, Village,
)

_TITLE_FONT = Font(bold=True, size=14)


def styled_cell(sheet, value, font=None, fill=None, number_format=None) -> WriteOnlyCell:
    """A write-only cell with a style (write-only sheets take plain values or these)."""
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    return cell


def _flag(value: bool) -> str:
    return "是" if value else "否"


def _roster_rows(village_id: int, full_id: bool, include_archived: bool):
    groups = dict(PartyGroup.select(PartyGroup.id, PartyGroup.name)
                  .where(PartyGroup.village == village_id).tuples())
    posts = dict(Post.select(Post.id, Post.name).where(Post.village == village_id).tuples())
    grids = dict(Grid.select(Grid.id, Grid.name).where(Grid.village == village_id).tuples())
    query = Member.select().where(Member.village == village_id)
    if not include_archived:
        query = query.where(Member.archived == False)  # noqa: E712
    for m in query.order_by(Member.name_sort, Member.id).dicts():
        id_number = m["id_number"] or ""
        yield {
            "name": m["name"], "gender": m["gender"], "ethnicity": m["ethnicity"],
            "id_number": id_number if full_id else mask(id_number), "birth_date": m["birth_date"],
            "phone": m["phone"], "education": m["education"], "join_date": m["join_date"],
            "membership": m["membership"], "residence": m["residence"],
            "migrant_place": m["migrant_place"], "party_group": groups.get(m["party_group"], ""),
            "post": posts.get(m["post"], ""), "tier": m["tier"], "skills": m["skills"],
            "home_grid": grids.get(m["home_grid"], ""), "address": m["address"],
            "is_committee": _flag(m["is_committee"]), "link_exempt": _flag(m["link_exempt"]),
            "notes": m["notes"],
        }


def _household_rows(village_id: int, full_id: bool, include_archived: bool):
    grids = {gid: (name, order) for gid, name, order in
             Grid.select(Grid.id, Grid.name, Grid.sort_order).where(Grid.village == village_id).tuples()}
    tags = {}
    for household_id, tag in (HouseholdTag.select(HouseholdTag.household, HouseholdTag.tag)
                              .join(Household).where(Household.village == village_id)
                              .order_by(HouseholdTag.id).tuples()):
        tags.setdefault(household_id, []).append(tag)
    members = {mid: (name, id_number) for mid, name, id_number in
               Member.select(Member.id, Member.name, Member.id_number)
               .where((Member.village == village_id) & (Member.archived == False)).tuples()}  # noqa: E712
    name_count = {}
    for name, _ in members.values():
        name_count[name] = name_count.get(name, 0) + 1
    links = dict(Link.select(Link.household, Link.member).join(Household)
                 .where((Household.village == village_id) & Link.end_date.is_null()).tuples())
    query = Household.select().where(Household.village == village_id)
    if not include_archived:
        query = query.where(Household.archived == False)  # noqa: E712
    rows = list(query.dicts())
    rows.sort(key=lambda h: (grids.get(h["grid"], ("", 1 << 30))[1], h["grid"] or 0,
                             h["door_sort"], h["door_number"], h["id"]))
    for h in rows:
        head_id = h["head_id_number"] or ""
        member = members.get(links.get(h["id"]))
        linked = ""
        if member:
            # A repeated name would not import back; the full ID number would.
            linked = member[1] if name_count[member[0]] > 1 and full_id and member[1] else member[0]
        yield {
            "head_name": h["head_name"], "head_id_number": head_id if full_id else mask(head_id),
            "door_number": h["door_number"], "grid": grids.get(h["grid"], ("", 0))[0],
            "phone": h["phone"], "address": h["address"], "size": h["size"],
            "tags": "、".join(tags.get(h["id"], [])), "work_place": h["work_place"],
            "industry_association": h["industry_association"], "link_member": linked,
            "notes": h["notes"],
        }


def export(kind: str, path, village_id: int, *, full_id: bool = False,
           include_archived: bool = False, progress=None) -> int:
    """Write the village's roster or households to ``path``; return the row count."""
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise ValidationError("该村不存在")
    columns = COLUMNS[kind]
    rows = list((_roster_rows if kind == ROSTER else _household_rows)(village_id, full_id,
                                                                       include_archived))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(KIND_LABELS[kind])
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(columns, 2):
        sheet.column_dimensions[get_column_letter(index)].width = max(column.width, len(column.header) * 2 + 2)
    sheet.freeze_panes = "C3"
    last = get_column_letter(len(columns) + 1)
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"

    def styled(value, font=None, fill=None, number_format=None):
        return styled_cell(sheet, value, font, fill, number_format)

    title = f"{village.name}{KIND_LABELS[kind]}（导出于 {datetime.date.today():%Y-%m-%d}，共 {len(rows)} "
    title += "人）" if kind == ROSTER else "户）"
    sheet.append([styled(title, _TITLE_FONT)])
    sheet.append([styled("序号", HEADER_FONT, HEADER_FILL)] + [
        styled(header_text(c), REQUIRED_FONT if c.required else HEADER_FONT, HEADER_FILL)
        for c in columns])
    report = progress or (lambda done, total: True)
    for number, row in enumerate(rows, 1):
        out = [number]
        for column in columns:
            value = row[column.key]
            if column.kind in ("id", "phone"):
                out.append(styled(value or None, number_format="@"))
            elif column.kind == "date" and value is not None:
                out.append(styled(value, number_format="yyyy-mm-dd"))
            else:
                out.append(value if value != "" else None)
        sheet.append(out)
        if number % 2000 == 0 and not report(number, len(rows)):
            raise Cancelled("导出已取消，未生成文件")
    save_workbook(workbook, path)
    report(len(rows), len(rows))
    return len(rows)


def export_roster(path, village_id: int, **options) -> int:
    """The village's roster (党员花名册) in the template's columns."""
    return export(ROSTER, path, village_id, **options)


def export_households(path, village_id: int, **options) -> int:
    """The village's households (农户台账) in the template's columns."""
    return export(HOUSEHOLDS, path, village_id, **options)

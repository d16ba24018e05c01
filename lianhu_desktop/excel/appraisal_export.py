"""The year's appraisal results as a workbook (``lianhu export appraisal OUT.xlsx --year Y``).

One sheet per tier (the tiers' schemes have different items): a row per
member with each item's points, the total, grade, rank within the tier and
the counted ballots of each grade; then a sheet 汇总 with each village's
grade counts and ballot sums (issued, returned, valid, invalid, entered
differently twice) and the seal's code. From ``appraisal.results`` like
every other consumer; points are numbers with one decimal, an item not yet
scored is an empty cell.
"""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lianhu_desktop.domain import appraisal
from lianhu_desktop.domain.appraisal_types import points
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.cells import styled_cell
from lianhu_desktop.excel.templates import HEADER_FILL, HEADER_FONT, save_workbook

_TITLE_FONT = Font(bold=True, size=14)
POINTS_FORMAT = "0.0"
SUMS_HEADERS = ("村", "年度", "状态", "应到", "实到", "发出票数", "收回票数", "有效票", "无效票", "两次录入不一致",
                *(f"{grade}（人）" for grade in GRADES), "尚未评完（人）", "封存码")


def _results(village_id: int | None, year: int):
    if village_id is not None:
        return [appraisal.results(village_id, year)]
    return appraisal.township_results(year)


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _tier_sheet(workbook, tier: str, found, many: bool, year: int, progress) -> int:
    """One tier's members of every village found; returns the rows written.

    ``progress`` is (report, members written before this sheet, members in all)."""
    report, done, total = progress
    members = [(results.village_name, m) for results in found for m in results.members if m.tier == tier]
    if not members:
        return 0
    # The item columns: in scheme order, a village whose scheme differs adds its own.
    items: list[tuple[str, int]] = []
    for _village, member in members:
        for item in member.items:
            if (item.name, item.max_tenths) not in items:
                items.append((item.name, item.max_tenths))
    sheet = workbook.create_sheet(tier)
    lead = ["序号", *(["村"] if many else []), "姓名"]
    tail = ["总分", "等次", "类别内名次", *(f"{grade}票" for grade in GRADES)]
    headers = [*lead, *(f"{name}（{points_text(top)}分）" for name, top in items), *tail]
    _widths(sheet, [6, *([12] if many else []), 10, *(max(10, len(h) * 2) for h in headers[len(lead):])])
    sheet.freeze_panes = get_column_letter(len(lead) + 1) + "3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{len(members) + 2}"
    places = f"{found[0].village_name}" if not many else f"{len(found)} 个村"
    sheet.append([styled_cell(sheet, f"{places} {year} 年度{tier}百分制考核结果（导出于 "
                                     f"{datetime.date.today():%Y-%m-%d}，共 {len(members)} 名）", _TITLE_FONT)])
    sheet.append([styled_cell(sheet, h, HEADER_FONT, HEADER_FILL) for h in headers])
    column_of = {key: index for index, key in enumerate(items)}
    for number, (village, member) in enumerate(members, 1):
        cells = [None] * len(items)
        for item in member.items:
            if item.tenths is not None:
                cells[column_of[(item.name, item.max_tenths)]] = styled_cell(sheet, points(item.tenths),
                                                                             number_format=POINTS_FORMAT)
        sheet.append([number, *([styled_cell(sheet, village)] if many else []), styled_cell(sheet, member.name),
                      *cells, styled_cell(sheet, points(member.total_tenths), number_format=POINTS_FORMAT),
                      member.grade or "未定", member.rank, *(member.ballots.get(grade, 0) for grade in GRADES)])
        if number % 500 == 0 and report(done + number, total) is False:
            raise Cancelled("导出已取消，未生成文件")
    return len(members)


def _sums_sheet(workbook, found) -> None:
    sheet = workbook.create_sheet("汇总")
    _widths(sheet, [12, 8, 8, 6, 6, 9, 9, 8, 8, 14, 10, 10, 12, 12, 14, 22])
    sheet.freeze_panes = "B2"
    sheet.append([styled_cell(sheet, h, HEADER_FONT, HEADER_FILL) for h in SUMS_HEADERS])
    for results in found:
        s = results.ballots
        graded = sum(results.grade_counts.get(grade, 0) for grade in GRADES)
        sheet.append([styled_cell(sheet, results.village_name), results.year, results.status, results.expected,
                      results.present, s.issued, s.returned, s.valid, s.invalid, s.mismatched,
                      *(results.grade_counts.get(grade, 0) for grade in GRADES), len(results.members) - graded,
                      results.seal_code or "未封存"])


def export_appraisal(path, village_id: int | None, *, year: int | None = None, progress=None) -> int:
    """Write the year's results of one village (or every village for None); return the members written."""
    if year is None:
        raise ValidationError("请指定考核年度")
    found = _results(village_id, year)
    if not found:
        raise ValidationError("数据库中还没有村")
    report = progress or (lambda done, total: True)
    workbook = Workbook(write_only=True)
    many = village_id is None and len(found) > 1
    total, written = sum(len(results.members) for results in found), 0
    for tier in TIERS:
        written += _tier_sheet(workbook, tier, found, many, year, (report, written, total))
    _sums_sheet(workbook, found)
    workbook.properties.title = f"{year} 年度民主评议结果"
    save_workbook(workbook, path)
    report(written, written)
    return written

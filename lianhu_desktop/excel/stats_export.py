"""The statistics report (``domain.stats.township_report``) as a formatted workbook.

With the year's activity (``report["activity"]``) a sheet 走访与诉求 too.
One sheet 统计报表 with a title, the as-of date and the sections a township
reports (member structure, tiers, party groups, households, tags); one sheet
各村统计 with the per-village table; one sheet 各网格农户 (a township has
hundreds of grids, too many for the first sheet). Percentages are written as
fractions formatted ``0.0%`` so Excel can compute with them; header rows are
frozen and columns sized for Chinese text.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from lianhu_desktop.domain.stats import MEMBER_SHARES
from lianhu_desktop.excel.cells import set_value
from lianhu_desktop.excel.templates import save_workbook

PERCENT_FORMAT = "0.0%"
_TITLE_FONT = Font(bold=True, size=16)
_NOTE_FONT = Font(color="555555")
_SECTION_FONT = Font(bold=True, size=12, color="7A1C1C")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F6E7E7")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# (key in report["structure"], label) of the shares a township reports.


def fraction(percent) -> float:
    """A report percentage (Decimal 27.5) as the fraction Excel formats (0.275)."""
    return float(Decimal(str(percent)) / 100)


class _Writer:
    """Appends rows to a sheet, styling headers and percentage cells."""

    def __init__(self, sheet, widths):
        self.sheet = sheet
        self.row = 0
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        self.columns = len(widths)

    def line(self, text: str, font=None, *, merge: bool = True) -> None:
        self.row += 1
        cell = set_value(self.sheet, self.row, 1, text)
        if font is not None:
            cell.font = font
        if merge and self.columns > 1:
            self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row,
                                   end_column=self.columns)

    def header(self, *titles: str) -> None:
        self.row += 1
        for col, title in enumerate(titles, 1):
            cell = self.sheet.cell(self.row, col, title)
            cell.font, cell.fill, cell.border = _HEADER_FONT, _HEADER_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center")

    def values(self, *values, percent_columns=()) -> None:
        self.row += 1
        for col, value in enumerate(values, 1):
            if col in percent_columns and value is not None:
                value = fraction(value)
            cell = set_value(self.sheet, self.row, col, value)
            cell.border = _BORDER
            if col in percent_columns:
                cell.number_format = PERCENT_FORMAT

    def gap(self) -> None:
        self.row += 1


def _title_lines(out: _Writer, report: dict, what: str) -> None:
    out.line(f"{report['scope']}{what}", _TITLE_FONT)
    out.line(f"截至 {report['as_of']}　统计范围：{report['scope']}　党支部数：{report['branches']}",
             _NOTE_FONT)


def _summary_sheet(sheet, report: dict) -> None:
    s, h = report["structure"], report["household_structure"]
    members = s["members"]
    out = _Writer(sheet, (22, 12, 12))
    _title_lines(out, report, "党员队伍统计表")
    out.header("项目", "数量", "占比")
    sheet.freeze_panes = sheet.cell(out.row + 1, 1)
    out.values("党支部数", report["branches"], None)
    out.values("党员总数", members, None)
    for key, label in MEMBER_SHARES:
        out.values(label, s[key]["count"], s[key]["percent"], percent_columns=(3,))
    out.values("支委成员", s["committee"], None)
    if s.get("age_unknown"):
        out.values("缺出生日期（不计入 45 岁以下）", s["age_unknown"], None)
    out.gap()
    out.line("按考核类别", _SECTION_FONT)
    out.header("考核类别", "人数", "占比")
    for tier, share in s["by_tier"].items():
        out.values(tier or "未填", share["count"], share["percent"], percent_columns=(3,))
    out.gap()
    out.line("按党小组", _SECTION_FONT)
    out.header("党小组", "人数", "占比")
    for name, count in s["by_party_group"].items():
        out.values(name or "未分组", count, _percent(count, members), percent_columns=(3,))
    out.gap()
    out.line("按文化程度", _SECTION_FONT)
    out.header("文化程度", "人数", "占比")
    for name, count in s.get("by_education", {}).items():
        out.values(name or "未填", count, _percent(count, members), percent_columns=(3,))
    out.gap()
    households = h["households"]
    out.line("农户", _SECTION_FONT)
    out.header("项目", "户数", "占比")
    out.values("农户总数", households, None)
    out.values("已联户", h["linked"]["count"], h["linked"]["percent"], percent_columns=(3,))
    out.values("未联户", households - h["linked"]["count"],
               _percent(households - h["linked"]["count"], households), percent_columns=(3,))
    out.gap()
    out.line("按农户类别（一户可有多个类别）", _SECTION_FONT)
    out.header("农户类别", "户数", "占农户")
    for tag, count in h["by_tag"].items():
        out.values(tag, count, _percent(count, households), percent_columns=(3,))


def _villages_sheet(sheet, report: dict) -> None:
    out = _Writer(sheet, (16, 20, 10, 10, 10, 10, 10))
    _title_lines(out, report, "各村统计")
    out.header("村", "党支部", "党员", "农户", "已联户", "联户率", "走访次数")
    sheet.freeze_panes = sheet.cell(out.row + 1, 2)
    total = {"members": 0, "households": 0, "links": 0, "visits": 0}
    for v in report["villages"]:
        out.values(v["village"], v["branch"], v["members"], v["households"], v["links"],
                   _percent(v["links"], v["households"]), v["visits"], percent_columns=(6,))
        for key in total:
            total[key] += v[key]
    if len(report["villages"]) > 1:
        out.values("合计", f"{len(report['villages'])} 个党支部", total["members"], total["households"],
                   total["links"], _percent(total["links"], total["households"]), total["visits"],
                   percent_columns=(6,))
        for col in range(1, 8):
            sheet.cell(out.row, col).font = _HEADER_FONT


def _grids_sheet(sheet, report: dict) -> None:
    h = report["household_structure"]
    out = _Writer(sheet, (24, 10, 10))
    _title_lines(out, report, "各网格农户")
    out.header("网格", "户数", "占农户")
    sheet.freeze_panes = sheet.cell(out.row + 1, 1)
    for grid, count in h["by_grid"].items():
        out.values(grid, count, _percent(count, h["households"]), percent_columns=(3,))


def _activity_sheet(sheet, report: dict) -> None:
    a = report["activity"]
    v, r, c = a["visits"], a["requests"], a["compliance"]
    out = _Writer(sheet, (24, 12, 12, 12))
    _title_lines(out, report, f"{a['year']} 年走访与诉求")
    out.line("每月走访（一次）", _SECTION_FONT)
    out.header("村", "应走访户次", "已走访户次", "完成率")
    sheet.freeze_panes = sheet.cell(out.row + 1, 1)
    for x in c["villages"]:
        out.values(x["village_name"], x["expected"], x["visited"], x["percent"], percent_columns=(4,))
    if len(c["villages"]) > 1:
        out.values("合计", c["expected"], c["visited"], c["percent"], percent_columns=(4,))
    out.gap()
    out.line("走访形式", _SECTION_FONT)
    out.header("形式", "次数", "占比")
    for form, count in v["by_form"].items():
        out.values(form, count, _percent(count, v["total"]), percent_columns=(3,))
    out.values("合计", v["total"], None)
    out.gap()
    out.line("八个到位（一次走访可履行多项）", _SECTION_FONT)
    out.header("职责", "次数", "占走访")
    for duty, count in v["by_duty"].items():
        out.values(duty, count, _percent(count, v["total"]), percent_columns=(3,))
    out.gap()
    out.line("诉求", _SECTION_FONT)
    out.header("办理状态", "件数", "占比")
    for state, count in r["by_state"].items():
        out.values(state or "未填", count, _percent(count, r["total"]), percent_columns=(3,))
    out.values("合计", r["total"], None)
    out.values("按期办结（有期限且已到期或已办结的）", r["on_time"], r["on_time_percent"], percent_columns=(3,))
    out.values("超期未办结", r["overdue"], None)
    out.values("已办结未反馈", r["not_fed_back"], None)
    out.gap()
    out.line("群众满意度（已反馈的诉求）", _SECTION_FONT)
    out.header("满意度", "件数", "占已反馈")
    for answer, count in r["satisfaction"].items():
        out.values(answer, count, _percent(count, r["fed_back"]), percent_columns=(3,))
    out.values("已反馈合计", r["fed_back"], None)
    out.values("满意率（满意与基本满意）", r["satisfied"], r["satisfied_percent"], percent_columns=(3,))


def _percent(part: int, whole: int) -> Decimal:
    from lianhu_desktop.domain.stats import percent

    return percent(part, whole)


def write_stats_report(report: dict, path) -> Path:
    """Write ``report`` (from ``township_report``) to the .xlsx at ``path``."""
    workbook = Workbook()
    _summary_sheet(workbook.active, report)
    workbook.active.title = "统计报表"
    _villages_sheet(workbook.create_sheet("各村统计"), report)
    _grids_sheet(workbook.create_sheet("各网格农户"), report)
    if "activity" in report:
        _activity_sheet(workbook.create_sheet("走访与诉求"), report)
    for sheet in workbook.worksheets:
        sheet.page_setup.orientation = "portrait"
        sheet.print_title_rows = "1:3"
    return save_workbook(workbook, path)

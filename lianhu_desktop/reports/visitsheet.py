"""党员联户月走访登记表: the paper month sheet a member fills in, one A4 landscape page per member.

The same grid as the screen the clerk transcribes it into (``gui.month_sheet``,
``domain.visit_sheet``): the member's households in rows, in the same order
(those visited outside the links last), the days of the month in columns,
then 次数 and 履行职责. The member writes the code of the form of contact
in the day's cell (入 电 谈 座 问) and the numbers of the duties performed
(1–8, the 八个到位) in the row's last cell; the legend under the grid says
so. Visits already recorded are printed in their cells, so a reprint shows
what was typed in. Weekends are shaded as on the screen. A member with more
households than a page holds continues on the next page (续). Fixed
geometry, so drawn on the canvas: 31 day columns of 6.35 mm, digits at 7.5 pt.
"""

from __future__ import annotations

import calendar
import math
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from lianhu_desktop.domain.vocab import DUTIES, VISIT_FORMS
from lianhu_desktop.reports import output, text

PAGE = landscape(A4)
W, H = PAGE
MARGIN = 10 * mm
RED = HexColor("#C8161D")
RULE = HexColor("#7A1F1F")
GRID = HexColor("#8C8C8C")
GREY = HexColor("#666666")
HEADER_FILL = HexColor("#F6E7E7")
WEEKEND = HexColor("#E9EEF5")  # the screen's weekend tint, a shade darker to survive a laser printer
# Column widths: 序号, 联系农户 (takes what is left), 31 days, 次数, 履行职责.
NUMBER_W, COUNT_W, DUTIES_W = 7 * mm, 9 * mm, 22 * mm
DAY_W = 6.35 * mm
DAY_ROW, WEEKDAY_ROW = 6 * mm, 4.5 * mm
TABLE_TOP = H - MARGIN - 17 * mm
TABLE_BOTTOM = MARGIN + 30 * mm
MIN_ROW, MAX_ROW = 5.5 * mm, 10 * mm
ROOM = TABLE_TOP - DAY_ROW - WEEKDAY_ROW - TABLE_BOTTOM
ROWS_PER_PAGE = int(ROOM // MIN_ROW)
# Blank rows under the households, for households visited outside the links.
BLANK_ROWS = 2
WEEKDAYS = "一二三四五六日"
# The code a member writes for each form of contact: its first character (all five differ).
FORM_CODES = {form: form[0] for form in VISIT_FORMS}
OUTSIDE = "（联户以外）"
SIGNATURES = ("党员签名：＿＿＿＿＿＿＿＿　　　　党小组长：＿＿＿＿＿＿＿＿　　　　支部审核：＿＿＿＿＿＿＿＿"
              "　　　　录入：＿＿＿＿年＿＿月＿＿日")


def _legend_forms() -> str:
    codes = "　".join(f"{code} {form}" for form, code in FORM_CODES.items())
    return f"走访形式（在当天的格内写代号，一天走访两次写两个）：{codes}"


def _legend_duties() -> str:
    numbers = "　".join(f"{n} {duty}" for n, duty in enumerate(DUTIES, 1))
    return f"履行职责（八个到位，在“履行职责”栏写序号）：{numbers}"


def _duty_numbers(mask: int) -> str:
    return " ".join(str(bit + 1) for bit in range(len(DUTIES)) if mask & (1 << bit))


def _pages(sheet) -> list[list]:
    """The sheet's rows cut into pages: households (None: a blank row for one outside the links)."""
    rows = list(sheet.households)
    pages = [rows[start:start + ROWS_PER_PAGE] for start in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    room = ROWS_PER_PAGE - len(pages[-1])
    pages[-1] += [None] * min(BLANK_ROWS, room)
    return pages


def page_count(sheets) -> int:
    """How many pages ``build`` writes for ``sheets``."""
    return sum(len(_pages(sheet)) for sheet in sheets)


def _grid_lines(canvas, xs, top: float, bottom: float, ys) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.35)
    for x in xs[1:-1]:
        canvas.line(x, top, x, bottom)
    for y in ys[1:-1]:
        canvas.line(xs[0], y, xs[-1], y)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.9)
    canvas.rect(xs[0], bottom, xs[-1] - xs[0], top - bottom)
    canvas.line(xs[0], ys[1], xs[-1], ys[1])  # under the header
    canvas.restoreState()


def _page(canvas, sheet, rows, part: int, parts: int, number: int, total: int) -> None:
    days = sheet.days
    width = W - 2 * MARGIN
    household_w = width - NUMBER_W - COUNT_W - DUTIES_W - days * DAY_W
    xs = [MARGIN, MARGIN + NUMBER_W, MARGIN + NUMBER_W + household_w]
    xs += [xs[2] + d * DAY_W for d in range(1, days + 1)]
    xs += [xs[-1] + COUNT_W, xs[-1] + COUNT_W + DUTIES_W]
    # Title and the member.
    month = f"{sheet.year}年{sheet.month}月"
    canvas.setFillColor(RED)
    text.draw_line(canvas, "党员联户月走访登记表", (MARGIN, H - MARGIN - 9 * mm, width, 9 * mm), 17, "center")
    canvas.setFillColor(black)
    text.draw_line(canvas, month + ("（续）" if part else ""), (MARGIN, H - MARGIN - 9 * mm, width, 9 * mm), 12,
                   "right")
    text.draw_line(canvas, sheet.branch_name, (MARGIN, H - MARGIN - 9 * mm, width * 0.3, 9 * mm), 10.5)
    linked = sum(1 for h in sheet.households if h.id not in sheet.outside)
    info = "　　".join(part_ for part_ in (
        f"党员：{sheet.member_name}", f"党小组：{sheet.party_group}" if sheet.party_group else "",
        f"联系电话：{sheet.phone}" if sheet.phone else "", f"联系农户：{linked} 户",
        "每户每月至少走访一次") if part_)
    text.draw_line(canvas, info, (MARGIN, H - MARGIN - 15.5 * mm, width, 6 * mm), 10.5)
    # The header: day numbers and weekdays, weekends shaded down the whole column.
    row_h = min(MAX_ROW, ROOM / max(len(rows), 1))
    top = TABLE_TOP
    header_bottom = top - DAY_ROW - WEEKDAY_ROW
    bottom = header_bottom - row_h * len(rows)
    canvas.saveState()
    canvas.setFillColor(HEADER_FILL)
    canvas.rect(xs[0], header_bottom, xs[-1] - xs[0], top - header_bottom, stroke=0, fill=1)
    canvas.setFillColor(WEEKEND)
    for d in range(1, days + 1):
        if calendar.weekday(sheet.year, sheet.month, d) >= 5:
            canvas.rect(xs[d + 1], bottom, DAY_W, header_bottom - bottom, stroke=0, fill=1)
    canvas.restoreState()
    for (left, right), label in (((xs[0], xs[1]), "序号"), ((xs[1], xs[2]), "联系农户（户主、门牌、网格）"),
                                 ((xs[-3], xs[-2]), "次数"), ((xs[-2], xs[-1]), "履行职责")):
        text.draw_line(canvas, label, (left + 0.5 * mm, header_bottom, right - left - 1 * mm, top - header_bottom),
                       9, "center")
    for d in range(1, days + 1):
        x = xs[d + 1]
        text.draw_line(canvas, str(d), (x, top - DAY_ROW, DAY_W, DAY_ROW), 7.5, "center")
        canvas.setFillColor(GREY)
        text.draw_line(canvas, WEEKDAYS[calendar.weekday(sheet.year, sheet.month, d)],
                       (x, header_bottom, DAY_W, WEEKDAY_ROW), 6.5, "center")
        canvas.setFillColor(black)
    # The rows: one household each; visits already recorded in their cells.
    ys = [top, header_bottom] + [header_bottom - row_h * (i + 1) for i in range(len(rows))]
    first = part * ROWS_PER_PAGE
    for index, household in enumerate(rows):
        y = ys[index + 2]
        if household is None:
            canvas.setFillColor(GREY)
            text.draw_line(canvas, OUTSIDE, (xs[1] + 1 * mm, y, xs[2] - xs[1] - 2 * mm, row_h), 7.5, "right")
            canvas.setFillColor(black)
            continue
        text.draw_line(canvas, str(first + index + 1), (xs[0], y, NUMBER_W, row_h), 8, "center")
        label = household.label + (OUTSIDE if household.id in sheet.outside else "")
        text.draw_field(canvas, label, (xs[1] + 1 * mm, y, xs[2] - xs[1] - 2 * mm, row_h), 9, 6)
        for d in range(1, days + 1):
            ids = sheet.visits.get((household.id, d))
            if ids:
                code = FORM_CODES.get(sheet.forms.get((household.id, d)), "✓") * min(len(ids), 2)
                text.draw_line(canvas, code, (xs[d + 1], y, DAY_W, row_h), 7.5 if len(code) == 1 else 6, "center")
        count = sheet.count(household.id)
        if count:
            text.draw_line(canvas, str(count), (xs[-3], y, COUNT_W, row_h), 8.5, "center")
        mask = sheet.duties.get(household.id, 0)
        if mask:
            text.draw_line(canvas, _duty_numbers(mask), (xs[-2] + 1 * mm, y, DUTIES_W - 2 * mm, row_h), 8,
                           "center")
    _grid_lines(canvas, xs, top, bottom, ys)
    # Legend (right under the grid), signatures, footer.
    y = bottom - 6.5 * mm
    text.draw_line(canvas, _legend_forms(), (MARGIN, y, width, 5 * mm), 8.5)
    text.draw_line(canvas, _legend_duties(), (MARGIN, y - 5 * mm, width, 5 * mm), 8.5)
    if part == parts - 1:
        text.draw_line(canvas, SIGNATURES, (MARGIN, MARGIN + 8 * mm, width, 6 * mm), 10)
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, MARGIN + 6 * mm, W - MARGIN, MARGIN + 6 * mm)
    canvas.restoreState()
    text.draw_line(canvas, f"{sheet.branch_name}　{month}　{sheet.member_name}　群众诉求请记入民情日记并及时报告支部",
                   (MARGIN, MARGIN, width * 0.75, 5 * mm), 8.5)
    text.draw_line(canvas, f"第 {number} 页 共 {total} 页", (MARGIN + width * 0.75, MARGIN, width * 0.25, 5 * mm),
                   8.5, "right")


def build(sheets, path: str | Path, progress=None) -> int:
    """Write the month sheets (``domain.visit_sheet.MonthSheet``), one page per member; return the pages."""
    path = output.check_writable(path)
    total = page_count(sheets)
    first = sheets[0] if sheets else None
    title = f"{first.year}年{first.month}月党员联户月走访登记表" if first else "党员联户月走访登记表"
    canvas = output.open_canvas(path, PAGE, title=title, subject=f"{len(sheets)} 名党员")
    number = 0
    with output.Job(path, len(sheets), progress, every=max(1, math.ceil(len(sheets) / 100))) as job:
        for sheet in sheets:
            pages = _pages(sheet)
            for part, rows in enumerate(pages):
                number += 1
                _page(canvas, sheet, rows, part, len(pages), number, total)
                canvas.showPage()
                output.compact_last_page(canvas)
            job.step()
        if not number:
            canvas.showPage()
            output.compact_last_page(canvas)
            number = 1
        output.save(canvas, path)
    return number

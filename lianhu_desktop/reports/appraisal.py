"""The year-end appraisal's printouts: the signed results sheet (考核结果) and the 公示.

Both draw an ``AppraisalResults`` (``domain.appraisal_types``) wrapped in a
``printrows.AppraisalSheet``; they never compute anything.

* ``build_results``: A4 landscape. The header (村, 年度, 评议日期, 应到/实到),
  the grade thresholds, one table per tier — 排名, 姓名, each item's points
  (the headings are the item names with their full points; a scheme too wide
  for the page is split into two tables that both repeat 排名 and 姓名), 总分,
  等次 and the 民主测评 counts 优秀/合格/基本合格/不合格 — then the ballot sums
  (发出、收回、有效、无效、空白、未核对, with any broken sum check in red), the
  grade distribution per tier, the seal code and the signature lines of the
  branch secretary and the two tellers.
* ``build_notice``: A4 portrait, the 党员民主评议结果公示 posted for the village:
  names, tiers and grades, the seal code, 公示期 and the 监督电话.

The seal code (封存码, the seal's first 16 hex digits in groups of four, to
read aloud) is on the signed sheet, on the 公示 and in every page's footer;
results not sealed yet say "尚未封存（结果未定稿）" in red in the same places.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, KeepTogether, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from lianhu_desktop.domain.appraisal_types import points
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.reports import fonts, output, text
from lianhu_desktop.reports.linklist import GRID_LINE, HEADER_FILL, ZEBRA
from lianhu_desktop.reports.styles import RED, RULE, escape, handbook_styles, one_line, table_style

MARGIN = 12 * mm
FOOTER = 10 * mm
NOT_SEALED = "尚未封存（结果未定稿）"
NOTICE_DAYS = 7  # 公示期, counting the day it is posted

# The results table: fixed columns, and the room each item column needs at least.
RANK_W, NAME_W, TOTAL_W, GRADE_W, COUNT_W = 10 * mm, 24 * mm, 14 * mm, 16 * mm, 11.5 * mm
MIN_ITEM_W = 15 * mm
MAX_ITEM_W = 26 * mm


def seal_line(results) -> str:
    """封存码：3F9A-C2D1-07B4-E8A5, or the not-sealed warning."""
    code = seal_code(results)
    return f"封存码：{code}" if code else NOT_SEALED


def seal_code(results) -> str:
    """The seal's first 16 hex digits in groups of four ("" when not sealed)."""
    if not results.sealed or not results.seal_code:
        return ""
    digits = re.sub(r"[^0-9A-Fa-f]", "", results.seal_code).upper()[:16]
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def _day(value: str | datetime.date | None) -> str:
    if not value:
        return "＿＿＿＿年＿＿月＿＿日"
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def _count(value) -> str:
    return "—" if value is None else str(value)


def _points(tenths) -> str:
    value = points(tenths)
    return "—" if value is None else f"{value:g}"


def _tiers(results) -> list[tuple[str, list]]:
    """(tier, members) in the order of the tiers, members as the results list them."""
    order = {tier: index for index, tier in enumerate(TIERS)}
    found: dict[str, list] = {}
    for member in results.members:
        found.setdefault(member.tier, []).append(member)
    return sorted(found.items(), key=lambda pair: order.get(pair[0], len(order)))


def _item_columns(members) -> list[tuple[str, int]]:
    """(item name, full points in tenths) of a tier's scheme, in the scheme's order."""
    columns: dict[str, int] = {}
    for member in members:
        for item in member.items:
            columns.setdefault(item.name, item.max_tenths)
    return list(columns.items())


def _styles(size: float = 8.5) -> dict[str, ParagraphStyle]:
    styles = handbook_styles()
    font = fonts.register()
    cell = ParagraphStyle("acell", fontName=font, fontSize=size, leading=size * 1.3, wordWrap="CJK")
    styles.update({
        "acell": cell,
        "acenter": ParagraphStyle("acenter", parent=cell, alignment=TA_CENTER),
        "aheader": ParagraphStyle("aheader", parent=cell, alignment=TA_CENTER, fontSize=size - 0.5,
                                  leading=(size - 0.5) * 1.25),
        "info": ParagraphStyle("info", fontName=font, fontSize=10, leading=15, alignment=TA_CENTER),
        "warning": ParagraphStyle("warning", fontName=font, fontSize=11, leading=15, textColor=RED,
                                  alignment=TA_CENTER, borderColor=RED, borderWidth=1, borderPadding=4),
        "seal": ParagraphStyle("seal", fontName=font, fontSize=13, leading=18, alignment=TA_CENTER, textColor=RULE),
        "problem": ParagraphStyle("problem", fontName=font, fontSize=9.5, leading=14, textColor=RED),
        "sign": ParagraphStyle("sign", fontName=font, fontSize=11, leading=26),
        "right": ParagraphStyle("right", fontName=font, fontSize=11, leading=18, alignment=TA_RIGHT),
    })
    return styles


def _seal_flowable(results, styles, why: str = "：以下结果仍可修改，定稿封存后再签字、公示") -> Paragraph:
    code = seal_code(results)
    if code:
        return Paragraph(f"封存码：<font size=15>{code}</font>", styles["seal"])
    return Paragraph(f"{NOT_SEALED}{why}", styles["warning"])


# --- 考核结果 -------------------------------------------------------------------------

def _results_tables(tier_members, sheet, width: float, styles) -> list[Table]:
    """One table for a tier, or two when its scheme has more items than one page width holds."""
    items = _item_columns(tier_members)
    fixed = RANK_W + NAME_W
    tail = TOTAL_W + GRADE_W + COUNT_W * len(GRADES)
    room = width - fixed - tail
    fits = max(1, int(room // MIN_ITEM_W))
    if len(items) <= fits:
        chunks = [items]
    else:  # two tables: the first half of the items, then the rest with the totals
        half = (len(items) + 1) // 2
        chunks = [items[:half], items[half:]]
    tables = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        free = width - fixed - (tail if last else 0)
        item_w = free / max(1, len(chunk))
        if len(chunks) == 1:  # a narrow scheme: a narrower table, centred, rather than vast columns
            item_w = min(MAX_ITEM_W, item_w)
        spare = free - item_w * len(chunk)
        widths = [RANK_W, NAME_W + min(spare, 16 * mm)] + [item_w] * len(chunk)
        if last:
            widths += [TOTAL_W, GRADE_W] + [COUNT_W] * len(GRADES)
        tables.append(_results_table(tier_members, sheet, chunk, widths, last, styles,
                                     part=(index + 1, len(chunks))))
    return tables


def _results_table(members, sheet, items, widths, with_totals: bool, styles, part) -> Table:
    head = [Paragraph("排名", styles["aheader"]), Paragraph("姓名", styles["aheader"])]
    head += [Paragraph(f"{escape(name)}<br/>（{_points(tenths)}分）", styles["aheader"]) for name, tenths in items]
    sub = [""] * len(head)
    spans = [("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1))]
    spans += [("SPAN", (c, 0), (c, 1)) for c in range(2, 2 + len(items))]
    if with_totals:
        first = len(head)
        head += [Paragraph("总分", styles["aheader"]), Paragraph("等次", styles["aheader"]),
                 Paragraph("民主测评（票）", styles["aheader"])] + [""] * (len(GRADES) - 1)
        sub += ["", ""] + [Paragraph(grade.replace("基本合格", "基本<br/>合格"), styles["aheader"])
                           for grade in GRADES]
        spans += [("SPAN", (first, 0), (first, 1)), ("SPAN", (first + 1, 0), (first + 1, 1)),
                  ("SPAN", (first + 2, 0), (first + 1 + len(GRADES), 0))]
    data = [head, sub]
    for member in members:
        by_name = {item.name: item for item in member.items}
        row = [Paragraph(str(member.rank) if member.rank else "—", styles["acenter"]),
               one_line(sheet.label(member), styles["acell"], widths[1])]
        for name, _tenths in items:
            item = by_name.get(name)
            row.append(Paragraph(_points(item.tenths) if item is not None else "", styles["acenter"]))
        if with_totals:
            grade = member.grade or "待定"
            row += [Paragraph(_points(member.total_tenths), styles["acenter"]),
                    one_line(grade, styles["acenter"], widths[len(row) + 1])]
            row += [Paragraph(str(member.ballots.get(grade_name, 0)), styles["acenter"]) for grade_name in GRADES]
        data.append(row)
    table = Table(data, colWidths=widths, repeatRows=2)
    style = table_style(len(data), header_rows=2)
    for command in spans:
        style.add(*command)
    style.add("TOPPADDING", (0, 0), (-1, -1), 2)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 2)
    style.add("LEFTPADDING", (0, 0), (-1, -1), 2)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), 2)
    table.setStyle(style)
    return table


def _sums_table(results, styles) -> list:
    sums = results.ballots
    pending = sums.mismatched + sums.single
    headers = ("发出", "收回", "未收回", "有效", "其中空白", "无效", "未核对")
    values = (_count(sums.issued), str(sums.returned), _count(sums.not_returned), str(sums.valid),
              str(sums.blank), str(sums.invalid), str(pending))
    data = [[Paragraph(h, styles["aheader"]) for h in headers], [Paragraph(v, styles["acenter"]) for v in values]]
    table = Table(data, colWidths=[18 * mm] * len(headers), hAlign="LEFT")
    table.setStyle(table_style(2))
    story = [table]
    if pending:
        story.append(Paragraph(f"未核对 {pending} 张：两次录入不一致 {sums.mismatched} 张，"
                               f"只录入一次 {sums.single} 张。", styles["plain"]))
    for problem in sums.problems:
        story.append(Paragraph(f"计票核对未通过：{escape(problem)}", styles["problem"]))
    return story


def _distribution_table(results, styles) -> Table:
    tiers = _tiers(results)
    headers = ["等次"] + [tier for tier, _ in tiers] + ["合计", "占比"]
    total = len(results.members)
    data = [[Paragraph(h, styles["aheader"]) for h in headers]]
    grades = list(GRADES) + ([""] if any(not m.grade for m in results.members) else [])
    for grade in grades:
        counts = [sum(1 for m in members if m.grade == grade) for _, members in tiers]
        overall = results.grade_counts.get(grade, sum(counts)) if grade else sum(counts)
        share = f"{overall * 100 / total:.1f}%" if total else "—"
        data.append([Paragraph(grade or "待定（尚未评完）", styles["acenter"])]
                    + [Paragraph(str(n), styles["acenter"]) for n in counts]
                    + [Paragraph(str(overall), styles["acenter"]), Paragraph(share, styles["acenter"])])
    data.append([Paragraph("合计", styles["acenter"])]
                + [Paragraph(str(len(members)), styles["acenter"]) for _, members in tiers]
                + [Paragraph(str(total), styles["acenter"]), Paragraph("", styles["acenter"])])
    widths = [27 * mm] + [19 * mm] * len(tiers) + [15 * mm, 15 * mm]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(table_style(len(data)))
    return table


def _thresholds(results) -> str:
    parts = [f"{grade} ≥ {_points(results.thresholds[grade])} 分" for grade in GRADES
             if grade in results.thresholds and results.thresholds[grade]]
    return "等次划分（百分制总分）：" + "，".join(parts) + "，其余为不合格" if parts else ""


def _signatures(width: float, styles) -> Table:
    """支部书记 and the two 计票人, each with a line to sign on and the date."""
    roles = ("支部书记（签字）", "计票人（签字）", "计票人（签字）")
    data = [[Paragraph(f"{role}：{'＿' * 8}", styles["sign"]) for role in roles],
            [Paragraph("日期：＿＿＿＿年＿＿月＿＿日", styles["sign"]) for _ in roles]]
    table = Table(data, colWidths=[width / len(roles)] * len(roles))
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.register()),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _results_story(sheet, width: float) -> list:
    results = sheet.results
    styles = _styles()
    present = (f"应到 {_count(results.expected)} 人，实到 {_count(results.present)} 人"
               if results.expected is not None or results.present is not None else "应到、实到人数未登记")
    story = [Paragraph(f"{escape(sheet.branch_name)}{results.year}年度党员民主评议考核结果", styles["h1"]),
             Paragraph(f"{escape(sheet.township)}{escape(results.village_name)}　年度：{results.year}年　"
                       f"评议日期：{_day(results.date)}　{present}　参评党员 {len(results.members)} 名",
                       styles["info"]),
             Spacer(1, 2 * mm), _seal_flowable(results, styles), Spacer(1, 2 * mm)]
    thresholds = _thresholds(results)
    if any(not member.complete or not member.grade for member in results.members):
        thresholds += ("；" if thresholds else "") + "“—”为尚未评分的项目，“待定”为尚有项目未评分、未定等次"
    if thresholds:
        story.append(Paragraph(escape(thresholds), styles["plain"]))
    numerals = "一二三四五六七八九十"
    section = 0
    for tier, members in _tiers(results):
        title = f"{numerals[section]}、{escape(tier)}（{len(members)} 名）"
        section += 1
        tables = _results_tables(members, sheet, width, styles)
        for index, table in enumerate(tables):
            heading = title if len(tables) == 1 else f"{title}　（表 {index + 1}/{len(tables)}）"
            story += [CondPageBreak(30 * mm), Paragraph(heading, styles["h2"]), table]
    # The sums, the distribution, the seal code and the signatures stay on one page: the one signed.
    sums = [Paragraph(f"{numerals[section]}、民主测评票统计（张）", styles["h2"])] + _sums_table(results, styles)
    distribution = [Paragraph(f"{numerals[section + 1]}、评议等次分布（名）", styles["h2"]),
                    _distribution_table(results, styles)]
    summary = Table([[sums, distribution]], colWidths=[width * 0.49, width * 0.51])
    summary.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.register()),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(KeepTogether([summary, Spacer(1, 5 * mm), _seal_flowable(results, styles), Spacer(1, 3 * mm),
                               _signatures(width, styles)]))
    return story


class _Doc(BaseDocTemplate):
    def __init__(self, target, sheet, page, title: str, footer: str, pages: int, job=None):
        super().__init__(target, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER, title=title, author=output.CREATOR,
                         creator=output.CREATOR, initialFontName=fonts.register(), pageCompression=1)
        self.sheet, self.page_size, self.footer, self.pages, self.job = sheet, page, footer, pages, job
        frame = Frame(MARGIN, MARGIN + FOOTER, page[0] - 2 * MARGIN, page[1] - 2 * MARGIN - FOOTER,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canvas, doc):
        width = self.page_size[0] - 2 * MARGIN
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, MARGIN + FOOTER - 3 * mm, MARGIN + width, MARGIN + FOOTER - 3 * mm)
        text.draw_line(canvas, self.footer, (MARGIN, MARGIN, width * 0.5, 5 * mm), 9)
        code = seal_code(self.sheet.results)
        canvas.setFillColor(RULE if code else RED)
        text.draw_line(canvas, seal_line(self.sheet.results), (MARGIN + width * 0.5, MARGIN, width * 0.3, 5 * mm),
                       9, "center")
        canvas.setFillColorRGB(0, 0, 0)
        total = f" 共 {self.pages} 页" if self.pages else ""
        text.draw_line(canvas, f"第 {doc.page} 页{total}", (MARGIN + width * 0.8, MARGIN, width * 0.2, 5 * mm),
                       9, "right")
        canvas.restoreState()

    def afterPage(self):
        if self.job is not None:
            self.job.step()


def _build(sheet, path, progress, page, title: str, footer: str, story) -> int:
    path = output.check_writable(path)
    trial = _Doc(io.BytesIO(), sheet, page, title, footer, 0)
    trial.build(story())
    pages = trial.page
    with output.Job(path, pages, progress) as job:
        doc = _Doc(str(path), sheet, page, title, footer, pages, job)
        try:
            doc.build(story(), canvasmaker=output.StreamingCanvas)
        except OSError as error:
            raise output.OutputError(f"无法写入文件（{error.strerror}）：{path}") from error
    return pages


def build_results(sheet, path: str | Path, progress=None) -> int:
    """Write the signed results sheet of ``sheet`` (``printrows.AppraisalSheet``); return the page count."""
    results = sheet.results
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    return _build(sheet, path, progress, page, f"{results.village_name}{results.year}年度党员民主评议考核结果",
                  f"{sheet.branch_name}　{results.year}年度党员民主评议考核结果",
                  lambda: _results_story(sheet, width))


# --- 公示 -----------------------------------------------------------------------------

def _notice_widths(width: float) -> tuple[list[float], float]:
    gutter = 4 * mm
    group = (width - gutter) / 2
    return [group * 0.14, group * 0.36, group * 0.27, group * 0.23], gutter


def _notice_table(sheet, members: list, first: int, width: float, styles) -> Table:
    """序号, 姓名, 类别, 评议等次 of ``members`` (numbered from ``first`` + 1): down the left half, then the right."""
    widths, gutter = _notice_widths(width)
    half = (len(members) + 1) // 2
    head = ["序号", "姓名", "类别", "评议等次"]
    data = [[Paragraph(h, styles["header"]) for h in head] + [""] + [Paragraph(h, styles["header"]) for h in head]]
    for row in range(half):
        cells = []
        for column, index in enumerate((row, row + half)):
            if index < len(members):
                member = members[index]
                cells += [Paragraph(str(first + index + 1), styles["center"]),
                          one_line(sheet.label(member), styles["center"], widths[1]),
                          one_line(member.tier, styles["center"], widths[2]),
                          one_line(member.grade or "待定", styles["center"], widths[3])]
            else:
                cells += [""] * 4
            if column == 0:
                cells.append("")
        data.append(cells)
    table = Table(data, colWidths=widths + [gutter] + widths)
    table.setStyle(_halves_style(len(data), len(members) - half))
    return table


def _notice_tables(sheet, width: float, frame_height: float, above: float, styles) -> list:
    """The members two up, a table per page, so that each page reads down its left half, then its right.

    Every row has the same height (cells never wrap), so the rows a page
    holds follow from one measured row; the first page has the text above.
    """
    members = list(sheet.results.members)
    sample = _notice_table(sheet, members[:2], 0, width, styles)
    sample.wrap(width, frame_height)
    header, row = sample._rowHeights[0], sample._rowHeights[1]
    # One row to spare: the table must never be split by the page (that would break the reading order).
    first_rows = max(1, int((frame_height - above - header) // row) - 1)
    next_rows = max(1, int((frame_height - header) // row) - 1)
    story, start, rows = [], 0, first_rows
    while start < len(members) or not story:
        chunk = members[start:start + 2 * rows]
        if story:
            story.append(PageBreak())
        story.append(_notice_table(sheet, chunk, start, width, styles))
        start += len(chunk)
        rows = next_rows
    return story


def _halves_style(rows: int, right_rows: int) -> TableStyle:
    """The house table style drawn on each half of a two-up table; the gutter column stays paper."""
    commands = [("FONTNAME", (0, 0), (-1, -1), fonts.register()), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for first, last, filled in ((0, 3, rows - 1), (5, 8, right_rows)):
        if filled <= 0:
            continue
        bottom = filled  # the last row with a member on this half
        commands += [("BACKGROUND", (first, 0), (last, 0), HEADER_FILL),
                     ("LINEBELOW", (first, 0), (last, 0), 1.0, RULE),
                     ("BOX", (first, 0), (last, bottom), 0.9, RULE),
                     ("INNERGRID", (first, 0), (last, bottom), 0.3, GRID_LINE)]
        commands += [("BACKGROUND", (first, row), (last, row), ZEBRA) for row in range(2, bottom + 1, 2)]
    return TableStyle(commands)


def _height(flowables, width: float, frame_height: float) -> float:
    """The height ``flowables`` take in a frame, with the space around each."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, frame_height)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _notice_story(sheet, posted: datetime.date, width: float, frame_height: float) -> list:
    results = sheet.results
    styles = _styles()
    styles.update({"center": ParagraphStyle("ncenter", parent=styles["center"], fontSize=10, leading=12.5)})
    counts = "、".join(f"{grade} {results.grade_counts.get(grade, 0)} 名" for grade in GRADES)
    pending = sum(1 for m in results.members if not m.grade)
    if pending:
        counts += f"、待定 {pending} 名"
    end = posted + datetime.timedelta(days=NOTICE_DAYS - 1)
    held = f"于{_day(results.date)}" if results.date else ""
    story = [Paragraph(f"{escape(sheet.branch_name)}党员民主评议结果公示", styles["h1"])]
    if not seal_code(results):
        story += [Paragraph(f"{NOT_SEALED}：本公示仅供核对，结果定稿封存后方可张贴", styles["warning"]),
                  Spacer(1, 3 * mm)]
    story += [
        Paragraph(f"根据{results.year}年度党员民主评议工作安排，{escape(sheet.branch_name)}{held}召开党员大会，"
                  "对全体党员进行了民主评议。经党员和群众代表民主测评、支部综合评定，现将评议结果公示如下：",
                  styles["body"]),
        Paragraph(f"参加评议党员 {len(results.members)} 名，其中{counts}。", styles["body"]),
        Spacer(1, 3 * mm)]
    story += _notice_tables(sheet, width, frame_height, _height(story, width, frame_height), styles)
    story += [Spacer(1, 4 * mm), KeepTogether([
        Paragraph(f"公示期：{_day(posted)}至{_day(end)}（{NOTICE_DAYS}天）。公示期间如有异议，"
                  "请以书面、电话或当面方式向村党支部反映。", styles["body"]),
        Paragraph(f"监督电话：{escape(sheet.supervision_phone) or '＿＿＿＿＿＿＿＿'}", styles["body"]),
        Spacer(1, 2 * mm),
        _closing(results, sheet, posted, width, styles)])]
    return story


def _closing(results, sheet, posted: datetime.date, width: float, styles) -> Table:
    """The seal code on the left, the branch and the date on the right, kept on one page."""
    seal = _seal_flowable(results, styles, "")
    signed = [Paragraph(escape(sheet.branch_name), styles["right"]), Paragraph(_day(posted), styles["right"])]
    table = Table([[seal, signed]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.register()),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def build_notice(sheet, path: str | Path, progress=None, *, posted: datetime.date | None = None) -> int:
    """Write the 党员民主评议结果公示 of ``sheet``; return the page count."""
    posted = posted or datetime.date.today()
    results = sheet.results
    page = A4
    width = page[0] - 2 * MARGIN
    footer = f"{sheet.branch_name}　监督电话：{sheet.supervision_phone or '—'}　公示日期：{posted:%Y年%m月%d日}"
    return _build(sheet, path, progress, page, f"{results.village_name}{results.year}年度党员民主评议结果公示",
                  footer, lambda: _notice_story(sheet, posted, width, page[1] - 2 * MARGIN - FOOTER))

"""主题党日汇报材料: the month's linking work of a village, for the monthly meeting (一会).

A4 portrait, in the house table style (``reports.styles``): a summary line,
then 一、党员联户情况 (per member: linked, visited, visits, requests raised,
solved, pending), 二、本月未走访农户 (and the 结对帮扶 households their helper
did not visit), 三、逾期未办结诉求, 四、提请研究的问题
(requests reported to the branch and still open) and 五、本月会议研究的问题
with who follows up. The footer carries the branch, the month and
"第 n 页 共 m 页" (laid out twice: once to count the pages).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table

from lianhu_desktop.reports import fonts, output, text
from lianhu_desktop.reports.styles import RULE, escape, handbook_styles, one_line, table_style

PAGE = A4
MARGIN = 15 * mm
FOOTER = 10 * mm
WIDTH = PAGE[0] - 2 * MARGIN


def _day(value: datetime.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


def _table(headers, rows, widths, styles, *, centered=()) -> Table:
    widths = list(widths)
    free = [i for i, w in enumerate(widths) if w is None]
    if free:
        share = (WIDTH - sum(w for w in widths if w)) / len(free)
        for i in free:
            widths[i] = share
    data = [[Paragraph(h, styles["header"]) for h in headers]]
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if i in centered:
                cells.append(one_line(value, styles["center"], widths[i]))
            else:
                cells.append(Paragraph(escape(value), styles["cell"]))
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(len(data)))
    return table


def _none(styles, what: str) -> Paragraph:
    return Paragraph(f"（{what}）", styles["plain"])


def _story(report) -> list:
    styles = handbook_styles()
    month = f"{report.month.year}年{report.month.month}月"
    rate = f"{report.visited * 100 // report.households}%" if report.households else "—"
    story = [Paragraph(f"{escape(report.branch_name)}{month}主题党日联户工作汇报", styles["h1"]),
             Paragraph(f"{escape(report.township)}{escape(report.village_name)}　统计至{_day(report.as_of)}",
                       styles["subtitle"]), Spacer(1, 3 * mm),
             Paragraph(f"本月联户党员 {sum(1 for m in report.members if m.linked)} 名，"
                       f"联系农户 {report.households} 户，"
                       f"已走访 {report.visited} 户（{rate}），未走访 {len(report.not_visited)} 户；"
                       f"本月群众反映诉求 {sum(m.raised for m in report.members)} 件，"
                       f"已办结 {sum(m.solved for m in report.members)} 件；"
                       f"逾期未办结 {len(report.overdue)} 件，提请研究 {len(report.to_study)} 件。"
                       + (f"结对帮扶 {report.pairings} 户，帮扶党员本月已走访 {report.pairings_visited} 户。"
                          if report.pairings else ""), styles["body"])]

    story.append(Paragraph("一、党员联户情况", styles["h2"]))
    rows = [(str(n), m.name, m.party_group, str(m.linked), str(m.visited), str(m.linked - m.visited),
             str(m.visits), str(m.raised), str(m.solved), str(m.pending))
            for n, m in enumerate(report.members, 1)]
    story.append(_table(("序号", "党员", "党小组", "联系户数", "已走访", "未走访", "走访次数", "反映诉求", "已办结",
                         "未办结"),
                        rows, (10 * mm, 20 * mm, None) + (16 * mm,) * 7,
                        styles, centered=set(range(10)) - {2}) if rows else _none(styles, "本村没有在册党员"))

    story.append(Paragraph("二、本月未走访农户", styles["h2"]))
    rows = [(str(n), line.member, line.household, line.grid, _day(line.last_visit))
            for n, line in enumerate(report.not_visited, 1)]
    story.append(_table(("序号", "联户党员", "农户", "网格", "上次走访"), rows,
                        (10 * mm, 24 * mm, None, 24 * mm, 32 * mm), styles, centered={0, 1, 3, 4})
                 if rows else _none(styles, "本月联系农户均已走访"))
    if report.pairings_not_visited:
        story.append(Paragraph("结对帮扶户本月未由帮扶党员走访：", styles["plain"]))
        rows = [(str(n), line.member, line.household, line.grid, _day(line.last_visit))
                for n, line in enumerate(report.pairings_not_visited, 1)]
        story.append(_table(("序号", "帮扶党员", "农户", "网格", "上次走访"), rows,
                            (10 * mm, 24 * mm, None, 24 * mm, 32 * mm), styles, centered={0, 1, 3, 4}))

    for title, lines, empty in (("三、逾期未办结诉求", report.overdue, "没有逾期未办结的诉求"),
                                ("四、提请研究的问题", report.to_study, "没有待支部研究的诉求")):
        story.append(Paragraph(title, styles["h2"]))
        rows = [(str(n), line.household, line.member, line.content, line.handling, _day(line.deadline),
                 line.status) for n, line in enumerate(lines, 1)]
        story.append(_table(("序号", "农户", "联户党员", "诉求内容", "办理方式", "办理时限", "状态"), rows,
                            (10 * mm, 28 * mm, 18 * mm, None, 18 * mm, 29 * mm, 15 * mm), styles,
                            centered={0, 2, 4, 5, 6}) if rows else _none(styles, empty))

    story.append(Paragraph("五、本月会议研究的问题", styles["h2"]))
    rows = [(str(n), _day(p.date), p.kind, p.content, p.follow_up or "支部")
            for n, p in enumerate(report.studied, 1)]
    story.append(_table(("序号", "日期", "会议", "问题", "落实人"), rows,
                        (10 * mm, 28 * mm, 20 * mm, None, 20 * mm), styles, centered={0, 1, 2, 4})
                 if rows else _none(styles, "本月会议尚未登记研究的问题"))
    story.append(Spacer(1, 8 * mm))
    story.append(KeepTogether([Paragraph("汇报人：＿＿＿＿＿＿＿＿　　　　记录人：＿＿＿＿＿＿＿＿　　　　"
                                         "日期：＿＿＿＿年＿＿月＿＿日", styles["plain"])]))
    return story


class _Doc(BaseDocTemplate):
    def __init__(self, target, report, pages: int, job=None):
        super().__init__(target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER,
                         title=f"{report.village_name}{report.month.year}年{report.month.month}月主题党日联户工作汇报",
                         author=output.CREATOR, creator=output.CREATOR, initialFontName=fonts.register(),
                         pageCompression=1)
        self.report, self.pages, self.job = report, pages, job
        frame = Frame(MARGIN, MARGIN + FOOTER, WIDTH, PAGE[1] - 2 * MARGIN - FOOTER,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canvas, doc):
        report = self.report
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, MARGIN + FOOTER - 3 * mm, PAGE[0] - MARGIN, MARGIN + FOOTER - 3 * mm)
        text.draw_line(canvas, f"{report.branch_name}　{report.month.year}年{report.month.month}月主题党日",
                       (MARGIN, MARGIN, WIDTH * 0.7, 5 * mm), 9)
        total = f" 共 {self.pages} 页" if self.pages else ""
        text.draw_line(canvas, f"第 {doc.page} 页{total}", (MARGIN + WIDTH * 0.7, MARGIN, WIDTH * 0.3, 5 * mm),
                       9, "right")
        canvas.restoreState()

    def afterPage(self):
        if self.job is not None:
            self.job.step()


def build(report, path: str | Path, progress=None) -> int:
    """Write the month's report (``domain.monthly.MonthlyReport``); return the page count."""
    path = output.check_writable(path)
    trial = _Doc(io.BytesIO(), report, 0)
    trial.build(_story(report))
    pages = trial.page
    with output.Job(path, pages, progress) as job:
        doc = _Doc(str(path), report, pages, job)
        try:
            doc.build(_story(report), canvasmaker=output.StreamingCanvas)
        except OSError as error:
            raise output.OutputError(f"无法写入文件（{error.strerror}）：{path}") from error
    return pages

"""承诺公示: the members' public commitments for the year, posted for all villagers.

A4 landscape, in the house table style shared with the 党员联户公示表
(``reports.styles``): 序号, 党员, 党小组, 承诺内容, 完成时限, 质量标准, 进展情况.
The footer carries the branch, the supervision phone, the date posted and
"第 n 页 共 m 页" (laid out twice: once to count the pages).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from lianhu_desktop.reports import fonts, output, text
from lianhu_desktop.reports.styles import RULE, escape, one_line, paragraph_styles, table_style

PAGE = landscape(A4)
MARGIN = 15 * mm
FOOTER = 10 * mm
COLUMNS = ("序号", "党员", "党小组", "承诺内容", "完成时限", "质量标准", "进展情况")
WIDTHS = (12 * mm, 27 * mm, 30 * mm, None, 30 * mm, 44 * mm, 20 * mm)


def _story(notice, posted: datetime.date) -> list:
    styles = paragraph_styles(10)
    widths = list(WIDTHS)
    widths[3] = PAGE[0] - 2 * MARGIN - sum(w for w in widths if w)
    data = [[Paragraph(name, styles["header"]) for name in COLUMNS]]
    # The member and their group on every row: a page break can fall between
    # a member's commitments, and a blank cell would then name nobody.
    for number, row in enumerate(notice.rows, 1):
        data.append([Paragraph(str(number), styles["center"]),
                     one_line(row.member_name, styles["center"], widths[1]),
                     Paragraph(escape(row.party_group), styles["cell"]),
                     Paragraph(escape(row.content), styles["cell"]),
                     one_line(row.deadline or "—", styles["center"], widths[4]),
                     Paragraph(escape(row.quality_standard) or "—", styles["cell"]),
                     one_line(row.status, styles["center"], widths[6])])
    if not notice.rows:
        data.append([Paragraph("", styles["cell"]), Paragraph("", styles["cell"]), Paragraph("", styles["cell"]),
                     Paragraph("（本年度尚未登记承诺）", styles["cell"])] + [Paragraph("", styles["cell"])] * 3)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(len(data)))
    members = len({row.member_name for row in notice.rows})
    subtitle = (f"{notice.year}年　{escape(notice.township)}{escape(notice.village_name)}　"
                f"党员{members}名　承诺{len(notice.rows)}项")
    return [Paragraph(f"{escape(notice.branch_name)}党员公开承诺公示", styles["title"]), Spacer(1, 2 * mm),
            Paragraph(subtitle, styles["subtitle"]), Spacer(1, 4 * mm), table]


class _Doc(BaseDocTemplate):
    def __init__(self, target, notice, posted, pages: int, job=None):
        super().__init__(target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER, title=f"{notice.village_name}党员公开承诺公示",
                         author=output.CREATOR, creator=output.CREATOR, initialFontName=fonts.register(),
                         pageCompression=1)
        self.notice, self.posted, self.pages, self.job = notice, posted, pages, job
        frame = Frame(MARGIN, MARGIN + FOOTER, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - FOOTER,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canvas, doc):
        notice = self.notice
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, MARGIN + FOOTER - 3 * mm, PAGE[0] - MARGIN, MARGIN + FOOTER - 3 * mm)
        width = PAGE[0] - 2 * MARGIN
        left = (f"{notice.branch_name}　监督电话：{notice.supervision_phone or '—'}"
                f"　公示日期：{self.posted:%Y年%m月%d日}")
        text.draw_line(canvas, left, (MARGIN, MARGIN, width * 0.75, 5 * mm), 9)
        total = f" 共 {self.pages} 页" if self.pages else ""
        text.draw_line(canvas, f"第 {doc.page} 页{total}", (MARGIN + width * 0.75, MARGIN, width * 0.25, 5 * mm),
                       9, "right")
        canvas.restoreState()

    def afterPage(self):
        if self.job is not None:
            self.job.step()


def build_commitments(notice, path: str | Path, progress=None, *, posted: datetime.date | None = None) -> int:
    """Write the 承诺公示 ``notice`` (``printrows.CommitmentNotice``); return the page count."""
    posted = posted or datetime.date.today()
    path = output.check_writable(path)
    trial = _Doc(io.BytesIO(), notice, posted, 0)
    trial.build(_story(notice, posted))
    pages = trial.page
    with output.Job(path, pages, progress) as job:
        doc = _Doc(str(path), notice, posted, pages, job)
        try:
            doc.build(_story(notice, posted), canvasmaker=output.StreamingCanvas)
        except OSError as error:
            raise output.OutputError(f"无法写入文件（{error.strerror}）：{path}") from error
    return pages

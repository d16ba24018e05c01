"""党员联户公示表: the A4 table posted for the villagers to see who links whom.

Columns: 序号, 党小组, 党员, 联系电话, 联系农户（户主（门牌））, 户数. The header
row repeats on every page; the footer carries the branch, the supervision
phone and "第 n 页 共 m 页" (the document is laid out twice: once to count
the pages, once to write them — it is a few pages, so this is cheap).

``table_style()`` and ``paragraph_styles()`` are the house style for tabular
printouts; other tables may share them.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText

from lianhu_desktop.domain.coverage import percent
from lianhu_desktop.domain.linkboard import VillageHeading, link_notice
from lianhu_desktop.reports import fonts, output, text

PAGE = A4
MARGIN = 15 * mm
FOOTER = 10 * mm
HEADER_FILL = colors.HexColor("#F6E7E7")
RULE = colors.HexColor("#7A1F1F")
GRID_LINE = colors.HexColor("#8C8C8C")
ZEBRA = colors.HexColor("#FAF7F2")
COLUMNS = ("序号", "党小组", "党员", "联系电话", "联系农户（户主（门牌））", "户数")
WIDTHS = (10 * mm, 22 * mm, 23 * mm, 26 * mm, None, 12 * mm)


def paragraph_styles(size: float = 9.5) -> dict[str, ParagraphStyle]:
    """Paragraph styles of the house table style: title, subtitle, cell, centred cell, header."""
    font = fonts.register()
    cell = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.35, wordWrap="CJK")
    return {
        "list": ParagraphStyle("list", parent=cell, wordWrap=None),
        "title": ParagraphStyle("title", fontName=font, fontSize=20, leading=26, alignment=TA_CENTER,
                                textColor=RULE),
        "subtitle": ParagraphStyle("subtitle", parent=cell, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "cell": cell,
        "center": ParagraphStyle("center", parent=cell, alignment=TA_CENTER),
        "header": ParagraphStyle("header", parent=cell, alignment=TA_CENTER, fontSize=size + 0.5),
    }


_MARKUP = frozenset("<>&")
# Per style (kept alive with it, so its id is not reused): a fragment as the markup
# parser makes it for plain text, and the styles one_line fitted from it.
_plain: dict[int, tuple[ParagraphStyle, object]] = {}
_fitted: dict[tuple[int, float], tuple[ParagraphStyle, ParagraphStyle]] = {}


def paragraph(value, style: ParagraphStyle) -> Paragraph:
    """``Paragraph`` of ``value`` as plain text (escaped, rare characters in their fallback font).

    Plain text in the main font (names, doors, phones: nearly every cell)
    skips the markup parser (Python's HTML parser, the larger part of making
    a Paragraph): it gets the one fragment the parser would make of it.
    """
    plain = str(value if value is not None else "")
    if _MARKUP.isdisjoint(plain) and fonts.covered(plain):
        known = _plain.get(id(style))
        if known is None:
            if len(_plain) > 256:
                _plain.clear()
            known = _plain[id(style)] = (style, Paragraph("x", style).frags[0])
        text = cleanBlockQuotedText(plain)
        if text:
            fragment = known[1].clone(text=text, link=[], us_lines=[])
            return Paragraph(text, style, frags=[fragment])
    return Paragraph(fonts.markup(plain), style)


def _fit_style(style: ParagraphStyle, size: float) -> ParagraphStyle:
    key = (id(style), size)
    known = _fitted.get(key)
    if known is None:
        if len(_fitted) > 1024:
            _fitted.clear()
        fitted = ParagraphStyle(f"{style.name}-1", parent=style, fontSize=size,
                                leading=min(style.leading, size * 1.35) if size < style.fontSize else style.leading,
                                wordWrap=None)
        known = _fitted[key] = (style, fitted)
    return known[1]


def one_line(value, style: ParagraphStyle, width: float, min_size: float = 0.0,
             padding: float = 8.0) -> Paragraph:
    """A cell that never breaks: a name, a date, a phone shrinks to fit ``width`` instead.

    Only when it would have to shrink below ``min_size`` (a very long door
    number) does it wrap, by the CJK rules of ``style``.
    """
    plain = str(value if value is not None else "")
    room = width - padding
    size = style.fontSize
    needed = fonts.string_width(plain, size)
    if needed > room:
        size = max(int(size * room / needed * 10) / 10, 1.0)
        if size < min_size:
            return paragraph(plain, style)
    return paragraph(plain.replace(" ", "\u00a0"), _fit_style(style, size))


def table_style(rows: int, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """The house style of a table: tinted header with a strong rule, thin grid, light zebra rows."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 1.0, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID_LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if zebra:
        commands += [("BACKGROUND", (0, row), (-1, row), ZEBRA)
                     for row in range(header_rows + 1, rows, 2)]
    return TableStyle(commands)


def _escape(value: str) -> str:
    return fonts.markup(value or "")


def _story(village: VillageHeading, rows: list[dict], today: datetime.date, households: int, linked: int):
    styles = paragraph_styles()
    width = PAGE[0] - 2 * MARGIN
    widths = list(WIDTHS)
    widths[4] = width - sum(w for w in widths if w)
    data = [[Paragraph(name, styles["header"]) for name in COLUMNS]]
    total = 0
    for number, row in enumerate(rows, 1):
        count = len(row["households"])
        total += count
        if row["households"]:
            # A plain space after each 、 lets lines break between households only,
            # never inside 户主（门牌）.
            linked_text = "、 ".join(_escape(label) for label in row["households"])
        elif row["exempt"]:
            linked_text = "（免于联户）"
        else:
            linked_text = "（暂未联户）"
        name = one_line(row["name"], styles["center"], widths[2])
        if row["residence"] == "外出":
            name = [name, Paragraph("<font size=7>（外出）</font>", styles["center"])]
        data.append([Paragraph(str(number), styles["center"]), Paragraph(_escape(row["party_group"]), styles["cell"]),
                     name, one_line(row["phone"], styles["center"], widths[3]),
                     Paragraph(linked_text, styles["list"]), Paragraph(str(count) if count else "—", styles["center"])])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(len(data)))
    title = f"{_escape(village.branch_name or village.name)}党员联户公示表"
    subtitle = (f"{today.year}年　{_escape(village.township)}{_escape(village.name)}　党员{len(rows)}名　"
                f"联系农户{total}户　全村农户{households}户　覆盖率{percent(linked, households):.1f}%")
    return [Paragraph(title, styles["title"]), Spacer(1, 2 * mm), Paragraph(subtitle, styles["subtitle"]),
            Spacer(1, 4 * mm), table]


class _Doc(BaseDocTemplate):
    def __init__(self, target, village: VillageHeading, today: datetime.date, pages: int, job=None):
        super().__init__(target, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER, title=f"{village.name}党员联户公示表",
                         author=output.CREATOR, creator=output.CREATOR, initialFontName=fonts.register(),
                         pageCompression=1)
        self.village, self.today, self.pages, self.job = village, today, pages, job
        frame = Frame(MARGIN, MARGIN + FOOTER, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN - FOOTER,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canvas, doc):
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, MARGIN + FOOTER - 3 * mm, PAGE[0] - MARGIN, MARGIN + FOOTER - 3 * mm)
        village = self.village
        width = PAGE[0] - 2 * MARGIN
        left = (f"{village.branch_name or village.name}　监督电话：{village.supervision_phone or '—'}"
                f"　公示日期：{self.today:%Y年%m月%d日}")
        text.draw_line(canvas, left, (MARGIN, MARGIN, width * 0.78, 5 * mm), 9)
        total = f" 共 {self.pages} 页" if self.pages else ""
        text.draw_line(canvas, f"第 {doc.page} 页{total}", (MARGIN + width * 0.78, MARGIN, width * 0.22, 5 * mm),
                       9, "right")
        canvas.restoreState()

    def afterPage(self):
        if self.job is not None:
            self.job.step()


def build(path: str | Path, village_id: int, progress=None, *, today: datetime.date | None = None) -> int:
    """Write the 党员联户公示表 of a village to ``path``; return the number of pages."""
    notice = link_notice(village_id)
    today = today or datetime.date.today()
    path = output.check_writable(path)
    village, rows, households, linked = notice.village, notice.members, notice.households, notice.linked
    trial = _Doc(io.BytesIO(), village, today, 0)
    trial.build(_story(village, rows, today, households, linked))
    pages = trial.page
    with output.Job(path, pages, progress) as job:
        doc = _Doc(str(path), village, today, pages, job)
        try:
            doc.build(_story(village, rows, today, households, linked), canvasmaker=output.StreamingCanvas)
        except OSError as error:
            raise output.OutputError(f"无法写入文件（{error.strerror}）：{path}") from error
    return pages

"""The contact handbook (联系手册): the village directory, A5 or A4, or an A5 booklet.

Pages: cover; contents; each grid's households with their linked member and
the member's phone; the members with their phones and households; a page of
useful numbers. The pages are planned first (``plan``: plain data, so the
contents know every page number) and then drawn, each by a function called
at its position on the sheet. That is what makes the booklet possible: in
the ``booklet`` layout, A5 pages are imposed two-up on A4 landscape in
saddle-stitch order (padded with blank pages to a multiple of four), to be
printed on both sides (flip on the short edge), folded and stapled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from lianhu_desktop.reports import layouts, output, text
from lianhu_desktop.reports.styles import RED, RULE

LAYOUTS = layouts.CONTACTBOOK
DEFAULT_LAYOUT = layouts.CONTACTBOOK_DEFAULT
HEADER_FILL = HexColor("#F6E7E7")
ZEBRA = HexColor("#FAF7F2")
GRID_LINE = HexColor("#8C8C8C")
INK = HexColor("#222222")

TITLE_H = 26.0
FOOTER_H = 16.0
HEAD_ROW = 18.0
SECTION_ROW = 22.0


@dataclass
class Page:
    kind: str  # cover, contents, table, numbers, blank
    title: str = ""
    rows: list = field(default_factory=list)  # ("section", text) / ("header",) / ("row", cells, height)
    columns: tuple = ()
    wrap_columns: tuple = ()
    word_columns: tuple = ()


@dataclass
class Table:
    title: str
    columns: tuple  # (name, width fraction, max size)
    groups: list  # [(heading or "", [cells, ...])]
    wrap_columns: tuple = ()  # columns whose text may take several lines
    word_columns: tuple = ()  # of those, lists that break only between items (names stay whole)


BASE_ROW = 17.0


def _row_height(cells, table: Table, width: float) -> float:
    height = BASE_ROW
    for column in table.wrap_columns:
        _, frac, size = table.columns[column]
        lines = len(text.wrap(cells[column], frac * width - 6, size, column in table.word_columns))
        height = max(height, min(lines, 4) * size * 1.3 + 6)
    return height


def _paginate(table: Table, width: float, body: float) -> list[Page]:
    pages: list[Page] = []
    page, used = None, 0.0

    def new_page(continued_heading: str | None):
        nonlocal page, used
        page = Page("table", table.title, [], table.columns, table.wrap_columns, table.word_columns)
        pages.append(page)
        used = 0.0
        if continued_heading is not None:
            if continued_heading:
                page.rows.append(("section", f"{continued_heading}（续）"))
                used += SECTION_ROW
            page.rows.append(("header",))
            used += HEAD_ROW

    new_page(None)
    for heading, rows in table.groups:
        first = _row_height(rows[0], table, width) if rows else 0
        if used + (SECTION_ROW if heading else 0) + HEAD_ROW + first > body and page.rows:
            new_page(None)
        if heading:
            page.rows.append(("section", heading))
            used += SECTION_ROW
        page.rows.append(("header",))
        used += HEAD_ROW
        for cells in rows:
            height = _row_height(cells, table, width)
            if used + height > body:
                new_page(heading)
            page.rows.append(("row", cells, height))
            used += height
    return pages


def plan(book, page_size) -> tuple[list[Page], list[tuple[str, int, int]]]:
    """All pages in reading order, and the contents entries (title, level, page number)."""
    width = page_size[0] - 2 * _margin(page_size)
    body = page_size[1] - 2 * _margin(page_size) - TITLE_H - FOOTER_H
    sections = []
    grid_table = Table("一、各网格联户名录", (("门牌", 0.24, 9.0), ("户主", 0.22, 9.5), ("联户党员", 0.22, 9.5),
                                             ("联系电话", 0.32, 9.5)),
                       [(f"{name}　共 {len(lines)} 户", [(d.door_number, d.head_name, d.member_name or "（暂未联户）",
                                                         d.member_phone) for d in lines])
                        for name, lines in book.grids], wrap_columns=(0,))
    member_table = Table("二、党员联系方式", (("党员", 0.17, 9.5), ("联系电话", 0.26, 9.5), ("党小组/岗位", 0.22, 8.5),
                                          ("联系农户", 0.35, 8.5)),
                         [("", [(m.name, m.phone, "／".join(x for x in (m.party_group, m.post) if x),
                                 (m.households or "—").replace("、", "、 ")) for m in book.members])],
                         wrap_columns=(2, 3), word_columns=(3,))
    pages = [Page("cover"), Page("contents")]
    contents = []
    for table in (grid_table, member_table):
        start = len(pages) + 1
        contents.append((table.title, 0, start))
        table_pages = _paginate(table, width, body)
        if table is grid_table:
            for heading, _ in table.groups:
                number = next(start + i for i, p in enumerate(table_pages)
                              if ("section", heading) in p.rows)
                contents.append((heading, 1, number))
        pages += table_pages
        sections.append(table)
    contents.append(("三、常用电话", 0, len(pages) + 1))
    pages.append(Page("numbers", "三、常用电话", list(book.useful_numbers)))
    return pages, contents


def booklet_order(count: int) -> list[tuple[int, int]]:
    """Page pairs (left, right), 1-based, sheet side by side, for a saddle-stitched booklet.

    ``count`` must be a multiple of four. Sides alternate front/back: print
    double-sided, flip on the short edge, fold the stack in half.
    """
    assert count % 4 == 0
    return [(count - i, i + 1) if i % 2 == 0 else (i + 1, count - i) for i in range(count // 2)]


def _margin(page_size) -> float:
    return 12 * mm if page_size[0] < 500 else 18 * mm


class _Drawer:
    def __init__(self, canvas, book, page_size, contents, total):
        self.c, self.book, self.size, self.contents, self.total = canvas, book, page_size, contents, total
        self.m = _margin(page_size)

    def page(self, page: Page, number: int) -> None:
        getattr(self, "_" + page.kind)(page)
        if page.kind not in ("cover", "blank"):
            self._footer(number)

    def _cover(self, page):
        c, (w, h), b = self.c, self.size, self.book
        c.setFillColor(RED)
        inset = 8 * mm  # inside the printable area of any printer
        c.rect(inset, h * 0.58, w - 2 * inset, h * 0.42 - inset, stroke=0, fill=1)
        c.setFillColor(white)
        text.draw_line(c, b.township + b.village_name if b.township else b.village_name,
                       (self.m, h * 0.80, w - 2 * self.m, 28), 20, "center")
        text.draw_line(c, "联系手册", (self.m, h * 0.68, w - 2 * self.m, 48), 40, "center")
        text.draw_line(c, "党员联户　便民服务", (self.m, h * 0.61, w - 2 * self.m, 20), 14, "center")
        c.setFillColor(INK)
        lines = [b.branch_name, f"监督电话：{b.supervision_phone}" if b.supervision_phone else "", f"{b.year}年"]
        y = h * 0.30
        for line in lines:
            text.draw_line(c, line, (self.m, y, w - 2 * self.m, 20), 13, "center")
            y -= 26

    def _title(self, title):
        w, h = self.size
        self.c.setFillColor(RULE)
        text.draw_line(self.c, title, (self.m, h - self.m - TITLE_H + 4, w - 2 * self.m, TITLE_H - 6), 15, "center")

    def _contents(self, page):
        c, (w, h) = self.c, self.size
        self._title("目　录")
        y = h - self.m - TITLE_H - 6
        step = min(22.0, (h - 2 * self.m - TITLE_H - FOOTER_H) / max(1, len(self.contents)))
        for title, level, number in self.contents:
            y -= step
            indent = 14 * level
            size = (12 if level == 0 else 10.5) * min(1.0, step / 22)
            c.setFillColor(RULE if level == 0 else INK)
            line = text.draw_line(c, title, (self.m + indent, y, w * 0.6 - indent, step - 4), size)
            text.draw_line(c, str(number), (w - self.m - 40, y, 40, step - 4), size, "right")
            start = self.m + indent + text.unit_width(title) * line.size + 6
            c.setDash(1, 2)
            c.setStrokeColor(GRID_LINE)
            c.line(start, y + 4, w - self.m - 24, y + 4)
            c.setDash()

    def _table(self, page):
        c, (w, h) = self.c, self.size
        self._title(page.title)
        width = w - 2 * self.m
        y = h - self.m - TITLE_H
        xs = [self.m]
        for _, frac, _ in page.columns:
            xs.append(xs[-1] + frac * width)
        body = 0
        for entry in page.rows:
            kind = entry[0]
            if kind == "section":
                y -= SECTION_ROW
                c.setFillColor(RULE)
                text.draw_line(c, entry[1], (self.m, y + 3, width, SECTION_ROW - 6), 11.5)
                continue
            height = HEAD_ROW if kind == "header" else entry[2]
            y -= height
            fill = HEADER_FILL if kind == "header" else (ZEBRA if body % 2 else None)
            if fill is not None:
                c.setFillColor(fill)
                c.rect(self.m, y, width, height, stroke=0, fill=1)
            c.setStrokeColor(GRID_LINE)
            c.setLineWidth(0.3)
            c.rect(self.m, y, width, height)
            for x in xs[1:-1]:
                c.line(x, y, x, y + height)
            c.setFillColor(INK)
            cells = [name for name, _, _ in page.columns] if kind == "header" else entry[1]
            for i, value in enumerate(cells):
                box = (xs[i] + 3, y + 2, xs[i + 1] - xs[i] - 6, height - 4)
                size = page.columns[i][2]
                if kind == "header":
                    text.draw_line(c, value, box, 9.5, "center")
                elif i in page.wrap_columns:
                    text.draw_block(c, value, box, size, 6.5, leading=1.3, valign="middle",
                                    words=i in page.word_columns)
                else:  # names and phones: shrink, never break
                    text.draw_line(c, value, box, size)
            if kind == "row":
                body += 1

    def _numbers(self, page):
        c, (w, h) = self.c, self.size
        self._title(page.title)
        width = w - 2 * self.m
        rows = list(page.rows)
        if self.book.supervision_phone:
            rows.insert(0, (f"{self.book.branch_name}监督电话", self.book.supervision_phone))
        step = min(26.0, (h - 2 * self.m - TITLE_H - FOOTER_H) / max(1, len(rows)))
        y = h - self.m - TITLE_H - 4
        for i, (name, number) in enumerate(rows):
            y -= step
            if i % 2:
                c.setFillColor(ZEBRA)
                c.rect(self.m, y, width, step, stroke=0, fill=1)
            c.setFillColor(INK)
            text.draw_line(c, name, (self.m + 6, y + 3, width * 0.6, step - 6), 12)
            c.setFillColor(RED)
            text.draw_line(c, number, (self.m + width * 0.6, y + 3, width * 0.4 - 6, step - 6), 13, "right")
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(self.m, y - 2, w - self.m, y - 2)

    def _blank(self, page):
        pass

    def _footer(self, number):
        w = self.size[0]
        self.c.setFillColor(GRID_LINE)
        text.draw_line(self.c, f"— {number} —", (self.m, self.m - 2, w - 2 * self.m, 12), 8.5, "center")
        text.draw_line(self.c, f"{self.book.village_name}联系手册",
                       (self.m, self.m - 2, (w - 2 * self.m) * 0.35, 12), 7.5)


def build(book, path: str | Path, layout: str = DEFAULT_LAYOUT, progress=None) -> int:
    """Write the contact book ``book`` (a ``printrows.ContactBook``); return the PDF's page count."""
    if layout not in LAYOUTS:
        raise ValueError(layout)
    path = output.check_writable(path)
    page_size = A4 if layout == "a4" else A5
    pages, contents = plan(book, page_size)
    if layout == "booklet":
        pages += [Page("blank")] * (-len(pages) % 4)
        sides = booklet_order(len(pages))
        sheet_size = landscape(A4)
    else:
        sides = [(n,) for n in range(1, len(pages) + 1)]
        sheet_size = page_size
    canvas = output.open_canvas(path, sheet_size, title=f"{book.village_name}联系手册")
    drawer = _Drawer(canvas, book, page_size, contents, len(pages))
    with output.Job(path, len(sides), progress) as job:
        for side in sides:
            for slot, number in enumerate(side):
                canvas.saveState()
                canvas.translate(slot * page_size[0], 0)
                drawer.page(pages[number - 1], number)
                canvas.restoreState()
            if layout == "booklet":
                _fold_marks(canvas, sheet_size)
            canvas.showPage()
            output.compact_last_page(canvas)
            job.step()
        output.save(canvas, path)
    return len(sides)


def _fold_marks(canvas, sheet_size) -> None:
    """Short dashed ticks at the fold, top and bottom, outside the pages' margins."""
    w, h = sheet_size
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 2)
    canvas.setStrokeColor(GRID_LINE)
    canvas.line(w / 2, h - 4 * mm, w / 2, h - 9 * mm)
    canvas.line(w / 2, 4 * mm, w / 2, 9 * mm)
    canvas.restoreState()

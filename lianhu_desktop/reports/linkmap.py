"""联户网格图: the A3 landscape poster of who links whom, one panel per grid.

Each panel shows its grid's members (a band in the member's board colour
with name, phone and count) followed by their households (门牌 户主), and
the grid's unlinked households in red. Text is fitted: the largest size at
which a grid fits its panel in one to several columns; a grid too big even
at the smallest size continues in the next panel ("（续）"), and a village
with more panels than a sheet holds continues on further sheets.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, landscape
from reportlab.lib.units import mm

from lianhu_desktop.domain.linkboard import PALETTE, UNLINKED_COLOUR, GridGroup, load_board, village_heading
from lianhu_desktop.reports import output, text

PAGE = landscape(A3)
MARGIN = 12 * mm
TITLE_HEIGHT = 22 * mm
FOOTER_HEIGHT = 8 * mm
PANEL_GAP = 4 * mm
PANEL_HEADER = 9 * mm
PANEL_PAD = 2.5 * mm
COLUMN_GAP = 3 * mm
MIN_COLUMN = 38 * mm
SIZES = (14, 13, 12, 11, 10, 9, 8.5, 8, 7.5, 7, 6.5, 6)
LEADING = 1.3
INK = colors.HexColor("#222222")
RED = colors.HexColor(UNLINKED_COLOUR)
FRAME = colors.HexColor("#7A1F1F")


@dataclass(frozen=True)
class _Line:
    kind: str  # "member" / "unlinked" (a band, then households inline) or "items" / "red"
    text: str
    colour: int | None = None
    band: float = 0.0  # width of the band, for band lines
    inline: str = ""  # households on the band's line, after the band


@dataclass
class _Panel:
    title: str
    subtitle: str
    lines: list
    size: float
    columns: int


def _layouts(count: int) -> tuple[int, int]:
    """Columns × rows of panels on a sheet for ``count`` panels (more sheets above 12)."""
    for limit, layout in ((1, (1, 1)), (2, (2, 1)), (3, (3, 1)), (4, (2, 2)), (6, (3, 2)),
                          (8, (4, 2)), (9, (3, 3))):
        if count <= limit:
            return layout
    return 4, 3


def _flow(labels, first_room: float, width: float, size: float) -> list[str]:
    """Households joined into lines; the first line has only ``first_room`` (after a band)."""
    lines, current, used, room = [], [], 0.0, first_room
    for label in labels:
        w = text.unit_width(label) * size
        gap = size if current else 0.0
        if used + gap + w > room and (current or room < width):
            lines.append("\u3000".join(current))
            current, used, room, gap = [], 0.0, width, 0.0
        if w > width:  # a very long door number or name: wrap it on its own
            lines.extend(text.wrap(label, width, size))
            continue
        used += gap + w
        current.append(label)
    if current or not lines:
        lines.append("\u3000".join(current))
    return lines


def _grid_lines(grid: GridGroup, width: float, size: float) -> list[_Line]:
    """The grid's content as lines at ``size`` for a column ``width`` wide.

    Each member is a coloured band (name, phone, count) with their households
    flowing after it on the same line and below.
    """
    lines = []

    def block(kind, head, colour, labels, follow):
        band = min(width, text.unit_width(head) * size + 4)
        parts = _flow(labels, width - band - size, width, size)
        lines.append(_Line(kind, head, colour, band, parts[0]))
        lines.extend(_Line(follow, part) for part in parts[1:])

    for member in grid.members:
        head = f"{member.name} {member.phone} 联{len(member.households)}户".replace("  ", " ")
        block("member", head, member.colour,
              [f"{h.door_number} {h.head_name}".strip() for h in member.households], "items")
    if grid.unlinked:
        block("unlinked", f"未联户{len(grid.unlinked)}户", None,
              [f"{h.door_number} {h.head_name}".strip() for h in grid.unlinked], "red")
    return lines


def _columns(lines, per_column: int) -> list[list[_Line]]:
    """Lines split into columns; a band never ends a column (it moves to the next)."""
    columns, current = [], []
    for index, line in enumerate(lines):
        last_in_column = len(current) == per_column - 1
        # A band whose households continue below does not end a column.
        orphan = (line.kind in ("member", "unlinked") and index + 1 < len(lines)
                  and lines[index + 1].kind in ("items", "red"))
        if len(current) == per_column or (last_in_column and orphan and per_column > 1):
            columns.append(current)
            current = []
        current.append(line)
    if current:
        columns.append(current)
    return columns


def _fit(grid: GridGroup, body_w: float, body_h: float) -> list[tuple[float, int, list]]:
    """Panels for one grid: (size, columns, column lines) each; more than one when it overflows."""
    max_cols = max(1, int((body_w + COLUMN_GAP) // (MIN_COLUMN + COLUMN_GAP)))
    for size in SIZES:
        per_column = int(body_h // (size * LEADING))
        for cols in range(1, max_cols + 1):
            width = (body_w - (cols - 1) * COLUMN_GAP) / cols
            columns = _columns(_grid_lines(grid, width, size), per_column)
            if len(columns) <= cols:
                return [(size, cols, columns)]
    size, cols = SIZES[-1], max_cols
    width = (body_w - (cols - 1) * COLUMN_GAP) / cols
    columns = _columns(_grid_lines(grid, width, size), int(body_h // (size * LEADING)))
    return [(size, cols, columns[i:i + cols]) for i in range(0, len(columns), cols)]


def _plan(board, panel_w: float, panel_h: float) -> list[_Panel]:
    body_w = panel_w - 2 * PANEL_PAD
    body_h = panel_h - PANEL_HEADER - 2 * PANEL_PAD
    panels = []
    for grid in board.grids:
        linked = len(grid.tiles) - len(grid.unlinked)
        subtitle = f"党员{len(grid.members)}名　农户{len(grid.tiles)}户　已联{linked}户"
        parts = _fit(grid, body_w, body_h)
        for index, (size, cols, columns) in enumerate(parts):
            title = grid.name + ("（续）" if index else "")
            panels.append(_Panel(title, subtitle, columns, size, cols))
    return panels


def build(path: str | Path, village_id: int, progress=None, *, today: datetime.date | None = None) -> int:
    """Write the 联户网格图 of a village to ``path``; return the number of pages."""
    village = village_heading(village_id)
    today = today or datetime.date.today()
    path = output.check_writable(path)
    board = load_board(village_id, today)
    area_w = PAGE[0] - 2 * MARGIN
    area_h = PAGE[1] - 2 * MARGIN - TITLE_HEIGHT - FOOTER_HEIGHT
    cols, rows = _layouts(max(1, len(board.grids)))
    panel_w = (area_w - (cols - 1) * PANEL_GAP) / cols
    panel_h = (area_h - (rows - 1) * PANEL_GAP) / rows
    panels = _plan(board, panel_w, panel_h)
    if len(panels) > cols * rows and (cols, rows) != _layouts(len(panels)):
        cols, rows = _layouts(len(panels))
        panel_w = (area_w - (cols - 1) * PANEL_GAP) / cols
        panel_h = (area_h - (rows - 1) * PANEL_GAP) / rows
        panels = _plan(board, panel_w, panel_h)
    per_page = cols * rows
    pages = max(1, -(-len(panels) // per_page))
    title = f"{village.branch_name or village.name}党员联户网格图"
    canvas = output.open_canvas(path, PAGE, title=title, subject=f"{village.name} {today.year}年")
    with output.Job(path, pages, progress) as job:
        for page in range(pages):
            _draw_title(canvas, village, board, title, today, page, pages)
            for slot, panel in enumerate(panels[page * per_page:(page + 1) * per_page]):
                col, row = slot % cols, slot // cols
                x = MARGIN + col * (panel_w + PANEL_GAP)
                y = PAGE[1] - MARGIN - TITLE_HEIGHT - (row + 1) * panel_h - row * PANEL_GAP
                _draw_panel(canvas, panel, x, y, panel_w, panel_h)
            canvas.showPage()
            output.compact_last_page(canvas)
            job.step()
        output.save(canvas, path)
    return pages


def _draw_title(canvas, village, board, title, today, page, pages):
    top = PAGE[1] - MARGIN
    width = PAGE[0] - 2 * MARGIN
    canvas.setFillColor(FRAME)
    text.draw_line(canvas, title, (MARGIN, top - 12 * mm, width, 12 * mm), 26, align="center")
    canvas.setFillColor(INK)
    members = len(board.legend)
    share = f"{100 * board.linked / board.households:.1f}%" if board.households else "—"
    info = (f"{today.year}年　{village.township}{village.name}　网格{len(board.grids)}个　党员{members}名　"
            f"农户{board.households}户　已联户{board.linked}户　覆盖率{share}")
    text.draw_line(canvas, info, (MARGIN, top - 19 * mm, width, 6 * mm), 11, align="center")
    canvas.setStrokeColor(FRAME)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - TITLE_HEIGHT + 1.5 * mm, PAGE[0] - MARGIN, top - TITLE_HEIGHT + 1.5 * mm)
    bottom = MARGIN
    note = (f"色块为联户党员，其下为所联农户（门牌 户主）；红色为未联户农户。"
            f"监督电话：{village.supervision_phone or '—'}")
    text.draw_line(canvas, note, (MARGIN, bottom, width * 0.7, FOOTER_HEIGHT - 2 * mm), 9)
    stamp = f"制表日期：{today:%Y年%m月%d日}　第{page + 1}页／共{pages}页"
    text.draw_line(canvas, stamp, (MARGIN + width * 0.7, bottom, width * 0.3, FOOTER_HEIGHT - 2 * mm),
                   9, align="right")


def _draw_panel(canvas, panel: _Panel, x, y, w, h):
    canvas.setStrokeColor(FRAME)
    canvas.setLineWidth(0.8)
    canvas.setFillColor(colors.white)
    canvas.roundRect(x, y, w, h, 2 * mm, stroke=1, fill=1)
    canvas.setFillColor(colors.HexColor("#F6E7E7"))
    canvas.rect(x + 0.4, y + h - PANEL_HEADER, w - 0.8, PANEL_HEADER - 2 * mm, stroke=0, fill=1)
    canvas.roundRect(x + 0.4, y + h - PANEL_HEADER + 2 * mm, w - 0.8, PANEL_HEADER - 2.4 * mm, 2 * mm,
                     stroke=0, fill=1)
    canvas.line(x, y + h - PANEL_HEADER, x + w, y + h - PANEL_HEADER)
    canvas.setFillColor(FRAME)
    header = (x + PANEL_PAD, y + h - PANEL_HEADER + 1 * mm, w - 2 * PANEL_PAD, PANEL_HEADER - 2 * mm)
    text.draw_line(canvas, panel.title, (header[0], header[1], header[2] * 0.45, header[3]), 14)
    canvas.setFillColor(INK)
    text.draw_line(canvas, panel.subtitle, (header[0] + header[2] * 0.45, header[1], header[2] * 0.55,
                                            header[3]), 9, align="right")
    body_w = w - 2 * PANEL_PAD
    if not panel.lines:
        canvas.setFillColor(colors.HexColor("#888888"))
        text.draw_line(canvas, "（本网格暂无农户）", (x + PANEL_PAD, y + PANEL_PAD, body_w,
                                                   h - PANEL_HEADER - 2 * PANEL_PAD), 12, align="center")
        canvas.setFillColor(INK)
        return
    col_w = (body_w - (panel.columns - 1) * COLUMN_GAP) / panel.columns
    step = panel.size * LEADING
    top = y + h - PANEL_HEADER - PANEL_PAD
    for index, column in enumerate(panel.lines):
        cx = x + PANEL_PAD + index * (col_w + COLUMN_GAP)
        for number, line in enumerate(column):
            ly = top - (number + 1) * step
            box = (cx, ly, col_w, step)
            if line.kind in ("member", "unlinked"):
                fill = colors.HexColor(PALETTE[line.colour]) if line.kind == "member" else RED
                canvas.setFillColor(fill)
                canvas.rect(cx, ly + 0.3, line.band, step - 0.6, stroke=0, fill=1)
                canvas.setFillColor(INK if line.kind == "member" else colors.white)
                text.draw_line(canvas, line.text, (cx + 2, ly, line.band - 4, step), panel.size)
                if line.inline:
                    canvas.setFillColor(INK if line.kind == "member" else RED)
                    left = line.band + panel.size
                    text.draw_line(canvas, line.inline, (cx + left, ly, col_w - left, step), panel.size)
            else:
                canvas.setFillColor(RED if line.kind == "red" else INK)
                text.draw_line(canvas, line.text, box, panel.size)
    canvas.setFillColor(INK)

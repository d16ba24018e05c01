"""民主测评票: the paper ballots of the year-end democratic appraisal (一评).

Every ballot lists the village's members of the year (序号, 姓名, 类别) with
four grade boxes (优秀, 合格, 基本合格, 不合格), the rater kind boxes
(□ 党员 □ 群众代表), the instructions and a serial number: large at the top
and small in the footer of every side, so a loose back can be matched to
its front. Ballots are anonymous (不记名): nothing asks for a signature.

Layouts (``geometry.BALLOT_LAYOUTS``): ``a4`` puts one ballot on a portrait
A4, ``a4-2`` two A5 ballots side by side on a landscape A4 with cut marks and
a dashed cut line. A roster that does not fit the front continues on the back
(and, for a very long one, on a second sheet): the pages come front, back,
front, back … so that two-sided printing puts each back behind its front.

* ``a4``: portrait pages, printed two-sided flipping on the long edge
  (双面打印，长边翻转) — the usual setting for portrait documents.
* ``a4-2``: landscape pages. Printed two-sided flipping on the short edge
  (双面打印，短边翻转) the sheet turns over like a book page: what is behind
  the left half of the front is the right half of the back, upright. So the
  back page mirrors the positions: the left ballot's back is drawn on the
  right half of the back page, the right one's on the left half. (On a
  long-edge flip the back would come out upside down behind the other half.)

The note on the page says which setting to use whenever there is a back.
The part of a side that is the same on every ballot is drawn once into a
form (a PDF XObject); each ballot adds only its serial number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm

from lianhu_desktop.domain.vocab import GRADES, VOTER_KINDS
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.reports import layouts, output, text
from lianhu_desktop.reports.geometry import BALLOT_LAYOUTS, SheetGeometry

DEFAULT_LAYOUT = "a4"
INK = HexColor("#1A1A1A")
GREY = HexColor("#666666")
RED = HexColor("#C8161D")
TITLE = HexColor("#7A1F1F")
LINE = HexColor("#8C8C8C")
ZEBRA = HexColor("#F1F1F1")

INSTRUCTIONS = ("填票说明：在每名党员后面的四个等次中选一个打“√”；多选或涂改的视为无效；不评的留空。"
                "先在上方选择评议人类别。")
ANONYMOUS = "本票不记名，请勿在票上署名或作任何记号"
DUPLEX = layouts.DUPLEX
MAX_COPIES = 5_000
MAX_SERIAL = 99_999


@dataclass(frozen=True)
class Style:
    """The sizes of one layout's ballot, in points."""

    inset: float  # from the cell's edges (the paper's edge or the cut) to the ballot
    scale: float  # type sizes and fixed heights relative to the A4 ballot
    row_min: float
    row_max: float
    single_max_width: float  # a single column of members is no wider than this
    gutter: float
    duplex: str  # "long" / "short": how the sheet turns over for its back
    mirror_back: bool  # the back page draws the cells in reverse order


STYLES = {
    "a4": Style(12 * mm, 1.0, 5.5 * mm, 8.0 * mm, 150 * mm, 5 * mm, "long", False),
    "a4-2": Style(8 * mm, 0.82, 5.0 * mm, 7.0 * mm, 132 * mm, 4 * mm, "short", True),
}

# Column weights of one group of the table: 序号, 姓名, 类别, then the four grades.
WEIGHTS = (1.0, 3.0, 1.9) + (1.05,) * len(GRADES)
MIN_GROUP_WIDTH = 60 * mm


def layouts() -> dict[str, SheetGeometry]:
    """The sheet layouts ballots can be printed in, by name."""
    return BALLOT_LAYOUTS


def serial_text(serial: int) -> str:
    """No. 0001: the serial number as printed (four digits at least)."""
    return f"No. {serial:04d}"


@dataclass(frozen=True)
class Plan:
    """How the roster is laid out on each ballot (the same for every copy)."""

    width: float  # the ballot's width and height inside the inset
    height: float
    groups: int  # columns of members side by side
    row: float  # row height
    per_side: tuple[int, ...]  # members on each side; padded to an even number of sides when > 1

    @property
    def sides(self) -> int:
        return len(self.per_side)


def _heights(style: Style) -> dict[str, float]:
    s = style.scale
    return {"serial": 9 * mm * s, "title": 11 * mm * s, "kinds": 9 * mm * s, "instructions": 13 * mm * s,
            "gap": 2 * mm * s, "continued": 9 * mm * s, "footer": 10 * mm * s, "header": 9 * mm * s}


def _front_top(style: Style) -> float:
    h = _heights(style)
    return h["serial"] + h["title"] + h["gap"] + h["kinds"] + h["instructions"] + h["gap"]


def _table_heights(style: Style, height: float) -> tuple[float, float]:
    """The height of the member rows on the front and on a continuation side."""
    h = _heights(style)
    front = height - _front_top(style) - h["gap"] - h["footer"] - h["header"]
    back = height - h["continued"] - 2 * h["gap"] - h["footer"] - h["header"]
    return front, back


def plan(members: int, layout: str = DEFAULT_LAYOUT) -> Plan:
    """The fewest sides, then one column of members rather than two, then the tallest rows."""
    geometry, style = BALLOT_LAYOUTS[layout], STYLES[layout]
    cell = geometry.cells()[0]
    width, height = cell.width - 2 * style.inset, cell.height - 2 * style.inset
    front_h, back_h = _table_heights(style, height)
    best = None
    for groups in (1, 2):
        if groups == 2 and (width - style.gutter) / 2 < MIN_GROUP_WIDTH:
            continue
        steps = int(round((style.row_max - style.row_min) / (0.25 * mm)))
        for step in range(steps + 1):
            row = max(style.row_min, style.row_max - step * 0.25 * mm)
            front = groups * int((front_h + 0.01) // row)
            back = groups * int((back_h + 0.01) // row)
            sides = 1 if members <= front else 1 + math.ceil((members - front) / back)
            sides += sides % 2 if sides > 1 else 0  # every ballot starts on the front of a sheet
            key = (sides, groups, -row)
            if best is None or key < best[0]:
                best = (key, groups, row, front, back, sides)
    _key, groups, row, front, back, sides = best
    return Plan(width, height, groups, row, _spread(members, [front] + [back] * (sides - 1)))


def _spread(members: int, capacities: list[int]) -> tuple[int, ...]:
    """Members per side in proportion to each side's room (no side left blank when there is a choice)."""
    if len(capacities) == 1:
        return (members,)
    total, placed, result = sum(capacities), 0, []
    room = 0
    for capacity in capacities:
        room += capacity
        upto = min(members, round(members * room / total))
        take = min(capacity, max(0, upto - placed))
        result.append(take)
        placed += take
    result[-1] += members - placed  # rounding never leaves more than the last side holds
    return tuple(result)


@dataclass(frozen=True)
class Printed:
    """What ``build`` wrote."""

    pages: int
    ballots: int
    first: int  # the first and last serial numbers
    last: int
    sides: int  # sides per ballot
    duplex: str | None  # "long" / "short" when the ballots have backs, else None

    @property
    def note(self) -> str:
        """What the clerk must set on the printer ("" when one-sided)."""
        return DUPLEX[self.duplex] if self.duplex else ""


def check_numbers(copies: int, start: int) -> None:
    """A Chinese error for a number of copies or a first serial that cannot be printed."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError(f"测评票份数应在 1–{MAX_COPIES} 之间（现为 {copies}）")
    if start < 1 or start + copies - 1 > MAX_SERIAL:
        raise ValidationError(f"测评票编号应在 1–{MAX_SERIAL} 之间（起始编号 {start}，共 {copies} 份）")


def build(sheet, path: str | Path, layout: str = DEFAULT_LAYOUT, copies: int | None = None, start: int = 1,
          progress=None) -> Printed:
    """Write ``copies`` ballots of ``sheet`` (``printrows.BallotSheet``), serials from ``start``.

    ``copies`` defaults to twice the members listed (the members themselves
    and about as many 群众代表).
    """
    copies = copies or 2 * len(sheet.members)
    check_numbers(copies, start)
    geometry, style = BALLOT_LAYOUTS[layout], STYLES[layout]
    path = output.check_writable(path)
    ballot_plan = plan(len(sheet.members), layout)
    duplex = style.duplex if ballot_plan.sides > 1 else None
    title = f"{sheet.village_name}{sheet.year}年度党员民主评议测评票"
    canvas = output.open_canvas(path, geometry.page_size, title=title,
                                subject=f"编号 {start}–{start + copies - 1}，共 {copies} 份")
    forms = [_form(canvas, sheet, ballot_plan, style, side, duplex) for side in range(ballot_plan.sides)]
    cells = geometry.cells()
    per_sheet = len(cells)
    pages = 0
    with output.Job(path, copies, progress, every=max(1, copies // 100)) as job:
        for first in range(0, copies, per_sheet):
            serials = [start + n for n in range(first, min(first + per_sheet, copies))]
            for side in range(ballot_plan.sides):
                order = list(cells)
                if side % 2 and style.mirror_back:
                    order.reverse()
                for cell, serial in zip(order, serials):
                    canvas.saveState()
                    canvas.translate(cell.x + style.inset, cell.y + style.inset)
                    canvas.doForm(forms[side])
                    _draw_serial(canvas, serial, ballot_plan, style, side)
                    canvas.restoreState()
                pages += _finish(canvas, geometry, style)
            job.step(len(serials))
        output.save(canvas, path)
    return Printed(pages, copies, start, start + copies - 1, ballot_plan.sides, duplex)


def _finish(canvas, geometry: SheetGeometry, style: Style) -> int:
    if len(geometry.cells()) > 1:
        _cut_lines(canvas, geometry)
    geometry.draw_marks(canvas)
    canvas.showPage()
    output.compact_last_page(canvas)
    return 1


def _cut_lines(canvas, geometry: SheetGeometry) -> None:
    """A dashed line along each inner cut, between the cut marks at the paper's edge."""
    xs, _ys = geometry.cut_lines()
    page_w, page_h = geometry.page_size
    canvas.saveState()
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.4)
    canvas.setDash(4, 3)
    for x in xs:
        if mm < x < page_w - mm:
            canvas.line(x, 9 * mm, x, page_h - 9 * mm)
    canvas.setFillColor(GREY)
    for x in xs:
        if mm < x < page_w - mm:
            canvas.saveState()
            canvas.translate(x - 1.2 * mm, page_h / 2)
            canvas.rotate(90)
            text.draw_line(canvas, "沿虚线裁开", (-12 * mm, -3.2 * mm, 24 * mm, 3 * mm), 6.5, "center")
            canvas.restoreState()
    canvas.restoreState()


# --- one side, drawn once into a form ------------------------------------------------

def _form(canvas, sheet, ballot_plan: Plan, style: Style, side: int, duplex: str | None) -> str:
    name = f"ballot{side}"
    canvas.beginForm(name, 0, 0, ballot_plan.width, ballot_plan.height)
    _draw_side(canvas, sheet, ballot_plan, style, side, duplex)
    canvas.endForm()
    return name


def _draw_side(canvas, sheet, ballot_plan: Plan, style: Style, side: int, duplex: str | None) -> None:
    width, height, s = ballot_plan.width, ballot_plan.height, style.scale
    h = _heights(style)
    title = f"{sheet.village_name}{sheet.year}年度党员民主评议测评票"
    top = height
    if side == 0:
        canvas.setFillColor(GREY)
        text.draw_line(canvas, "（不记名）", (0, top - h["serial"], width * 0.4, h["serial"]), 10 * s)
        top -= h["serial"]
        canvas.setFillColor(TITLE)
        text.draw_line(canvas, title, (0, top - h["title"], width, h["title"]), 18 * s, "center")
        top -= h["title"] + h["gap"]
        _draw_kinds(canvas, (0, top - h["kinds"], width, h["kinds"]), s)
        top -= h["kinds"]
        canvas.setFillColor(INK)
        text.draw_block(canvas, INSTRUCTIONS, (0, top - h["instructions"], width, h["instructions"]), 9.5 * s,
                        6.0, leading=1.35, valign="middle")
        top -= h["instructions"] + h["gap"]
    else:
        canvas.setFillColor(TITLE)
        text.draw_line(canvas, f"{title}（续）", (0, top - h["continued"], width * 0.72, h["continued"]), 11 * s)
        top -= h["continued"] + h["gap"]
    first = sum(ballot_plan.per_side[:side])
    members = sheet.members[first:first + ballot_plan.per_side[side]]
    if members:
        bottom = h["footer"] + h["gap"]
        _draw_table(canvas, members, first, (0, bottom, width, top - bottom), ballot_plan, style)
    else:
        canvas.setFillColor(GREY)
        text.draw_line(canvas, "（本面无内容）", (0, h["footer"], width, top - h["footer"]), 11 * s, "center")
    _draw_footer(canvas, (0, 0, width, h["footer"]), ballot_plan, style, side, duplex)


def _draw_kinds(canvas, box, s: float) -> None:
    """评议人类别（选一项打“√”）：□ 党员　□ 群众代表"""
    x, y, width, height = box
    canvas.setFillColor(INK)
    label = "评议人类别（选一项打“√”）："
    size = 11 * s
    line = text.draw_line(canvas, label, (x, y, width * 0.55, height), size)
    size = line.size
    cursor = x + line.dx + text.unit_width(label) * size + 3 * mm * s
    square = 4.8 * mm * s
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    for kind in VOTER_KINDS:
        canvas.rect(cursor, y + (height - square) / 2, square, square, stroke=1, fill=0)
        cursor += square + 1.5 * mm * s
        kind_width = text.unit_width(kind) * 12 * s
        text.draw_line(canvas, kind, (cursor, y, kind_width + 1, height), 12 * s)
        cursor += kind_width + 8 * mm * s


def _columns(group_width: float) -> list[float]:
    unit = group_width / sum(WEIGHTS)
    return [w * unit for w in WEIGHTS]


def _draw_table(canvas, members, first: int, box, ballot_plan: Plan, style: Style) -> None:
    x, y, width, height = box
    s, groups, row = style.scale, ballot_plan.groups, ballot_plan.row
    header_h = _heights(style)["header"]
    if groups == 1:
        group_width = min(width, style.single_max_width)
        lefts = [x + (width - group_width) / 2]
    else:
        group_width = (width - style.gutter) / 2
        lefts = [x, x + group_width + style.gutter]
    widths = _columns(group_width)
    per_group = math.ceil(len(members) / groups)
    top = y + height
    for index, left in enumerate(lefts):
        chunk = members[index * per_group:(index + 1) * per_group]
        if not chunk:
            continue
        _draw_group(canvas, chunk, first + index * per_group, left, top, widths, header_h, row, s)


def _draw_group(canvas, members, first: int, left: float, top: float, widths: list[float], header_h: float,
                row: float, s: float) -> None:
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w)
    right = edges[-1]
    bottom = top - header_h - row * len(members)
    # Zebra rows help the eye from a name to its boxes.
    canvas.setFillColor(ZEBRA)
    for index in range(1, len(members), 2):
        canvas.rect(left, top - header_h - (index + 1) * row, right - left, row, stroke=0, fill=1)
    canvas.setFillColor(INK)
    headers = ("序号", "姓名", "类别") + GRADES
    for index, label in enumerate(headers):
        cell = (edges[index] + 0.5 * mm, top - header_h + 0.5 * mm, widths[index] - 1.0 * mm, header_h - 1 * mm)
        _draw_heading(canvas, label, cell, 10 * s)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.4)
    lines = [(edge, top, edge, bottom) for edge in edges]
    lines += [(left, top - header_h - n * row, right, top - header_h - n * row) for n in range(1, len(members))]
    canvas.lines(lines)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
    canvas.line(left, top - header_h, right, top - header_h)
    pad = 0.8 * mm
    square = min(4.6 * mm, row - 1.4 * mm, min(widths[3:]) - 2 * mm)
    boxes = []
    previous_tier = members[0].tier
    for index, member in enumerate(members):
        y = top - header_h - (index + 1) * row
        if index and member.tier != previous_tier:  # a firmer line where a tier begins
            canvas.setLineWidth(1.0)
            canvas.line(left, y + row, right, y + row)
        previous_tier = member.tier
        canvas.setFillColor(INK)
        text.draw_line(canvas, str(first + index + 1), (edges[0] + pad, y, widths[0] - 2 * pad, row), 9 * s,
                       "center")
        text.draw_field(canvas, member.label, (edges[1] + pad * 1.5, y + 0.2 * mm, widths[1] - 3 * pad,
                                               row - 0.4 * mm), 11 * s, 7.0)
        text.draw_line(canvas, member.tier, (edges[2] + pad, y, widths[2] - 2 * pad, row), 9.5 * s, "center")
        for column in range(3, 3 + len(GRADES)):
            cx = edges[column] + (widths[column] - square) / 2
            boxes.append((cx, y + (row - square) / 2))
    canvas.setLineWidth(0.7)
    canvas.setStrokeColor(INK)
    path = canvas.beginPath()
    for bx, by in boxes:
        path.rect(bx, by, square, square)
    canvas.drawPath(path, stroke=1, fill=0)


def _draw_heading(canvas, label: str, box, size: float) -> None:
    """A column heading on one line, shrunk if need be; 基本合格 and 不合格 go on two lines rather than tiny."""
    line = text.fit_line(label, box[2], box[3], size)
    if line.size >= size * 0.85 or not label.endswith("合格") or label == "合格":
        text.draw_line(canvas, label, box, size, "center")
        return
    text.draw_block(canvas, f"{label[:-2]}\n合格", box, size, 5.0, leading=1.1, align="center",
                    valign="middle", max_lines=2)


def _footer_boxes(box, ballot_plan: Plan, style: Style) -> dict[str, tuple[float, float, float, float]]:
    x, y, width, height = box
    first_line = height * 0.55
    return {"left": (x, y + height - first_line, width * 0.58, first_line - 1.2 * mm),
            "right": (x + width * 0.58, y + height - first_line, width * 0.42, first_line - 1.2 * mm),
            "note": (x, y, width, height - first_line)}


def _draw_footer(canvas, box, ballot_plan: Plan, style: Style, side: int, duplex: str | None) -> None:
    x, y, width, height = box
    s = style.scale
    boxes = _footer_boxes(box, ballot_plan, style)
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.5)
    canvas.line(x, y + height - 0.5 * mm, x + width, y + height - 0.5 * mm)
    canvas.setFillColor(INK)
    text.draw_line(canvas, ANONYMOUS, boxes["left"], 9 * s)
    if duplex:
        canvas.setFillColor(GREY)
        more = "，接背面" if side % 2 == 0 and side + 1 < ballot_plan.sides else ""
        text.draw_line(canvas, f"印制：{DUPLEX[duplex]}{more}", boxes["note"], 7 * s, "center")


def _draw_serial(canvas, serial: int, ballot_plan: Plan, style: Style, side: int) -> None:
    """The parts that differ from ballot to ballot: the serial number, large and small."""
    width, height, s = ballot_plan.width, ballot_plan.height, style.scale
    h = _heights(style)
    label = serial_text(serial)
    canvas.setFillColor(RED)
    if side == 0:
        text.draw_line(canvas, label, (width * 0.5, height - h["serial"], width * 0.5, h["serial"]), 18 * s,
                       "right")
    else:
        text.draw_line(canvas, label, (width * 0.72, height - h["continued"], width * 0.28, h["continued"]),
                       13 * s, "right")
    canvas.setFillColor(INK)
    sides = f"　第 {side + 1} 面 共 {ballot_plan.sides} 面" if ballot_plan.sides > 1 else ""
    boxes = _footer_boxes((0, 0, width, h["footer"]), ballot_plan, style)
    text.draw_line(canvas, f"{label}{sides}", boxes["right"], 9 * s, "right")

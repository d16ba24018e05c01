"""Door plates (联户牌, 一牌): one per linked household, hung at its door.

A plate is designed once in its own units (``W`` × ``H``, landscape, A-series
proportions) and scaled into each cell of the chosen sheet layout. What all
plates of a village share (frame, title, labels, service items, pledge,
branch, supervision phone, year) is drawn once into a PDF form XObject; each
plate then costs one ``Do`` and seven short strings in one text object, with
their fitted sizes cached per distinct string.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor, white

from lianhu_desktop.reports import fonts, layouts, output, text
from lianhu_desktop.reports.geometry import DOORPLATE_LAYOUTS, SheetGeometry

W, H = 1000.0, 707.0
RED = HexColor("#C8161D")
GOLD = HexColor("#D9A441")
PALE = HexColor("#FDF1EE")
INK = HexColor("#222222")
GREY = HexColor("#555555")

DEFAULT_LAYOUT = layouts.DOORPLATE_DEFAULT

# Boxes (x, y, width, height) in plate units, and the largest font size of each.
TITLE_BOX = (60.0, 598.0, 880.0, 74.0)
MEMBER_HEAD_BOX = (50.0, 532.0, 240.0, 34.0)
NAME_BOX = (50.0, 446.0, 510.0, 74.0)
LABEL_BOXES = {
    "联系电话": (50.0, 396.0, 130.0, 40.0),
    "党 小 组": (50.0, 350.0, 130.0, 40.0),
}
# Drawn with the plate's fields, and only when the member has a post: no empty line.
POST_LABEL = ("岗　　位：", (50.0, 304.0, 130.0, 40.0))
PHONE_BOX = (185.0, 390.0, 375.0, 52.0)
GROUP_BOX = (185.0, 350.0, 375.0, 40.0)
POST_BOX = (185.0, 304.0, 375.0, 40.0)
PANEL = (590.0, 300.0, 360.0, 270.0)
PANEL_HEAD_BOX = (610.0, 526.0, 320.0, 34.0)
HOUSE_LABELS = {
    "户　主": (610.0, 460.0, 105.0, 44.0),
    "门牌号": (610.0, 395.0, 105.0, 44.0),
    "网　格": (610.0, 330.0, 105.0, 44.0),
}
HEAD_BOX = (720.0, 455.0, 215.0, 54.0)
DOOR_BOX = (720.0, 395.0, 215.0, 44.0)
GRID_BOX = (720.0, 330.0, 215.0, 44.0)
SERVICE_LABEL = (50.0, 182.0, 100.0, 100.0)
SERVICE_BOX = (170.0, 186.0, 780.0, 92.0)
PLEDGE_BOX = (60.0, 98.0, 880.0, 64.0)
FOOTER_BOXES = ((45.0, 36.0, 390.0, 36.0), (440.0, 36.0, 320.0, 36.0), (770.0, 36.0, 185.0, 36.0))

# (box, max size, size below which to wrap onto two lines, colour) of the
# variable fields, in PlateRow order from head_name.
# Names (户主, the member) have no wrap size: they shrink, never break across lines.
FIELDS = (
    (HEAD_BOX, 40.0, 0.0, INK),
    (DOOR_BOX, 32.0, 22.0, INK),
    (GRID_BOX, 32.0, 22.0, INK),
    (NAME_BOX, 72.0, 0.0, INK),
    (PHONE_BOX, 46.0, 30.0, RED),
    (GROUP_BOX, 30.0, 20.0, INK),
    (POST_BOX, 30.0, 20.0, INK),
)


def layouts() -> dict[str, SheetGeometry]:
    """The sheet layouts plates can be printed in, by name."""
    return DOORPLATE_LAYOUTS


def _bold(canvas, colour, width: float = 0.8) -> None:
    # The bundled font has no bold face: fill and stroke the glyph outlines.
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(width)
    canvas._code.append("2 Tr")


def _regular(canvas) -> None:
    canvas._code.append("0 Tr")


def draw_static(canvas, static) -> None:
    """Everything a village's plates share, in plate units."""
    c = canvas
    c.setStrokeColor(RED)
    c.setLineWidth(8)
    c.rect(14, 14, W - 28, H - 28)
    c.setStrokeColor(GOLD)
    c.setLineWidth(2)
    c.rect(26, 26, W - 52, H - 52)
    c.setFillColor(RED)
    c.rect(26, 588, W - 52, 93, stroke=0, fill=1)
    c.setFillColor(white)
    _bold(c, white, 1.2)
    text.draw_line(c, static.title, TITLE_BOX, 58, "center")
    _regular(c)

    c.setFillColor(RED)
    _bold(c, RED, 0.6)
    text.draw_line(c, "联户党员", MEMBER_HEAD_BOX, 26)
    _regular(c)
    c.setStrokeColor(RED)
    c.setLineWidth(1.5)
    c.line(50, 528, 560, 528)
    c.setFillColor(GREY)
    for label, box in LABEL_BOXES.items():
        text.draw_line(c, label + "：", box, 26)

    c.setFillColor(PALE)
    c.setStrokeColor(RED)
    c.setLineWidth(1.5)
    c.roundRect(*PANEL, 10, stroke=1, fill=1)
    c.setFillColor(RED)
    _bold(c, RED, 0.6)
    text.draw_line(c, "联系农户", PANEL_HEAD_BOX, 26)
    _regular(c)
    c.line(610, 520, 930, 520)
    c.setFillColor(GREY)
    for label, box in HOUSE_LABELS.items():
        text.draw_line(c, label + "：", box, 26)

    c.setFillColor(RED)
    c.roundRect(*SERVICE_LABEL, 8, stroke=0, fill=1)
    c.setFillColor(white)
    x, y, w, h = SERVICE_LABEL
    text.draw_block(c, "服务\n事项", (x + 10, y + 10, w - 20, h - 20), 28, align="center", valign="middle")
    c.setFillColor(INK)
    text.draw_block(c, "　".join(static.service_items), SERVICE_BOX, 30, 14, leading=1.35,
                    valign="middle", words=True)

    c.setStrokeColor(RED)
    c.setLineWidth(1)
    c.line(60, 172, 940, 172)
    c.line(60, 88, 940, 88)
    c.setFillColor(RED)
    _bold(c, RED, 1.0)
    text.draw_line(c, static.pledge, PLEDGE_BOX, 50, "center")
    _regular(c)

    c.setFillColor(GREY)
    left, middle, right = FOOTER_BOXES
    text.draw_line(c, static.branch_name, left, 24)
    phone = f"监督电话：{static.supervision_phone}" if static.supervision_phone else ""
    text.draw_line(c, phone, middle, 24, "center")
    text.draw_line(c, f"{static.year}年", right, 24, "right")


def _draw_fields(canvas, row) -> None:
    """The plate's seven variable strings, in one text object."""
    t = canvas.beginText()
    fit = text.fit_field
    observer = text._observer
    font = text.FONT
    covered = fonts.covered
    shown_colour = None
    for value, (box, size, min_size, colour) in zip(row[2:], FIELDS):
        if not value:
            continue
        x, y, w, h = box
        if colour is not shown_colour:  # a text object keeps its colour from one string to the next
            t.setFillColor(colour)
            shown_colour = colour
        for line in fit(value, w, h, size, min_size):
            t.setTextOrigin(x + line.dx, y + line.dy)
            if covered(line.text):
                t.setFont(font, line.size)
                t.textOut(line.text)
            else:
                text.text_out(t, line.text, line.size)
            if observer is not None:
                observer(line.text, x + line.dx, y + line.dy, line.size,
                         text.unit_width(line.text) * line.size, box)
    if row[-1]:
        label, box = POST_LABEL
        line = text.fit_line(label, box[2], box[3], 26)
        t.setFillColor(GREY)
        t.setFont(font, line.size)
        t.setTextOrigin(box[0] + line.dx, box[1] + line.dy)
        t.textOut(label)
        if observer is not None:
            observer(label, box[0] + line.dx, box[1] + line.dy, line.size, text.unit_width(label) * line.size, box)
    canvas.drawText(t)


def build(plates, path: str | Path, layout: str = DEFAULT_LAYOUT, progress=None) -> int:
    """Write the door plates of ``plates`` (a ``PlateSet`` or rows with ``statics``) to ``path``.

    ``plates`` iterates ``PlateRow``-shaped tuples and has ``statics``, a map
    from village id to ``PlateStatic``. Returns the number of pages.
    """
    geometry = DOORPLATE_LAYOUTS[layout]
    path = output.check_writable(path)
    total = len(plates)
    canvas = output.open_canvas(path, geometry.page_size, title="党员联户工作牌",
                                subject=f"{total} 块")
    cells = geometry.cells()
    transforms = [_transform(cell) for cell in cells]
    forms: dict[int, str] = {}
    pages = 0
    slot = 0
    with output.Job(path, total, progress, every=max(1, total // 200)) as job:
        for row in plates:
            village_id = row[1]
            form = forms.get(village_id)
            if form is None:
                form = forms[village_id] = f"plate{len(forms)}"
                canvas.beginForm(form, 0, 0, W, H)
                draw_static(canvas, plates.statics[village_id])
                canvas.endForm()
            canvas.saveState()
            canvas.transform(*transforms[slot])
            canvas.doForm(form)
            _draw_fields(canvas, row)
            canvas.restoreState()
            slot += 1
            job.step()
            if slot == len(cells):
                pages += _finish_sheet(canvas, geometry)
                slot = 0
        if slot or not pages:
            pages += _finish_sheet(canvas, geometry)
        output.save(canvas, path)
    return pages


def _transform(cell) -> tuple[float, ...]:
    scale = min(cell.width / W, cell.height / H)
    dx = cell.x + (cell.width - W * scale) / 2
    dy = cell.y + (cell.height - H * scale) / 2
    return (scale, 0.0, 0.0, scale, dx, dy)


def _finish_sheet(canvas, geometry: SheetGeometry) -> int:
    geometry.draw_marks(canvas)
    canvas.showPage()
    output.compact_last_page(canvas)
    return 1

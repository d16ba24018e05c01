"""Member cards (党员名片 / 便民服务联系卡): 90 × 54 mm, ten per A4 with crop marks.

Each card: the title band with the branch, the member's name and post, the
phone, the service items and the pledge 我是共产党员，有困难请找我. Everything
stays 3 mm inside the cut, so an imprecise cut never clips it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm

from lianhu_desktop.domain.printing import PLEDGE
from lianhu_desktop.reports import layouts, output, text
from lianhu_desktop.reports.geometry import CARD_LAYOUTS, SheetGeometry

RED = HexColor("#C8161D")
INK = HexColor("#222222")
GREY = HexColor("#555555")
DEFAULT_LAYOUT = layouts.CARD_DEFAULT
SAFE = 3 * mm


def layouts() -> dict[str, SheetGeometry]:
    """The sheet layouts cards can be printed in, by name."""
    return CARD_LAYOUTS


def boxes(width: float, height: float) -> dict[str, tuple[float, float, float, float]]:
    """Where each element of a card goes, for a card of ``width`` × ``height`` points."""
    inner = width - 2 * SAFE - 8
    left = SAFE + 4
    band = 17.0
    top = height - SAFE - band
    return {
        "band": (SAFE, top, width - 2 * SAFE, band),
        "title": (left, top + 3, inner * 0.52, band - 6),
        "branch": (left + inner * 0.54, top + 3, inner * 0.46, band - 6),
        "name": (left, top - 34, inner * 0.46, 30),
        "post": (left + inner * 0.48, top - 34, inner * 0.52, 30),
        "phone": (left, top - 53, inner, 17),
        "services": (left, SAFE + 21, inner, top - 56 - SAFE - 21),
        "pledge": (left, SAFE + 2, inner, 15),
    }


def draw_card(canvas, card, width: float, height: float) -> None:
    """One card with its bottom-left corner at the origin."""
    b = boxes(width, height)
    c = canvas
    c.setFillColor(RED)
    c.roundRect(*b["band"], 3, stroke=0, fill=1)
    c.setFillColor(white)
    text.draw_line(c, "便民服务联系卡", b["title"], 9.5)
    text.draw_line(c, card.branch_name, b["branch"], 7.5, "right")
    c.setFillColor(INK)
    text.draw_line(c, card.name, b["name"], 20)  # a name shrinks, never breaks
    c.setFillColor(GREY)
    text.draw_block(c, f"岗位：{card.post}" if card.post else "中共党员", b["post"], 9, 5.5,
                    leading=1.2, valign="middle")
    c.setFillColor(RED)
    text.draw_line(c, f"联系电话：{card.phone}" if card.phone else "联系电话：", b["phone"], 11.5)
    c.setFillColor(INK)
    text.draw_block(c, "服务事项：" + "　".join(card.service_items), b["services"], 7.5, 5.0,
                    leading=1.3, valign="middle", words=True)
    x, y, w, h = b["pledge"]
    c.setStrokeColor(RED)
    c.setLineWidth(0.5)
    c.line(x, y + h + 2, x + w, y + h + 2)
    c.setFillColor(RED)
    text.draw_line(c, PLEDGE, b["pledge"], 10.5, "center")


def build(cards, path: str | Path, layout: str = DEFAULT_LAYOUT, progress=None) -> int:
    """Write the member cards ``cards`` (``printrows.CardRow`` list) to ``path``; return the page count."""
    geometry = CARD_LAYOUTS[layout]
    path = output.check_writable(path)
    canvas = output.open_canvas(path, geometry.page_size, title="党员名片（便民服务联系卡）")
    cells = geometry.cells()
    pages = slot = 0
    with output.Job(path, len(cards), progress) as job:
        for card in cards:
            cell = cells[slot]
            canvas.saveState()
            canvas.translate(cell.x, cell.y)
            draw_card(canvas, card, cell.width, cell.height)
            canvas.restoreState()
            slot += 1
            job.step()
            if slot == len(cells):
                pages += _finish(canvas, geometry)
                slot = 0
        if slot or not pages:
            pages += _finish(canvas, geometry)
        output.save(canvas, path)
    return pages


def _finish(canvas, geometry) -> int:
    geometry.draw_marks(canvas)
    canvas.showPage()
    output.compact_last_page(canvas)
    return 1

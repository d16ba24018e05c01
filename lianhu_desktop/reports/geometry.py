"""Label-sheet geometry: every card and plate layout is a handful of numbers.

A ``SheetGeometry`` is a page size, a grid of ``rows`` × ``cols`` equal cells
of ``cell_size`` separated by ``gap``, centred on the page, and whether cut
(crop) marks are drawn in the margins at every cut line. Door plates, member
cards and anything label-like take one and draw into ``cells()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# reportlab's own values (``reportlab.lib.units.mm``, ``pagesizes.A4``), written
# out so that the layouts can be listed without loading reportlab.
mm = 72 / 25.4
A4_PORTRAIT = (210 * mm, 297 * mm)
A4_LANDSCAPE = (297 * mm, 210 * mm)


@dataclass(frozen=True)
class Cell:
    """One label's rectangle on the page, in points from the bottom left."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class SheetGeometry:
    """Page size, rows × columns of equal cells, gaps, and cut marks.

    The grid is centred on the page; the margins follow from the page and
    the grid. Cut marks are short lines in the margin (or, when the grid
    fills the page, just inside the paper edge) continuing each cut line,
    kept ``mark_offset`` away from the cells so they never touch a label.
    """

    name: str
    label: str
    page_size: tuple[float, float]
    rows: int
    cols: int
    cell_size: tuple[float, float]
    gap: tuple[float, float] = (0.0, 0.0)
    cut_marks: bool = False
    mark_length: float = 5 * mm
    mark_offset: float = 2 * mm
    mark_width: float = 0.3

    def __post_init__(self):
        width, height = self.grid_size
        if width > self.page_size[0] + 0.01 or height > self.page_size[1] + 0.01:
            raise ValueError(f"layout {self.name} does not fit its page")

    @property
    def per_page(self) -> int:
        return self.rows * self.cols

    @property
    def grid_size(self) -> tuple[float, float]:
        (cw, ch), (gx, gy) = self.cell_size, self.gap
        return self.cols * cw + (self.cols - 1) * gx, self.rows * ch + (self.rows - 1) * gy

    @property
    def margins(self) -> tuple[float, float]:
        """(left/right, top/bottom) margin around the centred grid."""
        width, height = self.grid_size
        return (self.page_size[0] - width) / 2, (self.page_size[1] - height) / 2

    @cached_property
    def _cells(self) -> tuple[Cell, ...]:
        (cw, ch), (gx, gy) = self.cell_size, self.gap
        left, bottom = self.margins
        top = self.page_size[1] - bottom
        return tuple(
            Cell(left + col * (cw + gx), top - (row + 1) * ch - row * gy, cw, ch)
            for row in range(self.rows) for col in range(self.cols)
        )

    def cells(self) -> tuple[Cell, ...]:
        """The cells in reading order: left to right, top to bottom."""
        return self._cells

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x positions of vertical and the y positions of horizontal cuts."""
        xs = sorted({round(c.x, 3) for c in self._cells} | {round(c.x + c.width, 3) for c in self._cells})
        ys = sorted({round(c.y, 3) for c in self._cells} | {round(c.y + c.height, 3) for c in self._cells})
        return xs, ys

    def mark_segments(self) -> list[tuple[float, float, float, float]]:
        """Cut-mark line segments (x1, y1, x2, y2), all outside every cell."""
        if not self.cut_marks:
            return []
        page_w, page_h = self.page_size
        left, bottom = self.margins
        xs, ys = self.cut_lines()
        segments = []
        for lo_edge, hi_edge, page_len, positions, vertical in (
            (bottom, page_h - bottom, page_h, xs, True),
            (left, page_w - left, page_w, ys, False),
        ):
            # In the margin when there is room, else a short tick at the paper edge.
            margin = lo_edge
            if margin >= self.mark_length + self.mark_offset:
                spans = [(lo_edge - self.mark_offset - self.mark_length, lo_edge - self.mark_offset),
                         (hi_edge + self.mark_offset, hi_edge + self.mark_offset + self.mark_length)]
            else:
                edge = 3 * mm
                spans = [(edge, edge + min(self.mark_length, 4 * mm)),
                         (page_len - edge - min(self.mark_length, 4 * mm), page_len - edge)]
            for pos in positions:
                if not mm < pos < (page_w if vertical else page_h) - mm:
                    continue  # a cut on the paper edge needs no mark
                for a, b in spans:
                    segments.append((pos, a, pos, b) if vertical else (a, pos, b, pos))
        return segments

    def draw_marks(self, canvas) -> None:
        """Draw the cut marks of one sheet (thin black lines)."""
        segments = self.mark_segments()
        if not segments:
            return
        canvas.saveState()
        canvas.setLineWidth(self.mark_width)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.lines(segments)
        canvas.restoreState()


# Door plates are landscape cards of (nearly) A-series proportions in every layout.
DOORPLATE_LAYOUTS = {
    g.name: g for g in (
        SheetGeometry("a4-1", "每张 A4 一块（A4 横向）", A4_LANDSCAPE, 1, 1, (277 * mm, 196 * mm)),
        # The two A5 halves of a portrait A4, each trimmed to stay clear of
        # the printer's unprintable edge.
        SheetGeometry("a4-2", "每张 A4 两块（A5 幅面，带裁切线）", A4_PORTRAIT, 2, 1,
                      (190 * mm, 134 * mm), (0.0, 12 * mm), cut_marks=True),
        SheetGeometry("a4-4", "每张 A4 四块（带裁切线）", A4_LANDSCAPE, 2, 2, (130 * mm, 92 * mm),
                      (6 * mm, 6 * mm), cut_marks=True),
    )
}

# 90 × 54 mm cards, ten on an A4, edge to edge so one cut separates two cards.
CARD_LAYOUTS = {
    g.name: g for g in (
        SheetGeometry("a4-10", "名片 90×54 毫米，每张 A4 十张（带裁切线）", A4_PORTRAIT, 5, 2,
                      (90 * mm, 54 * mm), cut_marks=True),
    )
}

# 民主测评票: one ballot on a portrait A4, or two A5 ballots side by side on a
# landscape A4 (one vertical cut down the middle; the sheet has no margin, so
# the cut marks are ticks at the paper's edge).
BALLOT_LAYOUTS = {
    g.name: g for g in (
        SheetGeometry("a4", "每张 A4 一票（A4 纵向）", A4_PORTRAIT, 1, 1, (210 * mm, 297 * mm)),
        SheetGeometry("a4-2", "每张 A4 两票（A5 幅面，带裁切线）", A4_LANDSCAPE, 1, 2, (148.5 * mm, 210 * mm),
                      cut_marks=True),
    )
}

"""The projector's geometry, in design units of a 1920×1080 screen (no Qt).

A slide is laid out once in these units and scaled in proportion to the
screen: ``canvas(width, height)`` scales by the smaller of width/1920 and
height/1080, and the other side of the canvas grows (a 4:3 projector at
1024×768 gets a canvas of 1920×1440 units drawn at 0.533 px a unit), so no
screen stretches text and a taller screen holds more rows. Text sizes are
chosen for the back of a village hall: body 34 px and headings 56 px at
1920×1080, nothing under 28 px.

The slide builder (``slides``) and the painter (``gui.slide_painter``) read
the same numbers, so the row budget that splits a long table onto
continuation slides is the room the painter has: a projector never scrolls.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080

# Text sizes in design pixels.
TITLE_PX = 84  # the opening's branch name
HEADING_PX = 56  # slide headings
FIGURE_PX = 64  # key figures (应到 45 …)
BODY_PX = 34  # table rows, bars, lines
SMALL_PX = 28  # labels of figures, footer: the least any text is drawn at

# Bands and gaps.
MARGIN = 64  # left and right
BAND = 132  # the heading band at the top
FOOTER = 96  # the footer band (branch, page number, countdown)
COUNTDOWN_WIDTH = 300  # the countdown's box at the right of the footer
GAP = 28  # between bands and content, between blocks
ROW = 56  # one line of a table (34 px text and its leading)
TABLE_HEAD = 58  # a table's column titles
CELL_PAD = 16  # text inset at each side of a cell
TILES = 148  # a row of key-figure tiles (member slides)
STRIP = 112  # a lower strip of key figures (the tally)
PANEL = 600  # the member slide's ballot panel at the right


@dataclass(frozen=True)
class Canvas:
    """A screen in design units: ``scale`` pixels a unit, ``width`` × ``height`` units."""

    scale: float
    width: int
    height: int

    @property
    def content_top(self) -> int:
        return BAND + GAP

    @property
    def content_height(self) -> int:
        """Between the heading band and the footer, less a gap at each end."""
        return self.height - BAND - FOOTER - 2 * GAP

    @property
    def content_width(self) -> int:
        return self.width - 2 * MARGIN

    def px(self, units: float) -> float:
        return units * self.scale


def canvas(width: int, height: int) -> Canvas:
    """The canvas of a ``width`` × ``height`` pixel screen (see the module docstring)."""
    if width <= 0 or height <= 0:
        raise ValueError(f"bad screen size {width}x{height}")
    scale = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
    return Canvas(scale, max(DESIGN_WIDTH, math.floor(width / scale + 1e-6)),
                  max(DESIGN_HEIGHT, math.floor(height / scale + 1e-6)))


DESIGN = canvas(DESIGN_WIDTH, DESIGN_HEIGHT)


def text_width(text: str, px: float) -> float:
    """A generous estimate of ``text``'s width at ``px``: a wide (CJK) character
    one em, any other 0.62 em — a little more than the bundled font and 微软雅黑 need."""
    return sum(px if unicodedata.east_asian_width(ch) in "WF" else 0.62 * px for ch in text)


def lines_needed(text: str, width: float, px: float = BODY_PX) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    room = max(width - 2 * CELL_PAD, px)
    return max(1, math.ceil(text_width(text, px) / room))


def table_lines(canvas_: Canvas, *, above: int = 0) -> int:
    """Lines of a table that fit in the content area below ``above`` units of other content."""
    return max(1, (canvas_.content_height - above - TABLE_HEAD) // ROW)


def member_lines(canvas_: Canvas, first: bool) -> int:
    """A member's items per slide: the first carries the key figures above them."""
    return table_lines(canvas_, above=TILES + GAP if first else 0)


def tally_lines(canvas_: Canvas) -> int:
    """Lines per column of a tally slide (the strip of sums sits above the table)."""
    return table_lines(canvas_, above=STRIP + GAP)


def ranking_lines(canvas_: Canvas) -> int:
    """Lines per column of a ranking slide."""
    return table_lines(canvas_)


def block_width(canvas_: Canvas, blocks: int) -> int:
    """The width of each of ``blocks`` tables side by side."""
    return (canvas_.content_width - (blocks - 1) * 2 * GAP) // blocks

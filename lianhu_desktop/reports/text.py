"""Text that always stays inside its box: shrink to fit, wrap, measure.

Every piece of variable text on a plate or card goes through ``fit_line`` or
``fit_block`` and is drawn by ``draw_line`` / ``draw_block``, which place it
inside a box ``(x, y, width, height)`` (bottom-left origin). The fitting
functions are cached per distinct string and box, so printing the same
member's name on ten plates measures it once.

Tests install an observer with ``observe()``: it is told the box and the
extent of every line drawn, so they can assert that nothing leaves its box.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from lianhu_desktop.reports import fonts

FONT = fonts.register()
_face = pdfmetrics.getFont(FONT).face
# Glyph extent above and below the baseline, per point of font size.
ASCENT = _face.ascent / 1000
DESCENT = -_face.descent / 1000
EXTENT = ASCENT + DESCENT

# Kinsoku: never begin a line with a closing mark, never end one with an opening mark.
_NO_START = set("，。、；：！？）》」』”’·…—%,.;:!?)]}")
_NO_END = set("（《「『“‘([{")
# Latin letters, digits and phone/number punctuation stay together.
_TOKEN = re.compile(r"[A-Za-z0-9@._+\-/#*]+|\s+|.", re.S)

_observer = None


@contextlib.contextmanager
def observe(callback):
    """Within the block, call ``callback(text, x, y, size, width, box)`` for each line drawn."""
    global _observer
    previous, _observer = _observer, callback
    try:
        yield
    finally:
        _observer = previous


# Bounded caches: names and door numbers of 50,000 households must not pile
# up; what repeats (a member's name on each of their plates, phones, grids,
# labels) comes round again long before it would be evicted.
@lru_cache(maxsize=8_192)
def unit_width(text: str) -> float:
    """Width of ``text`` at 1 pt, each character in the bundled font that sets it (cached)."""
    if fonts.covered(text):
        return pdfmetrics.stringWidth(text, FONT, 1.0)
    return fonts.string_width(text, 1.0)


def draw_string(canvas, x: float, y: float, text: str, size: float) -> None:
    """``canvas.drawString`` at ``size``, rare characters in their fallback font."""
    parts = fonts.runs(text)
    if len(parts) == 1:
        canvas.setFont(parts[0][0], size)
        canvas.drawString(x, y, text)
        return
    for font, part in parts:
        canvas.setFont(font, size)
        canvas.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)
    canvas.setFont(FONT, size)


def text_out(textobject, text: str, size: float) -> None:
    """``textOut`` into a text object at ``size``, rare characters in their fallback font."""
    for font, part in fonts.runs(text):
        textobject.setFont(font, size)
        textobject.textOut(part)


def _floor(size: float) -> float:
    return math.floor(size * 10) / 10


@dataclass(frozen=True, slots=True)
class Line:
    """One fitted line: its size and offset from the box's bottom-left corner."""

    text: str
    size: float
    dx: float
    dy: float


@lru_cache(maxsize=2_048)
def fit_line(text: str, width: float, height: float, max_size: float,
             align: str = "left", valign: str = "middle") -> Line:
    """``text`` on one line at the largest size ≤ ``max_size`` that fits the box."""
    unit = unit_width(text)
    size = max_size if unit * max_size <= width else _floor(width / unit)
    size = min(size, _floor(height / EXTENT))
    used = unit * size
    dx = {"left": 0.0, "center": (width - used) / 2, "right": width - used}[align]
    dy = _baseline(height, size * EXTENT, valign) + DESCENT * size
    return Line(text, size, dx, dy)


def _baseline(height: float, used: float, valign: str) -> float:
    return {"top": height - used, "middle": (height - used) / 2, "bottom": 0.0}[valign]


def wrap(text: str, width: float, size: float, words: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` at ``size`` (CJK rules).

    With ``words``, break only at spaces (for lists such as service items),
    unless a single item is wider than the line.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width / size, words))
    return lines


_WORD = re.compile(r"[^\s]+|\s+")


def _split(token: str, limit: float, words: bool) -> list[str]:
    # A token wider than the line: items break into words, words into characters.
    if len(token) == 1 or token.isspace() or unit_width(token) <= limit:
        return [token]
    if words:
        parts = _TOKEN.findall(token)
        if len(parts) > 1:
            return [piece for part in parts for piece in _split(part, limit, False)]
    return list(token)


def _wrap_paragraph(text: str, limit: float, words: bool = False) -> list[str]:
    tokens: list[str] = []
    for token in (_WORD if words else _TOKEN).findall(text):
        tokens.extend(_split(token, limit, words))
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in tokens:
        w = unit_width(token)
        line = lines[-1]
        if used + w <= limit or not line:
            if line or not token.isspace():
                line.append(token)
                used += w
            continue
        if token.isspace():
            lines.append([])
            used = 0.0
            continue
        carry: list[str] = []
        # Move an opening mark, or the character before a closing one, to the next line.
        if token in _NO_START and len(line) > 1:
            carry.append(line.pop())
        while len(line) > 1 and line[-1] in _NO_END:
            carry.insert(0, line.pop())
        new = carry + [token]
        lines.append(new)
        used = sum(unit_width(t) for t in new)
    _no_lone_last(lines)
    return ["".join(line).rstrip() for line in lines]


def _no_lone_last(lines: list[list[str]]) -> None:
    """A last line of one character (2026年8月31 / 日) takes the character before it along."""
    if len(lines) < 2 or len(lines[-1]) != 1 or len(lines[-1][0]) != 1:
        return
    previous = lines[-2]
    moved = 1
    # Never leave an opening mark at the end or start the line with a closing one.
    while moved < len(previous) and (previous[-moved] in _NO_START or previous[-moved - 1] in _NO_END):
        moved += 1
    if len(previous) - moved >= 2 and not previous[-moved].isspace():
        lines[-1][:0] = previous[-moved:]
        del previous[-moved:]


@dataclass(frozen=True)
class Block:
    """Fitted lines at one size; ``dy`` is the first baseline's offset from the box bottom."""

    lines: tuple[str, ...]
    size: float
    leading: float
    dy: float
    align: str
    width: float


@lru_cache(maxsize=2_048)
def fit_block(text: str, width: float, height: float, max_size: float, min_size: float = 0.0,
              leading: float = 1.3, align: str = "left", valign: str = "top",
              max_lines: int = 0, words: bool = False) -> Block:
    """Wrap ``text`` into the box at the largest size ≤ ``max_size`` that fits.

    Sizes go down in small steps; below ``min_size`` wrapping continues down
    to whatever size fits, so the text is never cut and never overflows.
    """
    size = _floor(min(max_size, height / EXTENT))
    while True:
        lines = wrap(text, width, size, words) if text else [""]
        needed = (len(lines) - 1) * leading * size + EXTENT * size
        widest = max(unit_width(line) for line in lines) * size
        fits = needed <= height and widest <= width and (not max_lines or len(lines) <= max_lines)
        if fits or size <= 1.0:
            break
        size = _floor(size * (0.97 if size > min_size else 0.9))
    top = _baseline(height, needed, valign) + needed  # top of the first line's glyphs
    return Block(tuple(lines), size, leading * size, top - ASCENT * size, align, width)


@lru_cache(maxsize=2_048)
def fit_field(text: str, width: float, height: float, max_size: float, min_size: float,
              align: str = "left", valign: str = "middle") -> tuple[Line, ...]:
    """One line when it fits at ``min_size`` or more, else up to two wrapped lines.

    For names, door numbers and the like: a long value is better on two
    lines than shrunk to an unreadable size.
    """
    line = fit_line(text, width, height, max_size, align, valign)
    if line.size >= min_size or len(text) < 4:
        return (line,)
    block = fit_block(text, width, height, max_size, 0.0, 1.15, align, valign, 2)
    if block.size <= line.size:
        return (line,)
    result, dy = [], block.dy
    for part in block.lines:
        used = unit_width(part) * block.size
        dx = {"left": 0.0, "center": (width - used) / 2, "right": width - used}[align]
        result.append(Line(part, block.size, dx, dy))
        dy -= block.leading
    return tuple(result)


def notify(line: str, x: float, y: float, size: float, box) -> None:
    """Tell the observer (if any) about a line drawn by other means than these helpers."""
    if _observer is not None:
        _observer(line, x, y, size, unit_width(line) * size, box)


def draw_field(canvas, value: str, box, max_size: float, min_size: float, align: str = "left",
               valign: str = "middle") -> tuple[Line, ...]:
    """Draw ``value`` by ``fit_field``: one line, or two when one would be too small."""
    x, y, width, height = box
    lines = fit_field(value, width, height, max_size, min_size, align, valign)
    for line in lines:
        draw_string(canvas, x + line.dx, y + line.dy, line.text, line.size)
        if _observer is not None:
            _observer(line.text, x + line.dx, y + line.dy, line.size, unit_width(line.text) * line.size, box)
    return lines


def draw_line(canvas, text: str, box, max_size: float, align: str = "left",
              valign: str = "middle") -> Line:
    """Draw ``text`` on one line fitted to ``box``; return what was drawn."""
    x, y, width, height = box
    line = fit_line(text, width, height, max_size, align, valign)
    draw_string(canvas, x + line.dx, y + line.dy, text, line.size)
    if _observer is not None:
        _observer(text, x + line.dx, y + line.dy, line.size, unit_width(text) * line.size, box)
    return line


def draw_block(canvas, text: str, box, max_size: float, min_size: float = 0.0, *,
               leading: float = 1.3, align: str = "left", valign: str = "top",
               max_lines: int = 0, words: bool = False) -> Block:
    """Draw ``text`` wrapped and fitted to ``box``; return the block drawn."""
    x, y, width, height = box
    block = fit_block(text, width, height, max_size, min_size, leading, align, valign, max_lines, words)
    baseline = y + block.dy
    for line in block.lines:
        used = unit_width(line) * block.size
        lx = x + {"left": 0.0, "center": (width - used) / 2, "right": width - used}[align]
        draw_string(canvas, lx, baseline, line, block.size)
        if _observer is not None:
            _observer(line, lx, baseline, block.size, used, box)
        baseline -= block.leading
    return block


def inside(x: float, y: float, size: float, width: float, box, tolerance: float = 0.01) -> bool:
    """Whether a line drawn at baseline (x, y) with ``size`` and ``width`` lies within ``box``."""
    bx, by, bw, bh = box
    return (x >= bx - tolerance and x + width <= bx + bw + tolerance
            and y - DESCENT * size >= by - tolerance and y + ASCENT * size <= by + bh + tolerance)

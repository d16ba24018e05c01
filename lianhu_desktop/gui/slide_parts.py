"""The parts every slide is drawn from: colours, fonts, text that fits, bands, tiles, tables.

Drawing happens in the design units of ``domain.slide_layout`` under the
painter's scaling transform; text alone is drawn at the screen's own pixel
size (see ``SlideParts.text``). High contrast throughout: near-black on
white, white on deep red or blue, party-red accents. Text uses the program's
font (微软雅黑 when installed, else the bundled WenQuanYi Micro Hei, with the
bundled fallbacks for rare characters).

A text that would not fit its box is drawn smaller (never under 28 px at
1920×1080) and, as a last resort, elided; either is recorded in
``overflows`` so that tests catch a layout that does not fit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPainter, QTransform

from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain.slides import Slide, Table

RED = QColor("#a3161a")  # party red, deep enough for white text (7.6:1)
BLUE = QColor("#0b3d91")  # table heads (10:1 with white)
INK = QColor("#111111")
PAPER = QColor("#ffffff")
GOLD = QColor("#f2c14e")  # a thin accent line only, never text
ZEBRA = QColor("#f0f0f0")
TILE = QColor("#f3f3f3")
GROUP = QColor("#dde6f4")
RULE = QColor("#8a8a8a")
FOOT = QColor("#e9e9e9")
MUTED = QColor("#3c3c3c")  # secondary text, still 10:1 on white
BLACK = QColor("#000000")
# White text on every grade colour (≥ 7:1).
GRADE_COLOURS = {"优秀": RED, "合格": BLUE, "基本合格": QColor("#7a4100"), "不合格": QColor("#333333"),
                 "": QColor("#555555")}
# The countdown: normal, warning (dark text), the last seconds and overtime.
COUNTDOWN_COLOURS = {"normal": (BLUE, PAPER), "warning": (QColor("#ffc107"), INK),
                     "final": (QColor("#d00000"), PAPER), "overtime": (QColor("#d00000"), PAPER)}

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
ALIGN = {"left": LEFT, "right": RIGHT, "center": CENTER}


def families() -> list[str]:
    """The font families slides are drawn in (registers the bundled fonts once)."""
    app = QGuiApplication.instance()
    if app is None:
        raise RuntimeError("a QGuiApplication is needed to draw slides")
    if not (app.property("lianhu_ready") or app.property("lianhu_fonts")):
        from lianhu_desktop.gui.app import load_font

        load_font(app)
        app.setProperty("lianhu_fonts", True)
    return QGuiApplication.font().families()


class Drawn(NamedTuple):
    """One text drawn (recorded for tests): its role, size in design units and on the screen."""

    role: str  # heading / figure / body / small
    design_px: float
    pixels: int
    text: str


class SlideParts:
    """Fonts and drawing primitives; ``record`` keeps a ``Drawn`` for every text drawn."""

    def __init__(self, *, record: bool = False):
        self.record = record
        self.drawn: list[Drawn] = []
        self.overflows: list[str] = []
        self._families = families()
        self._fonts: dict[tuple[int, bool], QFont] = {}

    # ------------------------------------------------------------ text

    def font(self, px: float, bold: bool = False) -> QFont:
        key = (round(px), bold)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self._families[0] if self._families else "")
            font.setFamilies(self._families)
            font.setPixelSize(max(1, key[0]))
            font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
        return font

    def text(self, painter: QPainter, rect: QRectF, text: str, px: float, role: str, colour: QColor,
             align=LEFT, *, bold: bool = False, wrap: bool = False) -> None:
        """Draw ``text`` in ``rect`` (design units) at ``px``, smaller if it must, never under 28 px."""
        if not text:
            return
        flags = align | (Qt.TextFlag.TextWordWrap if wrap else 0)
        least = max(geo.SMALL_PX, min(px, geo.HEADING_PX if role == "heading" else px))
        size = px
        while True:
            font = self.font(size, bold)
            metrics = QFontMetricsF(font)
            if wrap:
                bound = metrics.boundingRect(rect, int(flags), text)
                fits = bound.height() <= rect.height() + 0.5 and bound.width() <= rect.width() + 0.5
            else:
                fits = metrics.horizontalAdvance(text) <= rect.width() + 0.5 \
                    and metrics.height() <= rect.height() + 2
            if fits or size <= least:
                break
            size = max(least, size - 2)
        shown = text
        if not fits:
            self.overflows.append(text)
            if not wrap:
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        # Drawn at the screen's own pixel size, not scaled from the design size: the
        # bundled font has no bold face, and its synthetic bold clogs when scaled.
        transform = painter.worldTransform()
        device_font = self.font(size * transform.m11(), bold)
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setFont(device_font)
        painter.setPen(colour)
        painter.drawText(transform.mapRect(rect), int(flags), shown)
        painter.restore()
        if self.record:
            self.drawn.append(Drawn(role, size, device_font.pixelSize(), text))

    def advance(self, text: str, px: float, bold: bool = False) -> float:
        return QFontMetricsF(self.font(px, bold)).horizontalAdvance(text)

    # ------------------------------------------------------------ common parts

    def _band(self, painter: QPainter, slide: Slide, right_room: float = 0) -> None:
        width = self.canvas.width
        painter.fillRect(QRectF(0, 0, width, geo.BAND), RED)
        painter.fillRect(QRectF(0, geo.BAND - 6, width, 6), GOLD)
        room = width - 2 * geo.MARGIN - right_room
        heading = slide.heading
        heading_width = min(self.advance(heading, geo.HEADING_PX, True) + 4, room)
        self.text(painter, QRectF(geo.MARGIN, 0, heading_width, geo.BAND - 6), heading, geo.HEADING_PX,
                  "heading", PAPER, LEFT, bold=True)
        if slide.subtitle:
            left = geo.MARGIN + heading_width + geo.GAP
            self.text(painter, QRectF(left, 8, max(room - heading_width - geo.GAP, 0), geo.BAND - 14),
                      slide.subtitle, geo.BODY_PX, "body", PAPER, LEFT)

    def _footer(self, painter: QPainter, slide: Slide, page: int, pages: int) -> None:
        width, top = self.canvas.width, self.canvas.height - geo.FOOTER
        painter.fillRect(QRectF(0, top, width, geo.FOOTER), FOOT)
        painter.fillRect(QRectF(0, top, width, 4), RED)
        page_text = f"{page} / {pages}"
        page_right = countdown_box(self.canvas).left() - geo.GAP
        page_width = self.advance(page_text, geo.SMALL_PX) + 8
        self.text(painter, QRectF(page_right - page_width, top + 4, page_width, geo.FOOTER - 4), page_text,
                  geo.SMALL_PX, "small", INK, RIGHT)
        self.text(painter, QRectF(geo.MARGIN, top + 4, page_right - page_width - geo.GAP - geo.MARGIN,
                                  geo.FOOTER - 4), slide.footer, geo.SMALL_PX, "small", INK, LEFT)

    def _tiles(self, painter: QPainter, slide: Slide, top: float, height: float, *, inline: bool) -> None:
        """Key figures in tiles across the content width (label above, or beside, the figure)."""
        count = len(slide.figures)
        if not count:
            return
        gap = geo.GAP
        width = (self.canvas.content_width - (count - 1) * gap) / count
        for n, figure in enumerate(slide.figures):
            left = geo.MARGIN + n * (width + gap)
            painter.fillRect(QRectF(left, top, width, height), TILE)
            painter.fillRect(QRectF(left, top, 8, height), RED)
            inner = QRectF(left + 28, top, width - 40, height)
            if inline:
                label_width = self.advance(figure.label, geo.SMALL_PX) + 16
                self.text(painter, QRectF(inner.left(), top, label_width, height), figure.label, geo.SMALL_PX,
                          "small", MUTED, LEFT)
                self._figure(painter, QRectF(inner.left() + label_width, top, inner.width() - label_width, height),
                             figure.value, figure.unit, geo.FIGURE_PX, RIGHT)
            else:
                self.text(painter, QRectF(inner.left(), top + 10, inner.width(), 44), figure.label,
                          geo.SMALL_PX, "small", MUTED, LEFT)
                self._figure(painter, QRectF(inner.left(), top + 54, inner.width(), height - 64),
                             figure.value, figure.unit, geo.FIGURE_PX, LEFT)

    def _figure(self, painter: QPainter, rect: QRectF, value: str, unit: str, px: float, align,
                colour: QColor = INK) -> None:
        """A big number with its unit after it, aligned as a whole.

        Regular weight: big enough without bold, and the bundled font's synthetic
        bold is dropped by Qt above 64 px, so a bold figure would look different
        on a 1024×768 projector and a 1920×1080 one."""
        unit_width = self.advance(unit, geo.BODY_PX) + 8 if unit else 0
        value_width = min(self.advance(value, px) + 4, rect.width() - unit_width)
        whole = value_width + unit_width
        if align == RIGHT:
            left = rect.right() - whole
        elif align == CENTER:
            left = rect.center().x() - whole / 2
        else:
            left = rect.left()
        self.text(painter, QRectF(left, rect.top(), value_width, rect.height()), value, px, "figure", colour, LEFT)
        if unit:
            # The unit sits on the figure's baseline.
            base = rect.center().y() + QFontMetricsF(self.font(px)).capHeight() / 2
            unit_metrics = QFontMetricsF(self.font(geo.BODY_PX))
            self.text(painter, QRectF(left + value_width + 8, base - unit_metrics.ascent(), unit_width,
                                      unit_metrics.height()), unit, geo.BODY_PX, "body", colour, LEFT)

    def _table(self, painter: QPainter, table: Table, left: float, top: float, row_height: float = geo.ROW) -> None:
        width = sum(column.width for column in table.columns)
        for block_index, block in enumerate(table.blocks):
            x0 = left + block_index * (width + 2 * geo.GAP)
            painter.fillRect(QRectF(x0, top, width, geo.TABLE_HEAD), BLUE)
            x = x0
            for column in table.columns:
                self.text(painter, QRectF(x + geo.CELL_PAD, top, column.width - 2 * geo.CELL_PAD, geo.TABLE_HEAD),
                          column.title, geo.BODY_PX, "body", PAPER, ALIGN[column.align], bold=True)
                x += column.width
            y = top + geo.TABLE_HEAD
            for n, row in enumerate(block):
                height = row.lines * row_height
                self._row(painter, table, row, QRectF(x0, y, width, height), n)
                y += height

    def _row(self, painter: QPainter, table: Table, row, rect: QRectF, n: int) -> None:
        if row.style == "group":
            painter.fillRect(rect, GROUP)
            self.text(painter, rect.adjusted(geo.CELL_PAD, 0, -geo.CELL_PAD, 0), row.cells[0], geo.BODY_PX,
                      "body", BLUE, LEFT, bold=True)
            return
        if row.style == "total":
            painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), 3), INK)
        elif n % 2:
            painter.fillRect(rect, ZEBRA)
        bold = row.style == "total"
        x = rect.left()
        for column, cell in zip(table.columns, row.cells):
            cell_rect = QRectF(x + geo.CELL_PAD, rect.top(), column.width - 2 * geo.CELL_PAD, rect.height())
            if column.title == "等次" and cell:
                self._chip(painter, cell_rect, cell, row.grade)
            else:
                self.text(painter, cell_rect, cell, geo.BODY_PX, "body", INK, ALIGN[column.align], bold=bold,
                          wrap=row.lines > 1)
            x += column.width

    def _chip(self, painter: QPainter, rect: QRectF, text: str, grade: str) -> None:
        chip = QRectF(rect.left(), rect.top() + 8, rect.width(), rect.height() - 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(GRADE_COLOURS.get(grade, GRADE_COLOURS[""]))
        painter.drawRoundedRect(chip, 8, 8)
        self.text(painter, chip, text, geo.BODY_PX, "body", PAPER, CENTER, bold=True)

    def _lines(self, painter: QPainter, lines, top: float, sizes, colour: QColor) -> float:
        for text, px in zip(lines, sizes):
            if text:
                height = px * 1.5
                role = "heading" if px >= geo.HEADING_PX else "body"
                self.text(painter, QRectF(geo.MARGIN, top, self.canvas.content_width, height), text, px, role,
                          colour, CENTER, bold=geo.HEADING_PX <= px < geo.TITLE_PX)
                top += height + 12
        return top



def countdown_box(canvas: geo.Canvas) -> QRectF:
    """Where the countdown shows (design units): the right end of the footer."""
    top = canvas.height - geo.FOOTER + 10
    return QRectF(canvas.width - geo.MARGIN // 2 - geo.COUNTDOWN_WIDTH, top, geo.COUNTDOWN_WIDTH, geo.FOOTER - 16)


def countdown_rect(width: int, height: int) -> QRectF:
    """The countdown's box in pixels of a ``width`` × ``height`` screen."""
    canvas = geo.canvas(width, height)
    box = countdown_box(canvas)
    return QRectF(QPointF(box.left() * canvas.scale, box.top() * canvas.scale),
                  QPointF(math.ceil(box.right() * canvas.scale), math.ceil(box.bottom() * canvas.scale)))


def paint_blank(painter: QPainter, width: int, height: int) -> None:
    painter.fillRect(QRectF(0, 0, width, height), BLACK)


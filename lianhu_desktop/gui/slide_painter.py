"""Drawing the appraisal meeting's slides with QPainter (for the projector and PNG files).

A slide is drawn in the design units of ``domain.slide_layout`` under a
scaling transform, so the same layout (and the same line breaks) appears on
a 1920×1080 projector, a 1024×768 one and a thumbnail, in proportion. The
colours, fonts and common parts (heading band, footer, tiles, tables) are in
``slide_parts``; here is one method per kind of slide.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain.slides import Bar, Slide
from lianhu_desktop.gui.slide_parts import (BLUE, CENTER, COUNTDOWN_COLOURS, GOLD, GRADE_COLOURS, INK, LEFT, MUTED,
                                            PAPER, RED, SlideParts, countdown_box)


class SlidePainter(SlideParts):
    """Draws whole slides (and the countdown over them)."""

    # ------------------------------------------------------------ entry points

    def image(self, slide: Slide, page: int, pages: int, width: int, height: int,
              countdown: tuple[str, str] | None = None) -> QImage:
        """``slide`` as a ``width`` × ``height`` image (PNG files, tests)."""
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        self.paint(painter, slide, page, pages, width, height, countdown)
        painter.end()
        return image

    def pixmap(self, slide: Slide, page: int, pages: int, width: int, height: int, dpr: float = 1.0) -> QPixmap:
        """``slide`` drawn once for a screen of ``width`` × ``height`` logical pixels."""
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        painter = QPainter(pixmap)
        self.paint(painter, slide, page, pages, width, height)
        painter.end()
        return pixmap

    def paint(self, painter: QPainter, slide: Slide, page: int, pages: int, width: int, height: int,
              countdown: tuple[str, str] | None = None, canvas: geo.Canvas | None = None) -> None:
        """Draw ``slide`` (page ``page`` of ``pages``) filling ``width`` × ``height``.

        ``canvas``: the layout's canvas when drawing smaller than the screen it was
        laid out for (the presenter's thumbnails)."""
        if canvas is None:
            canvas = geo.canvas(width, height)
        else:
            canvas = replace(canvas, scale=min(width / canvas.width, height / canvas.height))
        painter.save()
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(0, 0, width, height), PAPER)
        painter.scale(canvas.scale, canvas.scale)
        self.canvas = canvas
        getattr(self, f"_{slide.kind}")(painter, slide)
        self._footer(painter, slide, page, pages)
        painter.restore()
        if countdown is not None:
            self.paint_countdown(painter, width, height, *countdown)

    def paint_countdown(self, painter: QPainter, width: int, height: int, text: str, state: str) -> None:
        """The discussion countdown in its box at the right of the footer."""
        canvas = geo.canvas(width, height)
        painter.save()
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(canvas.scale, canvas.scale)
        self.canvas = canvas
        back, fore = COUNTDOWN_COLOURS.get(state, COUNTDOWN_COLOURS["normal"])
        box = countdown_box(canvas)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(back)
        painter.drawRoundedRect(box, 10, 10)
        self.text(painter, box, text, geo.HEADING_PX, "heading", fore, CENTER, bold=True)
        painter.restore()

    # ------------------------------------------------------------ the kinds

    def _opening(self, painter: QPainter, slide: Slide) -> None:
        canvas = self.canvas
        painter.fillRect(QRectF(0, 0, canvas.width, canvas.height - geo.FOOTER), RED)
        free = canvas.height - geo.FOOTER
        sizes = (geo.TITLE_PX, geo.HEADING_PX, geo.BODY_PX)
        tile_width, tile_height, gap, between = 420, 220, 56, 120
        # The lines and the tiles as one group, in the middle of the red.
        group = sum(px * 1.5 + 12 for text, px in zip(slide.lines, sizes) if text) + between + tile_height
        top = self._lines(painter, slide.lines, max((free - group) / 2, geo.GAP), sizes, PAPER)
        painter.fillRect(QRectF(canvas.width / 2 - 160, top + 12, 320, 6), GOLD)
        count = len(slide.figures)
        left = (canvas.width - count * tile_width - (count - 1) * gap) / 2
        tile_top = top + between
        for n, figure in enumerate(slide.figures):
            box = QRectF(left + n * (tile_width + gap), tile_top, tile_width, tile_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PAPER)
            painter.drawRoundedRect(box, 16, 16)
            self.text(painter, QRectF(box.left(), box.top() + 16, box.width(), 56), figure.label, geo.BODY_PX,
                      "body", INK, CENTER)
            self._figure(painter, QRectF(box.left() + 16, box.top() + 76, box.width() - 32, box.height() - 96),
                         figure.value, figure.unit, geo.TITLE_PX, CENTER, RED)

    def _end(self, painter: QPainter, slide: Slide) -> None:
        canvas = self.canvas
        painter.fillRect(QRectF(0, 0, canvas.width, canvas.height - geo.FOOTER), RED)
        group = geo.HEADING_PX * 1.5 + geo.TITLE_PX * 1.5 + 24 + 72 + geo.BODY_PX * 1.5
        top = ((canvas.height - geo.FOOTER) - group) / 2
        top = self._lines(painter, slide.lines[:2], top, (geo.HEADING_PX, geo.TITLE_PX), PAPER)
        painter.fillRect(QRectF(canvas.width / 2 - 160, top + 20, 320, 6), GOLD)
        self._lines(painter, slide.lines[2:], top + 72, (geo.BODY_PX,), PAPER)

    def _member(self, painter: QPainter, slide: Slide) -> None:
        canvas = self.canvas
        score_label, grade_width = "总分", max(self.advance(slide.grade, geo.HEADING_PX, True) + 56, 200)
        score_width = self.advance(slide.score, geo.HEADING_PX, True) + 8
        label_width = self.advance(score_label, geo.BODY_PX) + 16
        right = label_width + score_width + geo.GAP + grade_width
        self._band(painter, slide, right + geo.GAP)
        x = canvas.width - geo.MARGIN - right
        self.text(painter, QRectF(x, 8, label_width, geo.BAND - 14), score_label, geo.BODY_PX, "body", PAPER, LEFT)
        self.text(painter, QRectF(x + label_width, 0, score_width, geo.BAND - 6), slide.score, geo.HEADING_PX,
                  "heading", PAPER, LEFT, bold=True)
        badge = QRectF(canvas.width - geo.MARGIN - grade_width, 22, grade_width, geo.BAND - 50)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PAPER)
        painter.drawRoundedRect(badge, 12, 12)
        self.text(painter, badge, slide.grade, geo.HEADING_PX, "heading",
                  GRADE_COLOURS.get(slide.grade, GRADE_COLOURS[""]), CENTER, bold=True)
        top = canvas.content_top
        if slide.figures:
            self._tiles(painter, slide, top, geo.TILES, inline=False)
            top += geo.TILES + geo.GAP
        if slide.table is not None:
            # A taller screen (4:3) gives a short scheme's rows more air, not bigger text.
            room = canvas.height - geo.FOOTER - geo.GAP - top - geo.TABLE_HEAD
            lines = max(slide.table.lines(0), 1)
            row_height = min(max(geo.ROW, room / lines), geo.ROW * 1.4)
            self._table(painter, slide.table, geo.MARGIN, top, row_height)
        if slide.bars:
            table_width = sum(c.width for c in slide.table.columns) if slide.table else 0
            left = geo.MARGIN + table_width + 2 * geo.GAP
            self._ballot_panel(painter, slide, QRectF(left, top, canvas.width - geo.MARGIN - left,
                                                      canvas.height - geo.FOOTER - geo.GAP - top))

    def _ballot_panel(self, painter: QPainter, slide: Slide, rect: QRectF) -> None:
        painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), geo.TABLE_HEAD), BLUE)
        self.text(painter, QRectF(rect.left() + geo.CELL_PAD, rect.top(), rect.width() - 2 * geo.CELL_PAD,
                                  geo.TABLE_HEAD), slide.bars_title, geo.BODY_PX, "body", PAPER, LEFT, bold=True)
        total = sum(bar.value for bar in slide.bars)
        top = rect.top() + geo.TABLE_HEAD + 20
        if not total:
            self.text(painter, QRectF(rect.left(), top, rect.width(), geo.ROW * 2), "测评票尚未录入",
                      geo.BODY_PX, "body", MUTED, CENTER)
            return
        label_width = max(self.advance(bar.label, geo.BODY_PX) for bar in slide.bars) + 24
        text_width = max(self.advance(bar.text, geo.BODY_PX, True) for bar in slide.bars) + 16
        track = rect.width() - label_width - text_width - 16
        peak = max(bar.value for bar in slide.bars) or 1
        step = min(96.0, (rect.bottom() - top) / len(slide.bars))
        for bar in slide.bars:
            self.text(painter, QRectF(rect.left(), top, label_width, step), bar.label, geo.BODY_PX, "body", INK,
                      LEFT)
            bar_rect = QRectF(rect.left() + label_width, top + step * 0.2, max(track * bar.value / peak, 6),
                              step * 0.6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(GRADE_COLOURS.get(bar.grade, GRADE_COLOURS[""]))
            painter.drawRoundedRect(bar_rect, 6, 6)
            self.text(painter, QRectF(bar_rect.right() + 12, top, text_width, step), bar.text, geo.BODY_PX, "body",
                      INK, LEFT, bold=True)
            top += step

    def _tally(self, painter: QPainter, slide: Slide) -> None:
        self._band(painter, slide)
        top = self.canvas.content_top
        self._tiles(painter, slide, top, geo.STRIP, inline=True)
        if slide.table is not None:
            self._table(painter, slide.table, geo.MARGIN, top + geo.STRIP + geo.GAP)

    def _ranking(self, painter: QPainter, slide: Slide) -> None:
        self._band(painter, slide)
        if slide.table is not None:
            self._table(painter, slide.table, geo.MARGIN, self.canvas.content_top)
        else:
            self._lines(painter, slide.lines, self.canvas.height * 0.4, (geo.HEADING_PX,), INK)

    def _distribution(self, painter: QPainter, slide: Slide) -> None:
        canvas = self.canvas
        self._band(painter, slide)
        top = canvas.content_top
        table_width = sum(c.width for c in slide.table.columns) if slide.table else 0
        chart = QRectF(geo.MARGIN, top, canvas.content_width - table_width - 2 * geo.GAP, canvas.content_height)
        self._column_chart(painter, slide.bars, chart)
        if slide.table is not None:
            left = canvas.width - geo.MARGIN - table_width
            self._table(painter, slide.table, left, top)
            below = top + geo.TABLE_HEAD + slide.table.lines(0) * geo.ROW + geo.GAP
            if slide.lines:
                self.text(painter, QRectF(left, below, table_width, geo.ROW), "等次分数线", geo.BODY_PX, "body",
                          BLUE, LEFT, bold=True)
            for n, line in enumerate(slide.lines, 1):
                self.text(painter, QRectF(left + geo.CELL_PAD, below + n * geo.ROW, table_width - geo.CELL_PAD,
                                          geo.ROW), line, geo.BODY_PX, "body", INK, LEFT)

    def _column_chart(self, painter: QPainter, bars: tuple[Bar, ...], rect: QRectF) -> None:
        """Vertical bars: the count and share above each, the grade below."""
        if not bars:
            return
        slot = rect.width() / len(bars)
        label_height = geo.ROW
        above = 2 * geo.ROW
        base = rect.bottom() - label_height
        room = base - rect.top() - above
        peak = max(bar.value for bar in bars) or 1
        painter.fillRect(QRectF(rect.left(), base, rect.width(), 3), INK)
        for n, bar in enumerate(bars):
            x = rect.left() + n * slot
            height = room * bar.value / peak
            column = QRectF(x + slot * 0.2, base - height, slot * 0.6, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(GRADE_COLOURS.get(bar.grade, GRADE_COLOURS[""]))
            painter.drawRect(column)
            self.text(painter, QRectF(x, column.top() - above, slot, geo.ROW), bar.text, geo.BODY_PX, "body", INK,
                      CENTER, bold=True)
            self.text(painter, QRectF(x, column.top() - geo.ROW, slot, geo.ROW), bar.note, geo.SMALL_PX,
                      "small", MUTED, CENTER)
            self.text(painter, QRectF(x, base + 4, slot, label_height), bar.label, geo.BODY_PX, "body", INK,
                      CENTER, bold=True)


"""Small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

``BarChart``: labelled horizontal bars, the value written after each bar.
``DonutChart``: shares of a whole, the total in the middle, a legend beside.
Both draw with the widget's font (the bundled CJK font), so Chinese labels
never fall back to boxes, and size themselves from their data.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# A calm palette that prints well in grey too; the first is the party red.
PALETTE = ("#b3261e", "#e08a2c", "#3f7fbf", "#4e9a5b", "#8e5ea2", "#c9a227", "#5b6b7a",
           "#d4607a", "#2f9e9e", "#9c6b3c")
TEXT = QColor("#202830")
MUTED = QColor("#6a7480")
TRACK = QColor("#eef0f3")


class BarChart(QWidget):
    """Horizontal bars: one row per (label, value, text)."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None, *, color: str = PALETTE[0]):
        super().__init__(parent)
        self.items: list[tuple[str, float, str]] = []
        self.maximum: float | None = None
        self.color = QColor(color)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items, *, maximum: float | None = None) -> None:
        """``items``: (label, value, shown text); ``maximum`` fixes the scale (100 for %)."""
        self.items = [(str(label), float(value), str(text)) for label, value, text in items]
        self.maximum = maximum
        self.updateGeometry()
        self.update()

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(label) for label, _, _ in self.items), default=0)
        return min(widest + 12, 180)

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.items)) * self.ROW + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        if not self.items:
            painter.setPen(MUTED)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        label_w = self._label_width()
        text_w = max(metrics.horizontalAdvance(text) for _, _, text in self.items) + 10
        bar_room = max(self.width() - label_w - text_w - 8, 20)
        top = 4
        scale = self.maximum or max(value for _, value, _ in self.items) or 1
        for label, value, text in self.items:
            row = QRectF(0, top, self.width(), self.ROW)
            painter.setPen(TEXT)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - 8)
            painter.drawText(QRectF(0, top, label_w - 8, self.ROW),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            bar_h = self.ROW - 10
            bar_top = row.center().y() - bar_h / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(QRectF(label_w, bar_top, bar_room, bar_h), 3, 3)
            length = bar_room * max(0.0, min(value / scale, 1.0))
            if length > 0:
                painter.setBrush(self.color)
                painter.drawRoundedRect(QRectF(label_w, bar_top, max(length, 3), bar_h), 3, 3)
            painter.setPen(TEXT)
            painter.drawText(QRectF(label_w + bar_room + 6, top, text_w, self.ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            top += self.ROW
        painter.end()


class DonutChart(QWidget):
    """Shares of a whole: a ring of coloured arcs, the total inside, a legend on the right."""

    def __init__(self, parent: QWidget | None = None, *, unit: str = "人"):
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []
        self.unit = unit
        self.colors = PALETTE
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items, *, colors=None) -> None:
        self.items = [(str(label), int(value)) for label, value in items]
        if colors:
            self.colors = tuple(colors)
        self.updateGeometry()
        self.update()

    def total(self) -> int:
        return sum(value for _, value in self.items)

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height() + 8
        return QSize(380, max(150, len(self.items) * line + 20))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def legend_lines(self) -> list[str]:
        total = self.total()
        lines = []
        for label, value in self.items:
            share = f"{value * 100 / total:.1f}%" if total else "0.0%"
            lines.append(f"{label}　{value} {self.unit}（{share}）")
        return lines

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        side = min(self.height() - 12, 150)
        ring = QRectF(8, (self.height() - side) / 2, side, side)
        thickness = side * 0.22
        inner = ring.adjusted(thickness / 2, thickness / 2, -thickness / 2, -thickness / 2)
        total = self.total()
        pen = QPen()
        pen.setWidthF(thickness)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if not total:
            pen.setColor(TRACK)
            painter.setPen(pen)
            painter.drawArc(inner, 0, 360 * 16)
        start = 90 * 16
        for index, (_, value) in enumerate(self.items):
            span = round(-360 * 16 * value / total) if total else 0
            if span:
                pen.setColor(QColor(self.colors[index % len(self.colors)]))
                painter.setPen(pen)
                painter.drawArc(inner, start, span)
            start += span
        painter.setPen(TEXT)
        font = painter.font()
        big = QFontMetrics(font)
        bold = painter.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.5)
        painter.setFont(bold)
        half = QFontMetrics(bold).height()
        painter.drawText(QRectF(inner.left(), inner.center().y() - half, inner.width(), half),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(total))
        painter.setFont(font)
        painter.setPen(MUTED)
        painter.drawText(QRectF(inner.left(), inner.center().y(), inner.width(), big.height() + 2),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.unit)
        # Legend.
        x = ring.right() + 18
        line = metrics.height() + 8
        top = (self.height() - line * len(self.items)) / 2
        for index, text in enumerate(self.legend_lines()):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colors[index % len(self.colors)]))
            swatch = big.height() * 0.7
            painter.drawRoundedRect(QRectF(x, top + (line - swatch) / 2, swatch, swatch), 2, 2)
            painter.setPen(TEXT)
            room = max(self.width() - x - swatch - 8, 40)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(room))
            painter.drawText(QRectF(x + swatch + 6, top, room, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            top += line
        painter.end()

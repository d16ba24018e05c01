"""The map board's canvas: each grid a panel, each household a tile in its member's colour.

The canvas paints only what is in view: panel rectangles are laid out once
per board (and per width), and the tiles of a panel sit on a fixed lattice,
so the visible rows of a panel are computed, not searched. A township's
50,000 tiles cost nothing until they scroll into view.

Tiles: door number, head of household and the linking member's name on the
member's colour (``linkboard.PALETTE``, stable per member); unlinked tiles
are hatched red with a dashed outline and say 未联户, so they are told apart
without seeing colour; households not visited this month carry an amber
corner. A click selects, a double click or Enter opens the household; a
tile dragged carries its household id (``MIME``) to the legend
(``linkboard_view``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, Qt
from PySide6.QtGui import (
    QBrush, QColor, QDrag, QFont, QFontMetrics, QIcon, QPainter, QPen, QPixmap, QPolygon, QStaticText,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from lianhu_desktop.domain.linkboard import PALETTE, UNLINKED_COLOUR, Board, GridGroup, HouseholdRow

MIME = "application/x-lianhu-household"
OVERDUE_COLOUR = "#F59E0B"
UNLINKED_FILL = "#FFF1F0"
UNLINKED_EDGE = "#8B0000"
UNLINKED_HATCH = "#EF8A87"
UNLINKED_TEXT = "未联户"
MIN_COLUMNS, MAX_COLUMNS = 5, 12  # tiles across a panel, fitted to the width
GAP = 4
PAD = 8
MARGIN = 10


def household_mime(household_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(MIME, QByteArray(str(household_id).encode("ascii")))
    return data


def mime_household(data: QMimeData) -> int | None:
    if not data.hasFormat(MIME):
        return None
    try:
        return int(bytes(data.data(MIME)).decode("ascii"))
    except ValueError:
        return None


_SWATCHES: dict[tuple[str, int], QIcon] = {}


def swatch(colour: str, size: int = 14) -> QIcon:
    """A small square of ``colour`` (cached: a township legend has 2,000 entries)."""
    icon = _SWATCHES.get((colour, size))
    if icon is None:
        icon = _SWATCHES[(colour, size)] = _make_swatch(colour, size)
    return icon


def _make_swatch(colour: str, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    if colour == UNLINKED_COLOUR:
        pixmap.fill(QColor(UNLINKED_FILL))
        painter = QPainter(pixmap)
        paint_unlinked(painter, QRect(0, 0, size, size))
    else:
        pixmap.fill(QColor(colour))
        painter = QPainter(pixmap)
        painter.setPen(QColor("#666666"))
        painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


def unlinked_swatch(size: int = 14) -> QPixmap:
    """The unlinked pattern as a pixmap (for the board's key)."""
    return swatch(UNLINKED_COLOUR, size).pixmap(size, size)


def paint_unlinked(painter: QPainter, rect: QRect, *, outline: bool = True) -> None:
    """Pale ground, red diagonal hatch and a dashed dark-red outline: 未联户."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(UNLINKED_FILL))
    painter.drawRect(rect)
    # Lighter than the outline, so the names on the tile stay legible.
    hatch = QBrush(QColor(UNLINKED_HATCH), Qt.BrushStyle.BDiagPattern)
    painter.setBrush(hatch)
    painter.drawRect(rect)
    if outline:
        pen = QPen(QColor(UNLINKED_EDGE), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


COMPOUND_SURNAMES = frozenset((
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 公孙 夏侯 尉迟 长孙 万俟 西门 端木 南宫 宇文 澹台 "
    "独孤 轩辕 司徒 申屠 呼延 闻人 东郭 百里 太史 钟离").split())


def member_short_name(name: str, metrics: QFontMetrics, width: int) -> str:
    """``name`` when it fits ``width``, else surname + initial (欧阳建国 → 欧阳J.)."""
    if not name or metrics.horizontalAdvance(name) <= width:
        return name
    from lianhu_desktop.pinyin import keys

    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[:1]
    rest = name[len(surname):]
    initials = keys(rest)[1][:1].upper() if rest else ""
    short = f"{surname}{initials}." if initials else surname
    return metrics.elidedText(short, Qt.TextElideMode.ElideRight, width)


@dataclass
class Panel:
    grid: GridGroup
    rect: QRect
    title: str


class BoardCanvas(QAbstractScrollArea):
    """The painted board. Callbacks: ``on_open(household_id)``,
    ``on_context(household_id, global_pos)``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("boardCanvas")
        self.board: Board | None = None
        self.show_village = False
        self.member_names: dict[int, str] = {}
        self.panels: list[Panel] = []
        self.order: list[tuple[int, int]] = []  # (panel, tile) in reading order
        self.current: tuple[int, int] | None = None
        self.on_open: Callable[[int], None] | None = None
        self.on_context: Callable[[int, QPoint], None] | None = None
        self._press: tuple[QPoint, tuple[int, int]] | None = None
        self._content_height = 0
        self._laid_width = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.viewport().setBackgroundRole(self.viewport().backgroundRole())
        self._colours = [QColor(c) for c in PALETTE]
        self._overdue = QColor(OVERDUE_COLOUR)
        self._panel_pen, self._tile_pen = QPen(QColor("#B0B7C3")), QPen(QColor("#8A8F98"))
        self._current_pen = QPen(QColor("#1F4E99"), 3)
        self._dark, self._light = QColor("#1A1A1A"), QColor("#FFFFFF")
        self._door_texts: dict[str, QStaticText] = {}
        self._name_texts: dict[str, QStaticText] = {}
        self._member_texts: dict[str, QStaticText] = {}
        self._measure()

    # ------------------------------------------------------------ layout

    def _measure(self) -> None:
        metrics = self.fontMetrics()
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        self.tile_w = max(84, metrics.horizontalAdvance("欧阳建国") + 16)
        small = QFontMetrics(self._small)
        # Door number, head of household, linking member: three lines.
        self.tile_h = metrics.height() + small.height() * 2 + 8
        self.header_h = metrics.height() + 12
        self.columns = 6
        self.panel_w = self._panel_width(self.columns)

    def _panel_width(self, columns: int) -> int:
        return columns * self.tile_w + (columns - 1) * GAP + 2 * PAD

    def _fit_columns(self, width: int) -> None:
        """As many panels across as fit with at least MIN_COLUMNS tiles each, filling the width."""
        usable = width - MARGIN
        per_row = max(1, usable // (self._panel_width(MIN_COLUMNS) + MARGIN))
        if self.board is not None:
            per_row = min(per_row, max(1, len(self.board.grids)))
        space = usable // per_row - MARGIN - 2 * PAD + GAP
        self.columns = min(MAX_COLUMNS, max(MIN_COLUMNS, space // (self.tile_w + GAP)))
        self.panel_w = self._panel_width(self.columns)

    def set_board(self, board: Board | None, *, show_village: bool = False) -> None:
        self.board = board
        self.show_village = show_village
        self.member_names = {} if board is None else {e.member_id: e.name for e in board.legend}
        self.current = None
        self._laid_width = -1
        self._layout()
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def _layout(self) -> None:
        width = self.viewport().width()
        self._laid_width = width
        self.panels, self.order = [], []
        if self.board is None:
            self._content_height = 0
            self._update_scrollbars()
            return
        self._fit_columns(width)
        per_row = max(1, (width - MARGIN) // (self.panel_w + MARGIN))
        x = y = MARGIN
        row_height = 0
        column = 0
        for grid in self.board.grids:
            rows = max(1, -(-len(grid.tiles) // self.columns))
            height = self.header_h + PAD + rows * self.tile_h + (rows - 1) * GAP + PAD
            if column == per_row:
                x, y, column = MARGIN, y + row_height + MARGIN, 0
                row_height = 0
            unlinked = len(grid.unlinked)
            name = f"{grid.village_name} · {grid.name}" if self.show_village else grid.name
            title = f"{name}　{len(grid.tiles)} 户" + (f"，未联 {unlinked} 户" if unlinked else "")
            self.panels.append(Panel(grid, QRect(x, y, self.panel_w, height), title))
            x += self.panel_w + MARGIN
            column += 1
            row_height = max(row_height, height)
        self._content_height = y + row_height + MARGIN
        self.order = [(p, t) for p, panel in enumerate(self.panels) for t in range(len(panel.grid.tiles))]
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        bar = self.verticalScrollBar()
        bar.setPageStep(self.viewport().height())
        bar.setSingleStep(self.tile_h + GAP)
        bar.setRange(0, max(0, self._content_height - self.viewport().height()))

    def content_height(self) -> int:
        return self._content_height

    def tile_rect(self, panel: int, index: int) -> QRect:
        """Where tile ``index`` of ``panel`` is, in content coordinates."""
        rect = self.panels[panel].rect
        row, column = divmod(index, self.columns)
        return QRect(rect.x() + PAD + column * (self.tile_w + GAP),
                     rect.y() + self.header_h + PAD + row * (self.tile_h + GAP), self.tile_w, self.tile_h)

    def tile_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(panel, tile) under a viewport position."""
        point = QPoint(pos.x(), pos.y() + self.verticalScrollBar().value())
        for p, panel in enumerate(self.panels):
            if not panel.rect.contains(point):
                continue
            x = point.x() - panel.rect.x() - PAD
            y = point.y() - panel.rect.y() - self.header_h - PAD
            if x < 0 or y < 0:
                return None
            column, row = x // (self.tile_w + GAP), y // (self.tile_h + GAP)
            if column >= self.columns or x % (self.tile_w + GAP) >= self.tile_w \
                    or y % (self.tile_h + GAP) >= self.tile_h:
                return None
            index = row * self.columns + column
            return (p, index) if index < len(panel.grid.tiles) else None
        return None

    def household(self, key: tuple[int, int] | None) -> HouseholdRow | None:
        return None if key is None else self.panels[key[0]].grid.tiles[key[1]]

    def current_household_id(self) -> int | None:
        row = self.household(self.current)
        return None if row is None else row.household_id

    def select_household(self, household_id: int) -> bool:
        for p, panel in enumerate(self.panels):
            for t, row in enumerate(panel.grid.tiles):
                if row.household_id == household_id:
                    self._set_current((p, t))
                    return True
        return False

    def _set_current(self, key: tuple[int, int] | None) -> None:
        self.current = key
        if key is not None:
            rect = self.tile_rect(*key)
            bar = self.verticalScrollBar()
            if rect.top() < bar.value():
                bar.setValue(rect.top() - self.header_h - PAD)
            elif rect.bottom() > bar.value() + self.viewport().height():
                bar.setValue(rect.bottom() - self.viewport().height() + PAD)
        self.viewport().update()

    # ------------------------------------------------------------ painting

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        offset = self.verticalScrollBar().value()
        visible = event.rect().translated(0, offset)
        painter.translate(0, -offset)
        palette = self.palette()
        shown: list[tuple[QRect, HouseholdRow, bool]] = []
        for p, panel in enumerate(self.panels):
            rect = panel.rect
            if not rect.intersects(visible):
                continue
            painter.setPen(self._panel_pen)
            painter.setBrush(palette.base())
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 4, 4)
            painter.setFont(self._bold)
            painter.setPen(palette.text().color())
            painter.drawText(QRect(rect.x() + PAD, rect.y(), rect.width() - 2 * PAD, self.header_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, panel.title)
            tiles = panel.grid.tiles
            step = self.tile_h + GAP
            top = rect.y() + self.header_h + PAD
            first = max(0, (visible.top() - top) // step)
            last = max(0, (visible.bottom() - top) // step)
            for index in range(first * self.columns, min(len(tiles), (last + 1) * self.columns)):
                shown.append((self.tile_rect(p, index), tiles[index], (p, index) == self.current))
        # In passes, so the painter changes font and pen a few times, not per tile;
        # texts are cached QStaticText (laid out once, drawn fast).
        for rect, row, current in shown:
            self._paint_box(painter, rect, row, current)
        small_height = QFontMetrics(self._small).height()
        passes = (
            (self._small, self._door_texts, lambda r: r.door_number or "—", lambda rect: rect.top() + 3),
            (self.font(), self._name_texts, self._name, lambda rect: rect.top() + 3 + small_height),
            (self._small, self._member_texts, self._member_name,
             lambda rect: rect.bottom() - 3 - small_height),
        )
        for font, cache, texts, top in passes:
            painter.setFont(font)
            for rect, row, _current in shown:
                painter.setPen(self._dark if row.member_id is not None or cache is not self._member_texts
                               else QColor(UNLINKED_EDGE))
                text = texts(row)
                static = cache.get(text)
                if static is None:
                    static = cache[text] = QStaticText(text)
                    static.prepare(painter.transform(), font)
                painter.drawStaticText(rect.left() + 4, top(rect), static)
        # The current tile's frame last, over its neighbours' edges.
        for rect, _row, current in shown:
            if current:
                painter.setPen(self._current_pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def _name(self, row: HouseholdRow) -> str:
        if len(row.head_name) <= 4:  # a tile is four characters wide
            return row.head_name
        return self.fontMetrics().elidedText(row.head_name, Qt.TextElideMode.ElideRight, self.tile_w - 8)

    def _member_name(self, row: HouseholdRow) -> str:
        """The linking member's name (surname + initial when it does not fit), or 未联户."""
        if row.member_id is None:
            return UNLINKED_TEXT
        return member_short_name(self.member_names.get(row.member_id, ""),
                                 QFontMetrics(self._small), self.tile_w - 8)

    def _paint_box(self, painter, rect, row: HouseholdRow, current: bool) -> None:
        if row.member_id is None:
            paint_unlinked(painter, rect.adjusted(0, 0, -1, -1))
        else:
            painter.setPen(self._tile_pen)
            painter.setBrush(self._colours[(row.colour or 0) % len(self._colours)])
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if row.overdue:
            corner = 12
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._overdue)
            painter.drawPolygon(QPolygon([QPoint(rect.right() - corner, rect.top()),
                                          QPoint(rect.right(), rect.top()),
                                          QPoint(rect.right(), rect.top() + corner)]))

    # ------------------------------------------------------------ events

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_width:
            self._layout()
        else:
            self._update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().scroll(dx, dy)

    def tooltip_text(self, row: HouseholdRow) -> str:
        member = self.member_names.get(row.member_id, "") if row.member_id else ""
        lines = [row.full_label, f"联户党员：{member}" if member else "未联户"]
        if row.phone:
            lines.append(f"电话：{row.phone}")
        if row.tags:
            lines.append("类别：" + "、".join(row.tags))
        lines.append(f"最近走访：{row.last_visit}" if row.last_visit else "还没有走访记录")
        if row.overdue:
            lines.append("本月尚未走访")
        return "\n".join(lines)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            row = self.household(self.tile_at(self.viewport().mapFromGlobal(event.globalPos())))
            if row is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_text(row), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        key = self.tile_at(event.position().toPoint())
        if key is not None:
            self._set_current(key)
            if event.button() == Qt.MouseButton.LeftButton:
                self._press = (event.position().toPoint(), key)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._press is not None and (event.buttons() & Qt.MouseButton.LeftButton):
            start, key = self._press
            if (event.position().toPoint() - start).manhattanLength() >= QApplication.startDragDistance():
                self._press = None
                row = self.household(key)
                drag = QDrag(self)
                drag.setMimeData(household_mime(row.household_id))
                drag.setPixmap(self.viewport().grab(self.tile_rect(*key).translated(
                    0, -self.verticalScrollBar().value())))
                drag.exec(Qt.DropAction.MoveAction)
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        key = self.tile_at(event.position().toPoint())
        if key is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press = None
            self._set_current(key)
            if self.on_open is not None:
                self.on_open(self.household(key).household_id)
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        key = self.tile_at(event.pos()) if event.reason() == event.Reason.Mouse else self.current
        if key is not None and self.on_context is not None:
            self._set_current(key)
            pos = event.globalPos() if event.reason() == event.Reason.Mouse else \
                self.viewport().mapToGlobal(self.tile_rect(*key).center()
                                            - QPoint(0, self.verticalScrollBar().value()))
            self.on_context(self.household(key).household_id, pos)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if not self.order:
            return super().keyPressEvent(event)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current is not None:
            if self.on_open is not None:
                self.on_open(self.household(self.current).household_id)
            return
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1,
                 Qt.Key.Key_Down: self.columns, Qt.Key.Key_Up: -self.columns}
        if key in steps:
            at = self.order.index(self.current) if self.current in self.order else -1
            target = min(max(at + steps[key], 0), len(self.order) - 1)
            self._set_current(self.order[target])
            return
        if key == Qt.Key.Key_Home:
            self._set_current(self.order[0])
            return
        super().keyPressEvent(event)

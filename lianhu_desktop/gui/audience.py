"""The audience window of the appraisal meeting: one slide, full screen, on the projector.

It only shows: slides come pre-drawn from a ``SlideCache`` (the current one
and its neighbours are drawn at the screen's size before they are needed),
so a slide change is one blit. The countdown is painted over the slide in
its own box; B blanks the screen to black. Keys are handed to the presenter
(``PresenterWindow.handle_key``), the same keys as on the presenter window.
No scroll bars, no widgets: a paint event and a pixmap.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPixmap, QScreen
from PySide6.QtWidgets import QWidget

from lianhu_desktop.domain.slides import Deck
from lianhu_desktop.gui.slide_painter import SlidePainter
from lianhu_desktop.gui.slide_parts import countdown_rect, paint_blank

K = Qt.Key
NEXT_KEYS = frozenset({K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_Return, K.Key_Enter})
PREVIOUS_KEYS = frozenset({K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace})
# Clickers send B or "." for their blank-screen button, F5 / Esc for their show button.
BLANK_KEYS = frozenset({K.Key_B, K.Key_Period})


class SlideCache:
    """Slides drawn at a screen's size, the last few kept (a change back and forth is a blit too).

    Keyed by the slide's value, its page number and the size: a rebuild that
    leaves a slide as it was (a ballot entered changes only the tally) keeps
    its pixmap.
    """

    def __init__(self, painter: SlidePainter, keep: int = 8):
        self.painter = painter
        self.keep = keep
        self._pixmaps: OrderedDict[tuple, QPixmap] = OrderedDict()
        self.drawn = 0  # how many were drawn (not found)

    def _key(self, deck: Deck, index: int, size: QSize, dpr: float) -> tuple:
        return deck.slides[index], index, len(deck), size.width(), size.height(), dpr

    def has(self, deck: Deck, index: int, size: QSize, dpr: float) -> bool:
        return self._key(deck, index, size, dpr) in self._pixmaps

    def get(self, deck: Deck, index: int, size: QSize, dpr: float) -> QPixmap:
        key = self._key(deck, index, size, dpr)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self.painter.pixmap(deck.slides[index], index + 1, len(deck), size.width(), size.height(), dpr)
            self.drawn += 1
            self._pixmaps[key] = pixmap
            while len(self._pixmaps) > self.keep:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        return pixmap

    def clear(self) -> None:
        self._pixmaps.clear()


class AudienceWindow(QWidget):
    """Frameless, full screen on the screen the clerk picked."""

    def __init__(self, presenter):
        super().__init__(presenter, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.presenter = presenter
        self.setObjectName("audienceWindow")
        self.setWindowTitle("民主评议大会（投影）")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.pixmap: QPixmap | None = None
        self.blank = False
        self.countdown: tuple[str, str] | None = None  # (text, state) while the countdown is shown

    def show_on(self, screen: QScreen) -> None:
        """Go full screen on ``screen``."""
        if self.windowHandle() is None:
            self.winId()  # a native window, so that it can be put on a screen before it shows
        self.windowHandle().setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        if self.isVisible():
            self.repaint()  # now, not later: the change is what the hall is waiting for

    def set_blank(self, blank: bool) -> None:
        self.blank = blank
        if self.isVisible():
            self.repaint()

    def set_countdown(self, countdown: tuple[str, str] | None) -> None:
        if countdown == self.countdown:
            return
        self.countdown = countdown
        if self.isVisible():
            self.update(countdown_rect(self.width(), self.height()).toAlignedRect().adjusted(-2, -2, 2, 2))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        if self.blank or self.pixmap is None:
            paint_blank(painter, self.width(), self.height())
        else:
            painter.drawPixmap(QRect(0, 0, self.width(), self.height()), self.pixmap)
        if self.countdown is not None:
            self.presenter.painter.paint_countdown(painter, self.width(), self.height(), *self.countdown)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 - full screen arrived, or another screen
        super().resizeEvent(event)
        if self.isVisible():
            self.presenter.audience_resized()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.presenter.handle_key(event.key()):
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Alt+F4 on the projector ends the show
        super().closeEvent(event)
        self.presenter.audience_closed()

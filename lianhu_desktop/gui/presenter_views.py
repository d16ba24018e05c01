"""Parts of the presenter window: a slide drawn small, and the discussion countdown's controls."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QSizePolicy, QSpinBox, QWidget

from lianhu_desktop.gui.countdown import Countdown
from lianhu_desktop.gui.slide_parts import COUNTDOWN_COLOURS

TICK_MS = 200


def key_free_button(text: str, parent: QWidget, name: str, slot) -> QPushButton:
    """A button that never takes the keyboard focus: the show's keys (Space …) stay with the window."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button


class SlideView(QWidget):
    """A slide of the presenter's deck drawn small, in the audience screen's proportions.

    ``presenter`` gives the deck (``deck``) and the painter (``painter``).
    """

    def __init__(self, presenter, name: str):
        super().__init__(presenter)
        self.presenter = presenter
        self.setObjectName(name)
        self.setMinimumSize(160, 90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.index: int | None = None
        self.blank = False
        self._cache: tuple | None = None

    def show_index(self, index: int | None, blank: bool = False) -> None:
        self.index, self.blank = index, blank
        self.update()

    def frame(self) -> QRectF:
        canvas = self.presenter.deck.canvas
        scale = min(self.width() / canvas.width, self.height() / canvas.height)
        width, height = canvas.width * scale, canvas.height * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#d9d9d9"))
        deck = self.presenter.deck
        frame = self.frame().toRect()
        if self.index is None or not 0 <= self.index < len(deck):
            painter.setPen(QColor("#333333"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（没有了）" if len(deck) else "没有幻灯片")
            return
        dpr = self.devicePixelRatioF()
        key = (deck.slides[self.index], self.index, len(deck), frame.size(), dpr)
        if self._cache is None or self._cache[0] != key:
            pixmap = QPixmap(frame.size() * dpr)
            pixmap.setDevicePixelRatio(dpr)
            inner = QPainter(pixmap)
            self.presenter.painter.paint(inner, deck.slides[self.index], self.index + 1, len(deck), frame.width(),
                                         frame.height(), canvas=deck.canvas)
            inner.end()
            self._cache = (key, pixmap)
        painter.drawPixmap(frame.topLeft(), self._cache[1])
        if self.blank:
            painter.fillRect(frame, QColor(0, 0, 0, 215))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, "投影已黑屏（按 B 恢复）")


class CountdownPanel(QGroupBox):
    """讨论计时: the time in its colours, the duration, when to warn, start/pause and reset.

    ``on_change(shown)`` is told what the audience window should show:
    (text, state) from the start until a reset, else None.
    """

    def __init__(self, parent: QWidget, countdown: Countdown, on_change: Callable[[tuple[str, str] | None], None]):
        super().__init__("讨论计时", parent)
        self.setObjectName("countdownPanel")
        self.countdown = countdown
        self.on_change = on_change
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.refresh)
        self.clock_label = QLabel(countdown.text(), self)
        self.clock_label.setObjectName("countdownLabel")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.font())
        big.setPointSizeF(max(self.font().pointSizeF(), 10) * 2.6)
        big.setBold(True)
        self.clock_label.setFont(big)
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("countdownMinutes")
        self.minutes.setRange(1, 120)
        self.minutes.setValue(max(1, countdown.duration // 60))
        self.minutes.setSuffix(" 分钟")
        self.minutes.valueChanged.connect(self._duration_changed)
        self.warning = QSpinBox(self)
        self.warning.setObjectName("countdownWarning")
        self.warning.setRange(0, 600)
        self.warning.setSingleStep(10)
        self.warning.setValue(countdown.warning)
        self.warning.setPrefix("最后 ")
        self.warning.setSuffix(" 秒")
        self.warning.valueChanged.connect(self._warning_changed)
        for spin in (self.minutes, self.warning):
            spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            spin.editingFinished.connect(lambda: self.window().setFocus())  # back to where the keys work
        self.run_button = key_free_button("开始计时", self, "countdownStart", self.toggle)
        self.reset_button = key_free_button("重置", self, "countdownReset", self.reset)
        grid = QGridLayout(self)
        grid.addWidget(self.clock_label, 0, 0, 1, 2)
        grid.addWidget(QLabel("时长：", self), 1, 0)
        grid.addWidget(self.minutes, 1, 1)
        grid.addWidget(QLabel("变黄提醒：", self), 2, 0)
        grid.addWidget(self.warning, 2, 1)
        grid.addWidget(self.run_button, 3, 0)
        grid.addWidget(self.reset_button, 3, 1)
        self.refresh()

    def shown(self) -> tuple[str, str] | None:
        """What the audience window shows (None: nothing, not started)."""
        return (self.countdown.text(), self.countdown.state()) if self.countdown.active else None

    def toggle(self) -> None:
        self.countdown.toggle()
        if self.countdown.running:
            self.tick.start()
        else:
            self.tick.stop()
        self.refresh()

    def reset(self) -> None:
        self.countdown.reset()
        self.tick.stop()
        self.refresh()

    def _duration_changed(self, minutes: int) -> None:
        self.countdown.set_duration(minutes * 60)
        self.tick.stop()
        self.refresh()

    def _warning_changed(self, seconds: int) -> None:
        self.countdown.warning = seconds
        self.refresh()

    def refresh(self) -> None:
        """The time now, here and (through ``on_change``) on the audience window."""
        countdown = self.countdown
        self.run_button.setText("暂停计时" if countdown.running else ("继续计时" if countdown.active else "开始计时"))
        state = countdown.state()
        self.clock_label.setText(countdown.text())
        if self.clock_label.property("state") != state:  # a style sheet only when the colour changes
            back, fore = COUNTDOWN_COLOURS[state]
            self.clock_label.setProperty("state", state)
            self.clock_label.setStyleSheet(f"background: {back.name()}; color: {fore.name()}; border-radius: 6px;"
                                           "padding: 4px;")
        self.on_change(self.shown())

    def stop(self) -> None:
        self.tick.stop()

"""The appraisal meeting on a projector: the presenter's window and its show.

``open_presenter(parent, village_id, year)`` opens the presenter window on
the laptop: the slide the hall sees and the next one, the presenter's notes,
the slide list, the screen to show on (the projector when a second screen is
attached), start/stop, blank, and the discussion countdown. The audience
window (``gui.audience``) goes full screen on the chosen screen. Keys on both
windows: PageDown/PageUp, →/←, ↓/↑, Space: next/previous; Home/End; B (or .)
blanks; F5 starts; Esc ends the show, the presenter window stays.

While ballots are entered the deck follows the change notices (ballots,
scores …): it is rebuilt and the current slide kept by identity, so the
hall watches the tally grow.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain import slides
from lianhu_desktop.domain.slides import Deck
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.audience import BLANK_KEYS, NEXT_KEYS, PREVIOUS_KEYS, AudienceWindow, SlideCache
from lianhu_desktop.gui.countdown import Countdown
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.presenter_views import CountdownPanel, SlideView, key_free_button
from lianhu_desktop.gui.slide_painter import SlidePainter

# What the slides show: the results read all of it.
DEPENDS = frozenset({Change.BALLOTS, Change.SCORES, Change.SCHEMES, Change.MEMBERS, Change.VILLAGES, Change.LINKS,
                     Change.VISITS, Change.REQUESTS, Change.COMMITMENTS, Change.MEETINGS})
RELOAD_DELAY_MS = 250  # a burst of ballots entered reloads once

_open: set = set()  # presenter windows without a parent stay alive while open


def open_presenter(parent: QWidget | None, village_id: int, year: int) -> QWidget:
    """Open the presenter window for ``village_id``'s appraisal of ``year`` and return it."""
    window = PresenterWindow(parent, lambda: slides.appraisal_results(village_id, year),
                             title=f"{year} 年度民主评议大会放映")
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def screen_label(screen: QScreen, number: int) -> str:
    size = screen.geometry().size()
    primary = "（主屏幕）" if screen is QGuiApplication.primaryScreen() else ""
    name = screen.name() or screen.model() or "屏幕"
    return f"{number}：{name}　{size.width()}×{size.height()}{primary}"


class PresenterWindow(QWidget):
    """The presenter's controls; owns the deck, the current slide, the countdown and the audience window."""

    def __init__(self, parent: QWidget | None, loader, *, title: str = "民主评议大会放映",
                 clock=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterWindow")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.loader = loader
        self.results = None
        self.painter = SlidePainter()
        self.cache = SlideCache(self.painter)
        self.deck = Deck((), geo.DESIGN)
        self.index = 0
        self.blank = False
        self.audience: AudienceWindow | None = None
        self.updated_at: datetime.datetime | None = None
        self.countdown = Countdown(180, clock=clock) if clock else Countdown(180)
        self._build()
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self.reload)
        self.prefetch_timer = QTimer(self)
        self.prefetch_timer.setSingleShot(True)
        self.prefetch_timer.setInterval(0)
        self.prefetch_timer.timeout.connect(self._after_change)
        operations.subscribe(self)
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(self._screen_removed)
        self.resize(1360, 760)  # made to fit the screen it opens on (screens.ScreenFitter)
        if parent is None:
            _open.add(self)  # dropped when closed
        self.reload()
        self.setFocus()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        def button(text: str, name: str, slot) -> QPushButton:
            return key_free_button(text, self, name, slot)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.screens = QComboBox(self)
        self.screens.setObjectName("screenPicker")
        self.screens.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.screens.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.screens.currentIndexChanged.connect(self._screen_chosen)
        self.start_button = button("开始放映（F5）", "startButton", self.toggle_show)
        self.blank_button = button("黑屏（B）", "blankButton", self.toggle_blank)
        self.blank_button.setCheckable(True)
        previous = button("◀ 上一张", "previousButton", self.previous)
        following = button("下一张 ▶", "nextButton", self.next)
        self.position = QLabel(self)
        self.position.setObjectName("positionLabel")
        top = QHBoxLayout()
        top.addWidget(QLabel("投影到：", self))
        top.addWidget(self.screens)
        top.addWidget(self.start_button)
        top.addWidget(self.blank_button)
        top.addSpacing(12)
        top.addWidget(previous)
        top.addWidget(following)
        top.addWidget(self.position, 1)

        self.slide_list = QListWidget(self)
        self.slide_list.setObjectName("slideList")
        self.slide_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slide_list.setMinimumWidth(200)
        self.slide_list.currentRowChanged.connect(self._list_row)

        self.current_view = SlideView(self, "currentSlide")
        self.next_view = SlideView(self, "nextSlide")
        self.notes = QTextBrowser(self)
        self.notes.setObjectName("presenterNotes")
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        notes_font = QFont(self.font())
        notes_font.setPointSizeF(max(self.font().pointSizeF(), 10) * 1.2)
        self.notes.setFont(notes_font)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(QLabel("当前（观众所见）", self))
        centre_layout.addWidget(self.current_view, 3)
        centre_layout.addWidget(QLabel("讲解提示（只在本屏显示）", self))
        centre_layout.addWidget(self.notes, 2)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("下一张", self))
        side_layout.addWidget(self.next_view, 2)
        self.countdown_panel = CountdownPanel(self, self.countdown, self._countdown_changed)
        side_layout.addWidget(self.countdown_panel)
        side_layout.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.slide_list)
        splitter.addWidget(centre)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([230, 620, 360])
        self.status = QLabel(self)
        self.status.setObjectName("presenterStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._fill_screens()

    # ------------------------------------------------------------ screens

    def _fill_screens(self) -> None:
        chosen = self.chosen_screen()
        screens = QGuiApplication.screens()
        self.screens.blockSignals(True)
        self.screens.clear()
        for number, screen in enumerate(screens, 1):
            self.screens.addItem(screen_label(screen, number), screen.name())
        own = self.screen() or QGuiApplication.primaryScreen()
        if chosen in screens:
            pick = screens.index(chosen)
        else:
            # The projector: a screen other than the one this window is on.
            pick = next((i for i, screen in enumerate(screens) if screen is not own), 0)
        self.screens.setCurrentIndex(pick)
        self.screens.blockSignals(False)

    def chosen_screen(self) -> QScreen | None:
        if not hasattr(self, "screens") or self.screens.count() == 0:
            return None
        name = self.screens.currentData()
        return next((s for s in QGuiApplication.screens() if s.name() == name), None)

    def _screen_added(self, screen: QScreen) -> None:
        """A projector plugged in: offered at once (unless a show is running elsewhere)."""
        self._fill_screens()
        own = self.screen() or QGuiApplication.primaryScreen()
        if not self.showing and screen is not own:
            self.screens.setCurrentIndex(QGuiApplication.screens().index(screen))

    def _screen_removed(self, screen: QScreen) -> None:
        """The projector unplugged: the show ends rather than cover the laptop."""
        was_chosen = screen is self.chosen_screen()
        if was_chosen and self.showing:
            self.stop_show()
        QTimer.singleShot(0, self._screens_after_removal)

    def _screens_after_removal(self) -> None:
        self._fill_screens()
        self.rebuild()

    def _screen_chosen(self, *_args) -> None:
        if self.audience is not None and self.audience.isVisible() and self.chosen_screen() is not None:
            self.audience.show_on(self.chosen_screen())
        self.rebuild()

    def audience_size(self) -> QSize:
        screen = self.chosen_screen() or QGuiApplication.primaryScreen()
        if self.audience is not None and self.audience.isVisible():
            return self.audience.size()
        return screen.geometry().size()

    def audience_dpr(self) -> float:
        screen = self.chosen_screen() or QGuiApplication.primaryScreen()
        return screen.devicePixelRatio()

    # ------------------------------------------------------------ data

    def set_village(self, village_id: int | None) -> None:
        """The show stays with its own village and year when the main window shows another."""

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        if changes & DEPENDS:
            self.reload_timer.start()

    def reload(self) -> None:
        """Read the results again and rebuild the deck (the current slide kept)."""
        operations.run_query(self, self.loader, on_success=self._loaded, title="无法读取评议结果")

    def _loaded(self, results) -> None:
        self.results = results
        self.updated_at = datetime.datetime.now()
        self.rebuild()

    def rebuild(self) -> None:
        if self.results is None:
            self._refresh()
            return
        size = self.audience_size()
        ident = self.current_slide().ident if self.current_slide() else None
        self.deck = slides.build_deck(self.results, geo.canvas(size.width(), size.height()))
        self.index = self.deck.find(ident, self.index)
        self.slide_list.blockSignals(True)
        self.slide_list.clear()
        for number, slide in enumerate(self.deck.slides, 1):
            self.slide_list.addItem(f"{number}. {slide.label}")
        self.slide_list.blockSignals(False)
        self._refresh()

    def current_slide(self) -> slides.Slide | None:
        return self.deck.slides[self.index] if 0 <= self.index < len(self.deck) else None

    # ------------------------------------------------------------ moving

    def go(self, index: int) -> None:
        if not len(self.deck):
            return
        index = max(0, min(index, len(self.deck) - 1))
        if index == self.index:
            return
        self.index = index
        self._refresh()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def first(self) -> None:
        self.go(0)

    def last(self) -> None:
        self.go(len(self.deck) - 1)

    def _list_row(self, row: int) -> None:
        if row >= 0:
            self.go(row)
            self.setFocus()

    def _refresh(self) -> None:
        """Show the current slide: on the projector at once, on this window right after."""
        if self.showing and len(self.deck):
            self.audience.set_pixmap(self.cache.get(self.deck, self.index, self.audience.size(),
                                                    self.audience.devicePixelRatioF()))
        self.prefetch_timer.start()

    def _after_change(self) -> None:
        """The presenter's side of a change, and the neighbours drawn ahead for the projector."""
        count = len(self.deck)
        self.slide_list.blockSignals(True)
        self.slide_list.setCurrentRow(self.index if count else -1)
        self.slide_list.blockSignals(False)
        slide = self.current_slide()
        self.current_view.show_index(self.index if count else None, self.blank)
        self.next_view.show_index(self.index + 1 if self.index + 1 < count else None)
        self.notes.setPlainText(slide.notes if slide else "")
        self.position.setText(f"第 {self.index + 1} / {count} 张　{slide.heading}" if slide else "没有幻灯片")
        updated = f"　数据更新于 {self.updated_at:%H:%M:%S}" if self.updated_at else ""
        where = "正在放映" if self.showing else "未放映"
        self.status.setText(f"{where}{'（已黑屏）' if self.blank else ''}{updated}　"
                            "翻页：PageDown/PageUp、方向键、空格；Home/End 首张/末张；B 黑屏；Esc 结束放映")
        if self.showing:
            size, dpr = self.audience.size(), self.audience.devicePixelRatioF()
            for neighbour in (self.index + 1, self.index - 1):
                if 0 <= neighbour < count:
                    self.cache.get(self.deck, neighbour, size, dpr)

    # ------------------------------------------------------------ the show

    @property
    def showing(self) -> bool:
        return self.audience is not None and self.audience.isVisible()

    def start_show(self) -> None:
        screen = self.chosen_screen() or QGuiApplication.primaryScreen()
        if self.audience is None:
            self.audience = AudienceWindow(self)
        self.audience.blank = self.blank
        self.audience.show_on(screen)
        self.start_button.setText("结束放映（Esc）")
        self.rebuild()  # the deck laid out for this screen's shape
        self.countdown_panel.refresh()  # a countdown started before the show shows at once
        if screen is (self.screen() or QGuiApplication.primaryScreen()):
            self.audience.activateWindow()  # one screen: the keys go to what is in front

    def stop_show(self) -> None:
        if self.audience is not None:
            self.audience.hide()
        self.start_button.setText("开始放映（F5）")
        self.raise_()
        self.activateWindow()
        self.setFocus()
        self._refresh()

    def toggle_show(self) -> None:
        self.stop_show() if self.showing else self.start_show()

    def audience_resized(self) -> None:
        """The audience window has its screen's size now (or another screen's): lay out again."""
        if self.deck.canvas != geo.canvas(self.audience.width(), self.audience.height()):
            self.rebuild()
        else:
            self._refresh()

    def audience_closed(self) -> None:
        self.start_button.setText("开始放映（F5）")
        self._refresh()

    def toggle_blank(self) -> None:
        self.blank = not self.blank
        self.blank_button.setChecked(self.blank)
        if self.audience is not None:
            self.audience.set_blank(self.blank)
        self._refresh()

    def handle_key(self, key: int) -> bool:
        """The show's keys, on either window; True when the key was one of them."""
        if key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.first()
        elif key == Qt.Key.Key_End:
            self.last()
        elif key in BLANK_KEYS:
            self.toggle_blank()
        elif key == Qt.Key.Key_Escape:
            if self.showing:
                self.stop_show()
        elif key == Qt.Key.Key_F5:
            if not self.showing:
                self.start_show()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.handle_key(event.key()):
            super().keyPressEvent(event)

    # ------------------------------------------------------------ countdown

    def _countdown_changed(self, shown: tuple[str, str] | None) -> None:
        if self.audience is not None:
            self.audience.set_countdown(shown)

    # ------------------------------------------------------------ closing

    def closeEvent(self, event) -> None:  # noqa: N802
        self.countdown_panel.stop()
        self.reload_timer.stop()
        operations.unsubscribe(self)
        app = QGuiApplication.instance()
        for signal, slot in ((app.screenAdded, self._screen_added), (app.screenRemoved, self._screen_removed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self.audience is not None:
            self.audience.close()
        _open.discard(self)
        super().closeEvent(event)

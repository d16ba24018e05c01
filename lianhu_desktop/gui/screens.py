"""Windows and dialogs open inside the screen they appear on.

Village office PCs often have 1024×768 or 1366×768 screens with a taskbar:
a window designed at 1180×740 must shrink to the available geometry (the
screen minus the taskbar), never start partly off the screen, and stay
resizable and maximisable.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

# What a window frame (title bar and borders) takes beyond the client area.
FRAME_ALLOWANCE = QSize(16, 40)


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget`` (or its parent window) is on, else the primary screen."""
    for candidate in (widget, widget.parentWidget()):
        if candidate is not None and candidate.screen() is not None:
            if candidate is widget and widget.parentWidget() is not None and not widget.isVisible():
                continue  # not shown yet: the parent's screen says where it will appear
            return candidate.window().screen()
    return QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget) -> QRect:
    """The part of ``widget``'s screen a window may use (without the taskbar)."""
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 728)


def fit_to_screen(widget: QWidget, preferred: QSize | None = None, *, center: bool = True) -> QSize:
    """Resize ``widget`` to ``preferred`` (default: its size) but no larger than
    the available screen, lower a minimum size that would not fit, and place it
    inside the screen (centred on its parent, or on the screen). Returns the size."""
    area = available_geometry(widget)
    room = QSize(max(area.width() - FRAME_ALLOWANCE.width(), 320),
                 max(area.height() - FRAME_ALLOWANCE.height(), 240))
    wanted = preferred if preferred is not None else widget.size()
    minimum = widget.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        widget.setMinimumSize(min(minimum.width(), room.width()), min(minimum.height(), room.height()))
    size = wanted.boundedTo(room).expandedTo(widget.minimumSize())
    widget.resize(size)
    if center:
        parent = widget.parentWidget()
        middle = parent.window().frameGeometry().center() if parent is not None else area.center()
        frame = QSize(size.width() + FRAME_ALLOWANCE.width(), size.height() + FRAME_ALLOWANCE.height())
        left = min(max(middle.x() - frame.width() // 2, area.left()), area.right() + 1 - frame.width())
        top = min(max(middle.y() - frame.height() // 2, area.top()), area.bottom() + 1 - frame.height())
        widget.move(max(left, area.left()), max(top, area.top()))
    return size


def keep_on_screen(widget: QWidget) -> None:
    """After a restored geometry: pull a window back inside the screen it is on."""
    area = available_geometry(widget)
    frame = widget.frameGeometry()
    if area.contains(frame):
        return
    fit_to_screen(widget, widget.size(), center=False)
    frame = widget.frameGeometry()
    left = min(max(frame.left(), area.left()), max(area.right() + 1 - frame.width(), area.left()))
    top = min(max(frame.top(), area.top()), max(area.bottom() + 1 - frame.height(), area.top()))
    widget.move(left, top)


def _is_managed_window(widget) -> bool:
    if not isinstance(widget, QWidget) or not widget.isWindow():
        return False
    kind = widget.windowType()
    return kind in (Qt.WindowType.Window, Qt.WindowType.Dialog) and not isinstance(widget, QMessageBox)


class ScreenFitter(QObject):
    """Application-wide: every window and dialog opens inside the available screen.

    A dialog laid out for a large screen is shrunk to fit (its layout then
    scrolls or compresses), one restored off screen is pulled back, and a
    resizable dialog gets a maximise button.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Polish and _is_managed_window(watched) and isinstance(watched, QDialog):
            if watched.minimumSize() != watched.maximumSize() and not watched.isVisible():
                flags = watched.windowFlags()
                wanted = flags | Qt.WindowType.WindowMaximizeButtonHint | Qt.WindowType.WindowCloseButtonHint
                if wanted != flags:
                    watched.setWindowFlags(wanted)
        elif kind == QEvent.Type.Show and _is_managed_window(watched) and not (
                watched.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
            if watched.property("lianhu_fitted"):
                keep_on_screen(watched)
            else:
                watched.setProperty("lianhu_fitted", True)
                fit_to_screen(watched, watched.size(), center=isinstance(watched, QDialog)
                              or not watched.testAttribute(Qt.WidgetAttribute.WA_Moved))
                keep_on_screen(watched)
        return False


def install_screen_fitter(app) -> ScreenFitter:
    """Install the fitter on ``app`` once; returns it."""
    fitter = app.findChild(ScreenFitter)
    if fitter is None:
        fitter = ScreenFitter(app)
        app.installEventFilter(fitter)
    return fitter


_paused = [0]  # how many ``fitter_paused`` blocks are open


@contextlib.contextmanager
def fitter_paused():
    """Build widgets inside the block without the fitter watching their events.

    For building that shows no window (the main window and its tabs): their
    hundreds of child widgets send the application thousands of events, and
    PySide hands each to the Python filter; the main window's own build sent
    1,427 before its first paint. A window shown after the block is fitted as
    always. Blocks may nest; the outermost one puts the fitter back.
    """
    app = QGuiApplication.instance()
    fitter = app.findChild(ScreenFitter) if app is not None and not _paused[0] else None
    if fitter is not None:
        app.removeEventFilter(fitter)
    _paused[0] += 1
    try:
        yield
    finally:
        _paused[0] -= 1
        if fitter is not None:
            app.installEventFilter(fitter)

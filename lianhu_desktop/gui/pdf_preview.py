"""The page preview: a thumbnail strip, one large page, page N of M and zoom.

Only what is on screen is rendered: the thumbnail list asks its model for
the images of visible rows, and the large view renders the current page at
the size it is shown, again after a resize or zoom.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QListView, QScrollArea, QSpinBox, QStyle, QToolButton,
    QVBoxLayout, QWidget,
)

from lianhu_desktop.gui.pdf_pages import PdfPages
from lianhu_desktop.gui.views import Callbacks

THUMB_WIDTH = 120
FIT_WIDTH, FIT_PAGE, ACTUAL = "width", "page", "actual"
ZOOMS = (("整页", FIT_PAGE), ("适合宽度", FIT_WIDTH), ("实际大小", ACTUAL))
PAGE_MARGIN = 16
SCREEN_DPI = 96.0


class ThumbnailModel(QAbstractListModel):
    """One row per page; the thumbnail is rendered when the view asks for it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.ratio = 1.0

    def set_pages(self, pages: PdfPages | None, ratio: float) -> None:
        self.beginResetModel()
        self.pages, self.ratio = pages, ratio
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or self.pages is None else self.pages.count

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.pages is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(index.row() + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            image = self.pages.render(index.row(), THUMB_WIDTH * self.ratio)
            image.setDevicePixelRatio(self.ratio)
            pixmap = QPixmap.fromImage(image)
            icon = QIcon(pixmap)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)  # no blue tint over the selected page
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"第 {index.row() + 1} 页"
        return None


class PageView(QScrollArea):
    """The current page, large, on a grey desk."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setBackgroundRole(self.backgroundRole())
        self.setStyleSheet("QScrollArea#pageView { background: #8a8f96; }")
        self.label = QLabel(self)
        self.label.setObjectName("pageImage")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.viewport().setStyleSheet("background: #8a8f96;")

    def show_message(self, text: str) -> None:
        self.label.setPixmap(QPixmap())
        self.label.setStyleSheet("color: white; font-size: 15px; padding: 24px;")
        self.label.setText(text)
        self.label.setWordWrap(True)
        self.setWidgetResizable(True)  # the message fills the desk, whatever its size

    def show_image(self, pixmap: QPixmap) -> None:
        self.setWidgetResizable(False)
        self.label.setStyleSheet("")
        self.label.setText("")
        self.label.setPixmap(pixmap)
        size = pixmap.deviceIndependentSize().toSize()
        self.label.resize(size.width() + 2 * PAGE_MARGIN, size.height() + 2 * PAGE_MARGIN)


class PdfPreview(QWidget):
    """Thumbnails on the left, the current page on the right, navigation on top.

    ``page_changed(index)`` is a plain callback list (see ``gui.operations``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page_changed = Callbacks()
        self.pages: PdfPages | None = None
        self.current = 0
        self.zoom = FIT_PAGE
        self._build()
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(60)
        self._render_timer.timeout.connect(self._render_current)
        self.set_pages(None)

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.prev_button = self._tool("上一页", "上一页（PageUp）", self.previous_page)
        self.next_button = self._tool("下一页", "下一页（PageDown）", self.next_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setPrefix("第 ")
        self.page_spin.setSuffix(" 页")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda value: self.go_to(value - 1))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("pageCount")
        self.zoom_combo = QComboBox(self)
        self.zoom_combo.setObjectName("zoomCombo")
        for text, value in ZOOMS:
            self.zoom_combo.addItem(text, value)
        self.zoom_combo.currentIndexChanged.connect(lambda: self.set_zoom(self.zoom_combo.currentData()))
        zoom_label = QLabel("缩放(&Z)：", self)
        zoom_label.setBuddy(self.zoom_combo)
        for widget in (self.prev_button, self.page_spin, self.count_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom_combo)

        self.thumbs = QListView(self)
        self.thumbs.setObjectName("thumbnails")
        self.model = ThumbnailModel(self)
        self.thumbs.setModel(self.model)
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setSpacing(6)
        self.thumbs.setFixedWidth(THUMB_WIDTH + 46)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setStyleSheet("QListView#thumbnails { background: #eceef1; }"
                                  "QListView#thumbnails::item:selected { background: #2f6fd0; color: white; }")
        self.thumbs.selectionModel().currentChanged.connect(lambda index: self.go_to(index.row()))
        self.view = PageView(self)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        body.addWidget(self.thumbs)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        for keys, slot in ((QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
                           (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
                           (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Home), lambda: self.go_to(0)),
                           (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_End),
                            lambda: self.go_to(self.page_count - 1))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _tool(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ state

    @property
    def page_count(self) -> int:
        return self.pages.count if self.pages is not None else 0

    def set_pages(self, pages: PdfPages | None, message: str = "") -> None:
        """Show ``pages`` (None: an empty desk with ``message``) from the first page."""
        self.pages = pages
        ratio = self.devicePixelRatioF()
        self.model.set_pages(pages, ratio)
        count = self.page_count
        if count:
            size = pages.page_size(0)
            icon = QSize(THUMB_WIDTH, round(THUMB_WIDTH * size.height() / size.width()))
            self.thumbs.setIconSize(icon)
            self.thumbs.setGridSize(QSize(THUMB_WIDTH + 16, icon.height() + 28))
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(1, count))
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.count_label.setText(f"/ 共 {count} 页" if count else "")
        for widget in (self.page_spin, self.prev_button, self.next_button, self.zoom_combo, self.thumbs):
            widget.setEnabled(bool(count))
        self.current = -1
        if count:
            self.go_to(0)
        else:
            self.view.show_message(message or "选择文档、范围和版式后，单击“预览”查看打印效果。")

    def go_to(self, index: int) -> None:
        """Show page ``index`` (from 0)."""
        if not self.page_count:
            return
        index = max(0, min(self.page_count - 1, index))
        if index == self.current:
            return
        self.current = index
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        row = self.model.index(index, 0)
        if self.thumbs.currentIndex() != row:
            self.thumbs.blockSignals(True)
            self.thumbs.setCurrentIndex(row)
            self.thumbs.blockSignals(False)
        self.thumbs.scrollTo(row)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.page_count - 1)
        self.view.verticalScrollBar().setValue(0)
        self._render_current()
        self.page_changed.emit(index)

    def previous_page(self) -> None:
        self.go_to(self.current - 1)

    def next_page(self) -> None:
        self.go_to(self.current + 1)

    def set_zoom(self, zoom: str) -> None:
        self.zoom = zoom
        index = self.zoom_combo.findData(zoom)
        if index != self.zoom_combo.currentIndex():
            self.zoom_combo.setCurrentIndex(index)
        self._render_current()

    # ------------------------------------------------------------ drawing

    def page_width_px(self) -> int:
        """How wide (in logical pixels) the current page is drawn at the current zoom."""
        size = self.pages.page_size(self.current)
        # The room inside the frame, less a vertical scroll bar that a tall page brings.
        frame = 2 * self.view.frameWidth()
        bar = self.view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        room_w = max(100, self.view.width() - frame - bar - 2 * PAGE_MARGIN - 2)
        room_h = max(100, self.view.height() - frame - 2 * PAGE_MARGIN - 2)  # no scroll bar from rounding
        if self.zoom == ACTUAL:
            return round(size.width() / 72.0 * SCREEN_DPI)
        if self.zoom == FIT_PAGE:
            return round(min(room_w, room_h * size.width() / size.height()))
        return room_w

    def _render_current(self) -> None:
        if not self.page_count or self.current < 0:
            return
        ratio = self.devicePixelRatioF()
        image = self.pages.render(self.current, self.page_width_px() * ratio)
        pixmap = QPixmap(image.size())
        pixmap.fill(QColor("#8a8f96"))
        painter = QPainter(pixmap)
        painter.drawImage(0, 0, image)
        painter.setPen(QColor("#5f646b"))
        painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        self.view.show_image(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.zoom != ACTUAL:
            self._render_timer.start()

"""Rendering the pages of a built PDF to images, and painting them onto a printer.

Qt's own PDF module is not part of the program's Qt, so pages are rendered
with PDFium (``pypdfium2``). PDFium is not thread-safe: every call here runs
in the GUI thread, one page at a time, and only for pages someone looks at
or prints, so a 1,000-page township run opens at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from lianhu_desktop.errors import Cancelled, LianhuError

POINTS_PER_INCH = 72.0
# A page of A4 at 300 dpi is 35 MB of pixels, at 600 dpi 140 MB; 300 dpi
# prints text and lines sharply and keeps a long run within memory.
MAX_PRINT_DPI = 300
CACHE_SIZE = 200


class PreviewUnavailable(LianhuError):
    """The page renderer is missing: the PDF can be saved, not previewed or printed."""


class PdfPages:
    """An open PDF whose pages render on demand, with a small cache of recent images."""

    def __init__(self, path: str | Path):
        try:
            import pypdfium2
        except ImportError:  # pragma: no cover - a broken installation
            raise PreviewUnavailable("缺少 PDF 预览组件（pypdfium2），只能保存 PDF，无法预览和打印。") from None
        self.path = Path(path)
        self._document = pypdfium2.PdfDocument(str(self.path))
        self.count = len(self._document)
        self.rendered = 0  # pages rendered so far (tests check the preview is lazy)
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()

    def page_size(self, index: int) -> QSizeF:
        """The page's size in points."""
        width, height = self._document.get_page_size(index)
        return QSizeF(width, height)

    def render(self, index: int, width_px: int) -> QImage:
        """Page ``index`` (from 0) as an image ``width_px`` pixels wide; cached."""
        width_px = max(8, int(width_px))
        key = (index, width_px)
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        image = self._render(index, width_px / self.page_size(index).width())
        self._cache[key] = image
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return image

    def render_at_dpi(self, index: int, dpi: float) -> QImage:
        """Page ``index`` at ``dpi`` (for printing; not cached: these images are large)."""
        return self._render(index, dpi / POINTS_PER_INCH)

    def _render(self, index: int, scale: float) -> QImage:
        page = self._document[index]
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888).copy()  # own the pixels
            bitmap.close()
        finally:
            page.close()
        self.rendered += 1
        return image

    def close(self) -> None:
        """Release the file (Windows cannot delete an open file)."""
        self._cache.clear()
        if self._document is not None:
            self._document.close()
            self._document = None


def page_layout_for(size_pt: QSizeF) -> QPageLayout:
    """A zero-margin page layout of the PDF page's size, as a standard paper when it is one."""
    portrait = QSizeF(min(size_pt.width(), size_pt.height()), max(size_pt.width(), size_pt.height()))
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if size_pt.width() > size_pt.height()
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))


def prepare_printer(printer: QPrinter, pages: PdfPages) -> None:
    """Set the printer's paper to the first page's and offer the page range."""
    printer.setFullPage(True)  # the PDF carries its own margins and cut marks
    printer.setPageLayout(page_layout_for(pages.page_size(0)))
    printer.setFromTo(1, pages.count)


def print_pages(pages: PdfPages, printer: QPrinter,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Paint the pages onto ``printer`` (its page range and copies honoured); the pages printed.

    Each page is rendered at the printer's resolution (at most ``MAX_PRINT_DPI``)
    and drawn at actual size on paper of its own size and orientation.
    ``progress(done, total)`` returning False stops and raises ``Cancelled``.
    """
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0 or last <= 0:
        first, last = 1, pages.count
    first, last = max(1, first), min(pages.count, last)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    order = [index for _ in range(copies) for index in range(first - 1, last)]
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setFullPage(True)
    painter: QPainter | None = None
    try:
        for done, index in enumerate(order):
            if progress is not None and not progress(done, len(order)):
                printer.abort()
                raise Cancelled("已取消打印")
            layout = page_layout_for(pages.page_size(index))
            if not printer.pageLayout().isEquivalentTo(layout):
                printer.setPageLayout(layout)  # applies to the page begun next
            if painter is None:
                painter = QPainter()
                if not painter.begin(printer):
                    raise LianhuError("无法开始打印：打印机不可用或输出文件无法写入")
            elif not printer.newPage():
                raise LianhuError("打印机拒绝了新的一页，打印未完成")
            image = pages.render_at_dpi(index, dpi)
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(_fit(QRectF(0, 0, target.width(), target.height()), image), image)
        if progress is not None:
            progress(len(order), len(order))
    finally:
        if painter is not None and painter.isActive():
            painter.end()
    return len(order)


def _fit(area: QRectF, image: QImage) -> QRectF:
    """The largest rectangle of the image's proportions centred in ``area``."""
    size = QSizeF(image.width(), image.height()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRectF(area.x() + (area.width() - size.width()) / 2,
                  area.y() + (area.height() - size.height()) / 2, size.width(), size.height())

"""Opening, streaming and finishing a PDF: what every builder shares.

* ``open_canvas`` makes a canvas with the bundled font registered, page
  compression on and the document metadata set.
* ``compact_last_page`` moves each finished page out of memory into a spool
  file and ``save`` writes the PDF from there (``pdfspool``): reportlab
  would otherwise keep every page until the end and then build the whole
  file in memory. Builders call it after each ``showPage()``.
* ``Job`` ties progress, cancellation and clean-up together: a cancelled or
  failed build deletes its partial file and raises ``Cancelled``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.reports import fonts, pdfspool

Progress = Callable[[int, int], bool]

CREATOR = "联户通"


def _no_progress(done: int, total: int) -> bool:
    return True


def open_canvas(path: str | Path, pagesize, *, title: str = "", subject: str = "") -> Canvas:
    """A canvas writing ``path`` with the bundled font registered."""
    font = fonts.register()
    # The bundled font as the initial one keeps Helvetica out of the file.
    canvas = Canvas(str(path), pagesize=pagesize, pageCompression=1, initialFontName=font,
                    initialFontSize=10)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator(CREATOR)
    canvas.setAuthor(CREATOR)
    return canvas


def compact_last_page(canvas: Canvas) -> None:
    """Move the page just finished out of memory; call right after ``showPage()``.

    The page's dictionary and deflated content go to a spool file (see
    ``pdfspool``) and ``save`` writes the PDF from there, so memory does not
    grow with the number of pages.
    """
    pdfspool.spool_page(canvas)


class Job:
    """Progress reporting and cancellation for one output file.

    Use as a context manager around the drawing; call ``step()`` after each
    unit of work (a plate, a member …). When the progress callback returns
    False, ``step`` raises ``Cancelled``; on any exception the partial file
    is deleted.
    """

    def __init__(self, path: str | Path, total: int, progress: Progress | None = None,
                 *, every: int = 1):
        self.path = Path(path)
        self.total = total
        self.done = 0
        self.progress = progress or _no_progress
        # Reporting each of 50,000 plates would cost more than drawing them.
        self.every = max(1, every)

    def __enter__(self) -> Job:
        # reportlab writes only when saving: an older file of the same name
        # survives a cancel, and only what this job wrote is deleted.
        self._before = self._stamp()
        if not self.progress(0, self.total):
            raise Cancelled("已取消打印")
        return self

    def step(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        crossed = self.done // self.every != before // self.every or self.done >= self.total
        if crossed and not self.progress(min(self.done, self.total), self.total):
            raise Cancelled("已取消打印，未生成文件")

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None and self._stamp() != self._before:
            with contextlib.suppress(OSError):
                self.path.unlink()
        return False

    def _stamp(self):
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size


def check_writable(path: str | Path) -> Path:
    """The output path, with a Chinese error when its folder is missing."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"输出路径是文件夹，请给出 PDF 文件名：{path}")
    if not path.parent.exists():
        raise OutputError(f"输出文件夹不存在：{path.parent}")
    return path


class OutputError(LianhuError):
    """The PDF cannot be written where the user asked."""


def save(canvas: Canvas, path: Path) -> None:
    """Finish the PDF; a disk problem becomes a Chinese message."""
    try:
        pdfspool.write(canvas, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            path.unlink()
        raise OutputError(f"无法写入文件（{error.strerror}）：{path}") from error


class StreamingCanvas(Canvas):
    """A canvas that compresses each page as it is finished (for platypus documents).

    Pass as ``canvasmaker`` to ``BaseDocTemplate.build`` and give the template
    ``initialFontName=fonts.register()`` and ``pageCompression=1``.
    """

    def showPage(self):
        super().showPage()
        compact_last_page(self)

    def save(self):
        if isinstance(self._filename, str):
            pdfspool.write(self, self._filename)
        else:  # an in-memory target: reportlab's own save reads the spool too
            super().save()
            pdfspool.close(self._doc)

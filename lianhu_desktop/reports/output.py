"""Opening, streaming and finishing a PDF: what every builder shares.

* ``open_canvas`` makes a canvas with the bundled font registered, page
  compression on and the document metadata set.
* ``compact_last_page`` moves each finished page out of memory into a spool
  file and ``save`` writes the PDF from there (``pdfspool``): reportlab
  would otherwise keep every page until the end and then build the whole
  file in memory. Builders call it after each ``showPage()``.
* ``save`` writes the PDF to a temporary file beside the target and renames
  it into place only when it is complete (``replacing``): a killed, failed or
  cancelled print leaves the file that was there before untouched and no
  partial file at the target.
* ``Job`` ties progress and cancellation together: a cancelled build raises
  ``Cancelled`` before anything reaches the target.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
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
    False, ``step`` raises ``Cancelled``. Nothing needs deleting then: the
    target is written only by ``save``, all at once (see ``replacing``).
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
        return False


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


TEMP_SUFFIX = ".part"


def temporary_name(path: Path) -> Path:
    """A fresh hidden name beside ``path`` for the file being written."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends normally, rename it to ``path``.

    The rename is atomic on the same file system, so ``path`` holds either
    the old file or the complete new one. On any exception the temporary
    file is deleted and ``path`` is left as it was.
    """
    path = Path(path)
    temp = temporary_name(path)
    # Created like any other file of the user (umask applies), never over another.
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield temp
        with open(temp, "rb+") as done:
            os.fsync(done.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def save(canvas: Canvas, path: str | Path) -> None:
    """Finish the PDF at ``path`` (whole or not at all); a disk problem becomes a Chinese message."""
    path = Path(path)
    try:
        with replacing(path) as temp:
            pdfspool.write(canvas, temp)
    except PermissionError as error:
        pdfspool.close(canvas._doc)
        raise OutputError(f"无法写入文件（可能正被其他程序打开，请关闭后重试）：{path}") from error
    except OSError as error:
        pdfspool.close(canvas._doc)
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
        if isinstance(self._filename, (str, Path)):
            save(self, self._filename)
        else:  # an in-memory target: reportlab's own save reads the spool too
            super().save()
            pdfspool.close(self._doc)

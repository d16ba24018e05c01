"""Keep a long PDF's finished pages on disk, not in memory (reportlab 5.1 internals).

reportlab keeps every page object, with its content stream, until
``save()``, and then builds the whole file in memory before writing it. For
12,500 sheets of door plates that is tens of megabytes growing with the page
count. Here:

* ``spool_page`` formats a finished page (its dictionary and its deflated
  content stream) as soon as the page is done, appends the bytes to a
  temporary spool file and leaves in the document only a placeholder that
  knows where they are;
* ``write`` produces the file object by object straight to disk, copying the
  spooled pages back from the spool.

The object numbers and the bytes written are exactly those reportlab would
write itself, so ``rl_config.invariant`` output stays reproducible. What
remains in memory per page is its entry in the cross-reference bookkeeping
(a few hundred bytes). Depends on ``PDFDocument.format`` creating its
``PDFFile`` collector by name, true of the pinned reportlab.
"""

from __future__ import annotations

import tempfile
import threading
import weakref
import zlib

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream

_FLATE = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
_spools: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_write_lock = threading.Lock()
_target = threading.local()


class _Spooled(PDFObject):
    """Placeholder for an object whose formatted bytes are in the spool file."""

    __slots__ = ("spool", "offset", "length")

    def __init__(self, spool, offset: int, length: int):
        self.spool, self.offset, self.length = spool, offset, length

    def format(self, document):
        self.spool.seek(self.offset)
        return self.spool.read(self.length)


def spool_page(canvas) -> None:
    """Move the page just finished by ``showPage()`` out of memory into the spool."""
    doc = canvas._doc
    pages = doc.Pages.pages
    if not pages or not isinstance(pages[-1], pdfdoc.PDFPage):
        return
    page = pages[-1]
    stream = page.stream
    if page.Contents is None:
        data = (stream or " ").encode("utf-8") if isinstance(stream, str) or stream is None else stream
        # PDFStream.format copies its dictionary, so all pages can share one.
        page.Contents = PDFStream(_FLATE, zlib.compress(data, 6))
        page.stream = None
    spool = _spools.get(doc)
    if spool is None:
        spool = _spools[doc] = tempfile.TemporaryFile(prefix="lianhu-pdf-")  # noqa: SIM115 - closed by close()
    contents_ref = doc.Reference(page.Contents)
    contents = page.Contents
    page.Contents = contents_ref
    page_ref = doc.Reference(page)
    for ref, obj in ((contents_ref, contents), (page_ref, page)):
        data = pdfdoc.format(obj, doc, toplevel=1)
        spool.seek(0, 2)
        offset = spool.tell()
        spool.write(data)
        doc.idToObject[ref.name] = _Spooled(spool, offset, len(data))
    pages[-1] = page_ref


class _DiskFile(pdfdoc.PDFFile):
    """reportlab's output collector, writing to disk instead of gathering strings."""

    def __init__(self, pdfVersion=pdfdoc.PDF_VERSION_DEFAULT):
        super().__init__(pdfVersion)
        target = _target.file
        for chunk in self.strings:
            target.write(chunk)
        self.strings = []
        self.write = target.write

    def format(self, document):
        return b""


def write(canvas, path) -> None:
    """Save ``canvas`` to ``path`` object by object (what ``Canvas.save`` does, streamed)."""
    if len(canvas._code):
        canvas.showPage()
        spool_page(canvas)
    doc = canvas._doc
    # What PDFDocument.GetPDFData does before formatting.
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    with open(path, "wb") as target, _write_lock:
        _target.file = target
        original, pdfdoc.PDFFile = pdfdoc.PDFFile, _DiskFile
        try:
            doc.format()
        finally:
            pdfdoc.PDFFile = original
            _target.file = None
    close(doc)


def close(doc) -> None:
    """Drop the spool of ``doc`` (after writing, or when the build failed)."""
    spool = _spools.pop(doc, None)
    if spool is not None:
        spool.close()


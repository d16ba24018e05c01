"""pdfspool writes what reportlab's own ``Canvas.save`` writes, so a reportlab upgrade cannot silently break it.

The objects are numbered in another order (pages are numbered as they are
spooled), so the files are compared as a viewer reads them: both parse
strictly, and page by page they have the same drawing operators, the same
fonts and forms, the same text; the outlines and the document info match.
"""

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from lianhu_desktop.reports import fonts, pdfspool, text


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


def _draw(path, spooled: bool) -> Canvas:
    """Pages like the plates': a shared form, text in the main and a fallback font, bookmarks."""
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=fonts.register())
    canvas.setTitle("党员联户工作牌")
    canvas.beginForm("static", 0, 0, 500, 300)
    canvas.rect(10, 10, 480, 280)
    text.draw_line(canvas, "我是共产党员，有困难请找我", (20, 20, 460, 40), 24)
    canvas.endForm()
    for page in range(7):
        canvas.bookmarkPage(f"p{page}")
        canvas.addOutlineEntry(f"第{page + 1}页", f"p{page}", level=0)
        for slot in range(2):
            canvas.saveState()
            canvas.translate(40, 60 + slot * 380)
            canvas.doForm("static")
            text.draw_field(canvas, f"𠮷田春{page}-{slot}", (20, 200, 300, 60), 40, 20)
            canvas.restoreState()
        canvas.showPage()
        if spooled:
            pdfspool.spool_page(canvas)
    return canvas


def _resources(page) -> dict:
    """Font and form names of a page with what they are (base font / form content)."""
    found = {}
    resources = page["/Resources"]
    for name, font in resources.get("/Font", {}).items():
        found[name] = str(font.get_object()["/BaseFont"])
    for name, form in resources.get("/XObject", {}).items():
        found[name] = form.get_object().get_data()
    return found


def assert_same_document(plain, spooled) -> None:
    a, b = PdfReader(str(plain), strict=True), PdfReader(str(spooled), strict=True)
    assert len(a.pages) == len(b.pages)
    for pa, pb in zip(a.pages, b.pages):
        assert pa.get_contents().get_data() == pb.get_contents().get_data()
        assert _resources(pa) == _resources(pb)
        assert pa.mediabox == pb.mediabox
        assert pa.extract_text() == pb.extract_text()
    assert [o.title for o in a.outline] == [o.title for o in b.outline]
    assert [a.get_destination_page_number(o) for o in a.outline] == \
        [b.get_destination_page_number(o) for o in b.outline]
    assert a.metadata == b.metadata


def test_spooled_output_reads_exactly_like_canvas_save(tmp_path):
    plain, spooled = tmp_path / "plain.pdf", tmp_path / "spooled.pdf"
    _draw(plain, False).save()
    pdfspool.write(_draw(spooled, True), spooled)
    assert_same_document(plain, spooled)
    reader = PdfReader(str(spooled), strict=True)
    assert len(reader.pages) == 7 and len(reader.outline) == 7
    assert "𠮷田春6-1" in reader.pages[6].extract_text().replace("\n", "")


def test_a_page_left_unfinished_is_written_like_save_does(tmp_path):
    plain, spooled = tmp_path / "plain.pdf", tmp_path / "spooled.pdf"
    for path, canvas in ((plain, _draw(plain, False)), (spooled, _draw(spooled, True))):
        text.draw_line(canvas, "最后一页", (50, 50, 200, 30), 20)  # drawn, showPage not called
        canvas.save() if path is plain else pdfspool.write(canvas, path)
    assert_same_document(plain, spooled)
    assert len(PdfReader(str(spooled)).pages) == 8

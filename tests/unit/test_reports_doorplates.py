"""Door plates: layouts, embedded font, extractable names, nothing outside its box, reprints."""

import pytest
from reportlab import rl_config

from lianhu_desktop.domain import printing
from lianhu_desktop.errors import Cancelled
from lianhu_desktop.reports import catalog, doorplates, text
from lianhu_desktop.store.models import Household, Link, Member
from tests.unit import printdata


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.fixture
def filled(village):
    return printdata.fill(village, members=4, per_member=6, long_values=True)


@pytest.mark.parametrize("layout,pages", [("a4-1", 24), ("a4-2", 12), ("a4-4", 6)])
def test_one_plate_per_linked_household_in_each_layout(filled, tmp_path, layout, pages):
    out = tmp_path / "plates.pdf"
    assert doorplates.build(printing.door_plates(printing.resolve_scope()), out, layout) == pages
    assert printdata.page_count(out) == pages
    printdata.assert_font_embedded(out)
    content = printdata.pdf_text(out)
    for name in ("欧阳司马", "爱新觉罗·启星", "党员联户工作牌", "我是共产党员，有困难请找我", "监督电话"):
        assert name in content.replace("\n", "")


def test_longest_values_stay_inside_their_boxes(filled, tmp_path):
    recorder = printdata.BoxRecorder()
    with text.observe(recorder):
        doorplates.build(printing.door_plates(printing.resolve_scope()), tmp_path / "p.pdf", "a4-4")
    assert "爱新觉罗·启星" in recorder.lines
    assert any("东大街" in line for line in recorder.lines)
    assert recorder.outside == []


def test_output_is_reproducible(filled, tmp_path):
    plates = printing.door_plates(printing.resolve_scope())
    doorplates.build(plates, tmp_path / "a.pdf")
    doorplates.build(plates, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_cancel_leaves_no_file_and_raises(filled, tmp_path):
    out = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        doorplates.build(printing.door_plates(printing.resolve_scope()), out, "a4-1",
                         progress=lambda done, total: done < 5)
    assert not out.exists()


def test_changed_only_prints_what_changed_since_the_last_print(filled, tmp_path):
    scope = printing.resolve_scope()
    first = catalog.print_document("doorplate", scope, tmp_path / "all.pdf")
    assert first.items == 24
    changed = printing.resolve_scope(changed_only=True)
    with pytest.raises(Exception, match="没有变化"):
        catalog.print_document("doorplate", changed, tmp_path / "none.pdf")
    member = filled["members"][1]
    member.phone = "13811112222"
    member.save()
    again = catalog.print_document("doorplate", changed, tmp_path / "changed.pdf", "a4-1")
    assert again.items == 6 and again.pages == 6
    assert "13811112222" in printdata.pdf_text(tmp_path / "changed.pdf")
    with pytest.raises(Exception, match="没有变化"):
        catalog.print_document("doorplate", changed, tmp_path / "none.pdf")


def test_a_preview_does_not_count_as_printed(filled, tmp_path):
    scope = printing.resolve_scope()
    catalog.print_document("doorplate", scope, tmp_path / "preview.pdf", mark_printed=False)
    assert len(printing.door_plates(printing.resolve_scope(changed_only=True))) == 24


def test_scope_by_grid_and_member(filled, tmp_path):
    member = filled["members"][0]
    scope = printing.resolve_scope(member=member.name)
    plates = printing.door_plates(scope)
    assert len(plates) == 6
    grid_name = Member.get_by_id(member.id).home_grid.name
    assert len(printing.door_plates(printing.resolve_scope(grid=grid_name))) == 6
    heads = {row.head_name for row in plates}
    assert heads == {h.head_name for h in Household.select().join(Link).where(Link.member == member.id)}


def test_finished_pages_leave_memory_before_the_file_is_written(filled, tmp_path, monkeypatch):
    from reportlab.pdfbase.pdfdoc import PDFPage

    from lianhu_desktop.reports import pdfspool

    seen = {}
    original = pdfspool.write

    def write(canvas, path):
        seen["in_memory"] = sum(isinstance(p, PDFPage) for p in canvas._doc.Pages.pages)
        seen["pages"] = len(canvas._doc.Pages.pages)
        return original(canvas, path)

    monkeypatch.setattr(pdfspool, "write", write)
    out = tmp_path / "plates.pdf"
    doorplates.build(printing.door_plates(printing.resolve_scope()), out, "a4-1")
    assert seen == {"in_memory": 0, "pages": 24}
    assert printdata.page_count(out) == 24
    assert "欧阳司马" in printdata.pdf_text(out)

"""Typography: no lone last character, names never broken, headings kept with their rows, no empty lines."""

import pytest
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5

from lianhu_desktop.domain import printing, printrows
from lianhu_desktop.reports import catalog, contactbook, doorplates, text
from lianhu_desktop.store.models import Grid, Household, Member, Post
from tests.unit import printdata


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.fixture
def filled(village):
    return printdata.fill(village, members=4, per_member=7, long_values=True)


@pytest.mark.parametrize("value,width", [("2026年8月31日", 6.6), ("完成时限：2026年8月31日", 11.2),
                                         ("帮助联系户发展特色种植，引进优质果苗。", 9.0)])
def test_a_wrapped_text_never_ends_with_a_lone_character(value, width):
    lines = text.wrap(value, width * 10, 10)
    assert len(lines) > 1 and "".join(lines) == value
    assert len(lines[-1]) >= 2
    assert all(text.unit_width(line) * 10 <= width * 10 for line in lines)


def test_names_shrink_on_plates_and_cards_instead_of_breaking(filled, tmp_path):
    recorder = printdata.BoxRecorder()
    with text.observe(recorder):
        catalog.print_document("doorplate", printing.resolve_scope(), tmp_path / "p.pdf", "a4-4", mark_printed=False)
        catalog.print_document("card", printing.resolve_scope(), tmp_path / "c.pdf", mark_printed=False)
        catalog.print_document("contactbook", printing.resolve_scope(), tmp_path / "b.pdf", mark_printed=False)
    names = {m.name for m in Member.select()} | {h.head_name for h in Household.select()}
    drawn = set(recorder.lines)
    assert names <= drawn  # each name drawn whole, as one line
    broken = [(name, part) for name in names if len(name) > 2
              for part in (name[:-1], name[1:]) if part in drawn and part not in names]
    assert broken == []
    assert recorder.outside == []


@pytest.mark.parametrize("kind", ["linklist", "commitments", "handbook"])
def test_names_are_not_broken_in_tables(filled, tmp_path, kind):
    out = tmp_path / f"{kind}.pdf"
    catalog.print_document(kind, printing.resolve_scope(), out, mark_printed=False)
    content = printdata.pdf_text(out)
    assert "爱新觉罗·启星" in content  # on one line: the extracted text has no break inside


def test_the_deadline_stays_on_one_line_in_the_a5_handbook(filled, tmp_path):
    out = tmp_path / "hb.pdf"
    catalog.print_document("handbook", printing.resolve_scope(member="欧阳司马"), out, "a5", mark_printed=False)
    content = printdata.pdf_text(out)
    year = printrows.commitment_notice(printing.resolve_scope()).year
    assert f"{year}年6月30日" in content or f"{year}-06-30" in content


def test_every_commitment_row_names_its_member(filled, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "notice.pdf"
    catalog.print_document("commitments", printing.resolve_scope(), out, mark_printed=False)
    rows = printrows.commitment_notice(printing.resolve_scope()).rows
    content = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    for name in {row.member_name for row in rows}:
        assert content.count(name) >= sum(row.member_name == name for row in rows)


@pytest.mark.parametrize("page_size", [A5, A4])
def test_a_grid_heading_never_ends_a_page(village, page_size):
    # Many small grids: headings fall at every height of the page.
    for number in range(12):
        Grid.create(village=village, name=f"第{number + 6}组", sort_order=number + 6)
    printdata.fill(village, members=8, per_member=9)
    pages, _ = contactbook.plan(printrows.contact_book(printing.resolve_scope()), page_size)
    tables = [page for page in pages if page.kind == "table"]
    assert len(tables) > 2
    for page in tables:
        assert page.rows[-1][0] == "row", [entry[0] for entry in page.rows]
        for index, entry in enumerate(page.rows):
            if entry[0] == "section":
                assert page.rows[index + 1][0] == "header" and page.rows[index + 2][0] == "row"


def test_a_plate_without_a_post_has_no_post_line(filled, tmp_path):
    member = Member.select().first()
    Member.update(post=None).where(Member.id == member.id).execute()
    recorder = printdata.BoxRecorder()
    with text.observe(recorder):
        doorplates.build(printing.door_plates(printing.resolve_scope(member=member.name)), tmp_path / "a.pdf", "a4-1")
    assert doorplates.POST_LABEL[0] not in recorder.lines
    other = Member.select().where(Member.post.is_null(False)).first()
    post = Post.get_by_id(other.post_id).name
    recorder = printdata.BoxRecorder()
    with text.observe(recorder):
        doorplates.build(printing.door_plates(printing.resolve_scope(member=other.name)), tmp_path / "b.pdf", "a4-1")
    assert doorplates.POST_LABEL[0] in recorder.lines and post in recorder.lines

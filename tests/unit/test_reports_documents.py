"""Handbooks, contact book, member cards and the commitments notice."""

import re

import pytest
from reportlab import rl_config

from lianhu_desktop.domain import printing, printrows
from lianhu_desktop.errors import Cancelled
from lianhu_desktop.reports import cards, catalog, contactbook, handbook, notices, text
from tests.unit import printdata


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.fixture
def filled(village):
    return printdata.fill(village, members=4, per_member=7, long_values=True)


def _scope(**kwargs):
    return printing.resolve_scope(**kwargs)


@pytest.mark.parametrize("layout", ["a5", "a4"])
def test_handbook_has_sixteen_pages_per_member_and_a_bookmark_each(filled, tmp_path, layout):
    out = tmp_path / "hb.pdf"
    pages = handbook.build(printrows.handbooks(_scope()), out, layout)
    assert pages == 4 * 16 == printdata.page_count(out)
    printdata.assert_font_embedded(out)
    content = printdata.pdf_text(out).replace("\n", "")
    for expected in ("党员联户工作手册", "欧阳司马", "爱新觉罗·启星", "八个到位", "一次一会一评", "十二月走访记录",
                     "我的承诺", "考核方案", "联户走访", "困难户"):
        assert expected in content, expected
    data = out.read_bytes()
    assert b"/Outlines" in data
    assert len(re.findall(rb"/Dest \[", data)) >= 4 * 6  # a member and five sections each


def test_repeated_parts_of_the_handbooks_are_stored_once(filled, tmp_path):
    out = tmp_path / "hb.pdf"
    handbook.build(printrows.handbooks(_scope()), out, "a5")
    forms = len(re.findall(rb"/Subtype /Form", out.read_bytes()))
    # Four members' visit tables (one each, on twelve pages), twelve month titles, and
    # once for all: the cover's heading, the duties page and the two tiers' schemes.
    assert forms == 4 + 12 + 1 + 1 + 2


def test_a_member_with_more_households_than_a_page_holds(village, tmp_path):
    printdata.fill(village, members=1, per_member=30)
    out = tmp_path / "hb.pdf"
    books = list(printrows.handbooks(_scope()))
    pages = handbook.build(books, out, "a5")
    assert pages == printdata.page_count(out) > 16 + 12  # each month's table goes on over a second page
    content = re.sub(r"\s", "", printdata.pdf_text(out))
    for household in books[0].households:  # on each of the twelve months' pages
        door = re.sub(r"\s", "", household.door_number)
        assert content.count(f"{household.head_name}（{door}）") == 12, household.head_name
    headers = content.count("户主（门牌）")  # the header repeats on every page of a month's table
    assert content.count("十二月走访记录") == 1 and headers % 12 == 0 and headers > 12


def test_handbook_uses_the_members_tier_scheme(filled):
    books = list(printrows.handbooks(_scope()))
    assert {b.scheme_name for b in books} == {"党员干部百分制考核方案", "一般党员百分制考核方案"}
    assert sum(float(i.points) for i in books[0].scheme_items) == 100
    assert all(len(b.households) == 7 for b in books)


def test_handbooks_one_file_per_member(filled, tmp_path):
    folder = tmp_path / "handbooks"
    folder.mkdir()
    result = catalog.print_document("handbook", _scope(), None, "a5", split_dir=folder)
    names = sorted(p.name for p in folder.iterdir())
    assert result.pages == 4 * 16
    assert len(result.paths) == 4 and len(names) == 4
    assert "欧阳司马-联户工作手册.pdf" in names
    assert all(printdata.page_count(p) == 16 for p in result.paths)


def test_cancelled_handbooks_leave_nothing(filled, tmp_path):
    out = tmp_path / "hb.pdf"
    with pytest.raises(Cancelled):
        handbook.build(printrows.handbooks(_scope()), out, "a5", progress=lambda d, t: d < 2)
    assert not out.exists()


def test_booklet_order_for_saddle_stitching():
    assert contactbook.booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    for count in (4, 12, 40):
        order = contactbook.booklet_order(count)
        pages = [p for pair in order for p in pair]
        assert sorted(pages) == list(range(1, count + 1))
        assert all(a + b == count + 1 for a, b in order)


def test_contact_book_pages_contents_and_booklet(filled, tmp_path):
    book = printrows.contact_book(_scope())
    pages, contents = contactbook.plan(book, contactbook.A5)
    a5 = tmp_path / "a5.pdf"
    assert contactbook.build(book, a5, "a5") == len(pages) == printdata.page_count(a5)
    chapters = [title for title, level, _ in contents if level == 0]
    assert chapters == ["一、各网格联户名录", "二、党员联系方式", "三、常用电话"]
    content = printdata.pdf_text(a5)
    for expected in ("联系手册", "目", "欧阳司马", "12345", "13900000001", "常用电话"):
        assert expected in content
    booklet = tmp_path / "booklet.pdf"
    sheets = contactbook.build(book, booklet, "booklet")
    padded = len(pages) + (-len(pages) % 4)
    assert sheets == padded // 2 == printdata.page_count(booklet)
    printdata.assert_font_embedded(booklet)


def test_cards_ten_per_page(filled, tmp_path):
    rows = printrows.member_cards(_scope())
    out = tmp_path / "cards.pdf"
    assert cards.build(rows * 3, out) == 2
    content = printdata.pdf_text(out)
    assert "我是共产党员，有困难请找我" in content and "爱新觉罗·启星" in content
    printdata.assert_font_embedded(out)


def test_commitments_notice(filled, tmp_path):
    notice = printrows.commitment_notice(_scope())
    out = tmp_path / "notice.pdf"
    pages = notices.build_commitments(notice, out)
    assert pages == printdata.page_count(out) >= 1
    content = printdata.pdf_text(out)
    assert "党员公开承诺公示" in content and "进展情况" in content and "欧阳司马" in content


def test_nothing_leaves_its_box_on_cards_and_contact_book(filled, tmp_path):
    recorder = printdata.BoxRecorder()
    with text.observe(recorder):
        cards.build(printrows.member_cards(_scope()), tmp_path / "c.pdf")
        contactbook.build(printrows.contact_book(_scope()), tmp_path / "b.pdf", "booklet")
    assert "爱新觉罗·启星" in recorder.lines
    assert recorder.outside == []


def test_catalog_rejects_what_does_not_apply(filled, tmp_path):
    with pytest.raises(Exception, match="版式"):
        catalog.print_document("card", _scope(), tmp_path / "x.pdf", "a4-99")
    with pytest.raises(Exception, match="不能只印有变化的"):
        catalog.print_document("handbook", _scope(changed_only=True), tmp_path / "x.pdf")
    assert {k.key for k in catalog.kinds()} >= {"doorplate", "handbook", "contactbook", "card", "commitments",
                                                 "linkmap", "linklist"}

"""The appraisal printouts: 民主测评票 (a4, a4-2, long rosters on the back), 考核结果 and 公示.

The results sheet and the 公示 are built from ``AppraisalResults`` values
made by ``appraisalfixtures`` (60 members, 8 items, counted ballots); the
catalog's one call for real results is replaced by the same fixture.
"""

from __future__ import annotations

import datetime
import re
import sys

import pytest
from reportlab import rl_config

from lianhu_desktop import pinyin
from lianhu_desktop.domain import printing, printrows
from lianhu_desktop.domain.printrows import AppraisalSheet
from lianhu_desktop.domain.vocab import TIERS
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.reports import appraisal, ballots, catalog, text
from lianhu_desktop.store.models import Member
from tests.unit import appraisalfixtures, printdata

YEAR = 2025
LONG_NAME = "爱新觉罗·启星慧敏"


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


def roster(village, count: int) -> list[Member]:
    """``count`` members in the four tiers: distinct names, one long name, two members of one name."""
    names = appraisalfixtures._names(count)
    if count > 4:
        names[3] = LONG_NAME
    members = []
    for index, name in enumerate(names):
        members.append(Member.create(
            village=village, name=name, name_sort=pinyin.sort_key(name), tier=TIERS[index % 4],
            id_number="11010519491231002X" if index == 0 else None))
    return members


def squeeze(value: str) -> str:
    """Text without its white space: table cells wrap wherever the column width says."""
    return re.sub(r"\s+", "", value)


def scope(village, **kwargs) -> printing.Scope:
    return printing.Scope(village.id, year=YEAR, **kwargs)


def page_texts(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def serial_positions(path, page_index: int) -> dict[str, float]:
    """Serial number (No. 0007) → the x where it is drawn on the page, in points."""
    from pypdf import PdfReader

    page = PdfReader(str(path)).pages[page_index]
    found: dict[str, float] = {}

    def visit(value, cm, tm, _font, _size):
        value = value.strip()
        if value.startswith("No. ") and value not in found:
            found[value] = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]

    page.extract_text(visitor_text=visit)
    return found


# --- ballots ---------------------------------------------------------------------------

def test_a_short_roster_fits_the_front_of_one_ballot_a_page(village, tmp_path):
    members = roster(village, 20)
    out = tmp_path / "ballots.pdf"
    result = catalog.print_document("ballots", scope(village, copies=3, start=7), out, "a4")
    assert (result.pages, result.items, result.duplex) == (3, 3, None)
    pages = page_texts(out)
    assert [("No. 0007" in p, "No. 0008" in p, "No. 0009" in p) for p in pages] == [
        (True, False, False), (False, True, False), (False, False, True)]
    labels = {m.label for m in printrows.ballot_sheet(scope(village)).members}
    assert len(labels) == len(members)
    flat = squeeze(pages[0])
    assert all(label in flat for label in labels), [label for label in labels if label not in flat]
    assert "李家庄村2025年度党员民主评议测评票" in flat and "群众代表" in flat
    assert "多选或涂改的视为无效" in flat and "不评的留空" in flat and "不记名" in flat
    assert "优秀" in flat and "基本合格" in flat and "不合格" in flat
    printdata.assert_font_embedded(out)


def test_two_members_of_one_name_are_told_apart_on_the_ballot(village, tmp_path):
    roster(village, 20)
    out = tmp_path / "ballots.pdf"
    catalog.print_document("ballots", scope(village, copies=1), out, "a4")
    flat = squeeze(page_texts(out)[0])
    twins = [m.label for m in printrows.ballot_sheet(scope(village)).members if m.label != m.name]
    assert len(twins) == 2 and all(label in flat for label in twins)


def test_130_members_continue_on_the_back_a4(village, tmp_path):
    roster(village, 130)
    out = tmp_path / "ballots.pdf"
    result = catalog.print_document("ballots", scope(village, copies=3, start=1), out, "a4")
    assert (result.pages, result.duplex) == (6, "long")  # front and back of each ballot, in that order
    pages = page_texts(out)
    labels = [m.label for m in printrows.ballot_sheet(scope(village)).members]
    for ballot in range(3):
        front, back = pages[2 * ballot], pages[2 * ballot + 1]
        serial = f"No. {ballot + 1:04d}"
        assert serial in front and serial in back
        assert "第 1 面 共 2 面" in front and "第 2 面 共 2 面" in back and "（续）" in back
        assert "双面打印（长边翻转）" in front
        both = squeeze(front + back)
        assert all(label in both for label in labels)
        # The continuation takes up where the front stopped: 1–n on the front, the rest on the back.
        numbers_front = {int(w) for w in front.split() if w.isdigit() and int(w) <= 130}
        assert 1 in numbers_front and 130 not in numbers_front
    printdata.assert_font_embedded(out)


def test_130_members_two_up_mirror_the_backs_for_a_short_edge_flip(village, tmp_path):
    roster(village, 130)
    out = tmp_path / "ballots.pdf"
    result = catalog.print_document("ballots", scope(village, copies=3), out, "a4-2")
    plan = ballots.plan(130, "a4-2")
    assert plan.sides == 4 and sum(plan.per_side) == 130  # two A5 sheets each, front and back
    # Ballots 1+2 on sheets 1–2 (4 pages), ballot 3 alone on sheets 3–4.
    assert (result.pages, result.duplex) == (8, "short")
    half = 297 * 72 / 25.4 / 2  # the cut down the middle of the landscape sheet
    front, back = serial_positions(out, 0), serial_positions(out, 1)
    assert front["No. 0001"] < half < front["No. 0002"]
    assert back["No. 0002"] < half < back["No. 0001"]  # each back behind its own front
    assert "双面打印（短边翻转）" in page_texts(out)[0]


def test_a_short_roster_two_up_is_one_sided(village, tmp_path):
    roster(village, 20)
    out = tmp_path / "ballots.pdf"
    result = catalog.print_document("ballots", scope(village, copies=5, start=41), out, "a4-2")
    assert (result.pages, result.items, result.duplex) == (3, 5, None)
    pages = page_texts(out)
    assert "No. 0041" in pages[0] and "No. 0042" in pages[0] and "No. 0045" in pages[2]
    assert "双面打印" not in "".join(pages)
    data = out.read_bytes()
    assert b"/FontFile2" in data


def test_copies_default_to_twice_the_members(village, tmp_path):
    roster(village, 12)
    result = catalog.print_document("ballots", scope(village), tmp_path / "b.pdf", "a4")
    assert result.items == result.pages == 24


def test_names_shrink_inside_their_boxes_never_over_the_boxes(village, tmp_path):
    roster(village, 130)
    recorder = printdata.BoxRecorder()
    sheet = printrows.ballot_sheet(scope(village))
    with text.observe(recorder):
        for layout in ballots.layouts():
            ballots.build(sheet, tmp_path / f"{layout}.pdf", layout, copies=2)
    assert LONG_NAME in "".join(recorder.lines) and recorder.outside == []


@pytest.mark.parametrize("members", [1, 5, 20, 37, 38, 60, 74, 75, 100, 130, 150, 162, 163, 250])
@pytest.mark.parametrize("layout", ["a4", "a4-2"])
def test_the_plan_places_every_member_once_and_starts_each_ballot_on_a_front(members, layout):
    plan = ballots.plan(members, layout)
    assert sum(plan.per_side) == members
    assert plan.sides == 1 or plan.sides % 2 == 0
    assert all(n > 0 for n in plan.per_side) or members < plan.sides
    assert ballots.STYLES[layout].row_min - 1e-6 <= plan.row <= ballots.STYLES[layout].row_max


def test_a_roster_that_fits_one_side_uses_one(village):
    assert ballots.plan(20, "a4").sides == 1 and ballots.plan(20, "a4").groups == 1
    assert ballots.plan(60, "a4").sides == 1  # two columns of members rather than a back
    assert ballots.plan(130, "a4").sides == 2


def test_ballot_numbers_are_checked(village, tmp_path):
    roster(village, 3)
    with pytest.raises(ValidationError, match="编号"):
        catalog.print_document("ballots", scope(village, copies=10, start=99_995), tmp_path / "b.pdf")
    with pytest.raises(ValidationError, match="份数"):
        catalog.print_document("ballots", scope(village, copies=ballots.MAX_COPIES + 1), tmp_path / "b.pdf")
    with pytest.raises(ValidationError, match="份数或起始编号"):
        catalog.print_document("card", scope(village, copies=3), tmp_path / "c.pdf")
    assert not list(tmp_path.glob("*.pdf"))


def test_a_village_without_members_has_no_ballots(village, tmp_path):
    with pytest.raises(NotFoundError, match="没有测评票可印"):
        catalog.print_document("ballots", scope(village), tmp_path / "b.pdf")


# --- results sheet and 公示 -------------------------------------------------------------

def sheet_of(results) -> AppraisalSheet:
    return AppraisalSheet(results, "城关镇", "中共李家庄村支部委员会", "王书记", "0371-66668888",
                          {results.members[0].member_id: f"{results.members[0].name}（1234）"})


def test_the_results_sheet_shows_items_totals_counts_sums_and_the_seal(tmp_path):
    results = appraisalfixtures.results(sealed=True)
    assert len(results.members) == 60 and len(results.members[0].items) == 8
    out = tmp_path / "results.pdf"
    pages = appraisal.build_results(sheet_of(results), out)
    assert pages == printdata.page_count(out) >= 2
    content = printdata.pdf_text(out)
    flat = squeeze(content)
    assert "2025年度党员民主评议考核结果" in flat and "2025年12月28日" in flat
    assert "应到60人，实到58人" in flat
    for item, *_ in appraisalfixtures.ITEMS:
        assert item in flat, item
    for tier in TIERS:
        assert tier in flat
    assert all(member.name in flat for member in results.members)
    assert f"{results.members[0].name}（1234）" in flat
    assert "封存码：3F9A-C2D1-07B4-E8A5" in flat
    assert flat.count("3F9A-C2D1-07B4-E8A5") >= pages  # in every footer too
    assert "尚未封存" not in flat
    assert "支部书记（签字）" in flat and flat.count("计票人（签字）") == 2
    for label in ("发出", "收回", "有效", "无效", "其中空白", "未核对"):
        assert label in flat
    assert "88" in flat and "86" in flat  # issued and valid ballots
    assert "优秀≥90分" in flat and "评议等次分布" in flat
    printdata.assert_font_embedded(out)


def test_results_not_sealed_say_so_on_every_page(tmp_path):
    out = tmp_path / "results.pdf"
    pages = appraisal.build_results(sheet_of(appraisalfixtures.results(sealed=False)), out)
    texts = page_texts(out)
    assert len(texts) == pages
    assert all("尚未封存（结果未定稿）" in squeeze(page) for page in texts)
    assert "封存码" not in "".join(texts)
    assert "待定" in "".join(texts)  # the member with an unscored item has no grade yet


def test_a_wide_scheme_is_split_into_two_tables(tmp_path):
    results = appraisalfixtures.results(wide=True)
    cadres = [m for m in results.members if m.tier == "党员干部"]
    assert len(cadres[0].items) == 14
    out = tmp_path / "results.pdf"
    appraisal.build_results(sheet_of(results), out)
    flat = squeeze(printdata.pdf_text(out))
    assert "党员干部（15名）（表1/2）" in flat and "（表2/2）" in flat
    assert "按时参加主题党日活动" in flat and "一般党员（15名）（表" not in flat


def test_the_seal_code_is_the_first_16_hex_digits_grouped():
    from dataclasses import replace

    results = appraisalfixtures.results(sealed=True)
    assert appraisal.seal_code(replace(results, seal_code="3f9ac2d107b4e8a5" + "0" * 48)) == "3F9A-C2D1-07B4-E8A5"
    assert appraisal.seal_line(results) == "封存码：3F9A-C2D1-07B4-E8A5"
    assert appraisal.seal_line(replace(results, sealed=False)) == "尚未封存（结果未定稿）"


def test_the_notice_lists_names_tiers_grades_and_the_seal(tmp_path):
    results = appraisalfixtures.results(sealed=True)
    out = tmp_path / "notice.pdf"
    pages = appraisal.build_notice(sheet_of(results), out, posted=datetime.date(2026, 1, 5))
    assert pages == 1
    flat = squeeze(printdata.pdf_text(out))
    assert "党员民主评议结果公示" in flat and "封存码：3F9A-C2D1-07B4-E8A5" in flat
    assert "公示期：2026年1月5日至2026年1月11日" in flat and "监督电话：0371-66668888" in flat
    assert all(member.name in flat for member in results.members)
    counts = results.grade_counts
    assert f"优秀{counts['优秀']}名" in flat and "尚未封存" not in flat
    printdata.assert_font_embedded(out)


def test_an_unsealed_notice_warns_against_posting(tmp_path):
    out = tmp_path / "notice.pdf"
    appraisal.build_notice(sheet_of(appraisalfixtures.results(sealed=False)), out)
    flat = squeeze(printdata.pdf_text(out))
    assert "尚未封存（结果未定稿）：本公示仅供核对" in flat and "封存码" not in flat


def test_130_members_results_and_notice(tmp_path):
    results = appraisalfixtures.results(count=130, sealed=True)
    sheet = sheet_of(results)
    assert appraisal.build_notice(sheet, tmp_path / "n.pdf") == 2
    # Each page reads down its left half, then its right: page 1 holds the first members, page 2 the rest.
    first, second = (squeeze(page) for page in page_texts(tmp_path / "n.pdf"))
    names = [member.name for member in results.members]
    pages = [1 if name in first else 2 for name in names if names.count(name) == 1]
    assert pages == sorted(pages) and 1 in pages and 2 in pages
    assert all((name in first) != (name in second) for name in names if names.count(name) == 1)
    appraisal.build_results(sheet, tmp_path / "r.pdf")
    flat = squeeze(printdata.pdf_text(tmp_path / "r.pdf"))
    assert all(member.name in flat for member in results.members)


# --- the catalog's wiring ----------------------------------------------------------------

def test_the_catalog_asks_domain_appraisal_for_the_results_once(village, tmp_path, monkeypatch):
    roster(village, 20)
    calls = appraisalfixtures.install(monkeypatch, sealed=True)
    result = catalog.print_document("appraisal", scope(village), tmp_path / "r.pdf")
    assert calls == [(village.id, YEAR)] and result.items == 20
    result = catalog.print_document("appraisal-notice", scope(village), tmp_path / "n.pdf")
    assert calls[-1] == (village.id, YEAR) and result.pages >= 1
    flat = squeeze(printdata.pdf_text(tmp_path / "n.pdf"))
    assert LONG_NAME in flat and "封存码：3F9A-C2D1-07B4-E8A5" in flat


def test_without_the_results_module_the_print_is_refused_in_chinese(village, tmp_path, monkeypatch):
    roster(village, 3)
    monkeypatch.setitem(sys.modules, "lianhu_desktop.domain.appraisal", None)
    with pytest.raises(ValidationError, match="民主评议结果"):
        catalog.print_document("appraisal", scope(village), tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_the_appraisal_kinds_take_a_year_and_ballots_copies():
    assert catalog.KINDS["ballots"].options == {catalog.YEAR, catalog.COPIES}
    assert set(catalog.KINDS["ballots"].layouts) == {"a4", "a4-2"}
    for key in ("appraisal", "appraisal-notice"):
        assert catalog.KINDS[key].options == {catalog.YEAR}
    assert catalog.MONTH in catalog.KINDS["monthly"].options

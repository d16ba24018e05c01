"""The appraisal meeting's slides: order, splitting by the row budget, continuation titles, tallies."""

from dataclasses import replace

import pytest

from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain import slides
from lianhu_desktop.domain.slides import Row, build_deck, paginate
from lianhu_desktop.domain.vocab import GRADES, TIERS
from tests.unit.slidefixtures import empty_results, village_results, with_long_scheme

SCREENS = [(1920, 1080), (1024, 768), (1366, 768), (1280, 800), (2560, 1080)]


@pytest.fixture(scope="module")
def results():
    return village_results()


def kinds(deck):
    return [slide.kind for slide in deck.slides]


def budget(slide, canvas) -> int:
    """Lines a block of ``slide``'s table may hold on ``canvas``."""
    if slide.kind == "member":
        return geo.member_lines(canvas, slide.part == 1)
    if slide.kind == "tally":
        return geo.tally_lines(canvas)
    if slide.kind == "ranking":
        return geo.ranking_lines(canvas)
    return geo.table_lines(canvas)


def test_canvas_scales_in_proportion_and_grows_the_other_side():
    assert geo.canvas(1920, 1080) == geo.Canvas(1.0, 1920, 1080)
    four_three = geo.canvas(1024, 768)
    assert four_three.scale == pytest.approx(1024 / 1920)
    assert (four_three.width, four_three.height) == (1920, 1440)
    wide = geo.canvas(2560, 1080)
    assert wide.scale == 1.0 and wide.height == 1080 and wide.width == 2560
    assert geo.canvas(3840, 2160) == geo.Canvas(2.0, 1920, 1080)
    with pytest.raises(ValueError):
        geo.canvas(0, 768)


def test_text_sizes_are_readable_from_the_back_of_a_hall():
    assert geo.BODY_PX >= 28 and geo.SMALL_PX >= 28
    assert geo.HEADING_PX >= 48 and geo.FIGURE_PX >= 48 and geo.TITLE_PX >= 48
    # A line is the body text and its leading; the budget follows from it.
    assert geo.ROW >= geo.BODY_PX * 1.5
    assert geo.table_lines(geo.DESIGN) == (geo.DESIGN.content_height - geo.TABLE_HEAD) // geo.ROW


def test_the_deck_follows_the_meeting(results):
    deck = build_deck(results)
    order = kinds(deck)
    assert order[0] == "opening" and order[-2:] == ["distribution", "end"]
    members = [s for s in deck.slides if s.kind == "member"]
    assert len(members) == len(results.members)  # the default schemes fit one slide each
    first_tally = order.index("tally")
    first_ranking = order.index("ranking")
    assert order[1:first_tally] == ["member"] * len(results.members)
    assert set(order[first_tally:first_ranking]) == {"tally"}
    assert set(order[first_ranking:-2]) == {"ranking"}
    # Members come in the ballot's order: tier by tier.
    tier_of = {m.member_id: m.tier for m in results.members}
    tiers = [tier_of[int(s.key.split(":")[1])] for s in members]
    assert tiers == sorted(tiers, key=TIERS.index)
    # Every slide says whose meeting it is.
    assert all(s.footer == "李家庄村党支部　2025 年度民主评议党员大会" for s in deck.slides)


def test_opening_shows_attendance(results):
    opening = build_deck(results).slides[0]
    assert opening.lines == ("李家庄村党支部", "2025 年度民主评议党员大会", "2026 年 1 月 15 日")
    assert [(f.label, f.value, f.unit) for f in opening.figures] == [
        ("应到", "64", "人"), ("实到", "60", "人"), ("参评党员", "70", "名")]
    unknown = slides.opening_slide(replace(results, expected=None, present=None, date=""))
    assert [f.value for f in unknown.figures[:2]] == ["—", "—"]
    assert "尚未录入" in unknown.notes and "日期尚未填写" in unknown.notes


def test_member_slide_has_the_record_and_the_scores(results):
    member = results.members[0]
    (slide,) = slides.member_slides(member, geo.DESIGN)
    assert slide.title == member.name and slide.subtitle == member.tier
    assert slide.score == slides.pts(member.total_tenths) and slide.grade == member.grade
    values = {f.label: f.value for f in slide.figures}
    assert values["联系农户"] == str(member.households) and values["走访"] == str(member.visits)
    assert values["诉求"] == str(member.requests)
    assert values["承诺兑现"] == f"{member.commitments_kept}/{member.commitments_total}"
    rows = slide.table.rows
    assert [r.cells[0] for r in rows[:-1]] == [item.name for item in member.items]
    assert rows[-1].style == "total" and rows[-1].cells == ("合计", "100", slides.pts(member.total_tenths))
    assert [(b.label, b.value) for b in slide.bars] == [(g, member.ballots.get(g, 0)) for g in GRADES]
    automatic = next(item for item in member.items if item.computation)
    assert automatic.computation in slide.notes


def test_an_unscored_item_leaves_the_grade_open(results):
    member = next(m for m in results.members if not m.grade)
    (slide,) = slides.member_slides(member, geo.DESIGN)
    assert slide.grade == slides.UNGRADED
    assert "未评分" in slide.table.rows[0].cells
    assert "尚未评分" in slide.notes


@pytest.mark.parametrize("size", SCREENS)
def test_every_slide_fits_its_row_budget(results, size):
    canvas = geo.canvas(*size)
    for data in (results, with_long_scheme(results, 3, items=30)):
        deck = build_deck(data, canvas)
        for slide in deck.slides:
            if slide.table is None:
                continue
            for block in range(len(slide.table.blocks)):
                assert slide.table.lines(block) <= budget(slide, canvas), (size, slide.heading)
            for column in slide.table.columns:  # headers fit their columns
                assert geo.text_width(column.title, geo.BODY_PX) + 2 * geo.CELL_PAD <= column.width + 1
            # The blocks side by side fill no more than the content width.
            widths = sum(c.width for c in slide.table.columns) * len(slide.table.blocks)
            assert widths + (len(slide.table.blocks) - 1) * 2 * geo.GAP <= canvas.content_width


def test_a_long_scheme_continues_on_numbered_slides(results):
    data = with_long_scheme(results, 3, items=30)
    member = data.members[3]
    parts = [s for s in build_deck(data).slides if s.key == f"member:{member.member_id}"]
    assert len(parts) >= 3
    assert [s.heading for s in parts] == [f"{member.name}（{n}/{len(parts)}）" for n in range(1, len(parts) + 1)]
    rows = [row for s in parts for row in s.table.rows]
    assert [r.cells[0] for r in rows[:-1]] == [item.name for item in member.items]  # each once, in order
    assert rows[-1].style == "total" and parts[-1].table.rows[-1].style == "total"
    assert parts[0].figures and parts[0].bars and not any(s.figures or s.bars for s in parts[1:])
    assert all(s.score == parts[0].score and s.grade == parts[0].grade for s in parts)
    # Long item names wrap and count as two lines of the budget.
    assert any(r.lines == 2 for r in rows)


def test_a_taller_screen_needs_fewer_slides(results):
    wide, square = build_deck(results, geo.canvas(1920, 1080)), build_deck(results, geo.canvas(1024, 768))
    assert kinds(square).count("tally") < kinds(wide).count("tally")
    assert kinds(square).count("ranking") <= kinds(wide).count("ranking")


def test_ranking_per_tier_by_rank_in_two_blocks(results):
    deck = build_deck(results)
    for tier in TIERS:
        parts = [s for s in deck.slides if s.key == f"ranking:{tier}"]
        members = [m for m in results.members if m.tier == tier]
        rows = [row for s in parts for row in s.table.rows]
        assert sorted(r.cells[1] for r in rows) == sorted(m.name for m in members)
        ranks = [int(r.cells[0]) for r in rows]
        assert ranks == sorted(ranks) and ranks[0] == 1
        assert all(s.subtitle == f"{len(members)} 名" for s in parts)
        if len(parts) > 1:
            assert parts[0].heading == f"{tier}排名（1/{len(parts)}）"
            assert len(parts[0].table.blocks) == 2
    ordinary = [s for s in deck.slides if s.key == "ranking:一般党员"]
    assert len(ordinary) == 2  # 38 members, 26 a slide at 1920×1080
    assert "等次分数线：优秀 ≥ 90 分，合格 ≥ 70 分，基本合格 ≥ 60 分" in ordinary[0].notes


def test_tally_counts_every_members_ballots(results):
    deck = build_deck(results)
    tally = [s for s in deck.slides if s.kind == "tally"]
    assert [s.heading for s in tally] == [f"民主测评计票（{n}/{len(tally)}）" for n in range(1, len(tally) + 1)]
    rows = [row for s in tally for row in s.table.rows]
    groups = [r.cells[0] for r in rows if r.style == "group"]
    assert groups == list(TIERS)
    counted = [r for r in rows if r.style != "group"]
    assert len(counted) == len(results.members)
    by_name = {}
    for member in results.members:
        by_name.setdefault(member.name, []).append(tuple(str(member.ballots.get(g, 0)) for g in GRADES))
    for row in counted:
        assert row.cells[1:] in by_name[row.cells[0]]
    for slide in tally:  # the sums on every page
        figures = {f.label: f.value for f in slide.figures}
        assert figures == {"发出": "62", "收回": "60", "有效": "58", "作废": "2", "待核对": "2"}
        # A tier's heading never ends a block alone.
        for block in slide.table.blocks:
            assert block[-1].style != "group"
    assert "两次录入不一致 1 张" in tally[0].notes and "只录入一次 1 张" in tally[0].notes
    assert tally[0].subtitle == "计票中"
    done = replace(results, ballots=replace(results.ballots, mismatched=0, single=0))
    done_deck = build_deck(done)
    assert done_deck.slides[done_deck.find(("tally", 1))].subtitle == "计票完成"


def test_distribution_counts_grades_overall_and_per_tier(results):
    slide = build_deck(results).slides[-2]
    assert slide.kind == "distribution"
    bars = {b.label: (b.value, b.text, b.note) for b in slide.bars}
    assert bars["优秀"] == (15, "15 名", "21.4%")  # of the 70, on the default schemes as shipped
    assert bars[slides.UNGRADED][0] == 1  # the member with an unscored item
    assert sum(value for value, _, _ in bars.values()) == len(results.members)
    total = slide.table.rows[-1]
    assert total.style == "total" and total.cells[1:] == tuple(str(bars[label][0]) for label in bars)
    assert [r.cells[0] for r in slide.table.rows[:-1]] == list(TIERS)
    assert slide.lines == ("优秀：90 分及以上", "合格：70 分及以上", "基本合格：60 分及以上", "不合格：60 分以下")


def test_end_slide_names_the_seal(results):
    assert "确认、签字后封存" in build_deck(results).slides[-1].lines[2]
    sealed = build_deck(replace(results, sealed=True, seal_code="7Q4K-2M9D-XH3P-5T8W")).slides[-1]
    assert sealed.lines[2] == "评议结果已封存　校验码 7Q4K-2M9D-XH3P-5T8W"


def test_a_year_with_nothing_entered_still_has_a_deck():
    deck = build_deck(empty_results())
    assert kinds(deck) == ["opening", "tally", "ranking", "distribution", "end"]
    assert deck.slides[2].lines == ("还没有参加评议的党员",)
    assert deck.slides[1].table.rows == ()


def test_the_current_slide_is_found_again_after_a_rebuild(results):
    deck = build_deck(results)
    member = results.members[10]
    index = deck.find((f"member:{member.member_id}", 1))
    assert deck.slides[index].title == member.name
    # Ballots entered: the tally changes, the slides keep their identity.
    more = replace(member, ballots={**member.ballots, "优秀": member.ballots["优秀"] + 5})
    members = tuple(more if m is member else m for m in results.members)
    again = build_deck(replace(results, members=members))
    assert again.find(deck.slides[index].ident) == index
    tally = deck.find(("tally", 2))
    assert again.find(("tally", 2)) == tally
    # A member's slide that lost its continuation falls back to the last part; unknown: the fallback.
    assert again.find((f"member:{member.member_id}", 3)) == index
    assert again.find(("member:999999", 1), fallback=5) == 5
    assert again.find(None, fallback=10_000) == len(again) - 1


def test_paginate_keeps_group_headings_with_their_rows():
    rows = [Row(("甲",)), Row(("组",), style="group"), Row(("乙",)), Row(("丙",), lines=3)]
    pages = paginate(rows, lambda page: 2, blocks=2)
    assert [[[r.cells[0] for r in block] for block in page] for page in pages] == [[["甲"], ["组", "乙"]], [["丙"]]]
    assert paginate([], lambda page: 5) == [[[]]]


def test_points_and_lines():
    assert [slides.pts(t) for t in (180, 175, 0, None)] == ["18", "17.5", "0", "未评分"]
    assert geo.lines_needed("政治理论学习", 400) == 1
    assert geo.lines_needed("按时参加“三会一课”并完成学习笔记和心得体会" * 2, 400) >= 3
    assert slides.day_text("2026-01-15") == "2026 年 1 月 15 日" and slides.day_text("") == ""

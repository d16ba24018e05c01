"""The 联户网格图 poster and the 党员联户公示表: content, fitting, pages, cancel."""

import datetime

import pytest
from pypdf import PdfReader
from reportlab import rl_config

from lianhu_desktop.domain.linkboard import load_board
from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.reports import linklist, linkmap, output, text
from lianhu_desktop.store.models import Household, PartyGroup, Village
from tests.unit.linkfixtures import grids, household, member

TODAY = datetime.date(2026, 3, 15)
LONG_HEAD = "爱新觉罗·启星星星"
LONG_DOOR = "东大街幸福巷一百二十三号附二号楼"


@pytest.fixture(autouse=True)
def invariant():
    previous, rl_config.invariant = rl_config.invariant, 1
    yield
    rl_config.invariant = previous


def pdf_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def small_village(village):
    village.supervision_phone = "0371-66668888"
    village.save()
    one, two = grids(village)[:2]
    group = PartyGroup.create(village=village, name="种养业党小组")
    wang = member(village, "王建国", grid=one, phone="13900001111", party_group=group)
    li = member(village, "欧阳司马", grid=two, phone="13900002222")
    member(village, "老党员", link_exempt=True)
    link_households(wang.id, [household(village, 1, grid=one, head="陈大山").id,
                              household(village, 2, grid=one, head=LONG_HEAD).id])
    door = Household.create(village=village, grid=two, door_number=LONG_DOOR, door_sort=9, head_name="杨桂兰")
    link_households(li.id, [door.id])
    household(village, 30, grid=two, head="孙未联")
    return wang, li


def big_village(village, households=900, members=45):
    """Three grids of 300 households: too many for one panel each at the smallest size."""
    one, two, three = grids(village)[:3]
    ids = []
    for index in range(households):
        grid = (one, two, three)[index * 3 // households]
        ids.append((grid, household(village, index + 1, grid=grid, head=f"户主{index + 1:04d}").id))
    for m in range(members):
        grid = (one, two, three)[m * 3 // members]
        mine = [hid for g, hid in ids if g == grid][(m % 15) * 20:(m % 15) * 20 + 19]
        link_households(member(village, f"党员{m:02d}", grid=grid, phone=f"1390000{m:04d}").id, mine)


def lines_inside(build, *args, **kwargs):
    drawn = []
    with text.observe(lambda t, x, y, size, width, box: drawn.append((t, x, y, size, width, box))):
        pages = build(*args, **kwargs)
    assert drawn
    page_w, page_h = linkmap.PAGE
    for t, x, y, size, width, box in drawn:
        assert text.inside(x, y, size, width, box), t
        bx, by, bw, bh = box
        assert bx >= 0 and bx + bw <= page_w and by >= 0 and by + bh <= page_h, t
    return pages, drawn


def test_linkmap_shows_members_households_and_unlinked(village, tmp_path):
    small_village(village)
    path = tmp_path / "map.pdf"
    pages, drawn = lines_inside(linkmap.build, path, village.id, today=TODAY)
    assert pages == 1
    [page] = pdf_text(path)
    for expected in ("李家庄村党支部党员联户网格图", "2026年", "王建国", "13900001111", "1号 陈大山",
                     "杨桂兰", "未联户", "孙未联", "0371-66668888", "第1页／共1页"):
        assert expected in page.replace("\n", ""), expected
    fonts = PdfReader(str(path)).pages[0]["/Resources"]["/Font"]
    assert any("WenQuanYi" in str(font.get_object()["/BaseFont"]) for font in fonts.values())
    # Every grid of the village has its panel, even the empty ones.
    assert sum(1 for t, *_ in drawn if t.endswith("组")) == len(grids(village))


@pytest.mark.slow
def test_linkmap_continues_big_grids_and_never_overflows(village, tmp_path):
    big_village(village)
    Village.update(branch_name="中共城关镇李家庄村支部委员会").where(Village.id == village.id).execute()
    path = tmp_path / "big.pdf"
    pages, drawn = lines_inside(linkmap.build, path, village.id, today=TODAY)
    content = "".join(pdf_text(path))
    assert pages >= 1 and len(PdfReader(str(path)).pages) == pages
    assert "（续）" in content
    flat = " ".join(t for t, *_ in drawn)
    assert all(f"{i}号 户主{i:04d}" in flat for i in range(1, 901)), "every household appears"
    assert min(size for t, x, y, size, *_ in drawn) >= 5.5


def test_linkmap_is_reproducible_and_cancellable(village, tmp_path):
    small_village(village)
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    linkmap.build(a, village.id, today=TODAY)
    linkmap.build(b, village.id, today=TODAY)
    assert a.read_bytes() == b.read_bytes()
    stop = tmp_path / "stop.pdf"
    with pytest.raises(output.Cancelled):
        linkmap.build(stop, village.id, lambda done, total: False, today=TODAY)
    assert not stop.exists()


def test_board_feeds_the_poster(village):
    wang, li = small_village(village)
    board = load_board(village.id, TODAY)
    assert (board.households, board.linked, board.unlinked) == (4, 3, 1)
    one = board.grids[0]
    assert [m.name for m in one.members] == ["王建国"]
    assert [h.label for h in one.members[0].households] == ["陈大山（1号）", f"{LONG_HEAD}（2号）"]


def test_linklist_table_header_footer_and_pages(village, tmp_path):
    wang, li = small_village(village)
    path = tmp_path / "list.pdf"
    assert linklist.build(path, village.id, today=TODAY) == 1
    [page] = pdf_text(path)
    flat = page.replace("\n", "")
    for expected in ("李家庄村党支部党员联户公示表", "种养业党小组", "王建国", "13900001111",
                     "陈大山（一组 1号）", "（免于联户）", "监督电话：0371-66668888", "第 1 页 共 1 页"):
        assert expected in flat, expected


@pytest.mark.slow
def test_linklist_repeats_header_on_every_page(village, tmp_path):
    big_village(village)
    path = tmp_path / "list.pdf"
    pages = linklist.build(path, village.id, today=TODAY)
    texts = pdf_text(path)
    assert pages == len(texts) >= 2
    for number, page in enumerate(texts, 1):
        flat = page.replace("\n", "")
        assert "联系电话" in flat and f"第 {number} 页 共 {pages} 页" in flat


def test_linklist_progress_and_cancel(village, tmp_path):
    small_village(village)
    seen = []
    linklist.build(tmp_path / "ok.pdf", village.id, lambda d, t: seen.append((d, t)) or True, today=TODAY)
    assert seen[0] == (0, 1) and seen[-1] == (1, 1)
    with pytest.raises(output.Cancelled):
        linklist.build(tmp_path / "no.pdf", village.id, lambda d, t: False, today=TODAY)
    assert not (tmp_path / "no.pdf").exists()


def test_board_rows_tiles_legend_visits_and_tags(village):
    from lianhu_desktop.domain.linkboard import PALETTE, colour_for
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.store.models import Visit

    one, two = grids(village)[:2]
    wang = member(village, "王建国", grid=one, phone="13900001111")
    li = member(village, "李秀英", grid=one)
    a = household(village, 1, grid=one, tags=["困难户", "低保户"])
    b = household(village, 2, grid=one)
    c = household(village, 3, grid=one)
    lonely = household(village, 4, grid=two)
    link_households(wang.id, [a.id, b.id])
    link_households(li.id, [c.id])
    Visit.create(village=village, member=wang, household=a, date=datetime.date(2026, 3, 2))
    Visit.create(village=village, member=wang, household=b, date=datetime.date(2026, 2, 27))
    board = load_board(village.id, TODAY)
    assert (board.households, board.linked, board.unlinked, board.overdue) == (4, 3, 1, 2)
    grid_one, grid_two = board.grids[0], board.grids[1]
    assert [t.household_id for t in grid_one.tiles] == [a.id, b.id, c.id]
    tile_a, tile_b, tile_c = grid_one.tiles
    assert sorted(tile_a.tags) == ["低保户", "困难户"]
    assert (tile_a.last_visit, tile_a.visited_this_month, tile_a.overdue) == (datetime.date(2026, 3, 2), True, False)
    assert (tile_b.last_visit, tile_b.overdue) == (datetime.date(2026, 2, 27), True)
    assert tile_c.last_visit is None and tile_c.overdue
    # Colours come from the members' uuids (random here): two members may share one.
    assert tile_a.colour == tile_b.colour == colour_for(wang.uuid) and tile_c.colour == colour_for(li.uuid)
    assert 0 <= tile_c.colour < len(PALETTE)
    assert [t.unlinked for t in grid_two.tiles] == [True] and grid_two.unlinked[0].household_id == lonely.id
    assert not grid_two.tiles[0].overdue  # nobody to be overdue
    assert {e.member_id: (e.name, e.count) for e in board.legend} == {wang.id: ("王建国", 2), li.id: ("李秀英", 1)}
    assert len(board.grids) == len(grids(village))  # empty grids are panels too
    # A township view lists the grids of every village, village by village.
    other = create_village("张家湾村", grids=1)
    household(other, 1, grid=grids(other)[0])
    township = load_board(None, TODAY)
    assert township.households == 5 and township.grids[-1].village_name == "张家湾村"
    assert [g.name for g in load_board(village.id, TODAY, grid_id=one.id).grids] == [one.name]

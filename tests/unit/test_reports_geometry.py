"""Sheet geometry: cells on the page, never overlapping, cut marks outside every cell."""

import pytest
from reportlab.lib.units import mm

from lianhu_desktop.reports.geometry import CARD_LAYOUTS, DOORPLATE_LAYOUTS, SheetGeometry

ALL = {**DOORPLATE_LAYOUTS, **CARD_LAYOUTS}


@pytest.mark.parametrize("name", sorted(ALL))
def test_cells_are_on_the_page_and_apart(name):
    g = ALL[name]
    cells = g.cells()
    assert len(cells) == g.per_page
    for cell in cells:
        assert cell.x >= -0.01 and cell.y >= -0.01
        assert cell.x + cell.width <= g.page_size[0] + 0.01 and cell.y + cell.height <= g.page_size[1] + 0.01
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            apart = (a.x + a.width <= b.x + 0.01 or b.x + b.width <= a.x + 0.01
                     or a.y + a.height <= b.y + 0.01 or b.y + b.height <= a.y + 0.01)
            assert apart


@pytest.mark.parametrize("name", sorted(ALL))
def test_cut_marks_stay_off_the_cells(name):
    g = ALL[name]
    for x1, y1, x2, y2 in g.mark_segments():
        for cell in g.cells():
            inside_x = cell.x + 0.5 < max(x1, x2) and min(x1, x2) < cell.x + cell.width - 0.5
            inside_y = cell.y + 0.5 < max(y1, y2) and min(y1, y2) < cell.y + cell.height - 0.5
            assert not (inside_x and inside_y)
        assert min(x1, x2) >= 0 and max(x1, x2) <= g.page_size[0]
        assert min(y1, y2) >= 0 and max(y1, y2) <= g.page_size[1]


def test_cards_are_90_by_54_mm_ten_per_a4_with_marks_at_every_cut():
    g = CARD_LAYOUTS["a4-10"]
    assert g.per_page == 10
    assert all(abs(c.width - 90 * mm) < 0.01 and abs(c.height - 54 * mm) < 0.01 for c in g.cells())
    xs, ys = g.cut_lines()
    assert len(xs) == 3 and len(ys) == 6
    assert len(g.mark_segments()) == 2 * (3 + 6)


def test_door_plate_layouts_are_one_two_and_four_per_sheet():
    assert [DOORPLATE_LAYOUTS[n].per_page for n in ("a4-1", "a4-2", "a4-4")] == [1, 2, 4]


def test_a_layout_is_a_few_numbers_and_must_fit():
    g = SheetGeometry("x", "x", (595, 842), 3, 3, (180, 270), (5, 5), cut_marks=True)
    assert g.per_page == 9
    with pytest.raises(ValueError):
        SheetGeometry("y", "y", (595, 842), 4, 4, (180, 270))

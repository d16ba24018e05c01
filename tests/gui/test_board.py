"""网格图: names on tiles, stable colours, unlinked unmistakable, drop onto a full member asks."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontMetrics

from lianhu_desktop.domain import linkboard, linking
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.gui.board_canvas import UNLINKED_TEXT, member_short_name
from lianhu_desktop.gui.households_tab import BOARD_VIEW
from lianhu_desktop.store.models import Household, Link, Member, Village


@pytest.fixture
def board_tab(window):
    village = Village.select().order_by(Village.id).first().id
    window.village_combo.setCurrentIndex(window.village_combo.findData(village))
    window.ui.tabs.setCurrentIndex(1)
    tab = window.tabs[1]
    tab.show_view(BOARD_VIEW)
    return tab


def colours(village_id: int) -> dict[int, int]:
    return {entry.member_id: entry.colour for entry in linkboard.load_board(village_id).legend}


def test_colours_follow_the_member_not_the_list_order(filled_db):
    village = Village.select().order_by(Village.id).first()
    before = colours(village.id)
    # A member whose name sorts first, and a renamed one: nobody else's colour moves.
    save_member({"village_id": village.id, "name": "阿斌", "gender": "男"})
    renamed = Member.get_by_id(next(iter(before)))
    renamed.name = "左宗明"
    renamed.save()
    after = colours(village.id)
    assert all(after[mid] == colour for mid, colour in before.items())
    assert colours(village.id) == after


def test_palette_has_nothing_like_the_unlinked_red():
    red = QColor(linkboard.UNLINKED_COLOUR)
    for colour in linkboard.PALETTE:
        hue = QColor(colour).hslHue()
        assert not (QColor(colour).hslSaturation() > 60 and (hue < 20 or hue > 335)), colour
    assert red.name().upper() not in linkboard.PALETTE


def test_tiles_name_the_member_and_say_unlinked(board_tab):
    canvas = board_tab.board_view.canvas
    rows = [row for panel in canvas.panels for row in panel.grid.tiles]
    linked = next(row for row in rows if row.member_id is not None)
    assert canvas._member_name(linked) == Member.get_by_id(linked.member_id).name
    unlinked = next(row for row in rows if row.member_id is None)
    assert canvas._member_name(unlinked) == UNLINKED_TEXT
    assert canvas.tile_h >= 3 * QFontMetrics(canvas._small).height()


def test_long_names_shorten_to_surname_and_initial(app):
    from PySide6.QtWidgets import QWidget

    metrics = QFontMetrics(QWidget().font())
    narrow = metrics.horizontalAdvance("欧阳建国")
    assert member_short_name("王芳", metrics, narrow) == "王芳"
    assert member_short_name("欧阳建国华", metrics, narrow) == "欧阳J."
    assert member_short_name("王建国华明", metrics, narrow) == "王J."


def test_unlinked_tiles_are_hatched_not_just_red(board_tab, qtbot):
    canvas = board_tab.board_view.canvas
    canvas.resize(900, 600)
    key = next((p, t) for p, panel in enumerate(canvas.panels)
               for t, row in enumerate(panel.grid.tiles) if row.member_id is None)
    canvas.verticalScrollBar().setValue(0)
    rect = canvas.tile_rect(*key)
    canvas.verticalScrollBar().setValue(max(0, rect.top() - 20))
    image = canvas.viewport().grab().toImage()
    top = rect.top() - canvas.verticalScrollBar().value()
    inner = [QColor(image.pixel(x, y)).name() for x in range(rect.left() + 40, rect.right() - 6)
             for y in range(top + 6, top + rect.height() - 6)]
    # Pale ground with red hatch lines: at least two distinct colours, mostly pale.
    assert "#fff1f0" in inner and any(c != "#fff1f0" for c in inner)


def test_drop_onto_a_member_at_the_maximum_asks_first(board_tab):
    village = Village.select().order_by(Village.id).first()
    Village.update(link_max=3).where(Village.id == village.id).execute()
    member = next(m.id for m in Member.select().where(Member.village == village.id)
                  if linkboard.member_link_load(m.id)[0] >= 3)
    linked = {link.household_id for link in Link.select().where(Link.end_date.is_null())}
    household = next(h.id for h in Household.select().where(Household.village == village.id)
                     if h.id not in linked)
    asked = []
    board_tab.actions.confirm = lambda title, text: asked.append((title, text)) or False
    assert not board_tab.actions.relink(household, member)
    assert asked[0][0] == "超过联户上限" and "最多 3 户" in asked[0][1]
    assert linking.active_links([household]) == {}
    board_tab.actions.confirm = lambda *_: True
    assert board_tab.actions.relink(household, member)
    assert linking.active_links([household])[household].member_id == member


def test_board_screenshot_paints(board_tab, tmp_path):
    board_tab.window().resize(1024, 700)
    assert not board_tab.board_view.grab().isNull()

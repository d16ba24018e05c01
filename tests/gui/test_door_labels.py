"""Dialogs and township lists name a household with its grid; "no grid" is said one way."""

from __future__ import annotations

import re

from lianhu_desktop.domain.labels import NO_GRID
from lianhu_desktop.store.models import Household


def test_link_dialog_names_households_with_their_grid(window):
    window.ui.tabs.setCurrentIndex(1)
    tab = window.tabs[1]
    household = Household.select().where(Household.grid.is_null(False)).first()
    (_, label, _), = tab.actions.households([household.id])
    assert label == f"{household.head_name}（{household.grid.name} {household.door_number}）"


def test_member_dialog_household_choices_and_no_grid(app, qtbot, filled_db):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    household = Household.select().where(Household.grid.is_null(False)).first()
    dialog = MemberDialog(None, village_id=household.village_id)
    qtbot.addWidget(dialog)
    combo = dialog.ui.household
    texts = [combo.itemText(i) for i in range(1, combo.count())]
    assert f"{household.grid.name} {household.door_number} {household.head_name}" in texts
    assert all(re.match(r"^\S+组 \S+ \S+", text) or text.startswith(NO_GRID) for text in texts)
    assert dialog.ui.homeGrid.itemText(0) == NO_GRID


def test_household_dialog_says_no_grid_the_same_way(app, qtbot, filled_db):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    household = Household.select().first()
    dialog = HouseholdDialog(None, village_id=household.village_id)
    qtbot.addWidget(dialog)
    grids = [dialog.ui.grid.itemText(i) for i in range(dialog.ui.grid.count())]
    assert NO_GRID in grids and "（未分网格）" not in grids


def test_township_lists_put_the_village_first(window):
    window.village_combo.setCurrentIndex(window.village_combo.findData(None))
    for tab in window.tabs[:3]:
        header = tab.ui.table.horizontalHeader()
        column = tab.spec.column("village")
        assert not tab.ui.table.isColumnHidden(column)
        assert header.logicalIndex(0) == column, tab.spec.name
    window.village_combo.setCurrentIndex(1)
    assert window.tabs[1].ui.table.isColumnHidden(window.tabs[1].spec.column("village"))

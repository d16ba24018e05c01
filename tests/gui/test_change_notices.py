"""Every GUI write path refreshes the other views that show its data, without F5.

Each test writes through the GUI in one view and reads another view that
was built (and hidden) before the write: what it shows must be the new data.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from lianhu_desktop.domain import linking, proposals
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs import link_dialog
from lianhu_desktop.gui.dialogs.archive_dialog import MemberArchiveDialog
from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog
from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog
from lianhu_desktop.gui.dialogs.proposals_dialog import ProposalsDialog
from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog
from lianhu_desktop.gui.households_tab import BOARD_VIEW, GROUP_VIEW
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import Grid, Household, Link, Member, Village


def first_village() -> int:
    return Village.select().order_by(Village.id).first().id


def unlinked(village_id: int) -> list[int]:
    active = Link.select(Link.household).where(Link.end_date.is_null())
    return [h.id for h in Household.select().where((Household.village == village_id)
                                                    & (Household.archived == False)  # noqa: E712
                                                    & Household.id.not_in(active)).order_by(Household.id)]


def active_count(member_id: int) -> int:
    return Link.select().where((Link.member == member_id) & Link.end_date.is_null()).count()


def pressing(fill=lambda dialog: None, accept=True):
    """A stand-in for a modal dialog's exec: fill it, press its OK button, return the result."""
    def run(dialog):
        fill(dialog)
        if accept:
            dialog.accept()
        return dialog.result()
    return run


@pytest.fixture
def village_window(window):
    window.set_village(first_village())
    return window


def roster_value(window, member_id: int, key: str):
    roster = window.tab("roster")
    rows = roster.model.rows_of([member_id])
    assert member_id in rows, "member not listed"
    return roster.model.data(roster.model.index(rows[member_id], roster.spec.column(key)))


def show_households(window):
    tab = window.show_tab("households")
    tab.actions.confirm = lambda *_args: True
    return tab


def select_household_rows(tab, ids):
    table, model = tab.ui.table, tab.model
    table.clearSelection()
    for row in model.rows_of(ids).values():
        table.selectionModel().select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)


def a_member(village_id: int, index: int = 0) -> Member:
    return Member.select().where((Member.village == village_id) & (Member.archived == False)  # noqa: E712
                                 ).order_by(Member.id)[index]


# ------------------------------------------------------------------ links


def test_link_three_households_in_the_grid_view_then_roster_shows_the_new_count(village_window, monkeypatch):
    """The reported case: 联户网格 → link 3 households → 花名册 shows the new 联户数."""
    window = village_window
    village = first_village()
    member = a_member(village, 2)
    window.show_tab("roster")
    before = roster_value(window, member.id, "links")  # the roster was loaded and shown
    tab = show_households(window)
    ids = unlinked(village)[:3]
    assert len(ids) == 3
    select_household_rows(tab, ids)
    monkeypatch.setattr(link_dialog.LinkDialog, "exec", pressing(lambda d: d.select_member(member.id)))
    tab.actions.assign_action.trigger()
    assert active_count(member.id) == before + 3
    window.show_tab("roster")  # no F5
    assert roster_value(window, member.id, "links") == before + 3


def test_move_and_end_update_the_roster_and_the_board(village_window, monkeypatch):
    window = village_window
    village = first_village()
    tab = show_households(window)
    giver, taker = a_member(village, 0), a_member(village, 1)
    household = linking.link_households(giver.id, unlinked(village)[:1])[0].household_id
    operations.notify({Change.LINKS})  # the test's own write above, said as an op would
    tab.show_view(BOARD_VIEW)
    select_household_rows(tab, [household])
    tab.show_view(0)
    select_household_rows(tab, [household])
    counts = (active_count(giver.id), active_count(taker.id))
    monkeypatch.setattr(link_dialog.LinkDialog, "exec", pressing(lambda d: d.select_member(taker.id)))
    tab.actions.move_action.trigger()
    assert (active_count(giver.id), active_count(taker.id)) == (counts[0] - 1, counts[1] + 1)
    tab.show_view(BOARD_VIEW)  # the board was stale: it reads again as it is shown
    tile = next(r for p in tab.board_view.canvas.panels for r in p.grid.tiles if r.household_id == household)
    assert tile.member_id == taker.id
    tab.show_view(0)
    select_household_rows(tab, [household])
    monkeypatch.setattr(link_dialog.EndLinkDialog, "exec",
                        pressing(lambda d: d.reason.setCurrentText("农户迁出")))
    tab.actions.end_action.trigger()
    window.show_tab("roster")
    assert roster_value(window, taker.id, "links") == counts[1]


def test_drag_relink_updates_the_roster(village_window):
    window = village_window
    village = first_village()
    tab = show_households(window)
    tab.show_view(BOARD_VIEW)
    household, member = unlinked(village)[0], a_member(village, 4)
    window.show_tab("roster")
    before = roster_value(window, member.id, "links")
    tab = show_households(window)
    assert tab.actions.relink(household, member.id)
    window.show_tab("roster")
    assert roster_value(window, member.id, "links") == before + 1


def test_accepted_proposals_update_roster_and_coverage(village_window, monkeypatch):
    window = village_window
    village = first_village()
    tab = show_households(window)
    unlinked_before = tab.coverage_panel.report["totals"]["unlinked"]
    found = proposals.propose(village, proposals.PROXIMITY)
    assert found

    def accept(dialog):
        dialog.show_proposals(found)

    monkeypatch.setattr(ProposalsDialog, "exec", pressing(accept))
    monkeypatch.setattr("lianhu_desktop.gui.household_actions.QMessageBox.information", lambda *a: None)
    tab.actions.proposals_action.trigger()
    assert tab.coverage_panel.report["totals"]["unlinked"] == unlinked_before - len(found)
    member = found[0].member_id
    window.show_tab("roster")
    assert roster_value(window, member, "links") == active_count(member)


# ------------------------------------------------------------------ members and households


def test_member_saved_in_the_roster_shows_in_the_household_list(village_window, monkeypatch):
    window = village_window
    village = first_village()
    tab = show_households(window)
    link = Link.select().join(Household).where((Household.village == village) & Link.end_date.is_null()).first()
    rows = tab.model.rows_of([link.household_id])
    assert rows
    roster = window.show_tab("roster")
    assert roster.select_member(link.member_id)
    monkeypatch.setattr(MemberDialog, "exec", pressing(lambda d: d.ui.name.setText("改名后")))
    roster.actions["edit"].trigger()
    assert roster_value(window, link.member_id, "name") == "改名后"  # the visible list, in place
    tab = window.show_tab("households")
    row = tab.model.rows_of([link.household_id])[link.household_id]
    assert tab.model.data(tab.model.index(row, tab.spec.column("member"))) == "改名后"


def test_archiving_a_member_with_hand_over_updates_households_and_roster(village_window, monkeypatch):
    window = village_window
    village = first_village()
    tab = show_households(window)
    tab.show_view(GROUP_VIEW)
    leaving = max((m for m in Member.select().where(Member.village == village)), key=lambda m: active_count(m.id))
    households = [link.household_id for link in Link.select().where((Link.member == leaving.id)
                                                                     & Link.end_date.is_null())]
    assert households
    taker = a_member(village, 0) if a_member(village, 0).id != leaving.id else a_member(village, 1)
    roster = window.show_tab("roster")
    before = roster_value(window, taker.id, "links")
    assert roster.select_member(leaving.id)

    def fill(dialog: MemberArchiveDialog):
        assert len(dialog.households) == len(households)
        dialog.ui.reason.setCurrentText("转出")
        dialog.one_member.setCurrentIndex(dialog.one_member.findData(taker.id))
        assert dialog.one.isChecked()

    monkeypatch.setattr(MemberArchiveDialog, "exec", pressing(fill))
    roster.actions["archive"].trigger()
    assert roster_value(window, taker.id, "links") == before + len(households)
    assert "交给其他党员联系" in window.statusBar().currentMessage()
    tab = window.show_tab("households")
    shown: dict[int, int] = {}  # a member appears under each grid they link in
    for group in tab.group_view.model.groups:
        if group.member_id:
            shown[group.member_id] = shown.get(group.member_id, 0) + len(group.households)
    assert leaving.id not in shown and shown[taker.id] == active_count(taker.id)


def test_household_added_and_archived_shows_in_group_view_and_roster(village_window, monkeypatch):
    window = village_window
    village = first_village()
    tab = show_households(window)
    tab.show_view(GROUP_VIEW)
    total = tab.board.households

    def fill(dialog):
        dialog.ui.headName.setText("新来户")

    monkeypatch.setattr(HouseholdDialog, "exec", pressing(fill))
    tab.actions.add.trigger()
    assert tab.board.households == total + 1  # the shown board read again
    linked = Link.select().join(Household).where((Household.village == village) & Link.end_date.is_null()).first()
    member = linked.member_id
    window.show_tab("roster")
    before = roster_value(window, member, "links")
    tab = show_households(window)
    tab.show_view(0)
    select_household_rows(tab, [linked.household_id])
    monkeypatch.setattr("lianhu_desktop.gui.household_actions.QInputDialog.getItem",
                        lambda *args, **kwargs: ("迁出", True))
    tab.actions.archive_action.trigger()
    window.show_tab("roster")
    assert roster_value(window, member, "links") == before - 1


# ------------------------------------------------------------------ organisation, villages, settings


def test_grid_renamed_in_the_organisation_dialog_shows_in_lists(village_window, monkeypatch):
    from lianhu_desktop.gui import organisation_dialog

    window = village_window
    village = first_village()
    tab = show_households(window)
    grid = Grid.select().where(Grid.village == village).order_by(Grid.id).first()
    window.show_tab("roster")
    dialog = organisation_dialog.OrganisationDialog(window, village)

    def rename(editor):
        editor.findChild(organisation_dialog.QLineEdit).setText("东片")

    monkeypatch.setattr(organisation_dialog.RowEditor, "exec", pressing(rename))
    table = dialog.ui.gridTable
    table.selectRow(next(r for r in range(table.rowCount())
                         if table.item(r, 0).data(organisation_dialog.Qt.ItemDataRole.UserRole) == grid.id))
    dialog.edit_grid()
    dialog.close()
    tab = window.show_tab("households")
    assert tab.grid.findText("东片") >= 0  # the filter choices
    household = Household.select().where(Household.grid == grid.id).first()
    row = tab.model.rows_of([household.id])[household.id]
    assert tab.model.data(tab.model.index(row, tab.spec.column("grid"))) == "东片"


def test_new_village_appears_in_the_village_list(village_window, monkeypatch):
    window = village_window
    count = window.village_combo.count()

    def fill(dialog):
        dialog.ui.name.setText("王家湾村")

    monkeypatch.setattr(VillageDialog, "exec", pressing(fill))
    window.new_village()
    assert window.village_combo.count() == count + 1
    assert window.village_combo.findText("王家湾村") >= 0
    assert window.current_village_id() == first_village()  # the village shown stays


def test_plates_marked_printed_update_the_hint(village_window):
    from lianhu_desktop.reports import catalog

    window = village_window
    village = first_village()
    tab = show_households(window)
    assert tab.plates_to_print > 0
    window.show_tab("roster")
    changed = linking.plates_changed_since_print(village)
    result = catalog.PrintResult(kind="doorplate", paths=[], pages=1, items=len(changed), household_ids=changed,
                                 plate_fingerprints=linking.plate_fingerprints(changed))
    # What the Print Center does after a whole document was printed (tested there with a real PDF).
    assert operations.run_op(window, catalog.mark_as_printed, result, changes={Change.PRINT_MARKS})
    tab = window.show_tab("households")
    assert tab.plates_to_print == 0 and tab.plates_hint.isHidden()


# ------------------------------------------------------------------ databases


def test_opening_another_database_shows_its_data(village_window, tmp_path):
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.store import db as store_db

    window = village_window
    first = window.db_path
    other = tmp_path / "other.db"
    store_db.open_database(other, create=True)
    create_village("新村", grids=2)
    store_db.open_database(first)
    assert window.switch_database(other)
    assert [window.village_combo.itemText(i) for i in range(window.village_combo.count())] == ["新村"]
    assert window.tab("roster").model.rowCount() == 0 or not window.tab("roster").isVisible()
    window.show_tab("roster")
    assert window.tab("roster").model.rowCount() == 0


def test_a_hidden_tab_reads_only_when_shown(village_window, monkeypatch):
    window = village_window
    visits = window.show_tab("visits")
    window.show_tab("roster")
    reads = []
    monkeypatch.setattr(visits.model, "reload", lambda: reads.append(True))
    operations.notify({Change.VISITS})
    operations.notify({Change.MEMBERS})
    assert reads == [] and visits.view_state.stale
    window.show_tab("visits")
    assert reads == [True] and not visits.view_state.stale


def test_the_board_is_read_once_per_notice_for_both_views(village_window):
    window = village_window
    tab = show_households(window)
    tab.show_view(GROUP_VIEW)
    loads = tab.board_source.loads
    operations.notify({Change.LINKS})
    tab.show_view(BOARD_VIEW)
    tab.show_view(GROUP_VIEW)
    assert tab.board_source.loads == loads + 1


def test_a_townships_board_is_read_in_the_background_once_the_tab_shows(window, qtbot):
    """Every village shown: the board is read in a worker after the list, so 分组列表 opens
    from it without a second read; a change makes it stale again and the view reads anew."""
    window.set_village(None)
    tab = show_households(window)
    qtbot.waitUntil(lambda: tab.board_source.cached(None) is not None, timeout=20000)
    loads = tab.board_source.loads
    tab.show_view(GROUP_VIEW)
    assert tab.board_source.loads == loads
    assert tab.group_view.model.rowCount() == len(tab.board_source.cached(None).grids) > 0
    operations.notify({Change.LINKS})
    assert tab.board_source.cached(None) is None
    qtbot.waitUntil(lambda: tab.board_source.loads == loads + 1, timeout=20000)


def test_the_group_list_shows_the_first_village_while_the_townships_board_is_read(window, qtbot, monkeypatch):
    from lianhu_desktop.domain.villages import list_villages
    from lianhu_desktop.gui import workers

    monkeypatch.setattr(workers.QProgressDialog, "show", lambda self: None)
    window.set_village(None)
    tab = show_households(window)
    qtbot.waitUntil(lambda: tab.board_source.cached(None) is not None, timeout=20000)
    tab.board_source.invalidate()
    shown = []
    real = tab.group_view.model.set_board
    monkeypatch.setattr(tab.group_view.model, "set_board",
                        lambda board, **kw: (shown.append({g.village_id for g in board.grids} if board else None),
                                             real(board, **kw)))
    tab.show_view(GROUP_VIEW)
    qtbot.waitUntil(lambda: tab.board_source.cached(None) is not None, timeout=20000)
    villages = [v.id for v in list_villages()]
    assert shown[0] == {villages[0]} and shown[-1] == set(villages)
    assert tab.group_view.model.rowCount() == len(tab.board_source.cached(None).grids)


def test_a_villages_board_is_not_read_before_a_grouped_view_shows(village_window, qtbot):
    tab = show_households(village_window)
    qtbot.wait(400)
    assert tab.board_source.loads == 0

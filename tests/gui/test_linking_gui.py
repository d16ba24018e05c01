"""The 联户网格 tab: link dialogs, proposals, the board, drag-relink, coverage, filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from lianhu_desktop.domain import linking, proposals
from lianhu_desktop.gui.dialogs import link_dialog
from lianhu_desktop.gui.dialogs.link_dialog import EndLinkDialog, LinkDialog
from lianhu_desktop.gui.dialogs.proposals_dialog import ProposalsDialog
from lianhu_desktop.gui.households_tab import BOARD_VIEW, GROUP_VIEW, LIST_VIEW
from lianhu_desktop.gui.linkboard_view import household_mime
from lianhu_desktop.store.models import Household, HouseholdTag, Link, Member, Village, Visit


@pytest.fixture
def tab(window):
    window.village_combo.setCurrentIndex(window.village_combo.findData(first_village()))
    tab = window.show_tab("households")
    tab.actions.confirm = lambda *_args: True
    return tab


def first_village() -> int:
    return Village.select().order_by(Village.id).first().id


def unlinked_ids(village_id: int) -> list[int]:
    linked = Link.select(Link.household).where(Link.end_date.is_null())
    return [h.id for h in Household.select().where((Household.village == village_id)
                                                   & Household.id.not_in(linked)).order_by(Household.id)]


def active_member(household_id: int) -> int | None:
    link = linking.active_links([household_id]).get(household_id)
    return None if link is None else link.member_id


def members(village_id: int) -> list[int]:
    return [m.id for m in Member.select().where(Member.village == village_id).order_by(Member.id)]


def select_rows(tab, ids):
    table, model = tab.ui.table, tab.model
    table.clearSelection()
    wanted = set(ids)
    for row in range(model.rowCount()):
        if model.id_at(row) in wanted:
            table.selectionModel().select(
                model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                | QItemSelectionModel.SelectionFlag.Rows)


def fake_exec(choose):
    """A modal dialog's exec that lets ``choose(dialog)`` act, then returns the result."""
    def run(dialog):
        choose(dialog)
        return dialog.result()
    return run


def test_assign_selected_households_through_the_dialog(tab, monkeypatch):
    village = first_village()
    ids = unlinked_ids(village)
    assert len(ids) >= 2
    tab.linked.setCurrentIndex(tab.linked.findData(False))
    assert tab.model.rowCount() == len(ids)
    select_rows(tab, ids[:2])
    assert tab.selected_ids() == ids[:2]
    member = members(village)[3]

    def choose(dialog):
        assert dialog.households[0][0] == ids[0] and dialog.windowTitle() == "联户给党员"
        assert dialog.select_member(member)
        dialog.ui.mode.setCurrentIndex(dialog.ui.mode.findData("能力分类"))
        dialog.accept()

    monkeypatch.setattr(LinkDialog, "exec", fake_exec(choose))
    tab.actions.assign_action.trigger()
    assert [active_member(h) for h in ids[:2]] == [member, member]
    assert Link.get((Link.household == ids[0]) & Link.end_date.is_null()).mode == "能力分类"
    assert tab.model.rowCount() == len(ids) - 2  # the list was refreshed
    assert "联户给" in tab.window().statusBar().currentMessage()


def test_assign_refuses_a_linked_household_unless_asked_to_move(qtbot, tab):
    village = first_village()
    linked = Link.select().join(Household).where(
        (Household.village == village) & Link.end_date.is_null()).first()
    other = next(m for m in members(village) if m != linked.member_id)
    households = tab.actions.households([linked.household_id])
    dialog = LinkDialog(None, households, village)
    qtbot.addWidget(dialog)
    assert dialog.move_others.isVisibleTo(dialog)
    dialog.select_member(other)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "已有联户党员" in dialog.errors.message()
    assert active_member(linked.household_id) == linked.member_id
    dialog.move_others.setChecked(True)
    dialog.accept()
    assert active_member(linked.household_id) == other


def test_move_through_the_dialog_ends_the_old_link(tab, monkeypatch):
    tab.linked.setCurrentIndex(tab.linked.findData(True))
    household = tab.model.id_at(0)
    old = active_member(household)
    select_rows(tab, [household])
    target = next(m for m in members(first_village()) if m != old)

    def choose(dialog):
        listed = [dialog.ui.memberList.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(dialog.ui.memberList.count())]
        assert old not in listed  # the current member is not offered
        dialog.ui.memberFilter.setText(Member.get_by_id(target).name)
        assert dialog.member_id() == target
        dialog.accept()

    monkeypatch.setattr(LinkDialog, "exec", fake_exec(choose))
    tab.actions.move_action.trigger()
    assert active_member(household) == target
    history = linking.link_history(household)
    assert history[1]["member_id"] == old and history[1]["end_reason"] == linking.MOVE_REASON
    assert household in linking.plates_changed_since_print(first_village())


def test_end_link_needs_a_reason(qtbot, tab):
    tab.linked.setCurrentIndex(tab.linked.findData(True))
    household = tab.model.id_at(0)
    dialog = EndLinkDialog(None, tab.actions.households([household]))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "原因" in dialog.errors.message() and active_member(household) is not None
    dialog.reason.setCurrentText("农户迁出")
    dialog.accept()
    assert dialog.ended == 1 and active_member(household) is None
    assert linking.link_history(household)[0]["end_reason"] == "农户迁出"


def test_end_action_refreshes_coverage(tab, monkeypatch):
    tab.linked.setCurrentIndex(tab.linked.findData(True))
    household = tab.model.id_at(0)
    select_rows(tab, [household])
    before = tab.coverage_panel.report["totals"]["unlinked"]

    def choose(dialog):
        dialog.reason.setCurrentText("调整联户")
        dialog.accept()

    monkeypatch.setattr(EndLinkDialog, "exec", fake_exec(choose))
    tab.actions.end_action.trigger()
    assert tab.coverage_panel.report["totals"]["unlinked"] == before + 1


def test_proposals_dialog_accepts_only_checked_rows(qtbot, tab):
    village = first_village()
    unlinked = unlinked_ids(village)
    dialog = ProposalsDialog(None, village)
    qtbot.addWidget(dialog)
    dialog.show_proposals(proposals.propose(village, "就近就地"))
    assert dialog.ui.table.rowCount() == len(unlinked) == len(dialog.checked())
    dialog.ui.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    skipped = dialog.proposals[0].household_id
    assert f"已选 {len(unlinked) - 1} 条" in dialog.ui.summaryLabel.text()
    dialog.accept()
    assert dialog.linked == len(unlinked) - 1
    assert unlinked_ids(village) == [skipped]


def test_proposals_dialog_runs_in_a_worker_and_select_none(qtbot, tab):
    dialog = ProposalsDialog(None, first_village())
    qtbot.addWidget(dialog)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert dialog.proposals and dialog.ok.isEnabled()
    dialog.set_all_checked(False)
    assert not dialog.checked() and not dialog.ok.isEnabled()
    dialog.set_all_checked(True)
    assert len(dialog.checked()) == len(dialog.proposals)


def test_board_tiles_reflect_links_and_unlinked(qtbot, tab):
    village = first_village()
    tab.show_view(BOARD_VIEW)
    canvas = tab.board_view.canvas
    tiles = {row.household_id: row for panel in canvas.panels for row in panel.grid.tiles}
    assert len(tiles) == Household.select().where(Household.village == village).count()
    assert {h for h, row in tiles.items() if row.unlinked} == set(unlinked_ids(village))
    linked = next(row for row in tiles.values() if not row.unlinked)
    assert linked.member_id == active_member(linked.household_id)
    # Hit-testing finds the tile drawn at a place.
    panel, index = 1, 2
    rect = canvas.tile_rect(panel, index)
    canvas.verticalScrollBar().setValue(0)
    key = canvas.tile_at(rect.center())
    assert key == (panel, index)
    # Every legend entry (but 未联户) names a member and is a drop target.
    legend = tab.board_view.legend
    assert legend.item(0).text().startswith("未联户")
    assert legend.item(0).data(Qt.ItemDataRole.UserRole) is None
    assert all(legend.item(i).data(Qt.ItemDataRole.UserRole) for i in range(1, legend.count()))
    canvas.grab()  # paints without error


def test_relink_by_drop_moves_after_confirmation(qtbot, tab):
    village = first_village()
    tab.show_view(BOARD_VIEW)
    household = unlinked_ids(village)[0]
    member = members(village)[5]
    answers = []
    tab.actions.confirm = lambda title, text: answers.append(text) or False
    assert not tab.actions.relink(household, member)
    assert active_member(household) is None and "原未联户" in answers[0]
    tab.actions.confirm = lambda *_: True
    assert tab.actions.relink(household, member)
    assert active_member(household) == member
    row = next(r for p in tab.board_view.canvas.panels for r in p.grid.tiles if r.household_id == household)
    assert row.member_id == member and not row.unlinked  # the board was reloaded
    other = members(village)[6]
    assert tab.actions.relink(household, other)
    assert active_member(household) == other
    assert linking.link_history(household)[1]["end_reason"] == linking.MOVE_REASON


def test_legend_drop_event_calls_relink(qtbot, tab):
    tab.show_view(BOARD_VIEW)
    legend = tab.board_view.legend
    dropped = []
    legend.on_drop = lambda household, member: dropped.append((household, member))
    item = legend.item(2)
    point = QPointF(legend.visualItemRect(item).center())
    mime: QMimeData = household_mime(1234)
    event = QDropEvent(point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    legend.dropEvent(event)
    assert dropped == [(1234, item.data(Qt.ItemDataRole.UserRole))]


def test_group_view_lists_grid_member_households(tab):
    village = first_village()
    tab.show_view(GROUP_VIEW)
    model = tab.group_view.model
    assert model.rowCount() == 10  # ten grids in the sample village
    last_grid = model.index(model.rowCount() - 1, 0)
    first = model.index(0, 0, last_grid)
    assert model.data(first).startswith("未联户")
    household_index = model.index(0, 1, first)
    assert model.household_id(household_index) in unlinked_ids(village)
    assert model.data(household_index, Qt.ItemDataRole.BackgroundRole) is not None
    member_index = model.index(1, 0, last_grid)
    member_household = model.household_id(model.index(0, 0, member_index))
    assert active_member(member_household) == model.node(member_index).member_id
    assert model.parent(model.index(0, 0, member_index)) == member_index
    tab.group_view.tree.setCurrentIndex(model.index(0, 0, member_index))
    assert tab.selected_ids() == [member_household]


def test_coverage_findings_filter_the_list(tab):
    village = first_village()
    tab.show_view(BOARD_VIEW)
    tab.follow_finding("unlinked", None)
    assert tab.current_view() == LIST_VIEW
    assert sorted(tab.model.ids()) == unlinked_ids(village)
    member = members(village)[0]
    tab.follow_finding("member", member)
    expected = {link.household_id for link in
                Link.select().where((Link.member == member) & Link.end_date.is_null())}
    assert set(tab.model.ids()) == expected and tab.scope_chip.isVisibleTo(tab)
    tab.follow_finding("households", [3, 5])
    assert sorted(tab.model.ids()) == [3, 5]
    tab.scope_chip.click()
    assert tab.model.rowCount() == 80 and not tab.scope_chip.isVisibleTo(tab)
    titles = [item.text(0) for item in tab.coverage_panel.items()]
    assert any(t.startswith("未联户 4 户") for t in titles)


def test_grid_tag_and_archived_filters(tab):
    village = first_village()
    grid_id = tab.grid.itemData(2)
    tab.grid.setCurrentIndex(2)
    assert set(tab.model.ids()) == {h.id for h in Household.select().where(Household.grid == grid_id)}
    tab.grid.setCurrentIndex(0)
    first, second = [h.id for h in Household.select().where(Household.village == village).limit(2)]
    HouseholdTag.create(household=first, tag="困难户")
    tab._fill_filter_choices(village)
    tab.tag.setCurrentIndex(tab.tag.findData("困难户"))
    assert list(tab.model.ids()) == [first]
    tab.tag.setCurrentIndex(0)
    Household.update(archived=True, archive_reason="迁出").where(Household.id == second).execute()
    tab.refresh()
    assert second not in tab.model.ids()
    tab.archived.setChecked(True)
    assert second in tab.model.ids()


def test_delete_is_confirmed_and_refused_with_history(tab, shown_errors):
    household = Household.create(village=first_village(), head_name="新来户", head_pinyin="xinlaihu",
                                 head_initials="xlh")
    tab.refresh()
    select_rows(tab, [household.id])
    tab.actions.confirm = lambda *_: False
    tab.actions.delete_action.trigger()
    assert Household.get_or_none(Household.id == household.id) is not None
    tab.actions.confirm = lambda *_: True
    tab.actions.delete_action.trigger()
    assert Household.get_or_none(Household.id == household.id) is None
    with_history = Visit.select().first().household_id
    select_rows(tab, [with_history])
    tab.actions.delete_action.trigger()
    assert Household.get_or_none(Household.id == with_history) is not None
    assert [(kind, title) for kind, title, _text in shown_errors] == [("warning", "无法删除")]
    assert "不能删除" in shown_errors[0][2]


def test_archive_asks_reason_and_hides(tab, monkeypatch):
    household = tab.model.id_at(0)
    select_rows(tab, [household])
    monkeypatch.setattr("lianhu_desktop.gui.household_actions.QInputDialog.getItem",
                        lambda *args, **kwargs: ("迁出", True))
    tab.actions.archive_action.trigger()
    assert Household.get_by_id(household).archived
    assert household not in tab.model.ids()
    tab.archived.setChecked(True)
    select_rows(tab, [household])
    tab.actions.update_enabled()
    assert tab.actions.archive_action.text() == "取消归档"
    tab.actions.archive_action.trigger()
    assert not Household.get_by_id(household).archived


def test_plates_hint_counts_households_to_reprint(tab):
    village = first_village()
    expected = len(linking.plates_changed_since_print(village))
    assert tab.plates_to_print == expected > 0
    assert f"有 {expected} 户联户牌需要重新打印" in tab.plates_hint.text()
    linking.mark_plates_printed(linking.plates_changed_since_print(village))
    tab.refresh()
    assert tab.plates_to_print == 0 and not tab.plates_hint.isVisibleTo(tab)


def test_member_choices_search_by_pinyin(filled_db):
    village = first_village()
    everyone = link_dialog.member_choices(village)
    assert len(everyone) == 12
    name = Member.get_by_id(everyone[0][0])
    found = link_dialog.member_choices(village, name.name_initials)
    assert everyone[0][0] in [m for m, _ in found]


def test_enter_in_list_and_double_click_on_tile_open_the_household(qtbot, tab, monkeypatch):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    opened = []
    monkeypatch.setattr(HouseholdDialog, "exec", lambda dialog: opened.append(dialog.household_id) or 0)
    tab.ui.table.setFocus()
    tab.ui.table.setCurrentIndex(tab.model.index(2, 1))
    qtbot.keyClick(tab.ui.table, Qt.Key.Key_Return)
    assert opened == [tab.model.id_at(2)]
    tab.show_view(BOARD_VIEW)
    canvas = tab.board_view.canvas
    rect = canvas.tile_rect(0, 1)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # A single click selects only.
    assert len(opened) == 1 and canvas.current_household_id() == canvas.panels[0].grid.tiles[1].household_id
    qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened[-1] == canvas.panels[0].grid.tiles[1].household_id
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert opened[-1] == canvas.panels[0].grid.tiles[2].household_id


def test_township_board_loads_in_a_worker(qtbot, window):
    window.village_combo.setCurrentIndex(window.village_combo.findData(None))
    tab = window.show_tab("households")
    qtbot.waitUntil(lambda: tab.coverage_panel.report is not None, timeout=10000)
    assert tab.coverage_panel.report["totals"]["households"] == 160
    tab.show_view(BOARD_VIEW)
    qtbot.waitUntil(lambda: tab.board is not None, timeout=10000)
    canvas = tab.board_view.canvas
    assert sum(len(p.grid.tiles) for p in canvas.panels) == 160
    assert " · " in canvas.panels[0].title  # village named in a township view
    assert not tab.grid.isEnabled()


def test_refresh_reloads_board_after_outside_change(qtbot, tab, window):
    village = first_village()
    tab.show_view(BOARD_VIEW)
    household = unlinked_ids(village)[0]
    linking.link_households(members(village)[0], [household])
    window.refresh()
    row = next(r for p in tab.board_view.canvas.panels for r in p.grid.tiles if r.household_id == household)
    assert row.member_id == members(village)[0]


def test_single_click_on_a_coverage_household_shows_it_in_the_list(qtbot, tab, monkeypatch):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    opened = []
    monkeypatch.setattr(HouseholdDialog, "exec", lambda dialog: opened.append(dialog.household_id) or 0)
    village = first_village()
    tab.show_view(BOARD_VIEW)
    panel = tab.coverage_panel
    top = next(item for item in panel.items() if item.text(0).startswith("未联户"))
    top.setExpanded(True)
    child = top.child(1)
    wanted = child.data(0, Qt.ItemDataRole.UserRole)[1]
    rect = panel.tree.visualItemRect(child)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.current_view() == LIST_VIEW and not opened
    assert sorted(tab.model.ids()) == unlinked_ids(village)
    assert tab.selected_ids() == [wanted]
    assert tab.ui.table.currentIndex().row() == list(tab.model.ids()).index(wanted)
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [wanted]


def test_show_in_list_narrows_when_the_filters_hide_the_household(tab):
    linked = next(h for h in tab.model.ids() if active_member(h) is not None)
    tab.linked.setCurrentIndex(tab.linked.findData(False))  # only unlinked shown
    assert linked not in tab.model.ids()
    assert tab.show_in_list(linked)
    assert tab.selected_ids() == [linked] and tab.scope_chip.isVisibleTo(tab)


def test_every_coverage_line_shows_its_whole_text_as_a_tip(tab):
    panel = tab.coverage_panel
    stack = panel.items()
    assert stack
    while stack:
        item = stack.pop()
        assert item.toolTip(0).startswith(item.text(0).rstrip("…")[:4])
        stack.extend(item.child(i) for i in range(item.childCount()))

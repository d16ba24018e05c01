"""The meetings, commitments and 结对帮扶 views: keyboard attendance, saving through run_op, notices."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import commitments, pairings
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.branch_work import open_branch_work, show_meetings
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import (
    Attendance, Commitment, Household, HouseholdTag, Meeting, MeetingProblem, Member, Pairing,
)


@pytest.fixture
def work(window, qtbot):
    window.set_village(window.village_combo.itemData(1))  # the first village, not 全部村
    dialog = open_branch_work(window, "commitments")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def meetings_view(window):
    window.set_village(window.village_combo.itemData(1))
    return show_meetings(window)


def _answer(monkeypatch, module, button):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(module.QMessageBox, "question", staticmethod(question))
    return asked


def test_the_menu_opens_the_views_on_the_chosen_village(window, qtbot):
    window.set_village(window.village_combo.itemData(1))
    action = window.findChild(type(window.ui.actionAbout), "action_commitments")
    action.trigger()
    dialog = window.branch_work
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentWidget() is dialog.views["commitments"]
    assert all(view.village_id == window.current_village_id() for view in dialog.views.values())
    # 会议记录 is a view of the 民情日记 tab.
    window.findChild(type(window.ui.actionAbout), "action_meetings").trigger()
    tab = window.current_tab()
    assert tab.key == "visits" and tab.stack.currentWidget() is tab.meetings_view
    view = tab.meetings_view
    assert view.table.rowCount() == Meeting.select().where(
        Meeting.village == window.current_village_id(), Meeting.date.year == view.year.value()).count() > 0
    assert window.status_label.text().startswith("会议记录：")
    window.set_village(None)  # 全部村: the views ask for one village
    assert view.table.rowCount() == 0 and "选择一个村" in view.status.text()
    assert dialog.views["commitments"].table.rowCount() == 0


def test_a_meeting_is_keyed_in_by_keyboard_and_the_list_follows(meetings_view, qtbot):
    view = meetings_view
    before = view.table.rowCount()
    dialog = view.new_meeting()
    qtbot.addWidget(dialog)
    dialog.topic.setText("学习联户政策")
    grid = dialog.grid
    expected = grid.rowCount()
    assert set(grid.statuses().values()) == {"出席"}
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_2)  # first member on leave; the cursor moves on
    assert grid.currentRow() == 1
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_3)  # third absent
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # fourth: 出席 → 请假
    assert "请假 2 人，缺席 1 人" in dialog.summary.text()
    dialog.add_problem("三组路灯不亮")
    dialog.problems.cellWidget(0, 1).setCurrentIndex(1)
    follow_up = dialog.problems.cellWidget(0, 1).currentData()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    meeting = Meeting.get(Meeting.topic == "学习联户政策")
    statuses = [a.status for a in Attendance.select().where(Attendance.meeting == meeting.id)]
    assert len(statuses) == expected and statuses.count("请假") == 2 and statuses.count("缺席") == 1
    assert MeetingProblem.get(MeetingProblem.meeting == meeting.id).follow_up_id == follow_up
    assert view.table.rowCount() == before + 1  # refreshed by the change notice


def test_a_bad_meeting_shows_its_error_at_the_field_and_saves_nothing(meetings_view, qtbot, shown_errors):
    dialog = meetings_view.new_meeting()
    qtbot.addWidget(dialog)
    count = Meeting.select().count()
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "请填写会议主题" in dialog.errors.message("topic")
    assert Meeting.select().count() == count and not shown_errors


def test_deleting_a_meeting_asks_first(meetings_view, monkeypatch):
    from lianhu_desktop.gui import meetings_view as module

    view = meetings_view
    view.table.selectRow(0)
    meeting_id = view.current_id()
    _answer(monkeypatch, module, QMessageBox.StandardButton.No)
    view.delete_meeting()
    assert Meeting.get_or_none(Meeting.id == meeting_id) is not None
    asked = _answer(monkeypatch, module, QMessageBox.StandardButton.Yes)
    view.delete_meeting()
    assert asked and Meeting.get_or_none(Meeting.id == meeting_id) is None
    assert meeting_id not in {row.id for row in view.rows}


def test_commitments_list_warns_and_follows_notices(work, window, qtbot, monkeypatch):
    from lianhu_desktop.gui import commitments_view

    view = work.show_page("commitments")
    village_id = window.current_village_id()
    # The sample village has no commitments: everyone is named in the warning.
    assert view.warning.isVisible() and "还没有承诺" in view.warning.text()
    dialog = view.new_commitment()
    qtbot.addWidget(dialog)
    member = Member.select().where(Member.village == village_id, Member.archived == False).first()  # noqa: E712
    dialog.member.setCurrentIndex(dialog.member.findData(member.id))
    dialog.content.setPlainText("帮助联系户发展庭院种植")
    dialog.status.setCurrentText("进行中")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert view.table.rowCount() == 1 and view.table.item(0, 2).text() == "帮助联系户发展庭院种植"
    assert member.name not in view.warning.text()
    # A write elsewhere (another window, an import) reaches the list through its notice.
    row = commitments.list_commitments(village_id, view.year.value())[0]
    operations.run_op(None, commitments.delete_commitment, row.id, changes={Change.COMMITMENTS})
    assert view.table.rowCount() == 0
    # Hidden, the list only marks itself stale and reloads when shown.
    work.show_page("pairings")
    commitments.save_commitment(commitments.CommitmentData(member.id, view.year.value(), "修路"))
    operations.notify({Change.COMMITMENTS})
    assert view.state.stale and view.table.rowCount() == 0
    work.show_page("commitments")
    assert not view.state.stale and view.table.rowCount() == 1
    view.table.selectRow(0)
    _answer(monkeypatch, commitments_view, QMessageBox.StandardButton.Yes)
    view.delete_commitment()
    assert not Commitment.select().exists() and view.table.rowCount() == 0


def test_pairing_warns_before_saving_and_shows_on_the_household(work, window, qtbot, monkeypatch):
    from lianhu_desktop.gui import pairings_view
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    village_id = window.current_village_id()
    view = work.show_page("pairings")
    poor = Household.select().where(Household.village == village_id).first()
    HouseholdTag.create(household=poor, tag="低保户")
    plain = Household.select().where(Household.village == village_id, Household.id != poor.id).first()
    member = Member.select().where(Member.village == village_id).first()
    dialog = view.new_pairing()
    qtbot.addWidget(dialog)
    assert dialog.household.count() == 1  # households in difficulty only, until asked for all
    dialog.all_households.setChecked(True)
    assert dialog.household.count() > 1
    dialog.member.setCurrentIndex(dialog.member.findData(member.id))
    dialog.household.setCurrentIndex(dialog.household.findData(plain.id))
    dialog.goals.setPlainText("稳定增收")
    asked = _answer(monkeypatch, pairings_view, QMessageBox.StandardButton.No)
    dialog.save()
    assert "没有标为困难户" in asked[0] and not Pairing.select().exists()
    dialog.household.setCurrentIndex(dialog.household.findData(poor.id))
    asked.clear()
    dialog.save()
    assert not asked and dialog.result() == dialog.DialogCode.Accepted
    assert view.table.rowCount() == 1 and view.table.item(0, 6).text() == "未评议"
    household_dialog = HouseholdDialog(window, household_id=poor.id)
    qtbot.addWidget(household_dialog)
    shown = household_dialog.pairings_label.text()
    assert "稳定增收" in shown and member.name in shown
    row = pairings.list_pairings(village_id)[0]
    view.table.selectRow(0)
    edit = view.edit_pairing()
    qtbot.addWidget(edit)
    edit.outcome.setCurrentIndex(edit.outcome.findData("已达成"))
    edit.save()
    assert Pairing.get_by_id(row.id).outcome == "已达成" and view.table.item(0, 6).text() == "已达成"


def test_the_print_center_offers_the_month_for_the_monthly_report(meetings_view, window, qtbot):
    view = meetings_view
    view.table.selectRow(0)
    chosen = next(r for r in view.rows if r.id == view.current_id())
    view.print_monthly()
    center = window.print_center
    qtbot.addWidget(center)
    assert center.choice.entry().key == "monthly"
    assert not center.ui.monthSpin.isHidden()
    scope = center.choice.scope()
    assert scope.month == datetime.date(chosen.date.year, chosen.date.month, 1)
    center.choice.select_kind("doorplate")
    assert center.ui.monthSpin.isHidden() and center.choice.scope().month is None


def test_a_meeting_from_the_keyboard_alone(meetings_view, qtbot):
    """Topic, Tab past the notes to the grid, one member on leave, Enter saves."""
    dialog = meetings_view.new_meeting()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.topic.setText("主题党日")
    dialog.topic.setFocus()
    qtbot.keyClick(dialog.topic, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.notes
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.grid
    qtbot.keyClick(dialog.grid, Qt.Key.Key_2)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    meeting = Meeting.get(Meeting.id == dialog.saved.id)
    assert Attendance.select().where(Attendance.meeting == meeting.id, Attendance.status == "请假").count() == 1

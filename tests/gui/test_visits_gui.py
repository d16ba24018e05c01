"""The 民情日记 tab: the keyboard entry form, the month sheet, the request views."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import diary_lists, visits
from lianhu_desktop.domain import requests as rq
from lianhu_desktop.domain.vocab import duties_to_mask
from lianhu_desktop.gui.month_sheet import MonthSheetDialog
from lianhu_desktop.gui.visit_entry import VisitEntryDialog
from lianhu_desktop.store.models import Request, Village, Visit
from tests.unit.diaryfixtures import diary_village

TODAY = datetime.date.today()


@pytest.fixture
def diary(app, village):
    return diary_village(village)


def keys(qtbot, widget, text):
    for ch in text:
        qtbot.keyClick(widget, ch)


def enter(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_the_entry_form_by_keyboard_saves_on_enter_and_keeps_member_and_date(qtbot, diary):
    member, linked, _, _ = diary
    dialog = VisitEntryDialog(None, member.village_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    keys(qtbot, dialog.member_search, "wjg")  # 王建国 by initials
    shown = [dialog.member_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.member_list.count())
             if not dialog.member_list.item(i).isHidden()]
    assert shown == [member.id]
    enter(qtbot, dialog.member_search)
    assert dialog.member_id == member.id and dialog.focusWidget() is dialog.household_list
    assert dialog.household_list.count() == 3  # only the member's linked households
    qtbot.keyClick(dialog.household_list, Qt.Key.Key_Down)
    enter(qtbot, dialog.household_list)
    assert dialog.focusWidget() is dialog.date
    enter(qtbot, dialog.date)
    qtbot.keyClick(dialog.form, Qt.Key.Key_Down)  # 电话联系
    enter(qtbot, dialog.form)
    assert dialog.focusWidget() is dialog.duties
    dialog.duties.set_mask(0)
    keys(qtbot, dialog.duties, "138")
    enter(qtbot, dialog.duties)
    dialog.content.insert("问候老人身体")  # typed through the input method
    enter(qtbot, dialog.content)
    visit = Visit.get()
    assert (visit.member_id, visit.household_id, visit.date, visit.form, visit.content) == (
        member.id, linked[1].id, TODAY, "电话联系", "问候老人身体")
    assert visit.duties == duties_to_mask(["宣传政策", "隐患排查", "应急救援"])
    # The next entry: same member and date, the next household, content cleared.
    assert dialog.member_id == member.id and dialog.date.date().toPython() == TODAY
    assert dialog.household_id() == linked[2].id and dialog.content.text() == ""
    assert dialog.focusWidget() is dialog.household_list
    enter(qtbot, dialog.household_list)
    enter(qtbot, dialog.date)
    enter(qtbot, dialog.form)
    enter(qtbot, dialog.duties)
    enter(qtbot, dialog.content)
    assert Visit.select().count() == 2
    assert Visit.select().order_by(Visit.id.desc()).get().form == "电话联系"  # the last one's defaults


def test_a_refusal_shows_at_its_field_and_saves_nothing(qtbot, diary, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    member, linked, stranger, _ = diary
    dialog = VisitEntryDialog(None, member.village_id, member_id=member.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.outside.setChecked(True)
    rows = [dialog.household_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.household_list.count())]
    assert stranger.id in rows
    dialog.outside.setChecked(False)
    dialog.add_raised(rq.RequestData(content="修路", handling="上报支部"))  # no deadline
    dialog.save()
    assert Visit.select().count() == 0
    assert "第 1 条诉求" in dialog.errors.message("requests")
    dialog.close()
    assert asked == ["这条走访还没有保存，确定关闭吗？"]


def test_the_month_sheet_ticks_by_day_number_and_enter(qtbot, diary, monkeypatch):
    member, linked, _, _ = diary
    month = TODAY.replace(day=1)
    dialog = MonthSheetDialog(None, member.village_id, member_id=member.id, month=month, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 3
    table = dialog.table
    table.setCurrentCell(0, 0)
    pressed = 0
    for _ in linked:
        keys(qtbot, table, "1")
        enter(qtbot, table)
        pressed += 2
    assert pressed == 6
    rows = list(Visit.select().order_by(Visit.household))
    assert [(v.household_id, v.date) for v in rows] == [(h.id, month) for h in linked]
    assert {v.form for v in rows} == {"入户走访"}
    assert table.item(0, 0).text() == "✓" and table.item(2, table.columnCount() - 1).text() == "1"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert Visit.select().count() == 2 and table.item(1, 0).text() == ""


def test_the_visits_tab_switches_views_and_refreshes_on_notices(qtbot, window):
    tab = window.show_tab("visits")
    village = Village.select().first()
    views = [tab.view_bar.tabText(i) for i in range(tab.view_bar.count())]
    assert views == ["日记列表", "走访情况", "全年矩阵", "诉求", "走访间隔", "会议记录"]
    tab.show_view(3)
    requests_view = tab.view("requests")
    before = requests_view.model.rowCount()
    household = visits.households_of_village(village.id)[0]
    from lianhu_desktop.gui import operations
    from lianhu_desktop.gui.operations import Change
    operations.run_op(None, rq.create_request, rq.RequestData(
        household_id=household.id, content="巷道路灯不亮", raised_on=TODAY - datetime.timedelta(days=30),
        handling="上报支部", deadline=TODAY - datetime.timedelta(days=1)), changes={Change.REQUESTS})
    assert requests_view.model.rowCount() == before + 1
    requests_view.show_queue("overdue")
    assert requests_view.model.rowCount() >= 1
    row = requests_view.model.row_values(0)
    assert row[diary_lists.REQUESTS.column("overdue")] == "已超期"
    colour = requests_view.model.data(requests_view.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert colour.name().upper() == diary_lists.OVERDUE_COLOUR
    requests_view.ui.table.selectRow(0)
    assert requests_view.step_buttons[rq.START].isEnabled()
    assert not requests_view.step_buttons[rq.FEEDBACK].isEnabled()
    requests_view.step(rq.START)
    assert Request.select().where(Request.status == "办理中").count() >= 1
    tab.show_view(4)
    gaps = tab.view("last_visits")
    assert gaps.model.rowCount() > 0

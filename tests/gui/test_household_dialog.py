"""The household dialog: every field saved, refusals shown at the field, nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from lianhu_desktop.domain import households
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.store.models import Household, HouseholdTag, Village

VALID_ID = "11010519491231002X"


@pytest.fixture
def village_id(filled_db):
    return Village.select().order_by(Village.id).first().id


def make_dialog(qtbot, **kwargs):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    dialog = HouseholdDialog(None, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def snapshot():
    return (sorted(Household.select(Household.id, Household.head_name, Household.phone,
                                    Household.head_id_number).tuples()),
            sorted(HouseholdTag.select(HouseholdTag.household, HouseholdTag.tag).tuples()))


def test_new_household_with_every_field_and_tags(qtbot, village_id):
    dialog = make_dialog(qtbot, village_id=village_id)
    ui = dialog.ui
    assert not ui.village.isVisible()  # the village is fixed when the tab shows one
    grid = list_grids(village_id)[2]
    ui.grid.setCurrentIndex(ui.grid.findData(grid.id))
    ui.doorNumber.setText("3组99号")
    ui.headName.setText("欧阳明")
    ui.headIdNumber.setText(VALID_ID)
    ui.phone.setText("13800138000")
    ui.address.setText("城关镇李家庄村三组")
    ui.size.setValue(5)
    dialog._tag_boxes["困难户"].setChecked(True)
    dialog._tag_boxes["外出户"].setChecked(True)
    ui.customTags.setText("养蜂户、果农")
    ui.workPlace.setText("广州")
    ui.industryAssociation.setText("蔬菜种植协会")
    ui.notes.setPlainText("老宅在东头")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = households.household_data(dialog.saved_id)
    assert (saved.head_name, saved.door_number, saved.grid_id, saved.head_id_number) == \
        ("欧阳明", "3组99号", grid.id, VALID_ID)
    assert (saved.phone, saved.size, saved.work_place, saved.industry_association, saved.notes) == \
        ("13800138000", 5, "广州", "蔬菜种植协会", "老宅在东头")
    assert saved.tags == ["困难户", "外出户", "养蜂户", "果农"]


def test_bad_id_number_shown_at_the_field_and_nothing_saved(qtbot, village_id):
    before = snapshot()
    dialog = make_dialog(qtbot, village_id=village_id)
    dialog.ui.headName.setText("张三")
    dialog.ui.headIdNumber.setText("110105194912310021")  # wrong check digit
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.saved_id is None
    assert snapshot() == before
    assert "身份证" in dialog.errors.message("head_id_number")
    assert dialog.errors.marked is dialog.ui.headIdNumber
    label = dialog.errors.label("head_id_number")
    assert label is not None and label.isVisible()
    # The message sits right under the field.
    row, _ = dialog.ui.formLayout.getWidgetPosition(dialog.ui.headIdNumber)
    assert dialog.ui.formLayout.getWidgetPosition(label)[0] == row + 1
    assert dialog.focusWidget() is dialog.ui.headIdNumber


def test_error_moves_to_the_next_field_and_clears(qtbot, village_id):
    dialog = make_dialog(qtbot, village_id=village_id)
    dialog.accept()  # no head name
    assert "户主姓名" in dialog.errors.message("head_name")
    assert dialog.errors.marked is dialog.ui.headName
    dialog.ui.headName.setText("李四")
    dialog.ui.phone.setText("1234")
    dialog.accept()
    assert dialog.errors.marked is dialog.ui.phone
    assert dialog.errors.message("head_name") == ""
    assert "电话" in dialog.errors.message("phone") or "号码" in dialog.errors.message("phone")
    dialog.ui.phone.setText("")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_edit_keeps_database_on_refusal_then_saves(qtbot, village_id):
    household = Household.select().where(Household.village == village_id).first()
    before = snapshot()
    dialog = make_dialog(qtbot, household_id=household.id)
    assert dialog.ui.headName.text() == household.head_name
    assert dialog.windowTitle() == "编辑农户"
    dialog.ui.phone.setText("23800138000")
    dialog.accept()
    assert snapshot() == before and dialog.isVisible()
    dialog.ui.phone.setText("0371-66668888")
    dialog.accept()
    assert Household.get_by_id(household.id).phone == "0371-66668888"


def test_enter_saves_and_escape_cancels(qtbot, village_id):
    count = Household.select().count()
    dialog = make_dialog(qtbot, village_id=village_id)
    dialog.ui.headName.setText("回车户")
    qtbot.keyClick(dialog.ui.headName, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert Household.select().count() == count + 1
    dialog = make_dialog(qtbot, village_id=village_id)
    dialog.ui.headName.setText("取消户")
    qtbot.keyClick(dialog.ui.headName, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not Household.select().where(Household.head_name == "取消户").exists()


def test_township_view_asks_for_the_village(qtbot, filled_db):
    dialog = make_dialog(qtbot)
    assert dialog.ui.village.isVisible() and dialog.ui.village.count() == 2
    dialog.ui.village.setCurrentIndex(1)
    village_id = dialog.ui.village.currentData()
    grids = [dialog.ui.grid.itemData(i) for i in range(1, dialog.ui.grid.count())]
    assert grids == [g.id for g in list_grids(village_id)]
    dialog.ui.headName.setText("二村新户")
    dialog.accept()
    assert Household.get_by_id(dialog.saved_id).village_id == village_id


def test_the_record_button_shows_the_households_visits_and_requests(qtbot, village_id):
    import datetime

    from lianhu_desktop.domain import requests, visits
    from lianhu_desktop.gui import operations
    from lianhu_desktop.gui.operations import Change
    from lianhu_desktop.store.models import Link, Visit

    assert make_dialog(qtbot, village_id=village_id).findChild(object, "householdRecord") is None  # a new one
    link = Link.select().join(Household).where((Household.village == village_id) & Link.end_date.is_null()).first()
    household_id = link.household_id
    dialog = make_dialog(qtbot, household_id=household_id)
    button = dialog.findChild(object, "householdRecord")
    assert button.text() == "走访与诉求记录(&R)…"
    button.click()
    record = dialog.record_dialog
    qtbot.waitUntil(record.isVisible)
    assert record.parent() is dialog and record.isModal()
    visits_model, requests_model = (model for model, _label, _title in record.models)
    assert visits_model.rowCount() == Visit.select().where(Visit.household == household_id).count() > 0
    before = requests_model.rowCount()
    operations.run_op(None, visits.save_visit, visits.VisitData(
        member_id=link.member_id, household_id=household_id, date=datetime.date.today(), content="送去春联",
        requests=[requests.RequestData(content="想申请公益岗位", handling="上报支部",
                                       deadline=datetime.date.today() + datetime.timedelta(days=10))]),
        changes={Change.VISITS, Change.REQUESTS})
    assert visits_model.rowCount() == Visit.select().where(Visit.household == household_id).count()
    assert requests_model.rowCount() == before + 1
    assert record.models[1][1].text() == f"诉求（{before + 1} 条）"
    record.accept()
    assert dialog.isVisible()  # back to the household

"""The member dialog: ID number fills birth date and gender, refusals at the field, saving."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QDate, Qt

from lianhu_desktop.domain import idnumber, organisation
from lianhu_desktop.domain.members import member_data, save_member
from lianhu_desktop.store.models import Member

BIRTH = datetime.date(1968, 4, 12)
VALID_ID = idnumber.make("410102", BIRTH, 7, "女")  # a woman born 1968-04-12


@pytest.fixture
def dialog_for(app, qtbot, village):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    def make(**kwargs):
        kwargs.setdefault("village_id", None if "member_id" in kwargs else village.id)
        dialog = MemberDialog(None, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def wrong_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def test_typing_a_valid_id_fills_birth_date_and_gender(dialog_for, qtbot):
    dialog = dialog_for()
    ui = dialog.ui
    assert ui.birthDate.value() is None and ui.gender.currentIndex() == -1
    ui.idNumber.setFocus()
    qtbot.keyClicks(ui.idNumber, VALID_ID.lower())
    assert ui.birthDate.value() == BIRTH
    assert ui.gender.currentText() == "女"
    assert "已按身份证号码填入出生日期 1968-04-12" in dialog.errors.message("id_number")


def test_wrong_check_digit_is_refused_at_the_id_field(dialog_for, qtbot):
    dialog = dialog_for()
    ui = dialog.ui
    ui.name.setText("张秀英")
    ui.gender.setCurrentIndex(ui.gender.findData("女"))
    ui.idNumber.setFocus()
    qtbot.keyClicks(ui.idNumber, wrong_check_digit(VALID_ID))
    # Said as soon as the 18th character is typed, and again on 保存.
    assert "校验位错误" in dialog.errors.message("id_number")
    dialog.accept()
    assert "校验位错误" in dialog.errors.message("id_number")
    assert dialog.focusWidget() is ui.idNumber
    assert "border" in ui.idNumber.styleSheet()
    assert dialog.result() == 0 and dialog.member is None
    assert Member.select().count() == 0
    # Correcting it takes the refusal away.
    ui.idNumber.clear()
    qtbot.keyClicks(ui.idNumber, VALID_ID)
    assert dialog.errors.message("id_number").startswith("已按身份证号码")
    assert ui.idNumber.styleSheet() == ""


def test_birth_date_must_agree_with_the_id(dialog_for):
    dialog = dialog_for()
    ui = dialog.ui
    ui.name.setText("张秀英")
    ui.idNumber.setText(VALID_ID)
    ui.birthDate.set_value(datetime.date(1969, 4, 12))
    dialog.accept()
    assert "不一致" in dialog.errors.message("birth_date")
    assert dialog.focusWidget() is ui.birthDate
    assert Member.select().count() == 0


def test_join_date_before_eighteenth_birthday_is_refused(dialog_for):
    dialog = dialog_for()
    ui = dialog.ui
    ui.name.setText("张秀英")
    ui.idNumber.setText(VALID_ID)
    ui.joinDate.set_value(datetime.date(1986, 4, 11))  # one day short of 18
    dialog.accept()
    assert "早于年满 18 周岁" in dialog.errors.message("join_date")
    assert dialog.focusWidget() is ui.joinDate
    assert Member.select().count() == 0
    ui.joinDate.set_value(datetime.date(1986, 4, 12))
    dialog.accept()
    assert dialog.result() == 1
    assert Member.get().join_date == datetime.date(1986, 4, 12)


def test_join_date_cannot_lie_in_the_future(dialog_for):
    dialog = dialog_for()
    dialog.ui.name.setText("王芳")
    dialog.ui.gender.setCurrentIndex(0)
    tomorrow = QDate.currentDate().addDays(1)
    dialog.ui.joinDate.setDate(tomorrow)
    dialog.accept()
    assert dialog.errors.message("join_date").startswith("日期不能晚于今天")
    assert Member.select().count() == 0


def test_bad_mobile_is_refused_at_the_phone_field(dialog_for):
    dialog = dialog_for()
    ui = dialog.ui
    ui.name.setText("张秀英")
    ui.idNumber.setText(VALID_ID)
    ui.phone.setText("1391234567")
    dialog.accept()
    assert dialog.errors.message("phone") == "手机号码应为 11 位，现为 10 位：1391234567"
    assert dialog.focusWidget() is ui.phone
    ui.phone.setText("0371 6666888")  # a landline with its area code is fine
    dialog.accept()
    assert Member.get().phone == "03716666888"


def test_missing_gender_without_id_is_refused(dialog_for):
    dialog = dialog_for()
    dialog.ui.name.setText("张秀英")
    dialog.accept()
    assert "请填写性别" in dialog.errors.message("gender")
    assert dialog.focusWidget() is dialog.ui.gender


def test_saving_creates_a_member_with_every_field(dialog_for, village):
    group = organisation.create_party_group(village.id, "东片老党员小组", "老龄")
    post = organisation.create_post(village.id, "护林防火", "巡山、宣传防火")
    dialog = dialog_for()
    ui = dialog.ui
    ui.name.setText(" 张 秀英 ")
    ui.idNumber.setText(VALID_ID)
    ui.ethnicity.setCurrentIndex(ui.ethnicity.findData("回族"))
    ui.education.setCurrentIndex(ui.education.findData("高中"))
    ui.phone.setText("13912345678")
    ui.address.setText("东街 12 号")
    ui.joinDate.set_value(datetime.date(1990, 7, 1))
    ui.membership.setCurrentIndex(ui.membership.findData("预备党员"))
    ui.residence.setCurrentIndex(ui.residence.findData("外出"))
    assert ui.tier.currentData() == "外出党员" and ui.migrantPlace.isEnabled()
    ui.migrantPlace.setText("广州市")
    ui.partyGroup.setCurrentIndex(ui.partyGroup.findData(group.id))
    ui.post.setCurrentIndex(ui.post.findData(post.id))
    ui.homeGrid.setCurrentIndex(2)
    ui.isCommittee.setChecked(True)
    dialog.skill_boxes["养殖技术"].setChecked(True)
    ui.otherSkills.setText("电工，驾驶")
    ui.notes.setPlainText("长期在外务工")
    dialog.accept()
    assert dialog.result() == 1
    data = member_data(dialog.member.id)
    assert (data.name, data.gender, data.birth_date, data.id_number) == ("张秀英", "女", BIRTH, VALID_ID)
    assert (data.ethnicity, data.education, data.membership) == ("回族", "高中", "预备党员")
    assert (data.residence, data.migrant_place, data.tier) == ("外出", "广州市", "外出党员")
    assert (data.party_group_id, data.post_id) == (group.id, post.id)
    assert data.home_grid_id == ui.homeGrid.itemData(2) is not None
    assert data.is_committee and not data.link_exempt
    assert data.skills == "养殖技术、电工、驾驶"
    assert (data.address, data.notes, data.join_date) == ("东街 12 号", "长期在外务工", datetime.date(1990, 7, 1))


def test_editing_shows_and_updates_the_member(dialog_for, village):
    member = save_member({"village_id": village.id, "name": "李建国", "id_number": VALID_ID,
                          "skills": "种植技术、电工", "phone": "13912345678"})
    dialog = dialog_for(member_id=member.id)
    ui = dialog.ui
    assert dialog.windowTitle() == "编辑党员：李建国"
    assert not ui.village.isEnabled()
    assert ui.idNumber.text() == VALID_ID and ui.birthDate.value() == BIRTH
    assert dialog.skill_boxes["种植技术"].isChecked() and ui.otherSkills.text() == "电工"
    assert dialog.errors.message("id_number") == ""  # no hint when merely shown
    ui.phone.setText("13800001111")
    dialog.accept()
    assert Member.get_by_id(member.id).phone == "13800001111"
    assert Member.select().count() == 1


def test_enter_saves_and_escape_cancels(dialog_for, qtbot):
    dialog = dialog_for()
    dialog.ui.name.setText("王芳")
    dialog.ui.gender.setCurrentIndex(dialog.ui.gender.findData("女"))
    dialog.ui.birthDate.setFocus()
    qtbot.keyClick(dialog.ui.birthDate, Qt.Key.Key_Return)
    assert dialog.result() == 1 and Member.get().name == "王芳"
    other = dialog_for()
    other.ui.name.setText("赵强")
    qtbot.keyClick(other.ui.name, Qt.Key.Key_Escape)
    assert other.result() == 0 and Member.select().count() == 1


def test_unknown_household_text_is_refused_at_its_field(dialog_for):
    dialog = dialog_for()
    dialog.ui.name.setText("王芳")
    dialog.ui.gender.setCurrentIndex(0)
    dialog.ui.household.setEditText("没有这户")
    dialog.accept()
    assert "没有“没有这户”这一户" in dialog.errors.message("household_id")
    assert Member.select().count() == 0


def test_optional_date_starts_empty_and_clearing_it_empties_it(dialog_for, qtbot):
    dialog = dialog_for()
    date = dialog.ui.birthDate
    assert date.text() == "" and date.placeholderText() == "未填" and date.value() is None
    date.setFocus()
    qtbot.keyClicks(date, "1971-5-6")
    assert date.value() == datetime.date(1971, 5, 6)
    date.selectAll()
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    assert date.value() is None


def test_township_view_makes_the_clerk_choose_the_village(app, qtbot, village):
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    other = create_village("王家坪村", grids=3)
    dialog = MemberDialog(None)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert ui.village.isEnabled() and ui.village.currentIndex() == -1
    assert ui.homeGrid.count() == 1  # only 未指定 until a village is chosen
    ui.name.setText("王芳")
    ui.gender.setCurrentIndex(0)
    dialog.accept()
    assert dialog.errors.message("village_id") == "请选择所属村"
    ui.village.setCurrentIndex(ui.village.findData(other.id))
    assert ui.homeGrid.count() == 4
    ui.homeGrid.setCurrentIndex(1)
    dialog.accept()
    assert dialog.result() == 1
    assert (dialog.member.village_id, dialog.member.home_grid.village_id) == (other.id, other.id)


def test_household_choice_filters_as_the_clerk_types(app, qtbot, filled_db):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog
    from lianhu_desktop.store.models import Household

    household = Household.select().where(Household.grid.is_null(False)).first()
    dialog = MemberDialog(None, village_id=household.village_id)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.ui.household
    completer = combo.completer()
    from tests.gui.test_date_fields import type_text

    combo.lineEdit().selectAll()
    type_text(qtbot, combo.lineEdit(), household.door_number)  # e.g. 17号: digits, then 号 by input method
    texts = [combo.itemText(i) for i in range(combo.count())]
    expected = [t for t in texts if household.door_number in t]
    assert 0 < completer.completionCount() == len(expected) < len(texts)
    matches = [completer.completionModel().index(row, 0).data() for row in range(completer.completionCount())]
    assert matches == expected
    # Picking the match makes it the member's household.
    combo.setEditText(next(t for t in expected if household.head_name in t))
    assert dialog._household_id() == household.id


def test_an_error_moves_nothing_in_the_dialog(dialog_for):
    dialog = dialog_for()
    ui = dialog.ui
    watched = [ui.name, ui.phone, ui.address, ui.joinDate, ui.notes, ui.otherSkills, ui.buttonBox]
    before = [(w.geometry(), dialog.size()) for w in watched]
    ui.name.setText("王芳")
    ui.gender.setCurrentIndex(0)
    ui.phone.setText("123")
    dialog.accept()
    assert "11 位" in dialog.errors.message("phone")
    assert dialog.errors.label("phone").isVisible()
    assert [(w.geometry(), dialog.size()) for w in watched] == before
    ui.idNumber.setText(VALID_ID)  # a lasting note: in the general line, which keeps its place
    assert dialog.errors.message("id_number").startswith("已按身份证号码")
    assert [(w.geometry(), dialog.size()) for w in watched] == before

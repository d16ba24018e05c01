"""Date fields store the date typed, in every form a clerk types it, in every dialog.

The keys are typed one by one as a keyboard (or, for 年/月/日, an input
method) sends them; nothing is set through the widget's API.
"""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from lianhu_desktop.domain import linking
from lianhu_desktop.domain.households import save_household
from lianhu_desktop.domain.members import archive_member, save_member
from lianhu_desktop.store.models import Link, Member

FORMS = ["1965-03-05", "1965.3.5", "1965/3/5", "19650305", "1965年3月5日"]
TYPED = datetime.date(1965, 3, 5)


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` key by key; characters no key makes come as an input method commits them."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def clear_and_type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    type_text(qtbot, widget, text)
    # Leave the field, as a clerk does (offscreen windows need not hold the focus).
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


@pytest.fixture
def member(village):
    return save_member({"village_id": village.id, "name": "王建国", "gender": "男"})


@pytest.fixture
def household(village):
    return save_household({"village_id": village.id, "head_name": "李富贵", "door_number": "3号"})


@pytest.mark.parametrize("typed", FORMS)
def test_member_dialog_stores_the_birth_and_join_dates_typed(app, qtbot, village, typed):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = MemberDialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    ui.name.setText("张秀英")
    ui.gender.setCurrentIndex(ui.gender.findData("女"))
    clear_and_type(qtbot, ui.birthDate, typed)
    assert ui.birthDate.text() == "1965-03-05"  # shown back the one way
    clear_and_type(qtbot, ui.joinDate, typed.replace("1965", "1990"))
    dialog.accept()
    assert dialog.result() == 1, dialog.errors.message()
    saved = Member.get(Member.name == "张秀英")
    assert saved.birth_date == TYPED
    assert saved.join_date == datetime.date(1990, 3, 5)


@pytest.mark.parametrize("typed, reason", [
    ("65-3-5", "无法识别"), ("1965-02-30", "日期不存在"), ("1965-03-05x", "无法识别"), ("1965", "无法识别"),
])
def test_member_dialog_refuses_what_is_not_a_date(app, qtbot, village, typed, reason):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = MemberDialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.name.setText("张秀英")
    dialog.ui.gender.setCurrentIndex(0)
    clear_and_type(qtbot, dialog.ui.birthDate, typed)
    dialog.accept()
    assert dialog.result() == 0
    assert reason in dialog.errors.message("birth_date")
    assert Member.select().where(Member.name == "张秀英").count() == 0


@pytest.mark.parametrize("typed", ["1990-7", "1990年7月", "1990.07"])
def test_a_month_only_date_stays_a_month(app, qtbot, village, typed):
    from lianhu_desktop.domain.members import member_data
    from lianhu_desktop.domain.normalise import MonthDate
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = MemberDialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.name.setText("张秀英")
    dialog.ui.gender.setCurrentIndex(dialog.ui.gender.findData("女"))
    clear_and_type(qtbot, dialog.ui.joinDate, typed)
    assert dialog.ui.joinDate.text() == "1990-07"  # shown as a month, not as 1990-07-01
    dialog.accept()
    assert dialog.result() == 1, dialog.errors.message()
    saved = member_data(Member.get(Member.name == "张秀英").id).join_date
    assert isinstance(saved, MonthDate) and (saved.year, saved.month) == (1990, 7)
    again = MemberDialog(None, member_id=Member.get(Member.name == "张秀英").id)
    qtbot.addWidget(again)
    assert again.ui.joinDate.text() == "1990-07"


def test_full_width_digits_and_key_events_with_text_are_read(app, qtbot):
    from lianhu_desktop.gui.dialogs.date_edit import DateEdit

    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    for char in "１９６５年３月５日":
        QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char))
    assert field.value() == TYPED


def test_calendar_pick_fills_the_field(app, qtbot):
    from PySide6.QtCore import QDate

    from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit

    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.show()
    field.start_date = datetime.date(1965, 1, 1)
    field.show_calendar()
    calendar = field.calendar()
    assert calendar.selectedDate() == QDate(1965, 1, 1)
    calendar.clicked.emit(QDate(1965, 3, 5))
    assert field.value() == TYPED and not calendar.isVisible()


@pytest.mark.parametrize("typed", FORMS)
def test_archive_dialog_stores_the_date_typed(app, qtbot, member, typed):
    from lianhu_desktop.gui.dialogs.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(None, "党员“王建国”",
                           lambda reason, day: archive_member(member.id, reason, day))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.reason.setCurrentText("迁出")
    clear_and_type(qtbot, dialog.ui.date, typed.replace("1965", "2020"))
    dialog.accept()
    assert dialog.result() == 1, dialog.errors.message()
    assert Member.get_by_id(member.id).archived_on == datetime.date(2020, 3, 5)


def test_archive_dialog_refuses_a_future_date(app, qtbot, member):
    from lianhu_desktop.gui.dialogs.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(None, "党员“王建国”",
                           lambda reason, day: archive_member(member.id, reason, day))
    qtbot.addWidget(dialog)
    dialog.ui.reason.setCurrentText("迁出")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    clear_and_type(qtbot, dialog.ui.date, f"{tomorrow:%Y%m%d}")
    dialog.accept()
    assert dialog.result() == 0 and "不能晚于今天" in dialog.errors.message("archived_on")
    assert not Member.get_by_id(member.id).archived


@pytest.mark.parametrize("typed", FORMS)
def test_link_and_end_link_dialogs_store_the_dates_typed(app, qtbot, village, member, household, typed):
    from lianhu_desktop.gui.dialogs.link_dialog import EndLinkDialog, LinkDialog

    dialog = LinkDialog(None, [(household.id, "一组 3号 李富贵", "")], village.id)
    qtbot.addWidget(dialog)
    dialog.select_member(member.id)
    clear_and_type(qtbot, dialog.ui.startDate, typed.replace("1965", "2021"))
    dialog.accept()
    assert dialog.result() == 1, dialog.errors.message()
    assert Link.get(Link.household == household.id).start_date == datetime.date(2021, 3, 5)

    ending = EndLinkDialog(None, [(household.id, "一组 3号 李富贵", "王建国")])
    qtbot.addWidget(ending)
    ending.reason.setCurrentText("农户迁出")
    clear_and_type(qtbot, ending.date, typed.replace("1965", "2022"))
    ending.accept()
    assert ending.result() == 1, ending.errors.message()
    assert linking.link_history(household.id)[0]["end_date"] == datetime.date(2022, 3, 5)


def test_end_link_dialog_refuses_a_date_it_cannot_read(app, qtbot, village, member, household):
    from lianhu_desktop.gui.dialogs.link_dialog import EndLinkDialog

    linking.link_households(member.id, [household.id], start=datetime.date(2021, 3, 5))
    ending = EndLinkDialog(None, [(household.id, "一组 3号 李富贵", "王建国")])
    qtbot.addWidget(ending)
    ending.reason.setCurrentText("农户迁出")
    clear_and_type(qtbot, ending.date, "2022年3月")
    ending.accept()
    assert ending.result() == 0 and "请写到日" in ending.errors.message("end_date")
    assert linking.active_links([household.id])

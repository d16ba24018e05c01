"""Two clerks on one database, in the dialogs: a save of a record someone else
saved since the dialog opened is refused in a message box saying what they
changed; the dialog stays open with the input kept, and 重新载入 shows the
record as saved now, from which a save goes through."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import members
from lianhu_desktop.gui import operations
from lianhu_desktop.store.models import Grid, Household, Member, Post, Village
from tests.unit.linkfixtures import grids, household
from tests.unit.test_row_versions import OTHER, other_clerk, other_clerk_deletes


@pytest.fixture
def person(village):
    return members.save_member({"village_id": village.id, "name": "王建国", "gender": "男",
                                "phone": "13800000001", "home_grid_id": grids(village)[0].id})


@pytest.fixture
def answer(monkeypatch):
    """Answer the 重新载入 question with Yes (reload) or No (keep the input)."""
    asked = []

    def set_to(button):
        def warning(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button
        monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
        return asked
    return set_to


def open_dialog(qtbot, cls, **kwargs):
    dialog = cls(None, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_member_dialog_keeps_the_input_then_reloads(app, qtbot, db_target, person, shown_errors, answer):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = open_dialog(qtbot, MemberDialog, member_id=person.id)
    other_clerk(db_target, "member", person.id, phone="13900000002")
    dialog.ui.name.setText("王建军")  # this clerk's change
    asked = answer(QMessageBox.StandardButton.No)
    dialog.accept()
    kind, title, text = shown_errors[-1]
    assert (kind, title) == ("warning", operations.STALE_TITLE)
    assert "联系电话：对方改为“13900000002”，您打开时为“13800000001”" in text and OTHER in text
    assert "要重新载入" in asked[-1]
    # Nothing written; the dialog is open with the input as typed, and says why it did not close.
    assert Member.get_by_id(person.id).name == "王建国"
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.ui.name.text() == "王建军" and dialog.ui.phone.text() == "13800000001"
    assert dialog.errors.message() == operations.STALE_KEPT
    # Saving again without reloading is refused again.
    dialog.accept()
    assert Member.get_by_id(person.id).name == "王建国"
    # 重新载入: the other clerk's value shows; typed again, the save goes through and keeps theirs.
    answer(QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert dialog.ui.phone.text() == "13900000002" and dialog.ui.name.text() == "王建国"
    assert dialog.errors.message() == operations.STALE_RELOADED
    dialog.ui.name.setText("王建军")
    dialog.accept()
    assert dialog.result() == 1
    stored = Member.get_by_id(person.id)
    assert (stored.name, stored.phone) == ("王建军", "13900000002")


def test_a_member_deleted_meanwhile_is_said_without_a_reload(app, qtbot, db_target, person, shown_errors, answer):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = open_dialog(qtbot, MemberDialog, member_id=person.id)
    other_clerk_deletes(db_target, "member", person.id)
    asked = answer(QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert not Member.select().exists()
    said = (shown_errors[-1][2] if shown_errors else "") + dialog.errors.message()
    assert "已被删除" in said
    assert not any("要重新载入" in text for text in asked)


def test_household_dialog(app, qtbot, db_target, village, shown_errors, answer):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    home = household(village, 8, grid=grids(village)[0], head="张三")
    dialog = open_dialog(qtbot, HouseholdDialog, household_id=home.id)
    other_clerk(db_target, "household", home.id, address="东街 8 号")
    dialog.ui.phone.setText("13700000000")
    answer(QMessageBox.StandardButton.No)
    dialog.accept()
    assert "家庭住址：对方改为“东街 8 号”，您打开时为“（空）”" in shown_errors[-1][2]
    assert Household.get_by_id(home.id).phone == "" and dialog.ui.phone.text() == "13700000000"
    answer(QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert dialog.ui.address.text() == "东街 8 号" and dialog.ui.phone.text() == ""
    dialog.ui.phone.setText("13700000000")
    dialog.accept()
    stored = Household.get_by_id(home.id)
    assert dialog.result() == 1 and (stored.phone, stored.address) == ("13700000000", "东街 8 号")


def test_village_dialog(app, qtbot, db_target, village, shown_errors, answer):
    from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog

    dialog = open_dialog(qtbot, VillageDialog, village_id=village.id)
    other_clerk(db_target, "village", village.id, secretary="刘书记")
    dialog.ui.supervisionPhone.setText("0531-1234567")
    answer(QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert "党支部书记：对方改为“刘书记”" in shown_errors[-1][2]
    assert Village.get_by_id(village.id).supervision_phone == ""
    assert dialog.ui.secretary.text() == "刘书记"
    dialog.ui.supervisionPhone.setText("0531-1234567")
    dialog.accept()
    stored = Village.get_by_id(village.id)
    assert (stored.secretary, stored.supervision_phone) == ("刘书记", "0531-1234567")


def test_organisation_forms(app, qtbot, db_target, village, shown_errors, answer, monkeypatch):
    from lianhu_desktop.gui.organisation_dialog import OrganisationDialog, RowEditor

    dialog = OrganisationDialog(None, village.id, village.name)
    qtbot.addWidget(dialog)
    post = Post.select().where(Post.village == village.id).order_by(Post.id).first()
    table = dialog.ui.postTable
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == post.name))
    texts = []

    def typed_after_the_other_clerk(editor):
        other_clerk(db_target, "post", post.id, duties="对方写的职责")
        name = editor.errors.fields["name"]
        name.setText("我改的岗位名")
        editor.accept()
        texts.append((name.text(), editor.errors.fields["duties"].toPlainText()))
        editor.accept()  # 重新载入 was answered: the other clerk's duties show
        texts.append((name.text(), editor.errors.fields["duties"].toPlainText()))
        name.setText("我改的岗位名")
        editor.accept()
        return editor.result()

    monkeypatch.setattr(RowEditor, "exec", typed_after_the_other_clerk)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: next(answers)))
    dialog.edit_post()
    assert texts == [("我改的岗位名", post.duties), (post.name, "对方写的职责")]
    stored = Post.get_by_id(post.id)
    assert (stored.name, stored.duties) == ("我改的岗位名", "对方写的职责")
    assert "对方写的职责" in shown_errors[0][2]


def test_deleting_a_grid_someone_else_deleted(app, qtbot, db_target, village, shown_errors, monkeypatch):
    from lianhu_desktop.gui.organisation_dialog import OrganisationDialog

    grid = Grid.create(village=village, name="空网格", sort_order=99)
    dialog = OrganisationDialog(None, village.id, village.name)
    qtbot.addWidget(dialog)
    table = dialog.ui.gridTable
    table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "空网格"))

    def question(*_args, **_kwargs):
        other_clerk_deletes(db_target, "grid", grid.id)  # while the question is up
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog.delete_grid()
    assert "已被删除" in shown_errors[-1][2]
    texts = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "空网格" not in texts and dialog.changes == []


def test_commitment_and_meeting_dialogs(app, qtbot, db_target, village, shown_errors, answer):
    import datetime

    from lianhu_desktop.domain import commitments, meetings
    from lianhu_desktop.gui.commitments_view import CommitmentDialog
    from lianhu_desktop.gui.meetings_view import MeetingDialog
    from lianhu_desktop.store.models import Commitment, Meeting
    from tests.unit.linkfixtures import member

    someone = member(village, "王建国", grid=grids(village)[0], join_date=datetime.date(2001, 7, 1))
    row = commitments.save_commitment(commitments.CommitmentData(someone.id, 2026, "帮助修路"))
    dialog = CommitmentDialog(None, village.id, 2026, row.id)
    qtbot.addWidget(dialog)
    other_clerk(db_target, "commitment", row.id, content="帮助修路和水渠")
    dialog.result_text.setPlainText("已完成一半")
    answer(QMessageBox.StandardButton.Yes)
    dialog.save()
    assert "承诺内容：对方改为“帮助修路和水渠”，您打开时为“帮助修路”" in shown_errors[-1][2]
    assert Commitment.get_by_id(row.id).result == ""
    assert dialog.content.toPlainText() == "帮助修路和水渠" and dialog.result_text.toPlainText() == ""
    dialog.result_text.setPlainText("已完成一半")
    dialog.save()
    stored = Commitment.get_by_id(row.id)
    assert (stored.content, stored.result) == ("帮助修路和水渠", "已完成一半")

    day = datetime.date(2026, 3, 2)
    meeting = meetings.save_meeting(meetings.MeetingData(village.id, day, "主题党日", "学习"), today=day)
    dialog = MeetingDialog(None, village.id, meeting.id, today=day)
    qtbot.addWidget(dialog)
    other_clerk(db_target, "meeting", meeting.id, notes="对方的会议记录")
    dialog.topic.setText("学习新党章")
    answer(QMessageBox.StandardButton.No)
    dialog.save()
    assert "会议记录：对方改为“对方的会议记录”，您打开时为“（空）”" in shown_errors[-1][2]
    assert dialog.topic.text() == "学习新党章" and Meeting.get_by_id(meeting.id).topic == "学习"
    answer(QMessageBox.StandardButton.Yes)
    dialog.save()
    assert dialog.topic.text() == "学习" and dialog.notes.toPlainText() == "对方的会议记录"
    dialog.topic.setText("学习新党章")
    dialog.save()
    stored = Meeting.get_by_id(meeting.id)
    assert (stored.topic, stored.notes) == ("学习新党章", "对方的会议记录")


def test_ending_a_link_someone_else_moved(app, qtbot, db_target, village, shown_errors):
    import datetime

    from lianhu_desktop.domain import linking
    from lianhu_desktop.gui.dialogs.link_dialog import EndLinkDialog
    from lianhu_desktop.store.models import Link
    from tests.unit.linkfixtures import member

    a, b = member(village, "王建国"), member(village, "李秀英")
    home = household(village, 4, head="张三")
    linking.link_households(a.id, [home.id], start=datetime.date(2026, 1, 1))
    dialog = EndLinkDialog(None, [(home.id, "张三（4号）", "王建国")])
    qtbot.addWidget(dialog)
    linking.link_households(b.id, [home.id], start=datetime.date(2026, 2, 1), move=True)  # the other clerk
    dialog.reason.setEditText("外出务工")
    dialog.accept()
    assert "现由党员“李秀英”联系" in dialog.errors.message()
    assert dialog.result() == 0
    assert Link.get((Link.household == home.id) & Link.end_date.is_null()).member_id == b.id


def test_score_dialog(app, qtbot, db_target, village, shown_errors, answer):
    from lianhu_desktop.domain import appraisal
    from lianhu_desktop.gui.appraisal_dialogs import open_score_dialog
    from lianhu_desktop.store.models import Score
    from tests.unit.appraisalvillage import YEAR, small_year

    wang = small_year(village)["wang"]
    appraisal.set_score(village.id, YEAR, wang.id, "学习教育", "8", "缺学两次")
    shown = next(m for m in appraisal.results(village.id, YEAR).members if m.member_id == wang.id)
    dialog = open_score_dialog(None, village.id, YEAR, shown)
    qtbot.addWidget(dialog)
    row = Score.get(Score.member == wang.id)
    other_clerk(db_target, "score", row.id, tenths=60, note="缺学四次")
    box, reason = dialog.boxes["学习教育"]
    box.setValue(9)
    reason.setText("缺学一次")
    answer(QMessageBox.StandardButton.Yes)
    dialog.save()
    assert "学习教育：对方改为“6 分（理由：缺学四次）”，您打开时为“8 分（理由：缺学两次）”" in shown_errors[-1][2]
    assert Score.get_by_id(row.id).tenths == 60
    assert (box.value(), reason.text()) == (6, "缺学四次")
    box.setValue(9)
    reason.setText("缺学一次")
    dialog.save()
    assert dialog.result() == 1 and Score.get_by_id(row.id).tenths == 90


def test_the_request_dialog_opens_again_with_the_input_kept(app, qtbot, db_target, village, shown_errors,
                                                            monkeypatch):
    import datetime

    from PySide6.QtWidgets import QDialog, QWidget

    from lianhu_desktop.domain import requests as rq
    from lianhu_desktop.gui.diary_views import RequestsView
    from lianhu_desktop.gui.dialogs.request_dialog import RequestDialog
    from lianhu_desktop.store.models import Request
    from tests.unit.diaryfixtures import TODAY, diary_village

    someone, linked, _stranger, _other = diary_village(village)
    request_id = rq.create_request(rq.RequestData(household_id=linked[0].id, content="修路灯",
                                                  raised_on=datetime.date(2026, 6, 1), member_id=someone.id,
                                                  handling="转交部门", department="村委会",
                                                  deadline=datetime.date(2026, 7, 1)), today=TODAY)

    class Host(QWidget):
        def selected_id(self):
            return request_id

    host = Host()
    qtbot.addWidget(host)
    seen = []

    def exec_(dialog):
        seen.append((dialog.content.toPlainText(), dialog.department.text()))
        if len(seen) == 1:
            other_clerk(db_target, "request", request_id, department="乡镇民政办")
            dialog.content.setPlainText("修路灯和水渠")
        elif len(seen) == 3:
            dialog.content.setPlainText("修路灯和水渠")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RequestDialog, "exec", exec_)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: next(answers)))
    RequestsView.edit_request(host)
    # Opened; refused and opened again with the input (No); refused again, reloaded (Yes); saved.
    assert seen == [("修路灯", "村委会"), ("修路灯和水渠", "村委会"), ("修路灯", "乡镇民政办")]
    assert "承办部门：对方改为“乡镇民政办”，您打开时为“村委会”" in shown_errors[0][2]
    stored = Request.get_by_id(request_id)
    assert (stored.content, stored.department) == ("修路灯和水渠", "乡镇民政办")

"""The roster tab: add, edit, archive, restore, delete, and its filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import members
from lianhu_desktop.gui.dialogs.archive_dialog import ArchiveDialog
from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog
from lianhu_desktop.store.models import Member, database
from tests.gui.sample_data import KNOWN_NAME


def names(tab):
    column = tab.spec.column("name")
    return [tab.model.data(tab.model.index(row, column)) for row in range(tab.model.rowCount())]


def sql_count(where, *params):
    return database.execute_sql(f"SELECT COUNT(*) FROM member m WHERE {where}", params).fetchone()[0]


@pytest.fixture
def roster(window):
    window.ui.tabs.setCurrentIndex(0)
    return window.tab("roster")


def select_name(tab, name):
    assert tab.select_member(Member.get(Member.name == name).id)


def fake_exec(fill):
    """A stand-in for QDialog.exec: fill the widgets, press 保存/归档, return the result."""
    def run(dialog):
        fill(dialog)
        dialog.accept()
        return dialog.result()
    return run


def test_add_member_shows_selects_and_reports(roster, window, monkeypatch):
    window.village_combo.setCurrentIndex(1)
    village_id = window.current_village_id()

    def fill(dialog):
        assert dialog.ui.village.currentData() == village_id and not dialog.ui.village.isEnabled()
        dialog.ui.name.setText("新党员")
        dialog.ui.gender.setCurrentIndex(0)

    monkeypatch.setattr(MemberDialog, "exec", fake_exec(fill))
    roster.setFocus()
    roster.actions["add"].trigger()
    assert "新党员" in names(roster)
    assert roster.selected_id() == Member.get(Member.name == "新党员").id
    assert Member.get(Member.name == "新党员").village_id == village_id
    assert window.statusBar().currentMessage() == "已新增党员“新党员”"


def test_insert_key_adds_and_enter_edits(roster, window, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(MemberDialog, "exec", lambda dialog: opened.append(dialog.member_id) or 0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    roster.ui.table.setFocus()
    qtbot.keyClick(roster.ui.table, Qt.Key.Key_Insert)
    assert opened == [None]
    select_name(roster, KNOWN_NAME)
    qtbot.keyClick(roster.ui.table, Qt.Key.Key_Return)
    assert opened == [None, Member.get(Member.name == KNOWN_NAME).id]
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    qtbot.keyClick(roster.ui.table, Qt.Key.Key_Delete)  # Delete on the table asks to delete
    assert len(shown) == 1 and "不能删除" in shown[0]


def test_edit_updates_the_row(roster, window, monkeypatch):
    select_name(roster, KNOWN_NAME)
    monkeypatch.setattr(MemberDialog, "exec", fake_exec(lambda d: d.ui.phone.setText("13800001111")))
    roster.actions["edit"].trigger()
    phone = roster.model.data(roster.model.index(roster.ui.table.currentIndex().row(),
                                                 roster.spec.column("phone")))
    assert phone == "13800001111"
    assert window.statusBar().currentMessage() == f"已保存党员“{KNOWN_NAME}”的信息"


def test_archive_hides_then_checkbox_shows_and_restore(roster, window, monkeypatch):
    select_name(roster, KNOWN_NAME)
    assert roster.actions["archive"].isEnabled() and not roster.actions["restore"].isEnabled()

    def fill(dialog):
        assert dialog.ui.reason.count() == 5  # 转出, 去世, 出党, 停止党籍, 其他
        dialog.ui.reason.setCurrentText("去世")

    monkeypatch.setattr(ArchiveDialog, "exec", fake_exec(fill))
    roster.actions["archive"].trigger()
    member = Member.get(Member.name == KNOWN_NAME)
    assert member.archived and member.archive_reason == "去世"
    assert KNOWN_NAME not in names(roster)
    assert window.statusBar().currentMessage().startswith(f"已将党员“{KNOWN_NAME}”归档（去世）")
    roster.archived.setChecked(True)
    assert KNOWN_NAME in names(roster)
    assert not roster.ui.table.isColumnHidden(roster.spec.column("status"))
    select_name(roster, KNOWN_NAME)
    status = roster.model.data(roster.model.index(roster.ui.table.currentIndex().row(),
                                                  roster.spec.column("status")))
    assert status.startswith("已归档：去世（")
    assert roster.actions["restore"].isEnabled() and not roster.actions["archive"].isEnabled()
    roster.actions["restore"].trigger()
    assert not Member.get(Member.name == KNOWN_NAME).archived


def test_archive_without_reason_stays_open(app, qtbot, filled_db):
    member = Member.get(Member.name == KNOWN_NAME)
    dialog = ArchiveDialog(None, f"党员“{KNOWN_NAME}”",
                           lambda reason, day: members.archive_member(member.id, reason, day))
    qtbot.addWidget(dialog)
    dialog.ui.reason.setCurrentText("")
    dialog.accept()
    assert dialog.result() == 0
    assert "请填写归档原因" in dialog.errors.message("archive_reason")
    assert not Member.get_by_id(member.id).archived


def test_delete_refused_with_history(roster, monkeypatch):
    select_name(roster, KNOWN_NAME)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text() + box.informativeText()) or 0)
    roster.actions["delete"].trigger()
    assert len(shown) == 1
    assert "联户记录" in shown[0] and "走访记录" in shown[0] and "归档" in shown[0]
    assert Member.select().where(Member.name == KNOWN_NAME).exists()


def test_delete_without_history_after_confirmation(roster, window, monkeypatch):
    member = members.save_member({"village_id": Member.get(Member.name == KNOWN_NAME).village_id,
                                  "name": "刚录入", "gender": "男"})
    roster.refresh()
    select_name(roster, "刚录入")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: answers.pop(0))
    roster.actions["delete"].trigger()  # 否: nothing happens
    assert Member.get_or_none(Member.id == member.id) is not None
    roster.actions["delete"].trigger()
    assert Member.get_or_none(Member.id == member.id) is None
    assert "刚录入" not in names(roster)
    assert window.statusBar().currentMessage() == "已删除党员“刚录入”"


def test_filters_narrow_rows_in_the_township_view(roster, window):
    assert window.current_village_id() is None
    group = roster.party_group
    assert group.findText("老龄党小组") > 0 and group.findText("未分组") > 0
    group.setCurrentIndex(group.findText("老龄党小组"))
    expected = sql_count("m.archived = FALSE AND m.party_group_id IN "
                         "(SELECT id FROM party_group WHERE name = '老龄党小组')")
    assert 0 < roster.model.rowCount() == expected
    assert set(roster.model.data(roster.model.index(r, roster.spec.column("party_group")))
               for r in range(roster.model.rowCount())) == {"老龄党小组"}
    roster.post.setCurrentIndex(roster.post.findText("民主监督"))
    assert roster.model.rowCount() == sql_count(
        "m.archived = FALSE AND m.party_group_id IN (SELECT id FROM party_group WHERE name = '老龄党小组')"
        " AND m.post_id IN (SELECT id FROM post WHERE name = '民主监督')")
    group.setCurrentIndex(0)
    roster.post.setCurrentIndex(0)
    roster.residence.setCurrentIndex(roster.residence.findData("外出"))
    assert roster.model.rowCount() == sql_count("m.archived = FALSE AND m.residence = '外出'") > 0
    roster.residence.setCurrentIndex(0)
    database.execute_sql("UPDATE member SET is_committee = TRUE WHERE name = ?", (KNOWN_NAME,))
    roster.committee.setCurrentIndex(roster.committee.findData(True))
    assert names(roster) == [KNOWN_NAME]
    assert window.status_label.text() == "共 24 名党员（筛选后 1 名）"


def test_filters_follow_the_village_selector(roster, window):
    database.execute_sql("UPDATE party_group SET name = '红旗突击队' WHERE id = "
                         "(SELECT max(id) FROM party_group)")
    window.refresh()
    assert roster.party_group.findText("红旗突击队") > 0  # 全部村: every village's names
    roster.party_group.setCurrentIndex(roster.party_group.findText("红旗突击队"))
    window.village_combo.setCurrentIndex(1)  # the first village has no such group
    assert roster.party_group.findText("红旗突击队") < 0
    assert roster.party_group.currentIndex() == 0 and "party_group" not in roster.model.filters
    assert roster.model.rowCount() == 12


def test_tab_order_runs_through_every_filter(roster):
    chain = [roster.ui.search, roster.party_group, roster.post, roster.tier, roster.residence, roster.membership,
             roster.committee, roster.archived, roster.ui.table]
    for first, second in zip(chain, chain[1:]):
        assert _next_stop(first) is second


def _next_stop(widget):
    candidate = widget.nextInFocusChain()
    while not (candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isVisible()):
        candidate = candidate.nextInFocusChain()
    return candidate


def test_membership_filter_shows_the_overdue_probationary_members(roster):
    from lianhu_desktop.domain import listing

    roster.membership.setCurrentIndex(roster.membership.findData(listing.OVERDUE))
    assert roster.model.filters["membership"] == listing.OVERDUE
    shown = roster.model.rowCount()
    roster.membership.setCurrentIndex(roster.membership.findData("预备党员"))
    assert roster.model.rowCount() >= shown

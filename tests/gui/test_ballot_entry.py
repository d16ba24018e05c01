"""The ballot-entry window: keyboard entry twice (the second blind), settling a mismatch, the sums, tallies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from lianhu_desktop.domain import ballots
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.gui import ballot_entry, operations
from lianhu_desktop.gui.ballot_entry import MARK, open_ballot_entry
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import AuditLog, Ballot
from tests.unit.ballotfixtures import YEAR, ballot_village, seal

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def people(app, village):
    return ballot_village(village)


@pytest.fixture
def window(qtbot, village, people):
    shown = open_ballot_entry(None, village.id, YEAR)
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    return shown


def keys(qtbot, widget, text):
    for ch in text:
        qtbot.keyClick(widget, ch)


def enter(qtbot, window):
    qtbot.keyClick(window.grid, Qt.Key.Key_Return)


def marks(window) -> list[str]:
    """Per member row, the grade the grid shows (or "")."""
    model = window.grid.grade_model
    shown = []
    for row in range(model.rowCount()):
        texts = [model.data(model.index(row, col)) for col in range(2, 6)]
        shown.append(next((grade for grade, text in zip(ballots.GRADES, texts) if text == MARK), ""))
    return shown


def labels(window) -> dict[str, int]:
    return {m.label: m.id for m in window.state.members}


def stored(village):
    return ballots.entries(appraisal_for(village.id, YEAR).id)


@pytest.fixture(autouse=True)
def _questions(monkeypatch):
    """Never a real modal question in these tests (the ``asked`` fixture records them)."""
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: YES))


def test_ballots_are_entered_twice_from_the_keyboard_and_a_mismatch_is_settled(qtbot, village, people, window):
    # Members in ballot order: 王建国, 李秀英, 张伟（…）, 张伟（…）, 赵大海.
    assert window.focusWidget() is window.grid and window.serial.value() == 1
    keys(qtbot, window.grid, "12034")  # 0: 张伟 (first) left ungraded
    assert marks(window) == ["优秀", "合格", "", "基本合格", "不合格"]
    assert window.progress.text() == "本票已评 4 / 5 人"
    enter(qtbot, window)
    assert window.serial.value() == 2 and marks(window) == [""] * 5 and window.grid.current_row() == 0
    assert "已保存第 1 号票第 1 次录入" in window.entry_status.text()
    qtbot.keyClick(window, Qt.Key.Key_F2)  # 群众代表
    assert window.kind.currentText() == "群众代表"
    keys(qtbot, window.grid, "222")
    enter(qtbot, window)
    assert window.serial.value() == 3
    # The second entry, blind: nothing of the first is shown.
    window.entry2.setChecked(True)
    assert window.serial.value() == 1 and marks(window) == [""] * 5
    window.kind.setCurrentIndex(0)
    keys(qtbot, window.grid, "12034")
    enter(qtbot, window)
    assert "与第 1 次一致" in window.entry_status.text()
    assert window.serial.value() == 2
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    keys(qtbot, window.grid, "232")  # 李秀英 mistyped as 基本合格
    enter(qtbot, window)
    assert "有 1 处不一致，已列入待核对" in window.entry_status.text()
    # The sums show the pending ballot, in red.
    assert window.sums.lines[1].text() == "收回 2 ＝ 有效 1 ＋ 无效 0 ＋ 待核对 1"
    assert "b3261e" in window.sums.lines[1].styleSheet()
    assert "核对未通过" in window.sums.verdict.text()
    assert window.pending.item(0).text() == "第 2 号：两次录入有 1 处不一致"
    # Settled against the paper: the dialog shows only the differing row.
    seen = []

    def answer(dialog):
        if isinstance(dialog, ballot_entry.SettleDialog):
            seen.append([dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in range(3)])
            assert not dialog.ok.isEnabled()
            dialog.choices[0].setCurrentText("合格")
            assert dialog.ok.isEnabled()
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    window.exec_dialog = answer
    window.pending.setCurrentRow(0)
    window.open_pending(window.pending.currentItem())
    assert seen == [["李秀英", "合格", "基本合格"]]
    assert window.sums.lines[1].text() == "收回 2 ＝ 有效 2 ＋ 无效 0 ＋ 待核对 0"
    assert window.sums.verdict.text() == "✓ 各项核对无误"
    counted = window.state.count
    ids = labels(window)
    assert counted.member_counts(ids["李秀英"]) == {"优秀": 0, "合格": 2, "基本合格": 0, "不合格": 0}
    assert counted.grades[ids["王建国"]] == {"党员": {"优秀": 1, "合格": 0, "基本合格": 0, "不合格": 0},
                                             "群众代表": {"优秀": 0, "合格": 1, "基本合格": 0, "不合格": 0}}
    assert AuditLog.select().where(AuditLog.action == "核对纸质票后更正").count() == 1


def test_the_keys_move_clear_and_skip(qtbot, window):
    grid = window.grid
    keys(qtbot, grid, "11")
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)  # clears in place
    assert marks(window)[:2] == ["优秀", ""] and grid.current_row() == 1
    qtbot.keyClick(grid, Qt.Key.Key_Space)  # leaves ungraded, moves on
    assert grid.current_row() == 2
    qtbot.keyClick(grid, Qt.Key.Key_4, Qt.KeyboardModifier.KeypadModifier)
    assert marks(window)[2] == "不合格" and grid.current_row() == 3
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    keys(qtbot, grid, "33")  # the last row keeps the cursor
    assert marks(window) == ["优秀", "", "不合格", "", "基本合格"] and grid.current_row() == 4
    index = grid.grade_model.index(0, 3)  # a click on 合格 for 王建国
    grid.clicked.emit(index)
    assert marks(window)[0] == "合格"
    grid.clicked.emit(index)  # the same cell again: ungraded
    assert marks(window)[0] == ""
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.focusWidget() is window.serial
    window.serial.setValue(7)
    qtbot.keyClick(window.serial, Qt.Key.Key_Return)
    assert window.focusWidget() is grid


def test_a_serial_entered_already_is_shown_and_refused(qtbot, village, window, shown_errors):
    keys(qtbot, window.grid, "1")
    enter(qtbot, window)
    window.serial.setValue(1)
    assert window.serial_note.isVisible() and "第 1 号票第 1 次已录入" in window.serial_note.text()
    keys(qtbot, window.grid, "2")
    enter(qtbot, window)
    assert shown_errors[-1][2] == "第 1 号票第 1 次已录入"
    assert Ballot.select().count() == 1 and marks(window)[0] == "合格"  # the typed ballot stays on screen


def test_spoiled_and_blank_ballots(qtbot, monkeypatch, village, window):
    asked = []
    monkeypatch.setattr(ballot_entry.QMessageBox, "question",
                        staticmethod(lambda parent, title, text, *a, **k: asked.append(text) or YES))
    keys(qtbot, window.grid, "11")
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.spoiled.isChecked() and not window.grid.isEnabled()
    assert window.progress.text() == "作废票：不记等次"
    window.save_ballot()
    enter(qtbot, window)  # an empty ballot: asked whether it is blank
    assert asked == ["第 2 号票没有评任何人，作为空白票保存吗？"]
    found = stored(village)
    assert not found[1][1].valid and found[1][1].grades == {}
    assert found[2][1].valid and found[2][1].grades == {}
    assert not window.spoiled.isChecked() and window.grid.isEnabled()


def test_entries_are_corrected_and_deleted_after_confirming(qtbot, monkeypatch, village, people, window):
    keys(qtbot, window.grid, "1111")
    enter(qtbot, window)
    window.tabs.setCurrentIndex(1)
    assert window.entered.rowCount() == 1 and window.entered.item(0, 4).text() == "4"
    window.entered.selectRow(0)
    window.edit_selected()
    assert window.tabs.currentIndex() == 0 and window.editing == (1, 1)
    assert marks(window) == ["优秀"] * 4 + [""] and not window.serial.isEnabled()
    keys(qtbot, window.grid, "2")
    asked = []
    monkeypatch.setattr(ballot_entry.QMessageBox, "question",
                        staticmethod(lambda parent, title, text, *a, **k: asked.append(text) or YES))
    enter(qtbot, window)
    assert "替换第 1 号票第 1 次录入" in asked[-1]
    assert stored(village)[1][1].grades[people["wang"].id] == "合格"
    assert window.editing is None and window.serial.isEnabled() and window.serial.value() == 2
    assert AuditLog.select().where(AuditLog.action == "修改测评票").count() == 1
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: NO))
    window.entered.selectRow(0)
    window.delete_selected()
    assert Ballot.select().count() == 1
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: YES))
    window.delete_selected()
    assert Ballot.select().count() == 0 and window.entered.rowCount() == 0


def test_a_single_entry_in_the_pending_list_leads_to_the_other_entry(qtbot, window):
    keys(qtbot, window.grid, "1")
    enter(qtbot, window)
    assert window.pending.item(0).text() == "第 1 号：只录入了第 1 次"
    window.open_pending(window.pending.item(0))
    assert window.entry_mode() == 2 and window.serial.value() == 1 and marks(window) == [""] * 5


def test_meeting_figures_are_saved_and_a_refusal_shown(qtbot, village, window, shown_errors):
    window.issued.setValue(40)
    window.expected.setValue(35)
    window.present.setValue(33)
    window.save_figures.click()
    appraisal = appraisal_for(village.id, YEAR)
    assert (appraisal.ballots_issued, appraisal.expected, appraisal.present) == (40, 35, 33)
    assert window.sums.lines[0].text() == "发出 40 ＝ 收回 0 ＋ 未收回 40"
    assert window.sums.lines[3].text() == "应到 35 人，实到 33 人"
    window.present.setValue(36)
    window.save_figures.click()
    assert "实到人数（36）不能多于应到人数（35）" in shown_errors[-1][2]
    assert appraisal_for(village.id, YEAR).present == 33
    assert window.present.value() == 36  # the clerk's input stays, to be corrected


def test_figures_being_typed_survive_a_reload_and_a_stale_save_is_refused(qtbot, village, people, window,
                                                                         monkeypatch):
    from lianhu_desktop.gui import operations as ops

    window.expected.setValue(35)
    ballots.enter_ballot(village.id, YEAR, 1, 1, "党员", {people["wang"].id: "优秀"})
    operations.notify({Change.BALLOTS})  # a ballot entered elsewhere: the window reads again
    assert window.expected.value() == 35 and window.sums.lines[1].text().startswith("收回 1")
    ballots.set_meeting_figures(village.id, YEAR, 50, 40, None)  # another clerk saves figures meanwhile
    offered = []
    monkeypatch.setattr(ops, "show_stale", lambda parent, error, reload: (offered.append(str(error)), False)[1])
    window.save_figures.click()
    assert "对方改为“40”，您打开时为“未填”" in offered[-1] and "发出票数" in offered[-1]
    assert appraisal_for(village.id, YEAR).expected == 40 and window.expected.value() == 35
    monkeypatch.setattr(ops, "show_stale", lambda parent, error, reload: (reload(), True)[1])
    window.save_figures.click()  # refused again; this time the clerk reloads
    assert (window.issued.value(), window.expected.value()) == (50, 40)
    window.present.setValue(38)
    window.save_figures.click()
    assert (appraisal_for(village.id, YEAR).expected, appraisal_for(village.id, YEAR).present) == (40, 38)
    window.present.setValue(37)
    window.save_figures.click()  # the window's own save is no stale record
    assert appraisal_for(village.id, YEAR).present == 37


def test_the_tally_tab_is_entered_twice_and_shows_a_mismatch(qtbot, village, people, window):
    page = window.tally
    window.tabs.setCurrentWidget(page)
    page.kind.setCurrentText("群众代表")
    page.returned.setValue(12)
    page.invalid.setValue(2)
    page.table.item(0, 2).setData(Qt.ItemDataRole.EditRole, 8)  # 王建国 优秀 8
    page.table.item(0, 3).setData(Qt.ItemDataRole.EditRole, 2)
    assert page.table.item(0, 6).text() == "10" and page.table.item(0, 7).text() == "0"
    page.save()
    assert "只录入了一次" in page.status.text()
    assert any("只录入了一次" in p for p in window.state.count.sums.problems)
    page.second.setChecked(True)  # blind: the second entry starts empty
    assert page.returned.value() == 0 and page.table.item(0, 2).data(Qt.ItemDataRole.EditRole) == 0
    page.returned.setValue(12)
    page.invalid.setValue(2)
    page.table.item(0, 2).setData(Qt.ItemDataRole.EditRole, 7)
    page.table.item(0, 3).setData(Qt.ItemDataRole.EditRole, 2)
    page.save()
    assert "两次录入不一致" in page.status.text() and page.differences.count() == 1
    assert page.differences.item(0).text() == "王建国 优秀：第 1 次 8，第 2 次 7"
    page.table.item(0, 2).setData(Qt.ItemDataRole.EditRole, 8)
    page.save()  # stored already: replaced after confirming
    assert "两次录入一致" in page.status.text()
    assert window.state.count.member_counts(people["wang"].id)["优秀"] == 8
    assert window.sums.lines[1].text() == "收回 12 ＝ 有效 10 ＋ 无效 2 ＋ 待核对 0"
    # A rater kind entered ballot by ballot takes no tally.
    window.tabs.setCurrentIndex(0)
    keys(qtbot, window.grid, "1")
    enter(qtbot, window)
    window.tabs.setCurrentWidget(page)
    page.kind.setCurrentText("党员")
    assert not page.save_button.isEnabled() and "不能再录入党员的计票汇总" in page.status.text()


def test_the_rules_dialog_saves_the_counting_rules(qtbot, village, window):
    def answer(dialog):
        dialog.share_on.setChecked(True)
        dialog.share.setValue(40)
        dialog.single.setChecked(True)
        dialog.weights["党员"].setValue(0.6)
        dialog.weights["群众代表"].setValue(0.4)
        return QDialog.DialogCode.Accepted

    window.exec_dialog = answer
    window.edit_rules()
    rules = ballots.rules_of(appraisal_for(village.id, YEAR))
    assert rules.single_entry and rules.max_excellent_share == 0.4
    assert rules.kind_weights == {"党员": 0.6, "群众代表": 0.4}
    keys(qtbot, window.grid, "111")  # 3 of 5 优秀 > 40 %
    enter(qtbot, window)
    assert "按计票规则此票无效（评为优秀的人数超过 40%）" in window.entry_status.text()
    assert window.state.count.sums.invalid == 1  # counted once, single-entry counting on


def test_the_rules_dialog_opens_again_with_the_input_when_someone_else_saved_rules(qtbot, village, window,
                                                                                   monkeypatch):
    from lianhu_desktop.gui import operations as ops

    shown_values = []

    def answer(dialog):
        shown_values.append((dialog.share_on.isChecked(), dialog.weights["党员"].value()))
        if len(shown_values) == 1:
            dialog.weights["党员"].setValue(0.7)
            dialog.weights["群众代表"].setValue(0.3)
            ballots.set_counting_rules(village.id, YEAR, ballots.CountingRules(max_excellent_share=0.4))  # elsewhere
            return QDialog.DialogCode.Accepted
        if len(shown_values) == 2:
            return QDialog.DialogCode.Accepted  # saved again after reloading
        return QDialog.DialogCode.Rejected

    offered = []

    def reload_offered(parent, error, reload):
        offered.append(str(error))
        reload()
        return True

    monkeypatch.setattr(ops, "show_stale", reload_offered)
    window.exec_dialog = answer
    window.edit_rules()
    assert "优秀比例规则：对方改为“超过 40% 无效”" in offered[0]
    # Reloaded: the dialog came back with the rules as saved, and its save then went through.
    assert shown_values == [(False, 0.5), (True, 0.5)]
    rules = ballots.rules_of(appraisal_for(village.id, YEAR))
    assert rules.max_excellent_share == 0.4 and rules.kind_weights == {"党员": 0.5, "群众代表": 0.5}


def test_a_sealed_year_is_shown_read_only(qtbot, village, window):
    keys(qtbot, window.grid, "1")
    enter(qtbot, window)
    seal(village)
    operations.notify({Change.BALLOTS})
    assert window.sealed_banner.isVisible() and "已封存" in window.sealed_banner.text()
    assert not window.save_ballot_button.isEnabled() and not window.issued.isEnabled()
    keys(qtbot, window.grid, "2")
    enter(qtbot, window)
    assert Ballot.select().count() == 1


def test_the_window_follows_change_notices_and_is_opened_once(qtbot, village, people, window):
    ballots.enter_ballot(village.id, YEAR, 1, 1, "党员", {people["wang"].id: "优秀"})
    ballots.enter_ballot(village.id, YEAR, 1, 2, "党员", {people["wang"].id: "优秀"})
    assert window.sums.lines[1].text() == "收回 0 ＝ 有效 0 ＋ 无效 0 ＋ 待核对 0"
    operations.notify({Change.BALLOTS})  # what another window's write (or an import) says
    assert window.sums.lines[1].text() == "收回 1 ＝ 有效 1 ＋ 无效 0 ＋ 待核对 0"
    keys(qtbot, window.grid, "2")
    assert open_ballot_entry(None, village.id, YEAR) is window
    assert marks(window)[0] == "合格"  # the ballot being typed is left alone
    other = open_ballot_entry(None, village.id, YEAR + 1)
    qtbot.addWidget(other)
    assert other is not window and other.year == YEAR + 1


def test_the_window_fits_a_small_screen(qtbot, window):
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.windowTitle() == f"民主测评票录入 — 李家庄村 {YEAR} 年度"


def test_the_sheet_is_exported_and_imported_from_the_window(qtbot, monkeypatch, tmp_path, village, window):
    import openpyxl

    path = tmp_path / "录入表.xlsx"
    monkeypatch.setattr(ballot_entry.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.template_button.click()
    assert path.exists() and "已导出" in window.flash_label.text()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    count = (sheet.max_row - 3) // 2
    for row in (4, 4 + count):  # serial 1, both entries: 党员, 王建国 优秀
        sheet.cell(row, 2, "党员")
        sheet.cell(row, 4, "优秀")
    book.save(path)
    asked = []
    monkeypatch.setattr(ballot_entry.QMessageBox, "question",
                        staticmethod(lambda parent, title, text, *a, **k: asked.append(text) or YES))
    monkeypatch.setattr(ballot_entry.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.import_button.click()
    assert "检查完毕（仅检查，未写入）" in asked[0] and "将新增 2 次录入" in asked[0]
    assert Ballot.select().count() == 2
    assert window.sums.lines[1].text() == "收回 1 ＝ 有效 1 ＋ 无效 0 ＋ 待核对 0"
    assert "已导入" in window.flash_label.text()


def test_unsaved_tally_figures_are_not_lost_by_switching_without_asking(qtbot, monkeypatch, window):
    page = window.tally
    window.tabs.setCurrentWidget(page)
    page.kind.setCurrentText("群众代表")
    page.returned.setValue(5)
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: NO))
    page.second.setChecked(True)
    assert page.entry() == 1 and page.returned.value() == 5  # kept, the switch undone
    page.kind.setCurrentText("党员")
    assert page.kind.currentText() == "群众代表"
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: YES))
    page.second.setChecked(True)
    assert page.entry() == 2 and page.returned.value() == 0

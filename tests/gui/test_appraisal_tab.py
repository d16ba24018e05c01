"""The 百分制考核 tab: results per member, scoring by keyboard, the scheme editor, thresholds, sealing."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import appraisal, appraisal_seal, schemes
from lianhu_desktop.gui import appraisal_dialogs, operations
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import Item, Scheme, Score

YEAR = datetime.date.today().year


@pytest.fixture
def tab(window):
    window.set_village(window.village_combo.itemData(1))  # the first village, not 全部村
    tab = window.show_tab("appraisal")
    tab.activate()
    return tab


def choose_tier(tab, tier):
    tab.tier.setCurrentIndex(tab.tier.findData(tier))


def headers(tab):
    return [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]


def cell(tab, row, header_start):
    column = next(c for c, h in enumerate(headers(tab)) if h.startswith(header_start))
    return tab.model.data(tab.model.index(row, column))


def row_of(tab, name):
    return next(r for r in range(tab.model.rowCount()) if tab.model.member_at(r).name == name)


def answer(monkeypatch, button=QMessageBox.StandardButton.Yes):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_the_tab_shows_the_villages_members_with_their_items(tab, window):
    members = appraisal.appraised_members(window.current_village_id(), YEAR)
    assert tab.model.rowCount() == len(members) > 0
    assert headers(tab)[:4] == ["名次", "姓名", "总分", "等次"] and headers(tab)[-1] == "各项得分"
    assert cell(tab, 0, "等次") == "未定" and "未评" in cell(tab, 0, "各项得分")
    choose_tier(tab, "一般党员")
    assert headers(tab)[4:7] == ["联户走访\n40 分", "主题党日\n30 分", "承诺践诺\n30 分"]
    assert all(tab.model.member_at(r).tier == "一般党员" for r in range(tab.model.rowCount()))
    assert "准备中" in tab.state_label.text() and "优秀 ≥ 90" in tab.state_label.text()
    assert window.status_label.text().startswith("共 ")
    tab.search.setText(tab.model.member_at(0).name)
    assert tab.model.rowCount() >= 1


def test_the_township_is_read_only_and_computed_in_a_worker(tab, window, qtbot):
    window.set_village(None)
    qtbot.waitUntil(lambda: len(tab.found) == 2, timeout=10000)
    assert headers(tab)[1] == "村" and "全部村" in tab.state_label.text()
    assert not any(button.isEnabled() for button in tab.buttons.values())
    assert tab.buttons["seal"].toolTip() == "请先在窗口上方选择一个村"


def test_the_township_shows_its_first_village_while_the_others_are_computed(tab, window, qtbot, monkeypatch):
    import threading

    from lianhu_desktop.domain import appraisal_results

    gate, read = threading.Event(), appraisal_results.gather

    def slow_gather(year, village_id, today):
        if village_id is None:  # the rest of the township: held until the first village is on screen
            assert gate.wait(10)
        return read(year, village_id, today)

    monkeypatch.setattr(appraisal_results, "gather", slow_gather)
    window.set_village(None)
    qtbot.waitUntil(lambda: headers(tab)[1] == "村", timeout=10000)
    assert len(tab.found) == 1
    first = tab.found[0].village_name
    assert {tab.model.data(tab.model.index(r, 1)) for r in range(tab.model.rowCount())} == {first}
    assert "正在计算其余各村" in tab.state_label.text()
    gate.set()
    qtbot.waitUntil(lambda: len(tab.found) == 2, timeout=10000)
    assert "正在计算" not in tab.state_label.text()
    assert len({tab.model.data(tab.model.index(r, 1)) for r in range(tab.model.rowCount())}) == 2
    # A refresh keeps the whole township on screen until the new results are in.
    gate.clear()
    tab.refresh()
    qtbot.wait(300)
    assert len(tab.found) == 2
    gate.set()
    qtbot.waitUntil(lambda: tab._job is None, timeout=10000)


def test_enter_opens_the_score_dialog_and_the_table_follows(tab, qtbot):
    choose_tier(tab, "一般党员")
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    member = tab.model.member_at(0)
    opened = []
    original = appraisal_dialogs.ScoreDialog.open
    appraisal_dialogs.ScoreDialog.open = lambda self: (opened.append(self), original(self))[1]
    try:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    finally:
        appraisal_dialogs.ScoreDialog.open = original
    (dialog,) = opened
    qtbot.addWidget(dialog)
    box, reason = dialog.boxes["联户走访"]
    assert box.specialValueText() == "未评分" and box.maximum() == 40
    box.setValue(35)
    dialog.save()
    assert "请填写扣分理由" in dialog.error_label.text() and Score.select().count() == 0
    reason.setText("两户漏访")
    dialog.boxes["主题党日"][0].setValue(30)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = row_of(tab, member.name)
    assert cell(tab, row, "联户走访") == "35.0" and cell(tab, row, "主题党日") == "30.0"
    assert cell(tab, row, "承诺践诺") == "未评" and cell(tab, row, "等次") == "未定"
    tip = tab.model.data(tab.model.index(row, headers(tab).index("联户走访\n40 分")), Qt.ItemDataRole.ToolTipRole)
    assert tip == "理由：两户漏访"
    scheme = Scheme.get(Scheme.village == tab.village_id, Scheme.tier == "一般党员")
    assert scheme.frozen_at is not None and "评议中" in tab.state_label.text()


def test_save_and_next_scores_member_after_member(tab, qtbot):
    choose_tier(tab, "一般党员")
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    first, second = tab.model.member_at(0), tab.model.member_at(1)
    dialog = tab.score_current()
    qtbot.addWidget(dialog)
    for box, _reason in dialog.boxes.values():
        box.setValue(box.maximum())
    dialog.save(and_next=True)
    following = dialog.following
    qtbot.addWidget(following)
    assert following.member.member_id == second.member_id
    done = tab.model.member_at(row_of(tab, first.name))
    assert (done.total_tenths, done.grade) == (1000, "优秀")
    assert cell(tab, row_of(tab, first.name), "等次") == "优秀"


def test_automatic_items_show_their_computation_read_only(tab, qtbot, window):
    village_id = tab.village_id
    appraisal.open_appraisal(village_id, YEAR)  # the village's own copy: its items are the ones edited
    drafts = schemes.schemes_in_use(village_id, YEAR)["一般党员"].drafts()
    drafts[1] = schemes.ItemDraft("组织生活", 300, "按出席比例", "自动", "meetings")
    operations.run_op(window, appraisal.save_scheme, village_id, YEAR, "一般党员", drafts, changes={Change.SCHEMES})
    choose_tier(tab, "一般党员")
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    dialog = tab.score_current()
    qtbot.addWidget(dialog)
    assert "组织生活" not in dialog.boxes
    shown = dialog.findChild(type(dialog.error_label), "computation:组织生活")
    assert shown.text().startswith("自动计分：") and " 分 = " in shown.text()
    assert headers(tab)[5] == "组织生活\n30 分"


def test_the_scheme_editor_totals_tries_and_versions(tab, qtbot, monkeypatch):
    member = next(m for m in appraisal.appraised_members(tab.village_id, YEAR) if m.tier == "一般党员")
    editor = tab.edit_schemes()
    qtbot.addWidget(editor)
    editor.tier.setCurrentText("一般党员")
    assert Scheme.select().where(Scheme.village == tab.village_id).count() == 4  # the village's own copy
    assert editor.total.text() == "合计 100 分"
    editor.table.setCurrentCell(0, 0)
    editor.add_row()
    editor.table.item(1, 0).setText("志愿服务")
    editor.table.cellWidget(1, 1).setValue(5)
    assert editor.total.text().startswith("合计 105 分") and "须为 100 分" in editor.total.text()
    editor.table.cellWidget(0, 1).setValue(35)
    assert editor.total.text() == "合计 100 分"
    editor.move_row(1)  # 志愿服务 down one
    assert [d.name for d in editor.drafts()][:3] == ["联户走访", "主题党日", "志愿服务"]
    appraisal.set_score(tab.village_id, YEAR, member.id, "主题党日", 20, "缺席两次")
    editor.load()  # the scheme is frozen now
    assert "保存修改将生成第 2 版" in editor.version.text()
    drafts = editor.drafts()
    drafts.insert(2, schemes.ItemDraft("志愿服务", 100))
    drafts[0] = schemes.ItemDraft(drafts[0].name, 300, drafts[0].criteria, "手工", "", drafts[0].origin)
    editor._refill(drafts, 0)
    trial = editor.show_trial()
    qtbot.addWidget(trial)
    assert trial.table.rowCount() == sum(1 for m in appraisal.appraised_members(tab.village_id, YEAR)
                                         if m.tier == "一般党员")
    assert Scheme.select().where(Scheme.village == tab.village_id, Scheme.tier == "一般党员").count() == 1
    asked = answer(monkeypatch)
    editor.save()
    assert "第 2 版" in asked[0]
    versions = schemes.scheme_versions(tab.village_id, YEAR, "一般党员")
    assert [v.version for v in versions] == [1, 2] and [i.name for i in versions[1].items] == [
        "联户走访", "主题党日", "志愿服务", "承诺践诺"]
    choose_tier(tab, "一般党员")
    assert "志愿服务\n10 分" in headers(tab)
    # The unchanged 主题党日 kept its score in the new version.
    assert cell(tab, row_of(tab, member.name), "主题党日") == "20.0"


def test_a_scheme_edit_is_refused_in_chinese(tab, qtbot):
    editor = tab.edit_schemes()
    qtbot.addWidget(editor)
    editor.table.setCurrentCell(0, 0)
    editor.table.item(0, 0).setText("")
    editor.save()
    assert "请填写项目名称" in editor.error_label.text()
    assert Item.select().where(Item.name == "").count() == 0


def test_thresholds_are_checked_and_change_the_grades(tab, qtbot):
    choose_tier(tab, "一般党员")
    member = tab.model.member_at(0)
    for name, points, reason in (("联户走访", 35, "漏访"), ("主题党日", 25, "缺席"), ("承诺践诺", 28, "一项未完成")):
        appraisal.set_score(tab.village_id, YEAR, member.member_id, name, points, reason)
    operations.notify({Change.SCORES})
    assert cell(tab, row_of(tab, member.name), "等次") == "合格"  # 88
    dialog = tab.edit_thresholds()
    qtbot.addWidget(dialog)
    dialog.boxes["合格"].setValue(90)
    dialog.save()
    assert "应低于优秀" in dialog.error_label.text()
    dialog.boxes["优秀"].setValue(85)
    dialog.boxes["合格"].setValue(70)
    dialog.save()
    assert appraisal.get_thresholds(tab.village_id, YEAR)["优秀"] == 850
    assert cell(tab, row_of(tab, member.name), "等次") == "优秀"
    assert "优秀 ≥ 85" in tab.state_label.text()


def test_sealing_lists_the_reasons_then_seals_and_locks_the_tab(tab, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()) or 0)
    assert tab.seal() is False
    assert "还没有开始" in shown[0]
    village_id = tab.village_id
    for member in appraisal.appraised_members(village_id, YEAR):
        for item in schemes.schemes_in_use(village_id, YEAR)[member.tier].items:
            appraisal.set_score(village_id, YEAR, member.id, item.name, item.max_tenths / 10, "")
    operations.notify({Change.SCORES})
    answer(monkeypatch)
    opened = []
    monkeypatch.setattr(appraisal_dialogs.SealCodeDialog, "open", lambda self: opened.append(self))
    assert tab.seal() is True
    code = opened[0].findChild(type(tab.state_label), "sealCode").text()
    assert appraisal_seal.verify(village_id, YEAR, code).ok
    assert code in tab.state_label.text() and "已封存" in tab.state_label.text()
    assert not tab.buttons["schemes"].isEnabled() and not tab.buttons["thresholds"].isEnabled()
    assert tab.buttons["seal"].text().startswith("核对封存码")
    assert tab.buttons["ballots"].isEnabled() and tab.buttons["projector"].isEnabled()
    assert tab.buttons["score"].text().startswith("查看评分")
    dialog = tab.score_current()
    qtbot.addWidget(dialog)
    assert dialog.boxes and not any(box.isEnabled() for box, _reason in dialog.boxes.values())
    # Once sealed the same button checks the code on paper against the database.
    said = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(appraisal_dialogs.QMessageBox, kind,
                            staticmethod(lambda parent, title, text, kind=kind: said.append((kind, text))))
    for typed in (code.lower(), "0000-0000-0000-0000"):
        monkeypatch.setattr(appraisal_dialogs.QInputDialog, "getText",
                            staticmethod(lambda *a, typed=typed: (typed, True)))
        tab.seal()
    assert said[0][0] == "information" and "一致" in said[0][1]
    assert said[1][0] == "warning" and "不符" in said[1][1]


def test_a_hidden_tab_refreshes_when_shown_again(tab, window):
    choose_tier(tab, "一般党员")
    member = tab.model.member_at(0)
    window.show_tab("roster")
    appraisal.set_score(tab.village_id, YEAR, member.member_id, "联户走访", 40, "")
    operations.notify({Change.SCORES})
    assert cell(tab, row_of(tab, member.name), "联户走访") == "未评"  # not on screen: only marked stale
    window.show_tab("appraisal")
    assert cell(tab, row_of(tab, member.name), "联户走访") == "40.0"
    # A visit is a record the automatic items read: the tab listens to it too.
    assert tab.view_state.concerns({Change.VISITS}) and tab.view_state.concerns({Change.BALLOTS})

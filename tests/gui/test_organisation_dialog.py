"""管理 → 网格、党小组与岗位: the menu, adding, editing, and deletion refused while in use."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from lianhu_desktop.gui import organisation_dialog
from lianhu_desktop.gui.organisation_dialog import OrganisationDialog, RowEditor
from lianhu_desktop.store.models import Grid, Member, PartyGroup, Post
from tests.gui.sample_data import KNOWN_NAME


@pytest.fixture
def dialog(app, qtbot, filled_db):
    village_id = Member.get(Member.name == KNOWN_NAME).village_id
    shown = OrganisationDialog(None, village_id, "李家庄村")
    qtbot.addWidget(shown)
    return shown


def editor_filling(**values):
    """RowEditor.exec that types ``values`` into the named fields, then presses 保存."""
    def run(editor):
        for field, value in values.items():
            widget = editor.errors.fields[field]
            if hasattr(widget, "setPlainText"):
                widget.setPlainText(value)
            elif hasattr(widget, "setEditText"):
                widget.setEditText(value)
            else:
                widget.setText(value)
        editor.accept()
        return editor.result()
    return run


def table_texts(table, column=0):
    return [table.item(row, column).text() for row in range(table.rowCount())]


def select(table, text):
    table.selectRow(table_texts(table).index(text))


def test_menu_manage_sits_before_help(window):
    titles = [action.text() for action in window.menuBar().actions() if action.isVisible()]
    assert titles.index("管理(&M)") == titles.index("帮助(&H)") - 1
    menu = window.findChild(organisation_dialog.QMenu, "menuManage")
    assert [a.text() for a in menu.actions()] == ["村(&V)…", "", "网格、党小组与岗位…", "新增党员…"]


def test_lists_show_the_village_with_counts(dialog):
    ui = dialog.ui
    assert table_texts(ui.gridTable)[:3] == ["一组", "二组", "三组"]
    assert table_texts(ui.groupTable) == ["老龄党小组", "种养业党小组", "务工经商党小组", "外出党小组"]
    assert sum(int(n) for n in table_texts(ui.groupTable, 3)) == 12
    assert table_texts(ui.postTable) == ["宣传教育", "民主监督", "项目建设", "矛盾调解"]
    assert not ui.gridEdit.isEnabled() and not ui.gridDelete.isEnabled()


def test_add_grid_and_duplicate_name_refused_at_the_field(dialog, monkeypatch):
    monkeypatch.setattr(RowEditor, "exec", editor_filling(name="十一组"))
    dialog.add_grid()
    assert "十一组" in table_texts(dialog.ui.gridTable)
    assert dialog.changes == ["已新增网格“十一组”"]

    refused = []

    def duplicate(editor):
        editor.errors.fields["name"].setText("十一组")
        editor.accept()
        refused.append(editor.errors.message("name"))
        return editor.result()

    monkeypatch.setattr(RowEditor, "exec", duplicate)
    dialog.add_grid()
    assert refused == ["本村已有名为“十一组”的网格"]
    assert Grid.select().where(Grid.name == "十一组").count() == 1


def test_delete_refused_while_in_use(dialog, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    table = dialog.ui.groupTable
    select(table, "老龄党小组")
    dialog.delete_group()
    assert len(warnings) == 1 and "还有" in warnings[0] and "不能删除" in warnings[0]
    assert "老龄党小组" in table_texts(table)
    assert dialog.changes == []


def test_delete_unused_post(dialog, monkeypatch):
    monkeypatch.setattr(RowEditor, "exec", editor_filling(name="护林防火", duties="巡山\n宣传防火"))
    dialog.add_post()
    table = dialog.ui.postTable
    row = table_texts(table).index("护林防火")
    assert table.item(row, 1).text() == "巡山 宣传防火"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    select(table, "护林防火")
    dialog.delete_post()
    assert "护林防火" not in table_texts(table)
    assert not Post.select().where(Post.name == "护林防火").exists()
    assert dialog.changes[-1] == "已删除岗位“护林防火”"


def test_party_group_with_leader_from_the_village(dialog, monkeypatch):
    monkeypatch.setattr(RowEditor, "exec", editor_filling(name="红色先锋党小组", leader_id=KNOWN_NAME))
    dialog.add_group()
    group = PartyGroup.get(PartyGroup.name == "红色先锋党小组")
    assert group.leader.name == KNOWN_NAME and group.kind == "其他"
    row = table_texts(dialog.ui.groupTable).index("红色先锋党小组")
    assert dialog.ui.groupTable.item(row, 2).text() == KNOWN_NAME

    refused = []

    def stranger(editor):
        editor.errors.fields["leader_id"].setEditText("不认识的人")
        editor.accept()
        refused.append(editor.errors.message("leader_id"))
        return editor.result()

    monkeypatch.setattr(RowEditor, "exec", stranger)
    select(dialog.ui.groupTable, "红色先锋党小组")
    dialog.edit_group()
    assert refused == ["本村没有名为“不认识的人”的党员，请从列表中选择"]
    assert PartyGroup.get_by_id(group.id).leader.name == KNOWN_NAME


def test_township_view_asks_for_the_village_and_refreshes(window, monkeypatch):
    assert window.current_village_id() is None
    asked = []

    def get_item(parent, title, label, items, current, editable):
        asked.append(items)
        return items[1], True

    monkeypatch.setattr(QInputDialog, "getItem", get_item)

    def add_and_close(dialog):
        monkeypatch.setattr(RowEditor, "exec", editor_filling(name="新成立党小组"))
        dialog.add_group()
        return 0

    monkeypatch.setattr(OrganisationDialog, "exec", add_and_close)
    shown = organisation_dialog.open_organisation(window)
    assert asked and len(asked[0]) == 2
    assert shown.village_name == "王家坪村"
    assert PartyGroup.get(PartyGroup.name == "新成立党小组").village.name == "王家坪村"
    assert window.statusBar().currentMessage() == "已新增党小组“新成立党小组”"
    assert window.tab("roster").party_group.findText("新成立党小组") > 0

"""管理 → 村: edit a village's particulars and link range, add a village; the selector follows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from lianhu_desktop.domain import printing, villages
from lianhu_desktop.domain.villages import VillageData, update_village
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog
from lianhu_desktop.gui.village_admin import VillagesDialog
from lianhu_desktop.store.models import AuditLog, Village


def run_dialog(monkeypatch, fill):
    """Make every VillageDialog.exec fill the form with ``fill`` and press 保存."""
    def fake_exec(dialog):
        fill(dialog)
        dialog.accept()
        assert dialog.result(), dialog.errors.message()
        return dialog.result()

    monkeypatch.setattr(VillageDialog, "exec", fake_exec)


def test_manage_menu_has_villages_first(window):
    menu = window.findChild(QMenu, "menuManage")
    assert menu.actions()[0].objectName() == "actionVillages"


def test_editing_the_village_updates_selector_plates_and_audit(window, monkeypatch, qtbot):
    village = Village.select().order_by(Village.id).first()
    window.village_combo.setCurrentIndex(window.village_combo.findData(village.id))

    def fill(dialog):
        ui = dialog.ui
        assert ui.name.text() == village.name and not ui.grids.isVisibleTo(dialog)
        ui.name.setText("杏花新村")
        ui.branchName.setText("杏花新村党总支")
        ui.secretary.setText("王书记")
        ui.supervisionPhone.setText("0371-66661234")
        ui.linkMin.setValue(4)
        ui.linkMax.setValue(12)

    run_dialog(monkeypatch, fill)
    admin = VillagesDialog(window, village.id)
    qtbot.addWidget(admin)
    admin.edit_village()
    saved = Village.get_by_id(village.id)
    assert (saved.name, saved.branch_name, saved.secretary, saved.supervision_phone) == (
        "杏花新村", "杏花新村党总支", "王书记", "0371-66661234")
    assert (saved.link_min, saved.link_max) == (4, 12)
    assert admin.table.item(admin.table.currentRow(), 0).text() == "杏花新村"
    # The selector picked up the new name without F5, and kept the village shown.
    assert window.village_combo.currentData() == village.id
    assert window.village_combo.currentText() == "杏花新村"
    assert printing.plate_static(village.id).supervision_phone == "0371-66661234"
    assert AuditLog.select().where(AuditLog.action == "修改村信息").count() == 1


def test_adding_a_village_through_the_menu(window, monkeypatch, qtbot):
    before = window.village_combo.count()

    def fill(dialog):
        dialog.ui.name.setText("柳树湾村")
        dialog.ui.township.setText("城关镇")
        dialog.ui.grids.setValue(4)

    run_dialog(monkeypatch, fill)
    admin = VillagesDialog(window)
    qtbot.addWidget(admin)
    rows = admin.table.rowCount()
    admin.add_village()
    assert admin.table.rowCount() == rows + 1
    assert window.village_combo.findText("柳树湾村") >= 0
    assert window.village_combo.count() == before + 1
    assert Village.get(Village.name == "柳树湾村").grids.count() == 4


def test_refusals_stay_at_the_field_and_change_nothing(window, qtbot):
    village = Village.select().order_by(Village.id).first()
    other = Village.select().where(Village.id != village.id).first()
    dialog = VillageDialog(window, village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.name.setText(other.name)
    dialog.ui.township.setText(other.township)
    dialog.accept()
    assert dialog.isVisible() and "不能重复" in dialog.errors.message("name")
    dialog.ui.name.setText("新名字村")
    dialog.ui.supervisionPhone.setText("12345")
    dialog.accept()
    assert "监督电话" in dialog.errors.message("supervision_phone")
    assert Village.get_by_id(village.id).name == village.name


def test_link_range_is_checked(village):
    data = villages.village_data(village.id)
    data.link_min, data.link_max = 8, 6
    with pytest.raises(ValidationError) as refused:
        update_village(village.id, data)
    assert refused.value.field == "link_max"
    assert update_village(village.id, VillageData("李家庄村", "城关镇", link_min=3, link_max=9)).link_max == 9
    assert Village.get_by_id(village.id).branch_name == "李家庄村党支部"

"""The 导入 and 导出 menus: actions present, exports masked unless asked, names that say what a file is."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from lianhu_desktop.gui import excel_actions
from lianhu_desktop.gui.excel_actions import ExportOptions, default_file_name, start_export
from lianhu_desktop.gui.import_wizard import ImportWizard


@pytest.fixture(autouse=True)
def quiet_boxes(monkeypatch):
    """Message boxes would wait for a click."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)


def action_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_hold_the_excel_actions(window):
    imports = action_texts(window.ui.menuImport)
    assert imports == ["导入花名册(&R)…", "导入农户台账(&H)…", "导入联户关系(&L)…", "导入党员承诺(&C)…",
                       "导入走访记录(&V)…"]
    exports = action_texts(window.ui.menuExport)
    assert exports[:6] == ["导出花名册(&R)…", "导出农户台账(&H)…", "导出联户关系(&L)…", "导出党员承诺(&C)…",
                           "导出走访记录(&V)…", "导出诉求台账(&Q)…"]
    templates = window.findChild(QMenu, "menuTemplates")
    assert action_texts(templates) == ["花名册模板(&R)…", "农户台账模板(&H)…", "联户关系模板(&L)…",
                                       "党员承诺模板(&C)…", "走访记录模板(&V)…"]
    assert window.ui.menuImport.menuAction().isVisible()
    assert window.ui.menuExport.menuAction().isVisible()


def test_default_name_says_village_and_date(window):
    village_id = window.village_combo.itemData(1)
    name = window.village_combo.itemText(1)
    day = datetime.date(2026, 3, 5)
    assert default_file_name("roster", village_id, today=day) == f"{name}党员花名册_20260305.xlsx"
    assert default_file_name("households", village_id, full_id=True, today=day) == \
        f"{name}农户台账（含完整身份证号码）_20260305.xlsx"
    assert default_file_name("links", None, today=day) == "全部村联户关系表_20260305.xlsx"


def test_full_id_needs_the_box_under_a_warning(window, qtbot):
    dialog = ExportOptions(window, "roster", window.current_village_id())
    qtbot.addWidget(dialog)
    assert not dialog.full_id.isChecked()
    assert "个人信息" in dialog.warning.text()
    dialog.full_id.setChecked(True)
    assert "b3261e" in dialog.warning.styleSheet()
    links = ExportOptions(window, "links", None)
    qtbot.addWidget(links)
    assert links.village.itemText(0) == "全部村" and links.village_id() is None


def exported_ids(path):
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[2]]
    col = next(i for i, h in enumerate(header) if h and "身份证" in h)
    return [row[col] for row in sheet.iter_rows(min_row=3, values_only=True) if row[col]]


def test_export_is_masked_unless_full_id(window, qtbot, tmp_path):
    from lianhu_desktop.domain import idnumber
    from lianhu_desktop.store.models import Member

    village_id = window.village_combo.itemData(1)
    members = Member.select().where(Member.village == village_id).limit(3)
    for number, member in enumerate(members, 1):
        member.id_number = idnumber.make("110101", datetime.date(1970, 1, number), number, member.gender)
        member.save()
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    start_export(window, "roster", masked, village_id)
    qtbot.waitUntil(lambda: masked.exists() and window.export_job.running is False, timeout=10000)
    start_export(window, "roster", full, village_id, full_id=True)
    qtbot.waitUntil(lambda: full.exists() and window.export_job.running is False, timeout=10000)
    masked_ids, full_ids = exported_ids(masked), exported_ids(full)
    assert masked_ids and all("********" in value for value in masked_ids)
    assert full_ids and not any("*" in value for value in full_ids)


def test_export_to_a_missing_folder_is_explained(window, qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    start_export(window, "households", tmp_path / "没有" / "a.xlsx", window.village_combo.itemData(1))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "无法写入文件" in shown[0]


def test_links_export_covers_every_village(window, qtbot, tmp_path):
    target = tmp_path / "links.xlsx"
    start_export(window, "links", target, None)
    qtbot.waitUntil(lambda: target.exists() and window.export_job.running is False, timeout=10000)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("村名", "所在网格")
    assert len({row[0] for row in rows[1:]}) == 2


def test_import_action_opens_the_wizard_for_the_current_village(window, qtbot):
    window.village_combo.setCurrentIndex(1)
    wizard = excel_actions.import_sheet(window, "households")
    assert isinstance(wizard, ImportWizard)
    assert wizard.village_id() == window.current_village_id()
    assert wizard.kind() == "households"
    wizard.reject()


def test_templates_are_written(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(excel_actions.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    excel_actions.save_template(window, "roster")
    assert "花名册" in openpyxl.load_workbook(target).sheetnames[0]


def wizard_at_check_page(window, qtbot, action: str, path):
    """The import wizard opened from the menu ``action`` on ``path``, checked and showing what it would do."""
    window.findChild(QAction, action).trigger()
    wizard = window.import_wizard
    wizard.ui.path.setText(str(path))
    wizard.refresh_sheets()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.ui.mappingPage, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.ui.checkPage, timeout=10000)
    return wizard


def test_links_sheet_round_trip_through_the_wizard_changes_nothing(window, qtbot, tmp_path):
    window.village_combo.setCurrentIndex(1)
    target = tmp_path / "links.xlsx"
    start_export(window, "links", target, window.current_village_id())
    qtbot.waitUntil(lambda: target.exists() and window.export_job.running is False, timeout=10000)
    wizard = wizard_at_check_page(window, qtbot, "actionImportLinks", target)
    assert wizard.kind() == "links" and wizard.windowTitle() == "导入联户关系表"
    plan = wizard.plan
    assert (len(plan.new), len(plan.updates), plan.rejected) == (0, 0, [])
    assert plan.unchanged == len(wizard.table.rows) > 0
    assert "不需要导入" in wizard.ui.checkHint.text()
    wizard.reject()


def test_the_audit_log_exports_from_the_menu_without_a_village(window, qtbot, tmp_path):
    assert "导出操作记录(&O)…" in action_texts(window.ui.menuExport)
    assert default_file_name("audit", None, today=datetime.date(2026, 12, 1)) == "操作记录_20261201.xlsx"
    dialog = ExportOptions(window, "audit", window.current_village_id())
    assert dialog.village_id() is None and dialog.since_day() is None
    dialog.since_on.setChecked(True)
    assert dialog.since.isEnabled() and dialog.since_day() is not None
    target = tmp_path / "操作记录.xlsx"
    job = start_export(window, "audit", target, None, since=datetime.date(2000, 1, 1))
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]] == ["时间", "操作人", "操作", "对象", "字段", "原值", "新值"]
    assert sheet.max_row > 1


def test_the_visits_export_offers_a_month_and_writes_only_it(window, qtbot, tmp_path):
    from lianhu_desktop.excel import kinds
    from lianhu_desktop.store.models import Visit

    window.village_combo.setCurrentIndex(1)
    village_id = window.current_village_id()
    dialog = ExportOptions(window, "visits", village_id)
    qtbot.addWidget(dialog)
    assert not dialog.archived.isVisibleTo(dialog) and dialog.full_id.isVisibleTo(dialog)
    assert dialog.month.isVisibleTo(dialog) and dialog.year.isVisibleTo(dialog) and dialog.passed() == {}
    latest = Visit.select().where(Visit.village == village_id).order_by(Visit.date.desc()).first().date
    dialog.month_on.setChecked(True)
    dialog.month.setDate(latest.replace(day=1))
    assert dialog.passed() == {kinds.MONTH: latest.replace(day=1)}
    dialog.year_on.setChecked(True)  # a year instead: the month is let go
    assert not dialog.month_on.isChecked() and dialog.passed() == {kinds.YEAR: dialog.year.value()}
    target = tmp_path / "visits.xlsx"
    start_export(window, "visits", target, village_id, month=latest.replace(day=1))
    qtbot.waitUntil(lambda: target.exists() and window.export_job.running is False, timeout=10000)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=3, values_only=True))
    assert rows and {(row[1].year, row[1].month) for row in rows} == {(latest.year, latest.month)}


def test_visits_imported_through_the_wizard_show_in_the_diary_at_once(window, qtbot, tmp_path):
    from lianhu_desktop.domain import visits
    from lianhu_desktop.excel.visit_sheet import export_visits
    from lianhu_desktop.store.models import Link, Member, Visit

    window.village_combo.setCurrentIndex(1)
    village_id = window.current_village_id()
    tab = window.show_tab("visits")
    before = tab.model.rowCount()
    link = (Link.select().join(Member).where((Member.village == village_id) & Link.end_date.is_null()
                                            & (Member.archived == False)).first())  # noqa: E712
    target = tmp_path / "visits.xlsx"
    export_visits(target, village_id, full_id=True)
    book = openpyxl.load_workbook(target)
    sheet = book.active
    household = visits.LinkedHousehold(link.household_id, link.household.head_name, link.household.door_number,
                                       link.household.grid.name if link.household.grid else "")
    sheet.append([None, datetime.date.today(), link.member.id_number or link.member.name, household.grid,
                  household.door_number, household.head_name, "入户走访", "民意收集", "向导导入的走访", None])
    book.save(target)
    wizard = wizard_at_check_page(window, qtbot, "actionImportVisits", target)
    assert wizard.kind() == "visits" and wizard.windowTitle() == "导入走访记录表"
    assert (len(wizard.plan.new), wizard.plan.rejected) == (1, [])
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=10000)
    assert wizard.result.written and Visit.select().where(Visit.content == "向导导入的走访").count() == 1
    assert tab.model.rowCount() == before + 1  # the diary list refreshed from the change notice
    wizard.accept()

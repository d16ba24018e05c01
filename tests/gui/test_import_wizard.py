"""The import wizard on a sheet as clerks keep it: messy header, bad rows, corrections."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard

from lianhu_desktop.domain import idnumber
from lianhu_desktop.gui.import_mapping import NOTES, apply_choices, column_letter, detected_choices
from lianhu_desktop.gui.import_wizard import ImportWizard
from lianhu_desktop.store.models import Grid, Household, Member, PartyGroup

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")
ID2 = idnumber.make("110101", datetime.date(1970, 5, 6), 14, "女")
ID3 = idnumber.make("110102", datetime.date(1958, 12, 1), 20, "男")
LOST = 110101196001011234.0  # an ID number Excel turned into a number: digits lost


def messy_roster(path):
    """Merged title, a note row, header on row 3, a 序号, a bad ID stored as a number, 合计."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    headers = ["序号", "党员姓名", "性别", "身份证号", "出生年月", "入党时间", "学历", "所在党小组", "工作单位"]
    sheet["A1"] = "李家庄村党员花名册"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "填报单位：李家庄村党支部"
    for col, header in enumerate(headers, 1):
        sheet.cell(3, col, header)
    rows = [
        [1, "王建国", "男", ID1, "1965.03", "1990年7月", "高中", "第一党小组", "县农机站"],
        [2, "李秀英", "女", ID2, "1970/5/6", "1995.07", "初中", "第一党小组", None],
        [3, "赵大勇", "男", LOST, "1960-01-01", "1985-07-01", "小学", "老龄党小组", None],
        [4, "张老汉", "男", ID3, "1958年12月", "1980/7/1", "小学", "老龄党小组", None],
    ]
    for number, row in enumerate(rows, 4):
        for col, value in enumerate(row, 1):
            sheet.cell(number, col, value)
    sheet.cell(9, 1, "合计")
    sheet.cell(9, 2, "4人")
    workbook.save(path)
    return path


def household_sheet(path):
    """A ledger whose grid column is headed 片区, a word the reader does not know."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["户主姓名", "门牌号", "片区", "家庭人口"])
    sheet.append(["李德福", "1号", "东片", 4])
    sheet.append(["王二", "2号", "西片", 3])
    workbook.save(path)
    return path


@pytest.fixture
def wizard(village, qtbot, app, tmp_path, settings):
    def make(path, kind="roster"):
        w = ImportWizard(None, kind=kind, village_id=village.id, path=path, settings=settings)
        qtbot.addWidget(w)
        w.show()
        return w
    return make


def go_next(w, qtbot, page):
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is page, timeout=10000)


def to_check_page(w, qtbot):
    go_next(w, qtbot, w.ui.mappingPage)
    go_next(w, qtbot, w.ui.checkPage)


def next_enabled(w) -> bool:
    return w.button(QWizard.WizardButton.CommitButton).isEnabled() if w.currentPage().isCommitPage() \
        else w.button(QWizard.WizardButton.NextButton).isEnabled()


def test_mapping_page_shows_the_header_found_and_unknown_columns(wizard, qtbot, tmp_path):
    w = wizard(messy_roster(tmp_path / "花名册.xlsx"))
    assert w.ui.sheet.currentText() == "花名册"
    go_next(w, qtbot, w.ui.mappingPage)
    assert "第 <b>3</b> 行" in w.ui.headerInfo.text()
    assert "<b>4</b> 行数据" in w.ui.headerInfo.text()  # the 合计 row is not data
    combos = {w.table.headers[col]: combo for col, combo in w.mapping_combos.items()}
    assert combos["党员姓名"].currentData() == "name"
    assert combos["身份证号"].currentData() == "id_number"
    assert combos["工作单位"].currentData() == NOTES
    assert combos["工作单位"].currentText() == "→ 备注"
    assert combos["序号"].currentData() is None
    assert w.ui.previewTable.verticalHeaderItem(0).text() == "4"  # Excel's row number


def test_all_or_nothing_shows_the_rejected_row_and_writes_nothing(wizard, qtbot, tmp_path):
    w = wizard(messy_roster(tmp_path / "花名册.xlsx"))
    to_check_page(w, qtbot)
    model = w.rejection_model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "第 6 行"
    assert model.index(0, 1).data() == "身份证号"
    assert "文本" in model.index(0, 3).data() and "丢失" in model.index(0, 3).data()
    assert model.index(0, 3).data(role=9).color().name() == "#b3261e"  # ForegroundRole: red
    assert "有问题 1 行" in w.ui.counts.text()
    assert "新增 3" in w.ui.counts.text()
    # The groups are new to the village: the wizard asks first.
    assert w.ui.createBox.isVisibleTo(w)
    assert "第一党小组" in w.ui.createList.text() and "老龄党小组" in w.ui.createList.text()
    assert w.ui.allOrNothing.isChecked()
    assert not next_enabled(w)
    assert "一行也不会写入" in w.ui.checkHint.text()
    w.ui.createCheck.setChecked(True)
    assert not next_enabled(w)  # still all or nothing
    assert Member.select().count() == 0
    assert PartyGroup.select().count() == 0


def test_skip_invalid_imports_the_good_rows(wizard, qtbot, tmp_path):
    w = wizard(messy_roster(tmp_path / "花名册.xlsx"))
    to_check_page(w, qtbot)
    w.ui.skipInvalid.setChecked(True)
    assert not next_enabled(w)  # creating the groups needs consent
    assert "同意新建" in w.ui.checkHint.text()
    w.ui.createCheck.setChecked(True)
    assert next_enabled(w)
    go_next(w, qtbot, w.ui.importPage)
    qtbot.waitUntil(lambda: w.result is not None, timeout=10000)
    assert w.result.written
    assert sorted(m.name for m in Member.select()) == sorted(["王建国", "李秀英", "张老汉"])
    assert Member.get(Member.name == "王建国").notes.endswith("工作单位：县农机站")
    assert {g.name for g in PartyGroup.select()} == {"第一党小组", "老龄党小组"}
    summary = w.ui.summary.toPlainText()
    assert "新增 3" in summary and "第 6 行" in summary
    assert w.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_saving_the_error_rows(wizard, qtbot, tmp_path):
    w = wizard(messy_roster(tmp_path / "花名册.xlsx"))
    to_check_page(w, qtbot)
    target = tmp_path / "问题行.xlsx"
    w.save_errors_to(target)
    qtbot.waitUntil(lambda: getattr(w, "errors_written", None) == target, timeout=10000)
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因"
    bad = next(row for row in rows if row[1] == "赵大勇")
    assert "文本" in bad[-1]


def test_correcting_the_mapping_changes_the_result(wizard, qtbot, tmp_path):
    w = wizard(household_sheet(tmp_path / "台账.xlsx"), kind="households")
    go_next(w, qtbot, w.ui.mappingPage)
    assert w.mapping_combos[2].currentData() == NOTES  # 片区: unknown, to notes
    w.set_choice("片区", "grid")
    assert not w.ui.mappingError.text()
    go_next(w, qtbot, w.ui.checkPage)
    assert "东片" in w.ui.createList.text()
    w.ui.createCheck.setChecked(True)
    go_next(w, qtbot, w.ui.importPage)
    qtbot.waitUntil(lambda: w.result is not None, timeout=10000)
    household = Household.get(Household.head_name == "李德福")
    assert household.grid.name == "东片"
    assert household.notes == ""
    assert Grid.select().where(Grid.name == "西片").exists()


def test_mapping_mistakes_are_explained_and_block_next(wizard, qtbot, tmp_path):
    w = wizard(household_sheet(tmp_path / "台账.xlsx"), kind="households")
    go_next(w, qtbot, w.ui.mappingPage)
    w.set_choice("门牌号", "head_name")
    assert "都选了“户主姓名”" in w.ui.mappingError.text()
    assert not next_enabled(w)
    w.set_choice("门牌号", "door_number")
    w.set_choice("户主姓名", None)
    assert "户主姓名" in w.ui.mappingError.text()
    assert not next_enabled(w)


def test_file_mistakes_are_clear_chinese(wizard, qtbot, tmp_path):
    not_excel = tmp_path / "名单.xlsx"
    not_excel.write_text("这不是表格", encoding="utf-8")
    w = wizard(not_excel)
    assert "不是有效的 .xlsx 文件" in w.ui.fileError.text()
    w.ui.path.setText(str(tmp_path / "没有.xlsx"))
    w.next()
    assert "找不到文件" in w.ui.fileError.text()
    assert w.currentPage() is w.ui.filePage
    no_header = tmp_path / "无表头.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙"])
    workbook.save(no_header)
    w.ui.path.setText(str(no_header))
    w.refresh_sheets()
    w.next()
    qtbot.waitUntil(lambda: "找不到" in w.ui.fileError.text(), timeout=10000)
    assert "姓名" in w.ui.fileError.text()
    assert w.currentPage() is w.ui.filePage


def test_township_asks_for_the_village(village, qtbot, app, tmp_path, settings):
    from lianhu_desktop.domain.villages import create_village

    create_village("王家坪村", township="城关镇", grids=2)
    w = ImportWizard(None, village_id=None, path=messy_roster(tmp_path / "a.xlsx"), settings=settings)
    qtbot.addWidget(w)
    w.show()
    assert w.village_id() is None
    w.next()
    assert "哪个村" in w.ui.fileError.text()


def test_apply_choices_moves_a_known_column_to_notes(village, tmp_path):
    from lianhu_desktop.excel.reader import read_table

    table = read_table(messy_roster(tmp_path / "a.xlsx"), "roster")
    choices = detected_choices(table)
    col = table.headers.index("学历")
    choices[col] = NOTES
    mapped = apply_choices(table, choices)
    assert col in mapped.unknown and col not in mapped.mapping
    assert column_letter(0) == "A" and column_letter(27) == "AB"


def test_cancel_during_import_writes_nothing(wizard, qtbot, tmp_path, monkeypatch):
    import time

    from lianhu_desktop.gui import import_wizard

    real = import_wizard.commit_plan

    def held(plan, *, skip_invalid, progress):
        while progress(0, 1):  # wait for 取消
            time.sleep(0.01)
        return real(plan, skip_invalid=skip_invalid, progress=progress)

    monkeypatch.setattr(import_wizard, "commit_plan", held)
    w = wizard(household_sheet(tmp_path / "台账.xlsx"), kind="households")
    to_check_page(w, qtbot)
    w.ui.createCheck.setChecked(True)
    go_next(w, qtbot, w.ui.importPage)
    assert not w.button(QWizard.WizardButton.FinishButton).isEnabled()
    w.ui.cancelButton.click()
    qtbot.waitUntil(lambda: w.job is None, timeout=10000)
    assert "导入已取消，数据库未作任何改动" in w.ui.importStatus.text()
    assert Household.select().count() == 0
    assert Grid.select().where(Grid.name == "东片").count() == 0


def test_a_plan_overtaken_by_another_write_is_refused(wizard, qtbot, tmp_path):
    from lianhu_desktop.domain.households import save_household

    w = wizard(household_sheet(tmp_path / "台账.xlsx"), kind="households")
    to_check_page(w, qtbot)
    w.ui.createCheck.setChecked(True)
    assert len(w.plan.new) == 2
    # Between the check and the import, another window adds the same household.
    save_household({"village_id": w.village_id(), "head_name": "李德福", "door_number": "1号"})
    go_next(w, qtbot, w.ui.importPage)
    qtbot.waitUntil(lambda: w.job is None, timeout=10000)
    assert w.result is None
    assert "重新检查" in w.ui.importStatus.text()
    assert Household.select().count() == 1


def test_a_roster_in_the_household_wizard_is_refused_with_the_right_kind(wizard, qtbot, tmp_path):
    w = wizard(messy_roster(tmp_path / "花名册.xlsx"), kind="households")
    w.next()
    qtbot.waitUntil(lambda: "这是党员花名册" in w.ui.fileError.text(), timeout=10000)
    assert "请用“导入花名册”" in w.ui.fileError.text()
    assert w.currentPage() is w.ui.filePage


def test_a_failed_reads_message_stays_when_the_path_box_loses_focus(wizard, qtbot, tmp_path):
    """On a slow PC the progress dialog takes the focus from the path box, which then reports a
    finished edit: the sheets of the same file are not read again and the message stays."""
    no_header = tmp_path / "无表头.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙"])
    workbook.save(no_header)
    w = wizard(no_header)
    w.next()
    qtbot.waitUntil(lambda: "找不到" in w.ui.fileError.text(), timeout=10000)
    w.ui.path.editingFinished.emit()
    assert "找不到“姓名”列" in w.ui.fileError.text()
    assert w.ui.sheet.count() == 1
    other = tmp_path / "另一个.xlsx"
    workbook.save(other)
    w.ui.path.setText(str(other))
    w.ui.path.editingFinished.emit()  # a new file: its sheets are read and the old message goes
    assert w.ui.fileError.text() == "" and w.ui.sheet.count() == 1

"""Templates and exports: what a clerk opens in Excel, and the round trip."""

import datetime

import openpyxl
import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.households import save_household
from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.domain.organisation import create_party_group, list_grids
from lianhu_desktop.excel.columns import COLUMNS
from lianhu_desktop.excel.exporters import export
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.excel.reader import read_table
from lianhu_desktop.excel.templates import write_template
from lianhu_desktop.store.models import Household, Member

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")
ID2 = idnumber.make("110101", datetime.date(1970, 5, 6), 14, "女")
H1 = idnumber.make("110101", datetime.date(1958, 6, 12), 1, "男")


@pytest.mark.parametrize("kind", ["roster", "households"])
def test_template_has_everything_a_clerk_needs(tmp_path, kind):
    path = write_template(kind, tmp_path / "t.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[1] == "填写说明" and "选项" in workbook.sheetnames
    assert workbook["选项"].sheet_state == "hidden"
    sheet = workbook.worksheets[0]
    assert "导入模板" in sheet["A1"].value and "A1" in str(sheet.merged_cells)
    headers = [c.value for c in sheet[3]]
    columns = COLUMNS[kind]
    assert headers[0] == "序号" and len(headers) == len(columns) + 1
    for cell, column in zip(sheet[3][1:], columns):
        assert cell.comment is not None and cell.comment.text
        if column.required:
            assert cell.value.startswith("*") and cell.font.color.rgb.endswith("C00000")
        if column.kind in ("id", "phone"):
            assert sheet.cell(4, cell.column).number_format == "@"
            assert sheet.cell(500, cell.column).number_format == "@"
    assert sheet["A4"].value == "示例"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert lists and all("选项" in f for f in lists)
    instructions = workbook["填写说明"]
    assert "填写说明" in instructions["A1"].value
    table = read_table(path, kind)
    assert table.header_row == 3 and table.rows == []  # the example row is skipped


@pytest.fixture
def filled(village):
    group = create_party_group(village.id, "第一党小组", "种养业")
    wang = save_member({"village_id": village.id, "name": "王建国", "id_number": ID1,
                        "phone": "13912345678", "join_date": datetime.date(1990, 7, 1),
                        "party_group_id": group.id, "is_committee": True, "notes": "老支书",
                        "education": "高中", "home_grid_id": list_grids(village.id)[0].id})
    save_member({"village_id": village.id, "name": "李秀英", "id_number": ID2, "residence": "外出",
                 "migrant_place": "杭州市"})
    save_member({"village_id": village.id, "name": "孙新", "gender": "男",
                 "birth_date": datetime.date(1990, 2, 2)})
    grid = list_grids(village.id)[1]
    first = save_household({"village_id": village.id, "head_name": "李德福", "head_id_number": H1,
                            "door_number": "15号", "grid_id": grid.id, "phone": "0931-8123456",
                            "size": 4, "tags": ["困难户", "自定义户"], "notes": "新建房"})
    save_household({"village_id": village.id, "head_name": "赵秀兰", "door_number": "3组16号"})
    link_households(wang.id, [first.id])
    return village


def test_export_masks_ids_and_keeps_ids_and_phones_as_text(filled, tmp_path):
    path = tmp_path / "roster.xlsx"
    assert export("roster", path, filled.id) == 3
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref.startswith("A2:")
    headers = [c.value for c in sheet[2]]
    id_col = headers.index("身份证号码") + 1
    phone_col = headers.index("联系电话") + 1
    values = [sheet.cell(r, id_col).value for r in range(3, 6)]
    assert idnumber.mask(ID1) in values and ID1 not in values
    row = next(r for r in range(3, 6) if sheet.cell(r, 2).value == "王建国")
    assert sheet.cell(row, id_col).number_format == "@"
    assert sheet.cell(row, phone_col).value == "13912345678"
    assert sheet.cell(row, phone_col).number_format == "@"
    assert sheet.column_dimensions["E"].width >= 18


@pytest.mark.parametrize("kind", ["roster", "households"])
def test_full_id_export_imports_back_unchanged(filled, tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    export(kind, path, filled.id, full_id=True)
    before = _snapshot()
    result = import_file(path, kind, filled.id)
    assert result.rejected == [] and result.imported == 0 and result.updated == 0
    assert result.unchanged == (3 if kind == "roster" else 2) and not result.written
    assert _snapshot() == before


def test_masked_export_reimports_without_touching_ids(filled, tmp_path):
    path = tmp_path / "roster.xlsx"
    export("roster", path, filled.id)
    result = import_file(path, "roster", filled.id)
    assert result.rejected == [] and result.unchanged == 3
    assert Member.get(Member.name == "王建国").id_number == ID1


def test_household_export_columns(filled, tmp_path):
    path = tmp_path / "households.xlsx"
    export("households", path, filled.id, full_id=True)
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[2]]
    rows = {r[1]: dict(zip(headers, r)) for r in sheet.iter_rows(min_row=3, values_only=True)}
    li = rows["李德福"]
    assert li["户类别"] == "困难户、自定义户" and li["联户党员"] == "王建国" and li["所在网格"] == "二组"
    assert li["*户主姓名"] == "李德福" and li["户主身份证号码"] == H1 and li["家庭人口"] == 4


def _snapshot():
    members = [tuple(v for k, v in row.items() if k not in ("updated_at",))
               for row in Member.select().order_by(Member.id).dicts()]
    households = [tuple(v for k, v in row.items() if k not in ("updated_at",))
                  for row in Household.select().order_by(Household.id).dicts()]
    return members, households

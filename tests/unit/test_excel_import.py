"""Importing rosters as clerks really keep them (sheets built here with openpyxl)."""

import datetime

import openpyxl
import pytest
from openpyxl.styles import Font

from lianhu_desktop.domain import idnumber
from lianhu_desktop.errors import LianhuError, ValidationError
from lianhu_desktop.excel import importers
from lianhu_desktop.excel.importers import import_file, plan_import
from lianhu_desktop.excel.reader import read_table
from lianhu_desktop.store.models import AuditLog, Grid, Member, PartyGroup

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")
ID2 = idnumber.make("110101", datetime.date(1970, 5, 6), 14, "女")
ID3 = idnumber.make("110102", datetime.date(1958, 12, 1), 20, "男")
ID4 = idnumber.make("110102", datetime.date(1980, 1, 15), 33, "女")
FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

HEADERS = ["序号", "党员姓名", "性 别", "身份证号", "出生年月", "手机号码", "学历", "入党日期",
           "所在党小组", "设岗定责", "组别", "工作单位", "备注"]


def messy_roster(path, rows, *, headers=HEADERS):
    """A roster as clerks keep it: merged title rows, header on row 4, 序号, blank rows, 合计."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet["A1"] = "李家庄村党员花名册"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A2"] = "填报单位：李家庄村党支部        填报日期：2025年1月"
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    for col, header in enumerate(headers, 1):
        sheet.cell(4, col, header)
    number = 5
    for index, row in enumerate(rows, 1):
        if row is None:  # a blank row
            number += 1
            continue
        sheet.cell(number, 1, index)
        for col, value in enumerate(row, 2):
            sheet.cell(number, col, value)
        number += 1
    sheet.cell(number + 1, 1, "合计")
    sheet.cell(number + 1, 2, f"{len(rows)}人")
    sheet.cell(number + 3, 1, "制表人：张会计")
    workbook.save(path)
    return path


def good_rows():
    return [
        ["王建国", "男", ID1.lower()[:17] + ID1[17].lower(), "1965.03", "13912345678", "大学本科",
         "1990年7月", "第一党小组", "宣传教育", "一组", "县农机站", "老支书"],
        None,
        [" 李秀英 ", "女", ID2.translate(FULLWIDTH), datetime.datetime(1970, 5, 6),
         "１３８１２３４５６７８", "高中", "1995/7/1", "外出党小组", "经济发展", "二组", None, None],
        ["张老汉", "男", ID3, 21520, 13712345678, "小学", "19800701", "老龄党小组", None, "九组", None, None],
        ["赵小红", "女", ID4, "1980-01-15", None, "本科", 36000, None, None, None, None, "预备期满"],
    ]


def test_messy_roster_imports_every_row(village, tmp_path):
    path = messy_roster(tmp_path / "roster.xlsx", good_rows())
    result = import_file(path, "roster", village.id)
    assert result.rejected == []
    assert (result.rows, result.imported, result.written) == (4, 4, True)
    wang = Member.get(Member.name == "王建国")
    assert wang.id_number == ID1 and wang.birth_date == datetime.date(1965, 3, 5)
    assert wang.join_date == datetime.date(1990, 7, 1) and wang.education == "本科"
    assert wang.party_group.name == "第一党小组" and wang.post.name == "宣传教育"
    assert wang.home_grid.name == "一组"
    assert wang.notes == "老支书；工作单位：县农机站"  # unknown column → notes
    li = Member.get(Member.name == "李秀英")
    assert li.id_number == ID2 and li.phone == "13812345678"  # full-width digits
    zhang = Member.get(Member.name == "张老汉")
    assert zhang.birth_date == datetime.date(1958, 12, 1) and zhang.phone == "13712345678"
    assert zhang.join_date == datetime.date(1980, 7, 1)
    zhao = Member.get(Member.name == "赵小红")
    assert zhao.join_date == datetime.date(1998, 7, 24)  # serial 36000
    assert result.created["党小组"] == ["第一党小组", "外出党小组", "老龄党小组"]
    assert result.created["网格"] == ["九组"]  # 一组 and 二组 exist already
    assert "经济发展" in result.created["岗位"] and "宣传教育" not in result.created["岗位"]
    assert PartyGroup.select().count() == 3 and Grid.select().where(Grid.name == "九组").exists()
    assert AuditLog.select().where(AuditLog.action == "导入党员花名册").count() == 1


def test_reimport_counts_new_updated_unchanged(village, tmp_path):
    rows = good_rows()
    import_file(messy_roster(tmp_path / "a.xlsx", rows), "roster", village.id)
    rows[0][4] = "13900000000"  # 王建国's phone changed
    rows[4][0] = "赵小红"
    rows.append(["孙新", "男", None, "1990-02-02", None, None, None, None, None, None, None, None])
    result = import_file(messy_roster(tmp_path / "b.xlsx", rows), "roster", village.id)
    assert (result.imported, result.updated, result.unchanged) == (1, 1, 3)
    assert Member.get(Member.name == "王建国").phone == "13900000000"
    assert Member.select().count() == 5
    # Without an ID number the match is by name and birth date.
    rows[-1][5] = "大专"
    result = import_file(messy_roster(tmp_path / "c.xlsx", rows), "roster", village.id)
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 4)
    assert Member.get(Member.name == "孙新").education == "大专"


def test_blank_cells_do_not_erase(village, tmp_path):
    rows = good_rows()
    import_file(messy_roster(tmp_path / "a.xlsx", rows), "roster", village.id)
    rows[0][4] = None
    rows[0][7] = None
    result = import_file(messy_roster(tmp_path / "b.xlsx", rows), "roster", village.id)
    assert result.updated == 0 and result.unchanged == 4
    wang = Member.get(Member.name == "王建国")
    assert wang.phone == "13912345678" and wang.party_group is not None


@pytest.mark.parametrize("bad_id", [float(ID1[:17] + "0"), int(ID1[:15] + "000"), "1.10101E+17",
                                    "1.10101196503051E+17"])
def test_id_stored_as_number_is_rejected_never_guessed(village, tmp_path, bad_id):
    rows = good_rows()
    rows[0][2] = bad_id
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    assert not result.written and Member.select().count() == 0
    [rejection] = result.rejected
    assert rejection.row == 5 and rejection.column == "身份证号"
    assert "文本" in rejection.reason and "丢失" in rejection.reason


def test_all_or_nothing_skip_invalid_and_dry_run(village, tmp_path):
    rows = good_rows()
    rows[3][5] = "幼儿园"  # 张老汉's education (Excel row 8, after the blank row)
    path = messy_roster(tmp_path / "r.xlsx", rows)
    result = import_file(path, "roster", village.id)
    assert not result.written and Member.select().count() == 0
    assert [(r.row, r.column, r.value) for r in result.rejected] == [(8, "学历", "幼儿园")]
    assert "本科" in result.rejected[0].reason
    assert import_file(path, "roster", village.id, dry_run=True, skip_invalid=True).written is False
    assert Member.select().count() == 0
    result = import_file(path, "roster", village.id, skip_invalid=True)
    assert result.written and result.imported == 3 and Member.select().count() == 3


def test_duplicates_inside_one_file_are_rejected(village, tmp_path):
    rows = good_rows()
    rows.append(["王建国", "男", ID1, None, None, None, None, None, None, None, None, None])
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id, skip_invalid=True)
    assert sorted(r.row for r in result.rejected) == [5, 10]
    assert all("重复" in r.reason for r in result.rejected)
    assert result.imported == 3 and not Member.select().where(Member.name == "王建国").exists()


def test_create_missing_off_rejects_unknown_names(village, tmp_path):
    result = import_file(messy_roster(tmp_path / "r.xlsx", good_rows()), "roster", village.id,
                         create_missing=False)
    reasons = {r.value: r.reason for r in result.rejected}
    assert "第一党小组" in reasons and "请先建立" in reasons["第一党小组"]
    assert PartyGroup.select().count() == 0 and not result.written


def test_errors_file_has_the_rows_and_a_red_reason_column(village, tmp_path):
    rows = good_rows()
    rows[0][2] = float(ID1[:17] + "0")
    rows[4][1] = "男"  # 赵小红 is a woman by her ID number
    out = tmp_path / "errors.xlsx"
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id, errors_path=out)
    assert len(result.rejected) == 2
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:len(HEADERS)] == HEADERS and header[-1] == "错误原因"
    assert sheet.cell(1, len(header)).font.color.rgb.endswith("C00000")
    data = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(data) == 4  # every data row, blank rows and totals left out
    assert "文本" in data[0][-1] and data[1][-1] is None and "性别" in data[3][-1]
    reason = sheet.cell(2, len(header))
    assert reason.font.color.rgb.endswith("C00000")
    # The clerk fixes the rows in the errors file and imports it; 错误原因 is ignored.
    sheet.cell(2, 4).value = ID1
    sheet.cell(5, 3).value = "女"
    sheet.cell(2, 4).number_format = "@"
    sheet.parent.save(out)
    again = import_file(out, "roster", village.id)
    assert again.rejected == [] and again.imported == 4
    assert "错误原因" not in Member.get(Member.name == "王建国").notes


def test_json_shape(village, tmp_path):
    rows = good_rows()
    rows[0][4] = "1391234"
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    data = result.to_json()
    assert list(data) == ["kind", "rows", "imported", "updated", "unchanged", "rejected", "written"]
    assert data["kind"] == "roster" and data["written"] is False and data["rows"] == 4
    assert data["rejected"] == [{"row": 5, "column": "手机号码", "value": "1391234",
                                 "reason": "手机号码应为 11 位，现为 7 位：1391234"}]


def test_cancel_and_failure_write_nothing(village, tmp_path, monkeypatch):
    path = messy_roster(tmp_path / "r.xlsx", good_rows())
    result = import_file(path, "roster", village.id, progress=lambda done, total: done < total * 4 // 5)
    assert result.cancelled and not result.written and Member.select().count() == 0

    from lianhu_desktop.excel import roster_import

    original = roster_import.commit_roster

    def failing(plan, progress):
        original(plan, progress)
        assert Member.select().count() == 4  # written inside the transaction …
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_import, "commit_roster", failing)
    with pytest.raises(RuntimeError):
        import_file(path, "roster", village.id)
    assert Member.select().count() == 0 and PartyGroup.select().count() == 0  # … and rolled back


def test_member_of_another_village_and_archived_member(village, tmp_path):
    from lianhu_desktop.domain.members import archive_member, save_member
    from lianhu_desktop.domain.villages import create_village

    other = create_village("王家沟村", township="城关镇")
    save_member({"village_id": other.id, "name": "王建国", "id_number": ID1})
    gone = save_member({"village_id": village.id, "name": "李秀英", "id_number": ID2})
    archive_member(gone.id, "去世")
    result = import_file(messy_roster(tmp_path / "r.xlsx", good_rows()), "roster", village.id)
    reasons = sorted(r.reason for r in result.rejected)
    assert any("王家沟村" in r for r in reasons) and any("已归档" in r for r in reasons)


def test_template_style_headers_and_mapping_override(village, tmp_path):
    headers = ["*姓名", "公民身份号码（必填）", "联系电话", "说 明 文 字"]
    path = tmp_path / "r.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    sheet.cell(1, 1).font = Font(color="FF0000")
    sheet.append(["王建国", ID1, "0931-8123456", "a"])
    workbook.save(path)
    table = read_table(path, "roster")
    assert table.mapping == {0: "name", 1: "id_number", 2: "phone"} and table.unknown == [3]
    table = read_table(path, "roster", mapping={3: "skills", 2: None})
    assert table.mapping == {0: "name", 1: "id_number", 3: "skills"} and table.unknown == []
    plan = plan_import(table, village.id)
    assert plan.new[0][0]["skills"] == "a" and plan.new[0][0]["phone"] == ""


def test_sheet_without_a_name_column_is_refused(village, tmp_path):
    path = tmp_path / "r.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙"])
    workbook.save(path)
    with pytest.raises(ValidationError) as error:
        import_file(path, "roster", village.id)
    assert "姓名" in str(error.value)


def test_old_xls_and_missing_files_are_refused(village, tmp_path):
    with pytest.raises(LianhuError) as error:
        importers.import_file(tmp_path / "old.xls", "roster", village.id)
    assert "找不到文件" in str(error.value)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError) as error:
        importers.import_file(tmp_path / "old.xls", "roster", village.id)
    assert ".xlsx" in str(error.value)
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(ValidationError):
        importers.import_file(tmp_path / "bad.xlsx", "roster", village.id)


def test_remap_changes_columns_without_rereading(village, tmp_path):
    from lianhu_desktop.excel.reader import remap

    table = read_table(messy_roster(tmp_path / "r.xlsx", good_rows()), "roster")
    assert table.header_row == 4 and table.headers[11] == "工作单位" and 11 in table.unknown
    fixed = remap(table, {11: "migrant_place", 12: None})
    assert fixed.mapping[11] == "migrant_place" and fixed.unknown == [] and fixed.rows == table.rows
    plan = plan_import(fixed, village.id)
    wang = next(c for c, _ in plan.new if c["name"] == "王建国")
    assert wang["migrant_place"] == "县农机站" and wang["notes"] == ""
    with pytest.raises(ValidationError):
        remap(table, {1: None})  # without the name column nothing can be imported


def test_every_bad_cell_of_a_row_is_reported(village, tmp_path):
    rows = good_rows()
    rows[0][2] = ID1[:17] + ("0" if ID1[17] != "0" else "1")  # bad check digit
    rows[0][4] = "1391234"  # bad phone
    rows[0][1] = None  # no gender: follows from the bad ID, not reported again
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    assert sorted((r.row, r.column) for r in result.rejected) == [(5, "手机号码"), (5, "身份证号")]


def test_month_only_birth_matches_and_keeps_the_stored_day(village, tmp_path):
    from lianhu_desktop.domain.members import save_member

    save_member({"village_id": village.id, "name": "孙新", "gender": "男",
                 "birth_date": datetime.date(1990, 2, 2)})
    rows = [["孙新", "男", None, "1990.02", "13912345678", None, None, None, None, None, None, None]]
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    assert (result.imported, result.updated) == (0, 1)
    member = Member.get(Member.name == "孙新")
    assert member.birth_date == datetime.date(1990, 2, 2) and member.phone == "13912345678"


def test_reimport_moves_a_member_to_a_new_party_group(village, tmp_path):
    rows = good_rows()
    import_file(messy_roster(tmp_path / "a.xlsx", rows), "roster", village.id)
    rows[0][7] = "第五党小组"
    result = import_file(messy_roster(tmp_path / "b.xlsx", rows), "roster", village.id)
    assert (result.updated, result.created) == (1, {"党小组": ["第五党小组"]})
    assert Member.get(Member.name == "王建国").party_group.name == "第五党小组"


def test_checking_reports_progress_and_can_be_cancelled(village, tmp_path):
    from lianhu_desktop.errors import Cancelled

    path = messy_roster(tmp_path / "roster.xlsx", good_rows())
    table = read_table(path, "roster")
    seen = []
    plan = plan_import(table, village.id, progress=lambda done, total: seen.append((done, total)) or True)
    assert seen[0] == (0, len(table.rows)) and seen[-1] == (len(table.rows), len(table.rows))
    assert len(plan.new) == 4
    with pytest.raises(Cancelled):
        plan_import(table, village.id, progress=lambda done, total: False)
    assert Member.select().count() == 0

"""Sheets as townships receive them (.xls, .ods, CSV, two-row headers) import as their .xlsx twins."""

import datetime

import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.excel.importers import ID_AS_NUMBER, import_file, plan_import
from lianhu_desktop.excel.reader import list_sheets, read_table
from lianhu_desktop.excel.sources import decode_text
from lianhu_desktop.store.models import Household, Link, Member
from tests.unit.sheetfiles import WRITERS, write_csv, write_xls, write_xlsx

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")
ID2 = idnumber.make("110101", datetime.date(1970, 5, 6), 14, "女")
ID3 = idnumber.make("110102", datetime.date(1958, 12, 1), 20, "男")
H1 = idnumber.make("110101", datetime.date(1958, 6, 12), 1, "男")
H2 = idnumber.make("110101", datetime.date(1962, 1, 2), 2, "女")


def national_roster():
    """A roster in the national form's words under a two-row header: 序号 and
    备注 merged down, 基本信息 / 联系方式 / 党内信息 merged across."""
    rows = [
        ["李家庄村党员基本信息采集表"] + [None] * 10,
        ["填报单位：李家庄村党支部"] + [None] * 10,
        ["序号", "基本信息", None, None, None, "联系方式", None, "党内信息", None, None, "备注"],
        [None, "姓名", "性别", "公民身份号码", "出生日期", "联系电话", "家庭住址", "入党日期", "所在党小组",
         "子女数", None],
        [1, "王建国", "男", ID1, datetime.date(1965, 3, 5), 13912345678, "一组 15 号",
         datetime.date(1990, 7, 1), "第一党小组", 2, "老支书"],
        [2, "李秀英", "女", ID2, datetime.date(1970, 5, 6), "13812345678", None, "1995.07", "第二党小组", 3,
         None],
        [None] * 11,
        [3, "张老汉", None, ID3, None, None, "九组", datetime.date(1980, 7, 1), None, None, 7],
        ["合计", "3人"] + [None] * 9,
    ]
    merges = [(0, 0, 0, 10), (1, 0, 1, 10), (2, 0, 3, 0), (2, 1, 2, 4), (2, 5, 2, 6), (2, 7, 2, 9),
              (2, 10, 3, 10)]
    return rows, merges


def two_row_ledger(members_ids):
    """A ledger whose groups tell two 姓名 columns apart: 户主 and 联户党员."""
    rows = [
        ["序号", "户主", None, "门牌号", "村民小组", "联户党员", None, "家庭人口"],
        [None, "姓名", "身份证号码", None, None, "姓名", "联系电话", None],
        [1, "李德福", H1, "15号", "一组", "王建国", "13912345678", 4],
        [2, "赵秀兰", H2, "16号", "二组", None, None, 3],
        [3, "孙老三", None, "17号", "二组", "王建国", None, 1],
    ]
    merges = [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 0, 6), (0, 7, 1, 7)]
    return rows, merges


def planned(path, kind, village_id):
    table = read_table(path, kind)
    plan = plan_import(table, village_id)
    return table, plan


FORMATS = ["xls", "ods", "csv"]


@pytest.mark.parametrize("form", FORMATS)
def test_national_roster_reads_as_its_xlsx_twin(village, tmp_path, form):
    rows, merges = national_roster()
    twin = write_xlsx(tmp_path / "twin.xlsx", rows, merges)
    other = WRITERS[form](tmp_path / f"roster.{form}", rows, merges)
    twin_table, twin_plan = planned(twin, "roster", village.id)
    table, plan = planned(other, "roster", village.id)
    assert twin_table.header_row == table.header_row == 4 and table.group_row == 3
    assert table.header_rows == "第 3–4 行"
    assert table.mapping == twin_table.mapping
    assert [table.headers[c] for c in table.mapping] == ["姓名", "性别", "公民身份号码", "出生日期", "联系电话",
                                                         "家庭住址", "入党日期", "所在党小组", "备注"]
    assert table.headers[9] == "子女数" and table.unknown == [9]
    assert [number for number, _ in table.rows] == [5, 6, 8]
    assert plan.rejected == twin_plan.rejected == []
    assert [c for c, _ in plan.new] == [c for c, _ in twin_plan.new]
    wang = plan.new[0][0]
    assert (wang["phone"], wang["address"], wang["notes"]) == ("13912345678", "一组 15 号", "老支书；子女数：2")
    assert plan.new[2][0]["notes"] == "7"  # a whole number stays whole, also in notes
    result = import_file(other, "roster", village.id)
    assert result.written and result.imported == 3 and result.sheet == ("roster" if form == "csv" else "花名册")
    assert Member.get(Member.name == "李秀英").join_date == datetime.date(1995, 7, 1)


@pytest.mark.parametrize("form", ["xlsx", *FORMATS])
def test_groups_tell_two_name_columns_apart(village, tmp_path, form):
    from lianhu_desktop.domain.members import save_member

    wang = save_member({"village_id": village.id, "name": "王建国", "gender": "男"})
    rows, merges = two_row_ledger(None)
    path = WRITERS[form](tmp_path / f"ledger.{form}", rows, merges, sheet="农户台账")
    table = read_table(path, "households")
    assert table.header_row == 2 and table.group_row == 1
    assert {table.headers[c]: k for c, k in table.mapping.items()} == {
        "户主姓名": "head_name", "户主身份证号码": "head_id_number", "门牌号": "door_number",
        "村民小组": "grid", "联户党员姓名": "link_member", "联系电话": "phone", "家庭人口": "size"}
    result = import_file(path, "households", village.id)
    assert result.written and result.rejected == [] and result.imported == 3
    li = Household.get(Household.head_name == "李德福")
    assert (li.head_id_number, li.size, li.grid.name) == (H1, 4, "一组")
    assert Link.select().where(Link.member == wang.id).count() == 2


def test_a_header_that_cannot_be_understood_names_its_columns(village, tmp_path):
    rows = [["编号", "名称", "号码", "所属"], [1, "王建国", ID1, "一组"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    with pytest.raises(ValidationError) as error:
        read_table(path, "roster")
    message = str(error.value)
    assert "找不到“姓名”列" in message
    assert "未能识别的列：B 列“名称”、C 列“号码”、D 列“所属”" in message


@pytest.mark.parametrize("form", ["xlsx", "xls", "ods"])
def test_hidden_sheets_are_read_only_when_named(village, tmp_path, form):
    rows = [["姓名", "性别"], ["王建国", "男"]]
    hidden = [("旧名单", "hidden"), ("系统", "veryHidden")] if form == "xlsx" else [("旧名单", "hidden")]
    path = WRITERS[form](tmp_path / f"r.{form}", rows, sheet="花名册", hidden=hidden)
    assert list_sheets(path) == ["花名册"]
    assert set(list_sheets(path, hidden=True)) == {"花名册", *(name for name, _ in hidden)}
    table = read_table(path, "roster")
    assert table.sheet == "花名册" and table.sheets == ["花名册"]
    assert table.hidden_sheets == [name for name, _ in hidden]
    named = read_table(path, "roster", sheet="旧名单")
    assert named.sheet == "旧名单" and named.rows[0][1][0] == "隐藏表里的人"
    with pytest.raises(NotFoundError):
        read_table(path, "roster", sheet="没有这张表")


def test_a_book_whose_sheets_are_all_hidden_asks_for_one(village, tmp_path):
    import zipfile

    source = write_xlsx(tmp_path / "a.xlsx", [["姓名"], ["王建国"]])
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(path, "w") as out:
        for name in inside.namelist():
            data = inside.read(name)
            if name == "xl/workbook.xml":  # no program saves this; a damaged file can
                data = data.replace(b'state="visible"', b'state="hidden"')
            out.writestr(name, data)
    with pytest.raises(ValidationError) as error:
        read_table(path, "roster")
    assert "--sheet" in str(error.value)


def test_an_id_stored_as_a_number_in_xls_is_still_refused(village, tmp_path):
    rows = [["姓名", "身份证号码", "人口"], ["王建国", float(ID1[:17] + "0"), 3]]
    path = write_xls(tmp_path / "r.xls", rows)
    result = import_file(path, "roster", village.id)
    assert not result.written and [r.reason for r in result.rejected] == [ID_AS_NUMBER]


def test_whole_numbers_come_back_whole(tmp_path):
    rows = [["户主姓名", "家庭人口", "门牌号", "备注"], ["李德福", 3, 15, 2.5]]
    for form in ("xlsx", "xls", "ods"):
        table = read_table(WRITERS[form](tmp_path / f"h.{form}", rows), "households")
        values = table.rows[0][1]
        assert values == ("李德福", 3, 15, 2.5) and type(values[1]) is int, form


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_encoding_wps_and_excel_write(village, tmp_path, encoding):
    rows, merges = national_roster()
    path = write_csv(tmp_path / "r.csv", rows, merges, encoding=encoding)
    _, plan = planned(path, "roster", village.id)
    _, twin = planned(write_xlsx(tmp_path / "twin.xlsx", rows, merges), "roster", village.id)
    assert [c for c, _ in plan.new] == [c for c, _ in twin.new]


def test_encoding_detection():
    text = "姓名,性别\n王建国,男\n"
    assert decode_text(text.encode("gbk")) == (text, "gb18030")
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8-sig")


def test_a_tab_separated_csv_is_read_too(village, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("姓名\t性别\t身份证号码\n王建国\t男\t" + ID1 + "\n", encoding="gbk")
    table = read_table(path, "roster")
    assert table.mapping == {0: "name", 1: "gender", 2: "id_number"} and table.rows[0][1][2] == ID1


def test_an_xlsx_saved_under_an_xls_name_is_read(village, tmp_path):
    rows = [["姓名", "性别"], ["王建国", "男"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows).rename(tmp_path / "r.xls")
    assert read_table(path, "roster").rows[0][1] == ("王建国", "男")


def test_other_files_are_refused_in_chinese(village, tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ValidationError) as error:
        read_table(tmp_path / "a.docx", "roster")
    assert "CSV" in str(error.value) and ".xls" in str(error.value)
    (tmp_path / "b.ods").write_bytes(b"not a zip")
    with pytest.raises(ValidationError):
        read_table(tmp_path / "b.ods", "roster")
    (tmp_path / "c.csv").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ValidationError):
        read_table(tmp_path / "c.csv", "roster")


@pytest.mark.parametrize("form", ["xlsx", "xls"])
def test_a_text_a_column_repeats_is_one_object_and_a_workbook_is_read_once(tmp_path, form):
    from lianhu_desktop.excel.sources import open_book

    rows = [["户主姓名", "所在网格", "家庭人口"], ["李德福", "一组", 4], ["赵秀兰", "一组", 3.0],
            ["孙老三", "二组", None]]
    path = WRITERS[form](tmp_path / f"h.{form}", rows)
    book = open_book(path)
    data = book.read(book.choose(None)).rows
    assert data[1:] == [("李德福", "一组", 4), ("赵秀兰", "一组", 3), ("孙老三", "二组")]
    assert data[1][1] is data[2][1]  # one "一组", not a copy per cell
    with pytest.raises(RuntimeError):
        book.read(book.choose(None))

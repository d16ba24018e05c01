"""The field registry and the sheet kinds: what derives from them matches what
was written by hand before, every problem of a row is reported, month-only
dates and formula-like text survive a round trip, a stale plan is refused."""

import datetime

import openpyxl
import pytest

from lianhu_desktop.domain import fields, idnumber, listing
from lianhu_desktop.domain.households import HouseholdData, save_household
from lianhu_desktop.domain.members import MemberData, member_data, save_member
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.excel import kinds
from lianhu_desktop.excel.exporters import export
from lianhu_desktop.excel.importers import StalePlan, commit_plan, import_file, plan_import
from lianhu_desktop.excel.link_sheet import export_links
from lianhu_desktop.excel.reader import read_table
from lianhu_desktop.excel.templates import write_template
from lianhu_desktop.store.models import Household, Member
from tests.unit.test_excel_import import messy_roster

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")

# The headers as the hand-written column lists had them (and 转正日期, schema 9).
OLD_HEADERS = {
    "roster": ["*姓名", "性别", "民族", "身份证号码", "出生日期", "联系电话", "文化程度", "入党时间", "转正日期",
               "党员身份", "居住情况", "外出地点", "党小组", "岗位", "考核类别", "特长", "所在网格", "家庭住址",
               "是否支委", "免于联户", "备注"],
    "households": ["*户主姓名", "户主身份证号码", "门牌号", "所在网格", "联系电话", "家庭住址", "家庭人口", "户类别",
                   "务工地点", "产业协会", "联户党员", "备注"],
}
OLD_LINK_HEADERS = ["村名", "所在网格", "门牌号", "户主姓名", "联户党员", "党员电话", "联户模式", "开始日期"]
OLD_LISTS = {
    "members": [("name", "姓名"), ("gender", "性别"), ("birth_date", "出生日期"), ("phone", "联系电话"),
                ("party_group", "党小组"), ("post", "岗位"), ("tier", "考核类别"), ("residence", "居住情况"),
                ("grid", "网格"), ("links", "联户数"), ("join_date", "入党日期"), ("confirm_date", "转正日期"),
                ("probation", "预备期"), ("education", "文化程度"),
                ("status", "状态"), ("village", "村")],
    "households": [("grid", "网格"), ("door_number", "门牌号"), ("head_name", "户主"), ("phone", "联系电话"),
                   ("size", "人口"), ("tags", "类别"), ("member", "联户党员"), ("mode", "联户模式"),
                   ("address", "住址"), ("status", "状态"), ("village", "村")],
}
OLD_MEMBER_DATA = ["village_id", "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education",
                   "join_date", "confirm_date", "membership", "residence", "migrant_place", "party_group_id",
                   "post_id", "tier", "skills", "home_grid_id", "household_id", "address", "is_committee",
                   "link_exempt", "notes"]
OLD_HOUSEHOLD_DATA = ["village_id", "head_name", "head_id_number", "door_number", "grid_id", "phone", "address",
                      "size", "work_place", "industry_association", "notes", "tags"]
# Member columns no field sets: keys, bookkeeping and the archive.
BOOKKEEPING = {"id", "uuid", "created_at", "updated_at", "row_version", "village", "archived", "archived_on",
               "archive_reason"}


@pytest.mark.parametrize("kind", ["roster", "households"])
def test_template_and_export_headers_match_the_hand_written_ones(village, tmp_path, kind):
    template = openpyxl.load_workbook(write_template(kind, tmp_path / "t.xlsx")).worksheets[0]
    assert [c.value for c in template[3]][1:] == OLD_HEADERS[kind]
    export(kind, tmp_path / "e.xlsx", village.id)
    exported = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert [c.value for c in exported[2]][1:] == OLD_HEADERS[kind]


def test_links_sheet_headers_and_template(village, tmp_path):
    export_links(tmp_path / "l.xlsx", village.id)
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "l.xlsx").active[1]] == OLD_LINK_HEADERS
    template = openpyxl.load_workbook(write_template("links", tmp_path / "t.xlsx")).worksheets[0]
    # The template leaves out what only the export writes (村名, 党员电话).
    assert [c.value for c in template[3]][1:] == ["所在网格", "门牌号", "*户主姓名", "*联户党员", "联户模式",
                                                   "开始日期"]


def test_list_columns_and_data_classes_match_the_hand_written_ones():
    for name, old in OLD_LISTS.items():
        assert [(c.key, c.header) for c in listing.SPECS[name].columns] == old
    assert sorted(MemberData.__dataclass_fields__) == sorted(OLD_MEMBER_DATA)
    assert sorted(HouseholdData.__dataclass_fields__) == sorted(OLD_HOUSEHOLD_DATA)


def test_every_member_and_household_column_belongs_to_a_field():
    for model, entity, derived in ((Member, fields.MEMBER, {"name_pinyin", "name_initials"}),
                                   (Household, fields.HOUSEHOLD, {"head_pinyin", "head_initials", "door_sort"})):
        columns = {f.name for f in model._meta.sorted_fields}
        assert columns - BOOKKEEPING - derived <= set(entity.stored_columns), model
        assert set(entity.stored_columns) <= columns


def test_a_field_said_to_export_as_stored_gives_every_value_back_unchanged():
    """The household export skips ``export`` for such fields: it must be the identity for them."""
    samples = ("", "张三", "=1+1", 0, 3, datetime.date(2024, 5, 1), None)
    skipped = [f for entity in fields.ENTITIES.values() for f in entity.fields if f.exports_as_stored]
    assert {f.key for f in fields.HOUSEHOLD.sheet_fields if f.exports_as_stored} >= {"head_name", "notes"}
    for field in skipped:
        for value in samples:
            assert field.export(value) is value and field.export(value, full_id=True) is value, field.key
    kept = {f.key for f in fields.HOUSEHOLD.sheet_fields if not f.exports_as_stored}
    assert {"head_id_number", "tags"} <= kept


def test_every_sheet_kind_is_complete():
    for kind in kinds.KINDS.values():
        assert kind.import_options <= kinds.IMPORT_OPTIONS | set(kinds.PASSED_OPTIONS)
        assert kind.export_options <= kinds.ALL_EXPORT_OPTIONS
        assert kind.required <= kind.import_options | kind.export_options | kind.template_options
        # A kind without registry columns is an export that writes its own (the audit log),
        # or a sheet that reads and writes itself (the ballots: a column per member).
        assert kind.columns or (kind.exportable and not kind.importable) or (kind.importer and kind.templater)
        assert kind.importable or kind.exportable
        assert {f.key for f in kind.columns} >= {f.key for f in kind.columns if f.required}


def test_every_problem_of_a_row_is_reported_at_once(village, tmp_path):
    rows = [["王建国", "男", ID1[:17], "1965-13-45", "1391234", "大学生", "2099-01-01", None, None, None, None, None],
            [None, "男", None, None, "1391234", "大学生", None, None, None, None, None, None]]
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    found = {(r.row, r.column) for r in result.rejected}
    assert found == {(5, "身份证号"), (5, "出生年月"), (5, "手机号码"), (5, "学历"), (5, "入党日期"),
                     (6, "党员姓名"), (6, "手机号码"), (6, "学历")}
    assert not result.written and Member.select().count() == 0


def test_a_month_only_date_is_kept_and_shown_as_a_month(village, tmp_path):
    rows = [["王建国", "男", ID1, None, "13912345678", None, "1990年7月", None, None, None, None, None]]
    result = import_file(messy_roster(tmp_path / "r.xlsx", rows), "roster", village.id)
    assert result.written
    wang = Member.get(Member.name == "王建国")
    assert (wang.join_date, wang.join_date_precision) == (datetime.date(1990, 7, 1), "month")
    assert member_data(wang.id).join_date == MonthDate(1990, 7)
    spec = listing.MEMBERS
    assert listing.rows(spec, [wang.id])[wang.id][spec.column("join_date")] == "1990-07"
    path = tmp_path / "out.xlsx"
    export("roster", path, village.id, full_id=True)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(3, [c.value for c in sheet[2]].index("入党时间") + 1).value == "1990年7月"
    again = import_file(path, "roster", village.id)
    assert (again.unchanged, again.updated, again.rejected) == (1, 0, [])
    assert Member.get(Member.name == "王建国").join_date_precision == "month"
    # Saved from the dialog unchanged, the month stays a month; a full date is a day.
    save_member(member_data(wang.id), wang.id)
    assert Member.get_by_id(wang.id).join_date_precision == "month"
    save_member({"join_date": datetime.date(1990, 7, 15)}, wang.id)
    assert Member.get_by_id(wang.id).join_date_precision == "day"


# (Leading tabs and line breaks are trimmed on entry: they never reach a stored field.)
FORMULAS = ['=HYPERLINK("http://x","click")', "+8613912345678 转", "-5", "@SUM(A1)", "=1+1"]


def test_formula_like_text_is_written_as_text_and_round_trips(village, tmp_path):
    for index, text in enumerate(FORMULAS):
        save_household({"village_id": village.id, "head_name": f"户{index}", "door_number": f"{index}号",
                        "address": text, "notes": text})
    path = tmp_path / "h.xlsx"
    export("households", path, village.id)
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[2]]
    cells = [sheet.cell(row, headers.index("家庭住址") + 1) for row in range(3, 3 + len(FORMULAS))]
    assert {c.value for c in cells} == set(FORMULAS)
    assert all(c.data_type == "s" for c in cells)
    again = import_file(path, "households", village.id)
    assert (again.unchanged, again.rejected) == (len(FORMULAS), [])


def test_the_errors_workbook_writes_formula_like_text_as_text(village, tmp_path):
    from lianhu_desktop.excel.errors_file import write_errors_file

    from lianhu_desktop.excel.cells import as_text

    rows = [['=HYPERLINK("http://x","click")', "男", None, None, "1391234", None, None, None, None, None, None,
             "=1+1"]]
    path = messy_roster(tmp_path / "r.xlsx", rows)
    book = openpyxl.load_workbook(path)
    for cell in book.active[5]:  # a sheet holding these as text, as the export writes them
        if isinstance(cell.value, str) and cell.value.startswith("="):
            as_text(cell)
    book.save(path)
    table = read_table(path, "roster")
    plan = plan_import(table, village.id)
    out = write_errors_file(table, plan.rejected, tmp_path / "errors.xlsx")
    sheet = openpyxl.load_workbook(out).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value and r[1].value.startswith("=HYPERLINK"))
    assert row[1].data_type == "s" and row[-2].value == "=1+1" and row[-2].data_type == "s"


@pytest.mark.parametrize("text", ["=A1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_start_is_written_as_text(tmp_path, text):
    from openpyxl import Workbook

    from lianhu_desktop.excel.cells import safe

    book = Workbook(write_only=True)
    sheet = book.create_sheet("a")
    sheet.append([safe(sheet, text)])
    book.save(tmp_path / "a.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "a.xlsx").active["A1"]
    assert cell.data_type == "s"
    # XML reads a bare carriage return back as a line feed; text either way.
    assert cell.value == text.replace("\r", "\n")


def test_a_plan_overtaken_by_another_write_is_refused(village, tmp_path):
    save_household({"village_id": village.id, "head_name": "王大", "door_number": "9号"})
    path = tmp_path / "h.xlsx"
    export("households", path, village.id)
    Household.delete().execute()
    table = read_table(path, "households")
    plan = plan_import(table, village.id)
    assert len(plan.new) == 1
    # Another import writes the same household between the check and the commit.
    assert commit_plan(plan_import(table, village.id)).written
    with pytest.raises(StalePlan, match="重新检查"):
        commit_plan(plan)
    assert Household.select().count() == 1

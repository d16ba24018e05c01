"""Importing household ledgers: tags, grids, 联户党员, re-import."""

import datetime

import openpyxl
import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.store.models import Grid, Household, HouseholdTag, Link

H1 = idnumber.make("110101", datetime.date(1958, 6, 12), 1, "男")
H2 = idnumber.make("110101", datetime.date(1962, 1, 2), 2, "女")
HEADERS = ["序号", "户主", "身份证号码", "门牌号码", "村民小组", "联系电话", "人口数", "户类别",
           "联户党员", "户籍类别"]


def ledger(path, rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["李家庄村农户台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append([])
    sheet.append([" " + h + " " for h in headers])
    for index, row in enumerate(rows, 1):
        sheet.append([index, *row] if row else [])
    sheet.append(["总 计", f"{len(rows)}户"])
    workbook.save(path)
    return path


@pytest.fixture
def members(village):
    return {
        "wang": save_member({"village_id": village.id, "name": "王建国", "gender": "男"}),
        "zhang1": save_member({"village_id": village.id, "name": "张伟", "id_number":
                               idnumber.make("110101", datetime.date(1970, 1, 1), 5, "男")}),
        "zhang2": save_member({"village_id": village.id, "name": "张伟", "id_number":
                               idnumber.make("110101", datetime.date(1975, 1, 1), 6, "男")}),
    }


def rows(members):
    return [
        ["李德福", H1.lower(), "１５号", "一组", "13812345678", 4, "困难户、低保户", "王建国", "农业"],
        None,
        ["赵秀兰", H2, "3组16号", "新三组", None, "3人", "种养大户，自定义户", members["zhang2"].id_number,
         None],
        ["孙老三", None, "17号", None, "0931-8123456", None, None, None, None],
    ]


def test_households_import_with_tags_grids_and_links(village, members, tmp_path):
    result = import_file(ledger(tmp_path / "h.xlsx", rows(members)), "households", village.id)
    assert result.rejected == [] and (result.rows, result.imported) == (3, 3)
    li = Household.get(Household.head_name == "李德福")
    assert (li.head_id_number, li.door_number, li.door_sort, li.size) == (H1, "15号", 15, 4)
    assert li.grid.name == "一组" and li.notes == "户籍类别：农业"
    assert li.head_pinyin == "lidefu" and li.head_initials == "ldf"
    zhao = Household.get(Household.head_name == "赵秀兰")
    assert zhao.grid.name == "新三组" and result.created == {"网格": ["新三组"]}
    assert sorted(t.tag for t in zhao.tags) == ["种养大户", "自定义户"]
    assert HouseholdTag.select().count() == 4
    assert Household.get(Household.head_name == "孙老三").grid is None
    pairs = sorted(result.links)
    assert pairs == sorted([(li.id, members["wang"].id), (zhao.id, members["zhang2"].id)])
    assert result.links_written
    assert Link.get(Link.household == li.id).member_id == members["wang"].id


def test_ambiguous_or_unknown_link_member_is_rejected(village, members, tmp_path):
    data = rows(members)
    data[0][7] = "张伟"
    data[2][7] = "钱七"
    result = import_file(ledger(tmp_path / "h.xlsx", data), "households", village.id)
    reasons = {r.row: r.reason for r in result.rejected}
    assert "身份证号码" in reasons[4] and "2 名党员" in reasons[4]
    assert "钱七" in reasons[6]
    assert not result.written and Household.select().count() == 0


def test_reimport_is_unchanged_then_updates_tags_and_link(village, members, tmp_path):
    import_file(ledger(tmp_path / "a.xlsx", rows(members)), "households", village.id)
    again = import_file(ledger(tmp_path / "b.xlsx", rows(members)), "households", village.id)
    assert (again.imported, again.updated, again.unchanged, again.written) == (0, 0, 3, False)
    data = rows(members)
    data[0][6] = "低保户"
    data[3][7] = "王建国"  # 孙老三 gets linked
    data[3][3] = "二组"
    result = import_file(ledger(tmp_path / "c.xlsx", data), "households", village.id)
    assert (result.imported, result.updated, result.unchanged) == (0, 2, 1)
    li = Household.get(Household.head_name == "李德福")
    assert [t.tag for t in li.tags] == ["低保户"]
    sun = Household.get(Household.head_name == "孙老三")
    assert sun.grid.name == "二组"
    assert Link.get(Link.household == sun.id).member_id == members["wang"].id


def test_duplicate_households_in_one_file(village, members, tmp_path):
    data = rows(members)
    data.append(["李德福", H1, "99号", None, None, None, None, None, None])
    data.append(["孙老三", None, "17号", None, None, None, None, None, None])
    result = import_file(ledger(tmp_path / "h.xlsx", data), "households", village.id, skip_invalid=True)
    assert sorted(r.row for r in result.rejected) == [4, 7, 8, 9]
    assert result.imported == 1 and Household.get().head_name == "赵秀兰"


def test_household_id_as_number_is_rejected(village, members, tmp_path):
    data = rows(members)
    data[2][1] = float(H2)
    result = import_file(ledger(tmp_path / "h.xlsx", data), "households", village.id)
    [rejection] = result.rejected
    assert (rejection.row, rejection.column) == (6, "身份证号码") and "文本" in rejection.reason


def test_no_create_rejects_unknown_grid(village, members, tmp_path):
    result = import_file(ledger(tmp_path / "h.xlsx", rows(members)), "households", village.id,
                         create_missing=False)
    assert [r.value for r in result.rejected] == ["新三组"]
    assert not Grid.select().where(Grid.name == "新三组").exists()


def test_changed_link_alone_counts_as_update_and_moves_the_link(village, members, tmp_path):
    import_file(ledger(tmp_path / "a.xlsx", rows(members)), "households", village.id)
    data = rows(members)
    data[0][7] = members["zhang1"].id_number
    result = import_file(ledger(tmp_path / "b.xlsx", data), "households", village.id)
    assert (result.updated, result.unchanged) == (1, 2)
    li = Household.get(Household.head_name == "李德福")
    active = Link.get((Link.household == li.id) & Link.end_date.is_null())
    assert active.member_id == members["zhang1"].id
    assert Link.select().where(Link.household == li.id).count() == 2  # the old link is history


def test_rejected_rows_create_no_grids(village, members, tmp_path):
    data = rows(members)
    data[2][4] = "12345"  # 赵秀兰's bad phone; her grid 新三组 must not appear
    result = import_file(ledger(tmp_path / "h.xlsx", data), "households", village.id, skip_invalid=True)
    assert result.imported == 2 and result.created == {}
    assert not Grid.select().where(Grid.name == "新三组").exists()


def test_one_link_member_per_household(village, members, tmp_path):
    data = rows(members)
    data[0][7] = "王建国、张伟"
    result = import_file(ledger(tmp_path / "h.xlsx", data), "households", village.id)
    assert "只能由一名党员" in result.rejected[0].reason

"""The statistics report as a workbook: title, date, sections, 0.0% percentages, frozen headers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import openpyxl
import pytest

from lianhu_desktop.domain import stats
from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel.stats_export import PERCENT_FORMAT, fraction, write_stats_report
from lianhu_desktop.store.models import Household, HouseholdTag, Member, PartyGroup

TODAY = datetime.date(2026, 6, 30)


def _member(village, name, **extra):
    fields = dict(gender="男", ethnicity="汉族", birth_date=datetime.date(1960, 1, 1), education="初中")
    fields.update(extra)
    return Member.create(village=village, name=name, **fields)


@pytest.fixture
def report(village):
    group = PartyGroup.create(village=village, name="老龄党小组", kind="老龄")
    _member(village, "甲", gender="女", party_group=group)
    _member(village, "乙", ethnicity="回族", education="高中")
    _member(village, "丙", birth_date=datetime.date(1990, 7, 1), residence="外出", tier="外出党员")
    _member(village, "丁", gender="女")
    for number in range(3):
        household = Household.create(village=village, head_name=f"户{number}", door_number=f"{number}号")
        if number == 0:
            HouseholdTag.create(household=household, tag="困难户")
    other = create_village("王家坪村", township="城关镇", grids=2)
    _member(other, "戊")
    return stats.township_report(today=TODAY)


def rows_of(sheet):
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def find_row(sheet, label):
    return next(row for row in sheet.iter_rows() if row[0].value == label)


def test_fraction_is_exact():
    assert fraction(Decimal("27.5")) == 0.275
    assert fraction(Decimal("0.0")) == 0.0


def test_summary_sheet_has_title_date_and_formatted_shares(report, tmp_path):
    path = write_stats_report(report, tmp_path / "统计.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["统计报表", "各村统计", "各网格农户"]
    sheet = workbook["统计报表"]
    assert sheet["A1"].value == "全部村党员队伍统计表"
    assert "截至 2026-06-30" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["项目", "数量", "占比"]
    assert sheet.freeze_panes == "A4"
    assert find_row(sheet, "党支部数")[1].value == 2
    assert find_row(sheet, "党员总数")[1].value == 5
    women = find_row(sheet, "女党员")
    assert women[1].value == 2
    assert women[2].value == pytest.approx(0.4)
    assert women[2].number_format == PERCENT_FORMAT
    assert find_row(sheet, "少数民族党员")[1].value == 1
    assert find_row(sheet, "45 岁以下党员")[1].value == 1
    assert find_row(sheet, "高中及以上学历")[1].value == 1
    assert find_row(sheet, "外出党员")[2].value == pytest.approx(0.2)
    labels = [row[0] for row in rows_of(sheet)]
    for section in ("按考核类别", "按党小组", "农户", "按农户类别（一户可有多个类别）"):
        assert section in labels
    assert find_row(sheet, "老龄党小组")[1].value == 1
    assert find_row(sheet, "未分组")[1].value == 4
    assert find_row(sheet, "外出党员")[1].value == 1
    assert find_row(sheet, "农户总数")[1].value == 3
    assert find_row(sheet, "困难户")[2].value == pytest.approx(1 / 3, abs=1e-3)
    assert sheet.column_dimensions["A"].width >= 20


def test_villages_sheet_lists_each_branch_and_the_total(report, tmp_path):
    path = write_stats_report(report, tmp_path / "统计.xlsx")
    sheet = openpyxl.load_workbook(path)["各村统计"]
    assert [c.value for c in sheet[3]][:3] == ["村", "党支部", "党员"]
    assert sheet.freeze_panes == "B4"
    assert find_row(sheet, "李家庄村")[2].value == 4
    assert find_row(sheet, "王家坪村")[2].value == 1
    total = find_row(sheet, "合计")
    assert total[2].value == 5 and total[3].value == 3
    assert total[5].number_format == PERCENT_FORMAT


def test_single_village_title_and_grids(village, tmp_path):
    Household.create(village=village, head_name="甲", door_number="1号")
    report = stats.township_report(village.id, today=TODAY)
    path = write_stats_report(report, tmp_path / "村.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook["统计报表"]["A1"].value == "李家庄村党员队伍统计表"
    grids = rows_of(workbook["各网格农户"])
    assert grids[2] == ("网格", "户数", "占农户")
    assert sum(row[1] for row in grids[3:]) == 1


def test_unwritable_path_is_a_chinese_error(report, tmp_path):
    with pytest.raises(ValidationError, match="无法写入文件"):
        write_stats_report(report, tmp_path / "no such folder" / "统计.xlsx")

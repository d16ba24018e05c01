"""Names sort syllable by syllable (李富贵, 李建军, 李旭东, 刘…), everywhere a list orders by name."""

from __future__ import annotations

import openpyxl
import pytest

from lianhu_desktop import pinyin
from lianhu_desktop.domain import listing, printing, printrows
from lianhu_desktop.domain.households import save_household
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.excel.exporters import export_roster
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.store.models import Household, Member

# Concatenated pinyin put 刘 (liu) between 李建军 (lijianjun) and 李旭东 (lixudong).
IN_ORDER = ["李富贵", "李建军", "李旭东", "刘德华", "徐华", "许明", "许强"]
SHUFFLED = ["刘德华", "许强", "李旭东", "徐华", "李富贵", "许明", "李建军"]


def test_sort_key_keeps_a_surname_together():
    assert sorted(SHUFFLED, key=pinyin.sort_key) == IN_ORDER
    # The old key, for the record: 刘 lands among the 李.
    assert [n for n in sorted(SHUFFLED, key=lambda n: pinyin.keys(n)[0]) if n[0] in "李刘"] == \
        ["李富贵", "李建军", "刘德华", "李旭东"]


def test_sort_key_orders_shorter_names_and_syllables_first():
    names = ["李建军", "李", "李建", "李佳", "黎明", "吕布", "卢俊义", "欧阳修", "区志强"]
    assert sorted(names, key=pinyin.sort_key) == ["李", "李佳", "李建", "李建军", "黎明", "卢俊义", "吕布",
                                                   "区志强", "欧阳修"]


def test_sort_key_handles_readings_and_other_scripts():
    assert pinyin.sort_key("李建军") == "li0李jian0建jun0军"
    assert pinyin.sort_key("单田芳").startswith("shan0单")
    assert pinyin.sort_key("阿依古丽·买买提") == "a0阿yi0依gu0古li0丽mai0买mai0买ti0提"
    assert pinyin.sort_key(" 李 娜 ") == pinyin.sort_key("李娜")
    assert pinyin.sort_key("") == ""
    assert pinyin.name_keys("李建军") == ("lijianjun", "ljj", "li0李jian0建jun0军")


@pytest.fixture
def people(village):
    for name in SHUFFLED:
        save_member({"village_id": village.id, "name": name, "gender": "男"})
        save_household({"village_id": village.id, "head_name": name})
    return village


def _listed(spec, village_id, search="", sort_key="name"):
    column = spec.column(sort_key)
    found = listing.ids(spec, village_id, search=search, sort_column=column)
    values = listing.rows(spec, found)
    return [values[i][column] for i in found]


def test_lists_sort_members_and_heads_by_syllable(people):
    assert _listed(listing.MEMBERS, people.id) == IN_ORDER
    assert _listed(listing.HOUSEHOLDS, people.id, sort_key="head_name") == IN_ORDER
    default = listing.ids(listing.MEMBERS, people.id)
    assert [listing.rows(listing.MEMBERS, default)[i][0] for i in default] == IN_ORDER


@pytest.mark.parametrize("typed", ["lijianjun", "jianjun", "ljj", "LJJ", "李建"])
def test_search_by_full_pinyin_and_initials_still_finds(people, typed):
    assert _listed(listing.MEMBERS, people.id, typed) == ["李建军"]
    assert _listed(listing.HOUSEHOLDS, people.id, typed, sort_key="head_name") == ["李建军"]


def test_printouts_and_export_order_by_syllable(people, tmp_path):
    scope = printing.Scope(village_id=people.id)
    assert [m.name for m in printrows.members(scope)] == IN_ORDER
    path = tmp_path / "roster.xlsx"
    export_roster(path, people.id)
    sheet = openpyxl.load_workbook(path).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == IN_ORDER


def test_imports_store_the_sort_key(village, tmp_path):
    roster = openpyxl.Workbook()
    roster.active.append(["姓名", "性别"])
    for name in SHUFFLED:
        roster.active.append([name, "男"])
    roster.save(tmp_path / "r.xlsx")
    ledger = openpyxl.Workbook()
    ledger.active.append(["户主", "门牌号"])
    for number, name in enumerate(SHUFFLED, 1):
        ledger.active.append([name, f"{number}号"])
    ledger.save(tmp_path / "h.xlsx")
    assert import_file(tmp_path / "r.xlsx", "roster", village.id).imported == len(SHUFFLED)
    assert import_file(tmp_path / "h.xlsx", "households", village.id).imported == len(SHUFFLED)
    for member in Member.select():
        assert member.name_sort == pinyin.sort_key(member.name)
    for household in Household.select():
        assert household.head_sort == pinyin.sort_key(household.head_name)
    assert _listed(listing.MEMBERS, village.id) == IN_ORDER

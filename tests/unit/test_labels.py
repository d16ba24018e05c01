"""A household is named with its grid: 一组 1号, in lists, handbooks, the 公示表 and dialogs."""

from __future__ import annotations

import datetime

import pytest

from lianhu_desktop.domain import labels, linkboard, listing, printrows
from lianhu_desktop.domain.households import save_household
from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.store.models import Visit, database


def test_door_label_and_household_label():
    assert labels.door_label("一组", "1号") == "一组 1号"
    assert labels.door_label(None, "1号") == "未分网格 1号"
    assert labels.door_label("二组", "") == "二组"
    assert labels.household_label("张三", "1号", "一组") == "张三（一组 1号）"


@pytest.mark.parametrize("grid, door", [("一组", "1号"), (None, "3号"), ("二组", ""), ("  ", " 5号 ")])
def test_the_sql_form_says_the_same(db, grid, door):
    sql = f"SELECT {labels.door_label_sql('t.g', 't.d')} FROM (SELECT ? AS g, ? AS d) t"
    (value,) = database.execute_sql(sql, [grid, door]).fetchone()
    assert value == labels.door_label(grid, door)


@pytest.fixture
def linked(village):
    grids = list_grids(village.id)
    member = save_member({"village_id": village.id, "name": "王建国", "gender": "男"})
    first = save_household({"village_id": village.id, "head_name": "李富贵", "door_number": "1号",
                            "grid_id": grids[0].id})
    second = save_household({"village_id": village.id, "head_name": "刘翠花", "door_number": "1号",
                             "grid_id": grids[1].id})
    link_households(member.id, [first.id, second.id])
    return member, first, second


def test_handbook_rows_name_the_grid(linked):
    member, _first, _second = linked
    doors = [line.door_number for line in printrows.linked_households(member.id)]
    assert doors == ["一组 1号", "二组 1号"]


def test_notice_rows_name_the_grid(linked, village):
    summary = next(s for s in linkboard.member_summaries(village.id) if s["name"] == "王建国")
    assert summary["households"] == ["李富贵（一组 1号）", "刘翠花（二组 1号）"]


def test_visit_list_names_the_grid(linked, village):
    member, first, second = linked
    for household in (first, second):
        Visit.create(village=village.id, member=member.id, household=household.id,
                     date=datetime.date(2026, 3, 5), form="入户走访", content="了解情况")
    spec = listing.VISITS
    ids = listing.ids(spec, village.id)
    rows = listing.rows(spec, ids)
    column = spec.column("door_number")
    assert sorted(rows[i][column] for i in ids) == ["一组 1号", "二组 1号"]

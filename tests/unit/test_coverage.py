"""Coverage rules: each rule on a small village, plus percentages and JSON shape."""

import json

import pytest

from lianhu_desktop.domain.coverage import coverage_report, same_place
from lianhu_desktop.domain.linking import link_households
from lianhu_desktop.store.models import Village
from tests.unit.linkfixtures import grids, household, households, member


def only(report):
    [village] = report["villages"]
    return village


def test_empty_village_is_fully_covered_and_json(village):
    report = coverage_report(village.id)
    json.dumps(report, ensure_ascii=False)
    v = only(report)
    assert (v["households"], v["linked"], v["percent"]) == (0, 0, 100.0)
    assert report["totals"]["problems"] == 0


def test_unlinked_households_and_percentages_per_grid(village):
    one, two = grids(village)[:2]
    wang = member(village, "王建国", grid=one)
    a = households(village, [1, 2, 3, 4, 5], grid=one)
    b = households(village, [20, 21, 22], grid=two)
    household(village, 30, grid=two, archived=True)  # archived: neither counted nor listed
    link_households(wang.id, [h.id for h in a] + [b[0].id])
    v = only(coverage_report(village.id))
    assert (v["households"], v["linked"], v["unlinked_count"], v["percent"]) == (8, 6, 2, 75.0)
    assert [u["household_id"] for u in v["unlinked"]] == [b[1].id, b[2].id]
    assert v["unlinked"][0]["name"] == f"户主21（{two.name} 21号）" and v["unlinked"][0]["grid_name"] == two.name
    by_grid = {g["grid_id"]: g for g in v["grids"]}
    assert (by_grid[one.id]["percent"], by_grid[two.id]["percent"]) == (100.0, 33.3)
    assert by_grid[two.id]["unlinked_count"] == 2


def test_members_outside_the_range_exempt_and_archived_excluded(village):
    Village.update(link_min=2, link_max=3).where(Village.id == village.id).execute()
    few, right, many = member(village, "少"), member(village, "中"), member(village, "多")
    member(village, "免", link_exempt=True)
    member(village, "档", archived=True)
    homes = households(village, range(1, 9))
    link_households(few.id, [homes[0].id])
    link_households(right.id, [h.id for h in homes[1:3]])
    link_households(many.id, [h.id for h in homes[3:8]])
    v = only(coverage_report(village.id))
    assert [(m["name"], m["count"], m["min"]) for m in v["under_range"]] == [("少", 1, 2)]
    assert [(m["name"], m["count"], m["max"]) for m in v["over_range"]] == [("多", 5, 3)]


def test_migrant_households_must_be_linked_by_committee(village):
    own = household(village, 1, head="外出甲家")
    tagged = household(village, 2, tags=["流动党员户"])
    by_committee = household(village, 3, tags=["流动党员户"])
    member(village, "外出甲", residence="外出", migrant_place="深圳市", household=own)
    plain = member(village, "普通党员")
    secretary = member(village, "书记", is_committee=True)
    link_households(plain.id, [tagged.id])
    link_households(secretary.id, [by_committee.id])
    findings = only(coverage_report(village.id))["migrant_households"]
    assert [(f["household_id"], f["linker_name"]) for f in findings] == [(own.id, ""), (tagged.id, "普通党员")]
    assert findings[0]["migrant_members"] == "外出甲" and "支委" in findings[0]["problem"]


def test_migrant_members_should_link_same_city_households(village):
    good = member(village, "外出好", residence="外出", migrant_place="广东省深圳市")
    bad = member(village, "外出差", residence="外出", migrant_place="深圳")
    lonely = member(village, "外出远", residence="外出", migrant_place="拉萨市")
    away = households(village, [1, 2, 3], tags=["外出户"], work_place="深圳市")
    neighbour = household(village, 4)
    other_city = household(village, 5, tags=["外出户"], work_place="杭州市")
    link_households(good.id, [away[0].id])
    link_households(bad.id, [neighbour.id, away[1].id])
    link_households(lonely.id, [other_city.id])
    findings = {f["name"]: f for f in only(coverage_report(village.id))["migrants_linking_neighbours"]}
    assert set(findings) == {"外出差", "外出远"}
    assert [n["household_id"] for n in findings["外出差"]["neighbours"]] == [neighbour.id]
    assert set(findings["外出差"]["same_city_household_ids"]) == {away[0].id, away[2].id}
    assert findings["外出远"]["same_city_household_ids"] == [] and "暂无" in findings["外出远"]["hint"]


def test_links_of_archived_members_are_reported(village):
    wang = member(village, "王建国")
    home = household(village, 1)
    link_households(wang.id, [home.id])
    wang.archived = True
    wang.save()
    v = only(coverage_report(village.id))
    assert [(f["household_id"], f["member_name"]) for f in v["archived_linkers"]] == [(home.id, "王建国")]


def test_township_report_lists_every_village(village):
    from lianhu_desktop.domain.villages import create_village

    other = create_village("张家湾村", grids=2)
    household(village, 1)
    household(other, 1)
    report = coverage_report()
    assert [v["village_name"] for v in report["villages"]] == ["李家庄村", "张家湾村"]
    assert report["totals"]["households"] == 2 and report["totals"]["percent"] == 0.0


@pytest.mark.parametrize("a, b, same", [
    ("深圳市", "深圳", True), ("广东省深圳市", "深圳市", True), ("深圳", "广州", False), ("", "深圳", False),
])
def test_same_place(a, b, same):
    assert same_place(a, b) is same


def test_links_to_archived_households_do_not_count_and_ending_a_members_links(village):
    from lianhu_desktop.domain.linking import end_member_links

    Village.update(link_min=2, link_max=5).where(Village.id == village.id).execute()
    wang = member(village, "王建国")
    homes = households(village, [1, 2])
    homes.append(household(village, 3))
    link_households(wang.id, [h.id for h in homes])
    homes[2].archived = True
    homes[2].save()
    v = only(coverage_report(village.id))
    assert v["under_range"] == [] and v["households"] == 2
    homes[1].archived = True
    homes[1].save()
    v = only(coverage_report(village.id))
    assert [(m["name"], m["count"]) for m in v["under_range"]] == [("王建国", 1)]
    assert end_member_links(wang.id, "转出") == 3  # the archived households' links end too
    v = only(coverage_report(village.id))
    assert [u["household_id"] for u in v["unlinked"]] == [homes[0].id]

import datetime
from decimal import Decimal

from lianhu_desktop.domain import stats
from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.store.models import Grid, Household, HouseholdTag, Link, Member, PartyGroup

TODAY = datetime.date(2026, 6, 30)


def _member(village, name, **extra):
    fields = dict(gender="男", ethnicity="汉族", birth_date=datetime.date(1960, 1, 1), education="初中")
    fields.update(extra)
    return Member.create(village=village, name=name, **fields)


def test_percent_rounds_half_up_to_one_place():
    assert stats.percent(1, 3) == Decimal("33.3")
    assert stats.percent(2, 3) == Decimal("66.7")
    assert stats.percent(1, 8) == Decimal("12.5")
    assert stats.percent(0, 0) == Decimal("0.0")


def test_structure_counts_what_a_township_reports(village):
    group = PartyGroup.create(village=village, name="老龄党小组", kind="老龄")
    _member(village, "甲", gender="女", party_group=group)
    _member(village, "乙", ethnicity="回族", education="高中")
    # 44 on the report date: under 45.
    _member(village, "丙", birth_date=datetime.date(1981, 7, 1), education="大专", residence="外出",
            tier="外出党员")
    _member(village, "丁", birth_date=None, membership="预备党员")
    _member(village, "戊", archived=True, gender="女")  # archived: not counted

    report = stats.township_report(today=TODAY)
    s = report["structure"]
    assert s["members"] == 4
    assert s["women"] == {"count": 1, "percent": Decimal("25.0")}
    assert s["ethnic_minorities"]["count"] == 1
    assert s["under_45"]["count"] == 1 and s["age_unknown"] == 1
    assert s["senior_high_or_above"]["count"] == 2
    assert s["probationary"]["count"] == 1
    assert s["migrant"]["count"] == 1 and s["at_home"]["count"] == 3
    assert s["by_tier"]["外出党员"]["count"] == 1 and s["by_tier"]["一般党员"]["count"] == 3
    assert s["by_party_group"] == {"未分组": 3, "老龄党小组": 1}
    assert report["villages"][0]["members"] == 4 and report["branches"] == 1


def test_households_per_grid_tag_and_linked_share(village):
    grid = Grid.get(Grid.village == village, Grid.name == "一组")
    member = _member(village, "甲")
    first = Household.create(village=village, grid=grid, head_name="张一")
    second = Household.create(village=village, grid=grid, head_name="张二")
    Household.create(village=village, head_name="张三")
    Household.create(village=village, head_name="张四", archived=True)
    HouseholdTag.create(household=first, tag="困难户")
    HouseholdTag.create(household=second, tag="困难户")
    HouseholdTag.create(household=second, tag="低保户")
    Link.create(member=member, household=first, start_date=TODAY)

    h = stats.township_report(village.id, today=TODAY)["household_structure"]
    assert h["households"] == 3
    assert h["linked"] == {"count": 1, "percent": Decimal("33.3")}
    assert h["by_grid"] == {"一组": 2, "未分网格": 1}
    assert h["by_tag"] == {"困难户": 2, "低保户": 1}


def test_village_scope_and_township_scope(village):
    other = create_village("王家沟村", township="城关镇", grids=2)
    _member(village, "甲")
    _member(other, "乙")
    _member(other, "丙")
    assert stats.township_report(other.id, today=TODAY)["structure"]["members"] == 2
    whole = stats.township_report(today=TODAY)
    assert whole["scope"] == "全部村" and whole["branches"] == 2
    assert [v["members"] for v in whole["villages"]] == [1, 2]
    text = stats.format_report(whole)
    assert "党员总数：3 人" in text and "王家沟村" in text

"""Roster statistics in the form a township reports (seed 002 §2).

Every figure is counted in SQL over non-archived members and households.
Percentages are Decimal, rounded to one place, so 27.5 never prints as
27.499999.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, fn

from lianhu_desktop.domain.rules import household_is_active, link_is_active, member_is_active
from lianhu_desktop.domain.vocab import (
    MAJORITY_ETHNICITY,
    RESIDENCES,
    SENIOR_HIGH_OR_ABOVE,
    TIERS,
)
from lianhu_desktop.store.models import Grid, Household, HouseholdTag, Link, Member, PartyGroup, Village, database

YOUNG_AGE = 45

# The shares a township reports, in its order, with their Chinese labels.
MEMBER_SHARES = (
    ("women", "女党员"),
    ("ethnic_minorities", "少数民族党员"),
    ("under_45", "45 岁以下党员"),
    ("senior_high_or_above", "高中及以上学历"),
    ("probationary", "预备党员"),
    ("at_home", "在家党员"),
    ("migrant", "外出党员"),
)


def percent(part: int, whole: int) -> Decimal:
    """part / whole as a percentage with one decimal place (0 when whole is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _share(count: int, total: int) -> dict:
    return {"count": count, "percent": percent(count, total)}


def _counted(query) -> dict[str, int]:
    return {key if key is not None else "": count for key, count in query.tuples()}


def _member_structure(where, today: datetime.date) -> dict:
    young_cutoff = _years_before(today, YOUNG_AGE)
    active = Member.select().where(where)
    total = active.count()
    women = active.where(Member.gender == "女").count()
    minorities = active.where((Member.ethnicity != MAJORITY_ETHNICITY) & (Member.ethnicity != "")).count()
    under_45 = active.where(Member.birth_date > young_cutoff).count()
    unknown_age = active.where(Member.birth_date.is_null()).count()
    high_school = active.where(Member.education.in_(sorted(SENIOR_HIGH_OR_ABOVE))).count()
    probationary = active.where(Member.membership == "预备党员").count()
    committee = active.where(Member.is_committee == True).count()  # noqa: E712 (peewee expression)

    by = {}
    for key, column in (("tier", Member.tier), ("residence", Member.residence),
                        ("gender", Member.gender), ("education", Member.education)):
        by[key] = _counted(Member.select(column, fn.COUNT(Member.id)).where(where).group_by(column))
    # The seeds' order first (with zeros), then any other value found in the data.
    by["tier"] = {tier: by["tier"].get(tier, 0) for tier in TIERS} | by["tier"]
    by["residence"] = {r: by["residence"].get(r, 0) for r in RESIDENCES} | by["residence"]
    groups = (Member.select(fn.COALESCE(PartyGroup.name, "未分组"), fn.COUNT(Member.id))
              .join(PartyGroup, JOIN.LEFT_OUTER, on=(Member.party_group == PartyGroup.id))
              .where(where).group_by(PartyGroup.name).order_by(PartyGroup.name))
    return {
        "members": total,
        "women": _share(women, total),
        "ethnic_minorities": _share(minorities, total),
        "under_45": _share(under_45, total),
        "age_unknown": unknown_age,
        "senior_high_or_above": _share(high_school, total),
        "probationary": _share(probationary, total),
        "committee": committee,
        "at_home": _share(by["residence"]["在家"], total),
        "migrant": _share(by["residence"]["外出"], total),
        "by_tier": {tier: _share(count, total) for tier, count in by["tier"].items()},
        "by_party_group": {name: count for name, count in groups.tuples()},
        "by_gender": by["gender"],
        "by_education": by["education"],
    }


def _household_structure(village_id: int | None) -> dict:
    live = household_is_active()
    where = live if village_id is None else live & (Household.village == village_id)
    total = Household.select().where(where).count()
    per_grid = (Household.select(fn.COALESCE(Grid.name, "未分网格"), fn.COUNT(Household.id))
                .join(Grid, JOIN.LEFT_OUTER, on=(Household.grid == Grid.id))
                .where(where).group_by(Grid.name).order_by(fn.MIN(Grid.sort_order)))
    per_tag = (HouseholdTag.select(HouseholdTag.tag, fn.COUNT(HouseholdTag.id))
               .join(Household).where(where).group_by(HouseholdTag.tag)
               .order_by(fn.COUNT(HouseholdTag.id).desc(), HouseholdTag.tag))
    linked = (Household.select().where(where & fn.EXISTS(
        Link.select(Link.id).where((Link.household == Household.id) & link_is_active()))).count())
    if village_id is not None:
        grid_rows = list(per_grid.tuples())
    else:
        # A township sums same-named grids of different villages; keep them apart.
        grid_rows = list(
            Household.select(Village.name.concat("·").concat(fn.COALESCE(Grid.name, "未分网格")),
                             fn.COUNT(Household.id))
            .join(Village, on=(Household.village == Village.id))
            .join(Grid, JOIN.LEFT_OUTER, on=(Household.grid == Grid.id))
            .where(where).group_by(Village.id, Grid.id).order_by(Village.sort_order, Grid.sort_order)
            .tuples())
    return {
        "households": total,
        "linked": _share(linked, total),
        "by_grid": dict(grid_rows),
        "by_tag": dict(per_tag.tuples()),
    }


def village_counts(village_id: int | None = None) -> list[dict]:
    """Per village: members, households, active links, visits."""
    def grouped(query, column):
        return dict(query.group_by(column).tuples())

    members = grouped(Member.select(Member.village, fn.COUNT(Member.id)).where(member_is_active()),
                      Member.village)
    households = grouped(Household.select(Household.village, fn.COUNT(Household.id))
                         .where(household_is_active()), Household.village)
    links = grouped(Link.select(Household.village, fn.COUNT(Link.id)).join(Household)
                    .where(link_is_active()), Household.village)
    # Every year's visits, from their tallies (``store.visit_tally``).
    visits = {vid: int(count) for vid, count in database.execute_sql(
        'SELECT "village_id", SUM("visits") FROM "visit_kind_tally" GROUP BY "village_id"')}
    villages = Village.select().order_by(Village.sort_order, Village.id)
    if village_id is not None:
        villages = villages.where(Village.id == village_id)
    return [
        {"village": v.name, "township": v.township, "branch": v.branch_name,
         "members": members.get(v.id, 0), "households": households.get(v.id, 0),
         "links": links.get(v.id, 0), "visits": visits.get(v.id, 0)}
        for v in villages
    ]


def township_report(village_id: int | None = None, today: datetime.date | None = None, *,
                    activity: bool = False) -> dict:
    """The full report: per-village counts, member structure, household structure.

    ``village_id`` None means the whole database (the township). With
    ``activity`` it also holds the year's visits, requests and monthly-visit
    compliance (``domain.activity``, read from the visit tallies; the
    statistics window still reads it apart, in a worker, as it read it when it
    took a second for the township demo's 600,000 visits; ``python -m bench
    --only stats`` measures it now).
    """
    today = today or datetime.date.today()
    where = member_is_active()
    if village_id is not None:
        where &= Member.village == village_id
    villages = village_counts(village_id)
    report = {
        "as_of": today.isoformat(),
        "scope": villages[0]["village"] if village_id is not None and villages else "全部村",
        "branches": len(villages),
        "villages": villages,
        "structure": _member_structure(where, today),
        "household_structure": _household_structure(village_id),
    }
    if activity:
        from lianhu_desktop.domain.activity import year_activity

        report["activity"] = year_activity(today.year, village_id, today)
    return report


def format_report(report: dict) -> str:
    """The report as plain Chinese text for the terminal."""
    s, h = report["structure"], report["household_structure"]

    def share(key):
        return f"{s[key]['count']} 人（{s[key]['percent']}%）"

    lines = [f"统计范围：{report['scope']}（截至 {report['as_of']}）", f"党支部数：{report['branches']}", ""]
    lines.append(f"{'村':<10}{'党员':>6}{'农户':>8}{'联户':>8}{'走访':>10}")
    for v in report["villages"]:
        lines.append(f"{v['village']:<10}{v['members']:>6}{v['households']:>8}{v['links']:>8}{v['visits']:>10}")
    lines += ["", f"党员总数：{s['members']} 人"]
    lines += [f"{label}：{share(key)}" for key, label in MEMBER_SHARES]
    if s["age_unknown"]:
        lines.append(f"（另有 {s['age_unknown']} 人缺出生日期，未计入 45 岁以下）")
    lines += [
        "考核类别：" + "，".join(f"{k} {v['count']} 人" for k, v in s["by_tier"].items()),
        "党小组：" + ("，".join(f"{k} {v} 人" for k, v in s["by_party_group"].items()) or "无"),
        "",
        f"农户：{h['households']} 户，已联户 {h['linked']['count']} 户（{h['linked']['percent']}%）",
        "农户类别：" + ("，".join(f"{k} {v} 户" for k, v in h["by_tag"].items()) or "无"),
    ]
    if "activity" in report:
        lines += ["", *format_activity(report["activity"])]
    return "\n".join(lines)


def format_activity(a: dict) -> list[str]:
    """The year's visits, requests and compliance as Chinese lines."""
    v, r, c = a["visits"], a["requests"], a["compliance"]
    lines = [f"{a['year']} 年走访：{v['total']} 次；" + "，".join(f"{k} {n}" for k, n in v["by_form"].items()),
             "八个到位：" + "，".join(f"{k} {n}" for k, n in v["by_duty"].items()),
             f"诉求：{r['total']} 件；" + "，".join(f"{k} {n}" for k, n in r["by_state"].items())
             + f"；按期办结率 {r['on_time_percent']}%（{r['on_time']}/{r['with_deadline_due']}），"
               f"超期未办结 {r['overdue']} 件，已办结未反馈 {r['not_fed_back']} 件",
             "群众满意度：" + "，".join(f"{k} {n}" for k, n in r["satisfaction"].items())
             + f"；满意率（满意与基本满意）{r['satisfied_percent']}%（{r['satisfied']}/{r['fed_back']} 件已反馈）",
             f"每月走访（一次）完成率：{c['percent']}%（{c['visited']}/{c['expected']} 户次）"]
    if len(c["villages"]) > 1:
        lines.append("各村：" + "，".join(f"{x['village_name']} {x['percent']}%" for x in c["villages"]))
    return lines

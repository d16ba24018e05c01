"""A realistic year's appraisal results, built as plain values (no database needed).

``results()`` makes an ``AppraisalResults`` of 60 members in the four tiers,
each tier's scheme with 8 items (one tier with a wide scheme of 14 items
when asked), totals that follow the items, grades by the thresholds, ranks
within each tier, and ballot counts that add up to the ballot sums.
``results_for(village_id, year)`` does the same for the members a real
village's ballot lists, and ``install(monkeypatch)`` puts it where printing
asks for results (``lianhu_desktop.domain.appraisal.results``), so the
printouts can be made end to end before that module computes real ones.
"""

from __future__ import annotations

import random
import sys
import types

from lianhu_desktop.domain.appraisal_types import (AppraisalResults, BallotSums, ItemResult,
                                                   MemberResult)
from lianhu_desktop.domain.vocab import GRADES, TIERS

ITEMS = (("联户走访", 200, "自动", "visits"), ("群众诉求办理", 150, "自动", "requests"),
         ("承诺践诺", 150, "自动", "commitments"), ("参加组织生活", 100, "自动", "meetings"),
         ("学习教育", 100, "手工", ""), ("遵纪守法", 100, "手工", ""),
         ("带头作用与示范引领", 100, "手工", ""), ("民主测评", 100, "自动", "ballots"))
WIDE_EXTRA = (("志愿服务", 50), ("环境卫生监督", 50), ("矛盾纠纷调解", 50), ("技术信息服务", 50),
              ("党费缴纳", 50), ("按时参加主题党日活动", 25))
THRESHOLDS = {"优秀": 900, "合格": 700, "基本合格": 600, "不合格": 0}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾"
GIVEN = ("建国 秀英 志强 桂兰 德胜 小红 国强 丽 卫东 春生 玉林 海涛 晓东 红梅 永福 金山 文华 凤英 "
         "明德 淑珍 长生 保国 翠花 树林").split()
SEAL_CODE = "3F9A-C2D1-07B4-E8A5"


def _names(count: int) -> list[str]:
    rng = random.Random(7)
    names = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in names:
            names.append(name)
    if count > 4:
        names[3] = "爱新觉罗·启星"  # a long name
        names[4] = names[0]  # two members of one name
    return names


def _items(tier: str, wide: bool) -> list[tuple[str, int, str, str]]:
    if not (wide and tier == "党员干部"):
        return list(ITEMS)
    # A wide scheme of 14 items: the points of six more items taken from the eight.
    items = [(name, tenths - (50 if source == "手工" else 25), source, rule) for name, tenths, source, rule in ITEMS]
    return items + [(name, tenths, "手工", "") for name, tenths in WIDE_EXTRA]


def _grade(total: int) -> str:
    for grade in GRADES:
        if total >= THRESHOLDS[grade]:
            return grade
    return GRADES[-1]


def results(members: list[tuple[int, str, str]] | None = None, *, count: int = 60, village_id: int = 1,
            village_name: str = "李家庄村", year: int = 2025, sealed: bool = False, wide: bool = False,
            unscored: int = 1) -> AppraisalResults:
    """An ``AppraisalResults`` of ``members`` ((id, name, tier)), or of ``count`` made-up members.

    ``unscored`` members (the last ones) still miss a manual score: no grade.
    """
    if members is None:
        names = _names(count)
        members = [(index + 1, name, TIERS[min(3, index * 4 // count)]) for index, name in enumerate(names)]
    rng = random.Random(len(members) * 31 + year)
    present = len(members) - 2
    representatives = max(10, len(members) // 2)
    valid_members, valid_reps = present - 1, representatives - 1
    valid = valid_members + valid_reps
    built: list[MemberResult] = []
    grade_counts = dict.fromkeys(GRADES, 0)
    for position, (member_id, name, tier) in enumerate(members):
        items, total = [], 0
        missing = position >= len(members) - unscored
        for index, (item, max_tenths, source, rule) in enumerate(_items(tier, wide)):
            if missing and source == "手工" and index == 4:
                items.append(ItemResult(index + 1, item, max_tenths, source, rule, None))
                continue
            share = rng.choice((1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.5)) if position % 17 else 0.45
            tenths = int(max_tenths * share)
            total += tenths
            computation = f"走访 {rng.randint(40, 90)} 次，应走访 72 次" if rule == "visits" else ""
            items.append(ItemResult(index + 1, item, max_tenths, source, rule, tenths, computation))
        grade = "" if missing else _grade(total)
        if grade:
            grade_counts[grade] += 1
        by_kind = {}
        for kind, voters in (("党员", valid_members), ("群众代表", valid_reps)):
            excellent = rng.randint(voters // 3, voters * 2 // 3)
            qualified = rng.randint(0, voters - excellent)
            basic = rng.randint(0, (voters - excellent - qualified) // 2)
            unqualified = rng.randint(0, (voters - excellent - qualified - basic) // 3)
            by_kind[kind] = {"优秀": excellent, "合格": qualified, "基本合格": basic, "不合格": unqualified}
        ballots = {grade_name: sum(counts[grade_name] for counts in by_kind.values()) for grade_name in GRADES}
        built.append(MemberResult(
            member_id, f"uuid-{member_id}", name, tier, households=rng.randint(5, 10),
            visits=rng.randint(40, 120), requests=rng.randint(0, 12), commitments_kept=rng.randint(1, 3),
            commitments_total=3, meetings_attended=rng.randint(8, 12), meetings_total=12, items=tuple(items),
            total_tenths=total, grade=grade, rank=0, ballots=ballots, ballots_by_kind=by_kind))
    ranked: list[MemberResult] = []
    order = {tier: index for index, tier in enumerate(TIERS)}
    for tier in sorted({m.tier for m in built}, key=order.get):
        in_tier = sorted((m for m in built if m.tier == tier), key=lambda m: (-m.total_tenths, m.name))
        rank, previous = 0, None
        for position, member in enumerate(in_tier, 1):
            if member.total_tenths != previous:
                rank, previous = position, member.total_tenths
            ranked.append(_with_rank(member, rank))
    issued = present + representatives
    sums = BallotSums(issued=issued, returned=issued - 1, valid=valid, invalid=1, blank=1, mismatched=0,
                      single=0)
    return AppraisalResults(
        appraisal_id=1, village_id=village_id, village_name=village_name, year=year, date=f"{year}-12-28",
        status="已封存" if sealed else "评议中", expected=len(members), present=present,
        thresholds=dict(THRESHOLDS), members=tuple(ranked), grade_counts=grade_counts, ballots=sums,
        sealed=sealed, seal_code=SEAL_CODE if sealed else "")


def _with_rank(member: MemberResult, rank: int) -> MemberResult:
    from dataclasses import replace

    return replace(member, rank=rank)


def results_for(village_id: int, year: int, *, sealed: bool = False) -> AppraisalResults:
    """Results for the members a real village's ballot of ``year`` lists (names as in the database)."""
    from lianhu_desktop.domain.ballots import ballot_members
    from lianhu_desktop.store.models import Village

    members = [(m.id, m.name, m.tier) for m in ballot_members(village_id, year)]
    village = Village.get_by_id(village_id)
    return results(members, village_id=village_id, village_name=village.name, year=year, sealed=sealed)


def install(monkeypatch, *, sealed: bool = False) -> list[tuple[int, int]]:
    """Make ``lianhu_desktop.domain.appraisal.results`` answer with ``results_for``; returns the calls made."""
    calls: list[tuple[int, int]] = []

    def fake_results(village_id: int, year: int) -> AppraisalResults:
        calls.append((village_id, year))
        return results_for(village_id, year, sealed=sealed)

    module = types.ModuleType("lianhu_desktop.domain.appraisal")
    module.results = fake_results
    monkeypatch.setitem(sys.modules, "lianhu_desktop.domain.appraisal", module)
    return calls

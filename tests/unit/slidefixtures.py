"""A realistic year's appraisal results for the projector's slides, built as values (no database).

About 70 members in the four tiers, scored on the default schemes (7–8 items
each), graded on the usual thresholds, ranked within their tier, and graded
on ballots by 40 members and 20 representatives of the masses. Among them: a
long minority name, a name with a rare character (𠮷), two members of the same
name, a member with a manual item not scored yet.
"""

from __future__ import annotations

import random
from dataclasses import replace

from lianhu_desktop.domain.appraisal_types import AppraisalResults, BallotSums, ItemResult, MemberResult
from lianhu_desktop.domain.demo_names import GIVEN_NAMES, SURNAMES
from lianhu_desktop.domain.schemes import load_default_schemes
from lianhu_desktop.domain.vocab import GRADES

THRESHOLDS = {"优秀": 900, "合格": 700, "基本合格": 600, "不合格": 0}
TIER_SIZES = {"党员干部": 9, "一般党员": 38, "外出党员": 12, "老病残党员": 11}
VOTERS = {"党员": 40, "群众代表": 20}
SPECIAL_NAMES = ("阿卜杜热合曼·买买提", "王𠮷祥")


def _grade(total: int) -> str:
    return next(grade for grade in GRADES if total >= THRESHOLDS[grade])


def _computation(rule: str, rng: random.Random) -> str:
    if rule == "visits":
        return f"12 个月中 {rng.randint(8, 12)} 个月走访达标"
    if rule == "meetings":
        return f"应出席 12 次，出席 {rng.randint(8, 12)} 次"
    if rule == "commitments":
        return "承诺 3 项，按期完成 3 项"
    if rule == "requests":
        return "收集诉求 5 件，办结并反馈 5 件"
    return ""


def _ballots(rng: random.Random, total: int) -> dict[str, dict[str, int]]:
    """Per rater kind, the grades given: better totals draw more 优秀."""
    weights = (max(total - 820, 5), 60, max(760 - total, 2), max(650 - total, 1))
    by_kind = {}
    for kind, voters in VOTERS.items():
        counts = dict.fromkeys(GRADES, 0)
        for grade in rng.choices(GRADES, weights=weights, k=voters - rng.randint(0, 2)):
            counts[grade] += 1
        by_kind[kind] = counts
    return by_kind


def _names(rng: random.Random, count: int) -> list[str]:
    surnames = list(SURNAMES)
    weights = list(SURNAMES.values())
    given = GIVEN_NAMES[("男", "middle")] + GIVEN_NAMES[("女", "middle")] + GIVEN_NAMES[("男", "old")]
    names = [*SPECIAL_NAMES]
    while len(names) < count:
        names.append(rng.choices(surnames, weights)[0] + rng.choice(given))
    names[5] = names[6]  # two members of the same name
    return names


def village_results(*, seed: int = 12, year: int = 2025, tier_sizes: dict | None = None,
                    sealed: bool = False) -> AppraisalResults:
    """The year's results of 李家庄村 (70 members by default)."""
    rng = random.Random(seed)
    sizes = tier_sizes or TIER_SIZES
    schemes = {spec.tier: spec for spec in load_default_schemes()}
    names = iter(_names(rng, sum(sizes.values())))
    members: list[MemberResult] = []
    member_id = 100
    for tier, size in sizes.items():
        tier_members = []
        for _ in range(size):
            member_id += 1
            items = []
            quality = min(max(rng.gauss(0.82, 0.09), 0.45), 1.0)  # how well this member did the year
            if member_id == 150:
                quality = 0.5  # one migrant member out of touch all year: 不合格
            for number, spec in enumerate(schemes[tier].items):
                share = min(max(quality + rng.uniform(-0.08, 0.08), 0.0), 1.0)
                tenths = round(spec.max_tenths * share / 5) * 5
                items.append(ItemResult(member_id * 10 + number, spec.name, spec.max_tenths, spec.source, spec.rule,
                                        tenths, _computation(spec.rule, rng),
                                        "带头修通组道路" if spec.source == "手工" and rng.random() < 0.1 else ""))
            total = sum(item.tenths for item in items)
            by_kind = _ballots(rng, total)
            combined = {grade: sum(counts[grade] for counts in by_kind.values()) for grade in GRADES}
            kept = rng.randint(1, 3)
            tier_members.append(MemberResult(
                member_id, f"uuid-{member_id}", next(names), tier, households=rng.randint(5, 10),
                visits=rng.randint(40, 120), requests=rng.randint(0, 9), commitments_kept=kept,
                commitments_total=kept + rng.randint(0, 1), meetings_attended=rng.randint(8, 12), meetings_total=12,
                items=tuple(items), total_tenths=total, grade=_grade(total), rank=0, ballots=combined,
                ballots_by_kind=by_kind))
        members += _ranked(tier_members)
    # One member whose manual item is not scored yet: no grade until it is.
    target = next(i for i, m in enumerate(members) if m.tier == "一般党员")
    unscored = members[target]
    items = tuple(replace(item, tenths=None) if n == 0 else item for n, item in enumerate(unscored.items))
    members[target] = replace(unscored, items=items, grade="",
                              total_tenths=sum(item.tenths or 0 for item in items))
    members = [m for tier in sizes for m in _ranked([m for m in members if m.tier == tier])]
    counted = sum(VOTERS.values())
    sums = BallotSums(issued=counted + 2, returned=counted, valid=counted - 2, invalid=2, blank=1, mismatched=1,
                      single=1)
    grade_counts = {grade: sum(1 for m in members if m.grade == grade) for grade in GRADES}
    return AppraisalResults(
        appraisal_id=7, village_id=1, village_name="李家庄村", year=year, date=f"{year + 1}-01-15", status="评议中",
        expected=64, present=60, thresholds=dict(THRESHOLDS), members=tuple(members), grade_counts=grade_counts,
        ballots=sums, sealed=sealed, seal_code="7Q4K-2M9D-XH3P-5T8W" if sealed else "")


def _ranked(members: list[MemberResult]) -> list[MemberResult]:
    """Rank within the tier, 1 = best, equal totals share a rank; then the tier's order (rank, name)."""
    ordered = sorted(members, key=lambda m: -m.total_tenths)
    ranked = []
    for position, member in enumerate(ordered, 1):
        same = ranked and ranked[-1].total_tenths == member.total_tenths
        ranked.append(replace(member, rank=ranked[-1].rank if same else position))
    return ranked


def with_long_scheme(results: AppraisalResults, member_index: int = 0, items: int = 16) -> AppraisalResults:
    """The results with one member scored on a long scheme (``items`` items, some with long names)."""
    member = results.members[member_index]
    extra = tuple(ItemResult(9000 + n, f"第{n + 1}项：按时参加“三会一课”并完成学习笔记和心得体会" if n % 3 == 0
                             else f"考核项目{n + 1}", 50, "手工", "", 40) for n in range(items))
    members = list(results.members)
    members[member_index] = replace(member, items=extra, total_tenths=sum(i.tenths for i in extra))
    return replace(results, members=tuple(members))


def empty_results(year: int = 2025) -> AppraisalResults:
    """A year with nothing entered yet."""
    return AppraisalResults(None, 1, "李家庄村", year, "", "准备中", None, None, {}, (), {},
                            BallotSums(None, 0, 0, 0, 0, 0, 0))

"""百分制考核 (一评): reading a village's year — who is appraised, their points, totals, grades, ranks.

``results`` computes what every consumer shows (``appraisal_types``): per
member the items of their tier's scheme with points (manual ones from the
committee's scores, automatic ones from the year's records, see
``appraisal_items``; once sealed, both from the stored scores), the total,
the grade by the appraisal's thresholds (default 优秀 ≥ 90, 合格 ≥ 75, 基本合格
≥ 60, else 不合格) and the rank within the tier, where equal totals share a
rank. A member's grade stays "" until every item has points. ``trial`` shows
what an edit of a scheme would do, without writing. Nothing here writes;
``appraisal`` is the module to call (it holds the writes and names these).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from lianhu_desktop.domain import ballots, schemes
from lianhu_desktop.domain.appraisal_items import Figures, automatic_points, gather
from lianhu_desktop.domain.appraisal_types import AppraisalResults, BallotSums, ItemResult, MemberResult, appraisal_for
from lianhu_desktop.domain.schemes import SchemeItem, YearScheme
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Appraisal, Member, Score, Village, database

DEFAULT_THRESHOLDS = {"优秀": 900, "合格": 750, "基本合格": 600, "不合格": 0}
NO_SUMS = BallotSums(None, 0, 0, 0, 0, 0, 0)


def check_year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(f"年度应在 2000–2100 之间，不是 {year}", field="year")
    return year


def village_of(village_id: int) -> Village:
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise NotFoundError("找不到这个村，可能已被删除")
    return village


# --------------------------------------------------------------------------- thresholds


def thresholds_of(appraisal: Appraisal | None) -> dict[str, int]:
    """grade → lowest total in tenths (不合格 0): the appraisal's own, else the defaults."""
    found = dict(DEFAULT_THRESHOLDS)
    if appraisal is not None and appraisal.thresholds:
        try:
            stored = json.loads(appraisal.thresholds)
        except ValueError:
            raise ValidationError(f"{appraisal.year} 年度的等次分数线已损坏，请重新设置") from None
        found.update({grade: int(stored[grade]) for grade in GRADES[:-1] if grade in stored})
    found[GRADES[-1]] = 0
    return found


def get_thresholds(village_id: int, year: int) -> dict[str, int]:
    return thresholds_of(appraisal_for(village_id, year))


def grade_for(total_tenths: int, thresholds: dict[str, int]) -> str:
    for grade in GRADES[:-1]:
        if total_tenths >= thresholds[grade]:
            return grade
    return GRADES[-1]


# --------------------------------------------------------------------------- members


@dataclass(frozen=True)
class Appraised:
    """A member as the appraisal lists them."""

    id: int
    uuid: str
    name: str
    tier: str
    label: str  # the name, told apart from a namesake


def appraised_members(village_id: int, year: int) -> list[Appraised]:
    """Who the year's appraisal lists (the ballot's members): tier order, then name."""
    listed = ballots.ballot_members(village_id, year)
    uuids = dict(database.execute_sql("SELECT id, uuid FROM member WHERE village_id = ?", [village_id]))
    return [Appraised(m.id, uuids[m.id], m.name, m.tier, m.label) for m in listed]


def _sealed_members(village_id: int, appraisal: Appraisal, in_use: dict[str, YearScheme]) -> list[Appraised]:
    """After sealing: the members scored on every item of a scheme in use, with that scheme's tier.

    Read from the scores, so that the roster's later changes (a tier, a join
    date) leave the sealed results as they were."""
    items = {item.id: tier for tier, scheme in in_use.items() for item in scheme.items}
    per_member: dict[int, Counter] = {}
    for member_id, item_id in Score.select(Score.member, Score.item).where(Score.appraisal == appraisal.id).tuples():
        if item_id in items:
            per_member.setdefault(member_id, Counter())[items[item_id]] += 1
    labels = {m.id: m.label for m in ballots.ballot_members(village_id, appraisal.year)}
    rows = {mid: (uuid, name, sort) for mid, uuid, name, sort in
            Member.select(Member.id, Member.uuid, Member.name, Member.name_sort)
            .where(Member.id.in_(list(per_member))).tuples()} if per_member else {}
    found = []
    for member_id, tiers in per_member.items():
        tier = next((t for t in TIERS if tiers.get(t) == len(in_use[t].items)), None)
        if tier is None or member_id not in rows:
            continue
        uuid, name, sort = rows[member_id]
        found.append((TIERS.index(tier), sort, member_id, Appraised(member_id, uuid, name, tier,
                                                                   labels.get(member_id, name))))
    return [member for *_order, member in sorted(found)]


def find_member(village_id: int, year: int, word: str) -> Appraised:
    """A member of the year's appraisal by name, the name as the ballot labels it, or ID number."""
    word = "".join((word or "").split())
    listed = appraised_members(village_id, year)
    found = [m for m in listed if word in (m.name, m.label)]
    if not found and word:
        ids = {mid for (mid,) in Member.select(Member.id).where(
            (Member.village == village_id) & (Member.id_number == word.upper())).tuples()}
        found = [m for m in listed if m.id in ids]
    if len(found) == 1:
        return found[0]
    if found:
        labels = "、".join(m.label for m in found)
        raise ValidationError(f"本村有 {len(found)} 名党员叫“{word}”（{labels}），请改用身份证号码", field="member")
    raise NotFoundError(f"{year} 年度考核名单中没有“{word}”", field="member")


# --------------------------------------------------------------------------- results


@dataclass
class YearData:
    """What a village's results are computed from."""

    village: Village
    year: int
    appraisal: Appraisal | None
    in_use: dict[str, YearScheme]
    members: list[Appraised]
    stored: dict[tuple[int, int], tuple[int, str, str]]  # (member, item) → (tenths, note, computation)
    figures: dict[int, Figures]
    rules: ballots.CountingRules
    count: ballots.Count | None
    thresholds: dict[str, int]

    @property
    def sealed(self) -> bool:
        return self.appraisal is not None and self.appraisal.sealed_at is not None


def year_data(village: Village, year: int, today: datetime.date, figures: dict[int, Figures] | None = None, *,
              compare: bool = False) -> YearData:
    """What the village's results of ``year`` are computed from; ``compare``: the ballots' two entries
    compared afresh rather than by their stored agreement (``ballots.count``)."""
    appraisal = appraisal_for(village.id, year)
    in_use = schemes.schemes_in_use(village.id, year)
    sealed = appraisal is not None and appraisal.sealed_at is not None
    members = _sealed_members(village.id, appraisal, in_use) if sealed else appraised_members(village.id, year)
    stored = {}
    if appraisal is not None:
        stored = {(mid, iid): (tenths, note, computation) for mid, iid, tenths, note, computation in
                  database.execute_sql("SELECT member_id, item_id, tenths, note, computation FROM score "
                                       "WHERE appraisal_id = ?", [appraisal.id])}
    rules = ballots.rules_of(appraisal) if appraisal is not None else ballots.CountingRules()
    count = ballots.count(appraisal, len(members), compare=compare) if appraisal is not None else None
    if figures is None:
        figures = gather(year, village.id, today)
    return YearData(village, year, appraisal, in_use, members, stored, figures, rules, count, thresholds_of(appraisal))


def _figures_of(data: YearData, member_id: int) -> Figures:
    figures = data.figures.get(member_id) or Figures()
    if data.count is not None:
        figures.ballots = data.count.grades.get(member_id, {})
    return figures


def _score_items(data: YearData, member: Appraised, items, figures: Figures, *, carried=None) -> list[ItemResult]:
    """The member's points on ``items``: manual from the scores, automatic computed (stored once sealed).

    ``carried`` maps a draft's position to the stored item whose score it keeps (the trial)."""
    found = []
    for position, item in enumerate(items):
        if item.source == "手工" or data.sealed:
            source_id = item.id if carried is None else carried.get(position)
            tenths, note, computation = data.stored.get((member.id, source_id), (None, "", ""))
        else:
            tenths, computation = automatic_points(item.rule, item.max_tenths, figures, data.rules)
            note = ""
        found.append(ItemResult(item.id, item.name, item.max_tenths, item.source, item.rule, tenths,
                                computation, note))
    return found


def _ranks(totals: list[int]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of ``totals``, highest first."""
    order = sorted(totals, reverse=True)
    first = {}
    for position, total in enumerate(order, start=1):
        first.setdefault(total, position)
    return [first[total] for total in totals]


def build_results(data: YearData) -> AppraisalResults:
    per_tier: dict[str, list] = {tier: [] for tier in TIERS}
    for position, member in enumerate(data.members):
        scheme = data.in_use.get(member.tier)
        figures = _figures_of(data, member.id)
        items = _score_items(data, member, scheme.items if scheme else (), figures)
        total = sum(item.tenths or 0 for item in items)
        complete = bool(items) and scheme.usable and all(item.tenths is not None for item in items)
        grade = grade_for(total, data.thresholds) if complete else ""
        per_tier.setdefault(member.tier, []).append((position, member, scheme, figures, items, total, grade))
    members = []
    grade_counts = dict.fromkeys(GRADES, 0)
    for rows in per_tier.values():
        ranks = _ranks([row[5] for row in rows])
        ordered = sorted(zip(ranks, rows), key=lambda pair: (pair[0], pair[1][0]))
        for rank, (_position, member, scheme, f, items, total, grade) in ordered:
            by_kind = {kind: dict(counts) for kind, counts in f.ballots.items()}
            votes = data.count.member_counts(member.id) if data.count is not None else dict.fromkeys(GRADES, 0)
            members.append(MemberResult(
                member.id, member.uuid, member.name, member.tier, f.households, f.visits, f.requests,
                f.commitments_kept, f.commitments, f.meetings_attended, f.meetings, tuple(items), total, grade,
                rank, votes, by_kind, scheme.version if scheme else 1))
            if grade:
                grade_counts[grade] += 1
    appraisal = data.appraisal
    return AppraisalResults(
        appraisal.id if appraisal else None, data.village.id, data.village.name, data.year,
        appraisal.date.isoformat() if appraisal and appraisal.date else "",
        appraisal.status if appraisal else "准备中",
        appraisal.expected if appraisal else None, appraisal.present if appraisal else None,
        data.thresholds, tuple(members), grade_counts, data.count.sums if data.count is not None else NO_SUMS,
        data.sealed, seal_code(appraisal.seal) if data.sealed and appraisal.seal else "")


def results(village_id: int, year: int, today: datetime.date | None = None) -> AppraisalResults:
    """The village's results of ``year``: per member the items with points, total, grade, rank and ballots."""
    check_year(year)
    return build_results(year_data(village_of(village_id), year, today or datetime.date.today()))


def township_results(year: int, today: datetime.date | None = None, *,
                     each: Callable[[AppraisalResults], None] | None = None) -> list[AppraisalResults]:
    """Every village's results of ``year``, in the villages' order (the year's figures read once for all).

    ``each(results)`` is called with every village's results as they are
    ready, in order: a screen shows the first village while the others are
    computed. The first village's figures are then read on their own first
    (a twentieth of the township's reading, so it is ready in a fraction of
    the time) and the rest's together, as without ``each``."""
    check_year(year)
    today = today or datetime.date.today()
    villages = list(Village.select().order_by(Village.sort_order, Village.id))
    found = []
    if each is not None and villages:
        found.append(build_results(year_data(villages[0], year, today)))
        each(found[0])
    if len(villages) > len(found):
        figures = gather(year, None, today)
        for village in villages[len(found):]:
            found.append(build_results(year_data(village, year, today, figures)))
            if each is not None:
                each(found[-1])
    return found


def seal_code(digest: str) -> str:
    """The seal's first 16 hex digits, upper case, in groups of four: 1A2B-3C4D-5E6F-7A8B."""
    head = digest[:16].upper()
    return "-".join(head[i:i + 4] for i in range(0, 16, 4))


# --------------------------------------------------------------------------- trial


@dataclass(frozen=True)
class TrialRow:
    """A member's total before and after an edit of the tier's scheme (nothing written)."""

    member_id: int
    name: str
    before_tenths: int
    after_tenths: int
    before_grade: str
    after_grade: str
    rescore: tuple[str, ...]  # manual items to be scored again after the edit: new, or changed with a score

    @property
    def change_tenths(self) -> int:
        return self.after_tenths - self.before_tenths


def trial(village_id: int, year: int, tier: str, drafts, today: datetime.date | None = None) -> list[TrialRow]:
    """What an edit of ``tier``'s scheme would do to each member's total and grade, without writing.

    Automatic items are computed with their new points; a manual item keeps
    its scores only if its points, criteria and source are unchanged (as
    saving a frozen scheme carries them); a new or changed one is unscored.
    """
    check_year(year)
    if tier not in TIERS:
        raise ValidationError(f"考核类别应为{'、'.join(TIERS)}之一", field="tier")
    drafts = schemes.clean_drafts(drafts)
    data = year_data(village_of(village_id), year, today or datetime.date.today())
    before = {m.member_id: m for m in build_results(data).members if m.tier == tier}
    scheme = data.in_use[tier]
    old = {item.id: item for item in scheme.items}
    carried = {position: d.origin for position, d in enumerate(drafts)
               if d.origin in old and d.same_scoring(old[d.origin])}
    items = [SchemeItem(d.origin or schemes.UNSTORED, d.name, d.max_tenths, d.criteria, d.source, d.rule)
             for d in drafts]
    usable = sum(d.max_tenths for d in drafts) == schemes.FULL_MARKS_TENTHS
    rows = []
    for member in data.members:
        if member.tier != tier or member.id not in before:
            continue
        scored = _score_items(data, member, items, _figures_of(data, member.id), carried=carried)
        total = sum(item.tenths or 0 for item in scored)
        complete = usable and all(item.tenths is not None for item in scored)
        had = {item.item_id for item in before[member.id].items if item.tenths is not None}
        rescore = tuple(item.name for item, draft in zip(scored, drafts) if item.source == "手工"
                        and item.tenths is None and (draft.origin is None or draft.origin in had))
        was = before[member.id]
        rows.append(TrialRow(member.id, member.label, was.total_tenths, total, was.grade,
                             grade_for(total, data.thresholds) if complete else "", rescore))
    return rows

"""百分制考核 (一评): scores, totals, grades and ranks of a village's year.

At year end each branch scores every member on the 100-point scheme of their
tier (``schemes``): manual items by the committee, with a reason below full
points; automatic items from the year's records (``appraisal_items``). The
total gives the grade by the appraisal's thresholds (default 优秀 ≥ 90, 合格 ≥
75, 基本合格 ≥ 60, else 不合格), and a rank within the tier where equal totals
share a rank. A member's grade stays "" until every item has points.

The appraisal of a village's year is opened (created 准备中, with its own copy
of the schemes) by its first write; it is 评议中 from the first score and
已封存 once sealed (``appraisal_seal``), after which every change is refused.
Reading never writes: before the appraisal is opened the results use the
township's or the default schemes.

Every write runs in one transaction, calls ``refuse_if_sealed`` first and
writes an audit line; score, scheme and appraisal rows are also logged field
by field by the database's triggers.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lianhu_desktop.domain import audit, ballots, schemes
from lianhu_desktop.domain.appraisal_items import Figures, automatic_points, gather, scored_text
from lianhu_desktop.domain.appraisal_types import (
    AppraisalResults, BallotSums, ItemResult, MemberResult, appraisal_for, refuse_if_sealed,
)
from lianhu_desktop.domain.schemes import ItemDraft, SchemeItem, YearScheme, points_text
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Appraisal, Member, Score, Village, database

DEFAULT_THRESHOLDS = {"优秀": 900, "合格": 750, "基本合格": 600, "不合格": 0}
REASON_MAX = 200
NO_SUMS = BallotSums(None, 0, 0, 0, 0, 0, 0)


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError(f"年度应在 2000–2100 之间，不是 {year}", field="year")
    return year


def village_of(village_id: int) -> Village:
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise NotFoundError("找不到这个村，可能已被删除")
    return village


def open_appraisal(village_id: int, year: int) -> Appraisal:
    """The village's appraisal of ``year``, created (准备中) with its copy of the schemes when first used."""
    _check_year(year)
    village = village_of(village_id)
    with database.atomic():
        appraisal = appraisal_for(village_id, year)
        if appraisal is None:
            appraisal = Appraisal.create(village=village_id, year=year, status="准备中")
            audit.record("开始民主评议", appraisal, f"{village.name} {year} 年度民主评议（百分制考核）开始准备")
        schemes.install_village_schemes(village_id, year)
    return appraisal


def _writable(village_id: int, year: int) -> Appraisal:
    appraisal = open_appraisal(village_id, year)
    refuse_if_sealed(appraisal)
    return appraisal


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


def set_thresholds(village_id: int, year: int, thresholds: dict[str, int]) -> dict[str, int]:
    """Set the lowest totals (tenths) of 优秀, 合格 and 基本合格: 0–100 points, each below the one before."""
    values = []
    for grade in GRADES[:-1]:
        value = thresholds.get(grade)
        if not isinstance(value, int) or not 0 <= value <= schemes.FULL_MARKS_TENTHS:
            raise ValidationError(f"{grade}的分数线应在 0–100 分之间", field=grade)
        values.append(value)
    for (upper, high), (lower, low) in zip(zip(GRADES, values), zip(GRADES[1:], values[1:])):
        if low >= high:
            raise ValidationError(f"{lower}的分数线（{points_text(low)} 分）应低于{upper}的（{points_text(high)} 分）",
                                  field=lower)
    with database.atomic():
        appraisal = _writable(village_id, year)
        before = thresholds_of(appraisal)
        appraisal.thresholds = json.dumps(dict(zip(GRADES, values)), ensure_ascii=False)
        appraisal.save()
        after = thresholds_of(appraisal)
        if after != before:
            audit.record("设置等次分数线", appraisal, "，".join(
                f"{grade} ≥ {points_text(after[grade])} 分" for grade in GRADES[:-1]))
    return after


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


# --------------------------------------------------------------------------- manual scores


def parse_points(value, max_tenths: int, *, field: str = "points") -> int:
    """Points as typed (8, 8.5, "8.5") → tenths; 0 to the item's full points, at most one decimal."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"分数“{value}”不是数字", field=field) from None
    tenths = number * 10
    if not number.is_finite() or tenths != tenths.to_integral_value():
        raise ValidationError(f"分数最多一位小数，现为“{value}”", field=field)
    if not 0 <= tenths <= max_tenths:
        raise ValidationError(f"分数应在 0–{points_text(max_tenths)} 分之间，现为 {value} 分", field=field)
    return int(tenths)


def _item_of(scheme: YearScheme, item: int | str) -> SchemeItem:
    for candidate in scheme.items:
        if candidate.id == item or candidate.name == (" ".join(item.split()) if isinstance(item, str) else None):
            return candidate
    names = "、".join(i.name for i in scheme.items if i.source == "手工")
    raise NotFoundError(f"{scheme.tier}的考核方案中没有“{item}”这一项（手工评分项目：{names}）", field="item")


def set_score(village_id: int, year: int, member_id: int, item: int | str, points, reason: str = "") -> Score | None:
    """Score a manual item of a member (``item``: its id or name; ``points`` None clears the score).

    Points are 0 to the item's full points with at most one decimal; below
    full points the committee's reason is required. The first score on a
    scheme freezes it; the appraisal is then 评议中.
    """
    reason = " ".join((reason or "").split())
    with database.atomic():
        appraisal = _writable(village_id, year)
        member = next((m for m in appraised_members(village_id, year) if m.id == member_id), None)
        if member is None:
            raise NotFoundError(f"该党员不在 {year} 年度考核名单中（可能已归档或尚未入党）", field="member")
        scheme = schemes.scheme_versions(village_id, year, member.tier)[-1]
        target = _item_of(scheme, item)
        if target.source != "手工":
            raise ValidationError(f"“{target.name}”是自动计分项目，按本年度的记录计算，不能手工打分", field="item")
        if not scheme.usable:
            raise ValidationError(schemes.unusable_message(scheme), field="item")
        row = Score.get_or_none((Score.appraisal == appraisal.id) & (Score.member == member.id)
                                & (Score.item == target.id))
        if points is None or str(points).strip() == "":
            if row is not None:
                row.delete_instance()
                audit.record("清除评分", appraisal, f"{member.label}“{target.name}”的评分已清除")
            return None
        tenths = parse_points(points, target.max_tenths)
        if tenths < target.max_tenths and not reason:
            raise ValidationError(f"“{target.name}”未得满分（{points_text(tenths)}/"
                                  f"{points_text(target.max_tenths)} 分），请填写扣分理由", field="reason")
        if len(reason) > REASON_MAX:
            raise ValidationError(f"理由不能超过 {REASON_MAX} 个字", field="reason")
        if row is not None and (row.tenths, row.note) == (tenths, reason):
            return row
        before = None if row is None else row.tenths
        if row is None:
            row = Score.create(appraisal=appraisal.id, member=member.id, item=target.id, tenths=tenths, note=reason)
        else:
            row.tenths, row.note = tenths, reason
            row.save()
        schemes.freeze(scheme.id)
        if appraisal.status == "准备中":
            appraisal.status = "评议中"
            appraisal.save()
        was = "" if before is None else f"{points_text(before)} → "
        audit.record("考核评分", row, f"{member.label}“{target.name}”{was}{points_text(tenths)} 分"
                     + (f"（理由：{reason}）" if reason else ""))
    return row


def set_scores(village_id: int, year: int, member_id: int, entries) -> int:
    """Several manual scores of one member at once (the score dialog): all or nothing.

    ``entries``: (item name, points or None to clear, reason). A refusal names
    its item, with ``field`` ``item:<name>``. Returns how many were given."""
    with database.atomic():
        for name, points, reason in entries:
            try:
                set_score(village_id, year, member_id, name, points, reason)
            except ValidationError as error:
                raise type(error)(f"{name}：{error.message}", field=f"item:{name}") from None
    return len(entries)


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


def year_data(village: Village, year: int, today: datetime.date, figures: dict[int, Figures] | None = None) -> YearData:
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
    count = ballots.count(appraisal, len(members)) if appraisal is not None else None
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
    _check_year(year)
    return build_results(year_data(village_of(village_id), year, today or datetime.date.today()))


def township_results(year: int, today: datetime.date | None = None) -> list[AppraisalResults]:
    """Every village's results of ``year``, in the villages' order (the year's figures read once for all)."""
    _check_year(year)
    today = today or datetime.date.today()
    figures = gather(year, None, today)
    return [build_results(year_data(village, year, today, figures))
            for village in Village.select().order_by(Village.sort_order, Village.id)]


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
    _check_year(year)
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


# --------------------------------------------------------------------------- scheme editing


def save_scheme(village_id: int, year: int, tier: str, drafts, name: str | None = None) -> YearScheme:
    """Save the edited items of the village's scheme for ``tier`` (see ``schemes.revise_scheme``)."""
    if tier not in TIERS:
        raise ValidationError(f"考核类别应为{'、'.join(TIERS)}之一", field="tier")
    with database.atomic():
        return schemes.revise_scheme(_writable(village_id, year), tier, drafts, name)


def _edit(village_id: int, year: int, tier: str, change) -> YearScheme:
    with database.atomic():
        appraisal = _writable(village_id, year)
        drafts = schemes.scheme_versions(village_id, year, tier)[-1].drafts()
        change(drafts)
        return schemes.revise_scheme(appraisal, tier, drafts)


def _position(drafts: list[ItemDraft], item_id: int) -> int:
    for position, draft in enumerate(drafts):
        if draft.origin == item_id:
            return position
    raise NotFoundError("考核方案中没有这一项，可能已被删除或方案已更新，请重新打开", field="item")


def add_item(village_id: int, year: int, tier: str, draft: ItemDraft, position: int | None = None) -> YearScheme:
    """Add an item (at ``position``, default last)."""
    def change(drafts):
        drafts.insert(len(drafts) if position is None else position, ItemDraft(
            draft.name, draft.max_tenths, draft.criteria, draft.source, draft.rule, None))
    return _edit(village_id, year, tier, change)


def remove_item(village_id: int, year: int, tier: str, item_id: int) -> YearScheme:
    return _edit(village_id, year, tier, lambda drafts: drafts.pop(_position(drafts, item_id)))


def move_item(village_id: int, year: int, tier: str, item_id: int, offset: int) -> YearScheme:
    """Move an item up (``offset`` < 0) or down."""
    def change(drafts):
        position = _position(drafts, item_id)
        target = min(max(position + offset, 0), len(drafts) - 1)
        drafts.insert(target, drafts.pop(position))
    return _edit(village_id, year, tier, change)


def update_item(village_id: int, year: int, tier: str, item_id: int, **changes) -> YearScheme:
    """Rename an item or change its points (``max_tenths``), criteria, source or rule."""
    unknown = set(changes) - {"name", "max_tenths", "criteria", "source", "rule"}
    if unknown:
        raise ValueError(f"unknown item fields {sorted(unknown)}")

    def change(drafts):
        position = _position(drafts, item_id)
        drafts[position] = ItemDraft(**{**drafts[position].__dict__, **changes})
    return _edit(village_id, year, tier, change)


def scored_line(item: ItemResult) -> str:
    """An item's points for a table cell: 23.3 分, or 未评分."""
    return "未评分" if item.tenths is None else scored_text(item.tenths)

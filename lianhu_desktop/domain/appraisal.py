"""百分制考核 (一评): a village's year — the writes, and the one name to call for the reads.

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
by field by the database's triggers. The reads (``results``,
``township_results``, ``trial`` …) live in ``appraisal_results`` and are
called through this module: ``appraisal.results(village_id, year)``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from lianhu_desktop.domain import audit, schemes
from lianhu_desktop.domain.appraisal_results import (  # noqa: F401 - the reads, called as appraisal.results …
    DEFAULT_THRESHOLDS, Appraised, TrialRow, appraised_members, find_member, get_thresholds, grade_for, results,
    seal_code, thresholds_of, township_results, trial,
)
from lianhu_desktop.domain.appraisal_results import check_year, village_of
from lianhu_desktop.domain.appraisal_types import appraisal_for, refuse_if_sealed
from lianhu_desktop.domain.schemes import ItemDraft, SchemeItem, YearScheme, points_text
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.errors import NotFoundError, StaleRecord, ValidationError
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Appraisal, Score, database

REASON_MAX = 200


def open_appraisal(village_id: int, year: int) -> Appraisal:
    """The village's appraisal of ``year``, created (准备中) with its copy of the schemes when first used."""
    check_year(year)
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


def set_thresholds(village_id: int, year: int, thresholds: dict[str, int],
                   started: dict[str, int] | None = None) -> dict[str, int]:
    """Set the lowest totals (tenths) of 优秀, 合格 and 基本合格: 0–100 points, each below the one before.

    ``started`` is what the dialog showed: thresholds someone else changed
    since are not overwritten (``StaleRecord``; the write checks the row's version)."""
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
        if started is not None:
            rowversion.refuse_changed(f"{year} 年度等次分数线", [
                (f"{g}分数线", f"{points_text(before[g])} 分", f"{points_text(started[g])} 分") for g in GRADES[:-1]])
        appraisal.thresholds = json.dumps(dict(zip(GRADES, values)), ensure_ascii=False)
        appraisal.save()
        after = thresholds_of(appraisal)
        if after != before:
            audit.record("设置等次分数线", appraisal, "，".join(
                f"{grade} ≥ {points_text(after[grade])} 分" for grade in GRADES[:-1]))
    return after


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


def set_score(village_id: int, year: int, member_id: int, item: int | str, points, reason: str = "",
              started: tuple[int | None, str] | None = None) -> Score | None:
    """Score a manual item of a member (``item``: its id or name; ``points`` None clears the score).

    Points are 0 to the item's full points with at most one decimal; below
    full points the committee's reason is required. The first score on a
    scheme freezes it; the appraisal is then 评议中. ``started`` is the
    (tenths or None, reason) the dialog showed: a score someone else changed
    since is refused with ``StaleRecord`` (the write checks the row's version).
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
        if started is not None:
            _check_started(member.label, target.name, row, started)
        if points is None or str(points).strip() == "":
            if row is not None:
                rowversion.claim(Score, row.id, rowversion.of(row))
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


def _score_text(tenths: int | None, note: str) -> str:
    if tenths is None:
        return "未评分"
    return f"{points_text(tenths)} 分" + (f"（理由：{note}）" if note else "")


def _check_started(member: str, item: str, row: Score | None, started: tuple[int | None, str]) -> None:
    now = (None, "") if row is None else (row.tenths, row.note)
    before = (started[0], started[1] if started[0] is not None else "")
    if now != before:
        raise StaleRecord(
            f"{member}的“{item}”评分在您打开之后已被其他用户修改，为免覆盖对方的修改，刚才的保存没有进行。\n"
            f"对方修改了：\n  {item}：对方改为“{_score_text(*now)}”，您打开时为“{_score_text(*before)}”\n"
            "您在窗口中的输入仍然保留。请重新载入最新内容，再把您的修改填上后保存。",
            changes=[(item, _score_text(*now), _score_text(*before))])


def set_scores(village_id: int, year: int, member_id: int, entries,
               started: dict[str, tuple[int | None, str]] | None = None) -> int:
    """Several manual scores of one member at once (the score dialog): all or nothing.

    ``entries``: (item name, points or None to clear, reason). A refusal names
    its item, with ``field`` ``item:<name>``. ``started``: item name → the
    (tenths or None, reason) the dialog showed (see ``set_score``). Returns how
    many were given."""
    with database.atomic():
        for name, points, reason in entries:
            try:
                set_score(village_id, year, member_id, name, points, reason,
                          None if started is None else started.get(name, (None, "")))
            except ValidationError as error:
                raise type(error)(f"{name}：{error.message}", field=f"item:{name}") from None
    return len(entries)


# --------------------------------------------------------------------------- scheme editing


def save_scheme(village_id: int, year: int, tier: str, drafts, name: str | None = None,
                loaded: Loaded | None = None) -> YearScheme:
    """Save the edited items of the village's scheme for ``tier`` (see ``schemes.revise_scheme``)."""
    if tier not in TIERS:
        raise ValidationError(f"考核类别应为{'、'.join(TIERS)}之一", field="tier")
    with database.atomic():
        return schemes.revise_scheme(_writable(village_id, year), tier, drafts, name, loaded)


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

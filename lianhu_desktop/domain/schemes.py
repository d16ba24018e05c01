"""The default 100-point appraisal schemes (百分制考核方案), one per tier.

The schemes ship as JSON files under ``resources/schemes/``; each item has a
name, its maximum points, the criteria read out at the appraisal meeting, its
source (手工: scored by hand; 自动: computed) and, for automatic items, the
rule that computes it. Points are held as integers of tenths.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lianhu_desktop import paths
from lianhu_desktop.domain import audit
from lianhu_desktop.domain.vocab import ITEM_SOURCES, TIERS
from lianhu_desktop.errors import StaleRecord, ValidationError
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.models import Item, Scheme, Village, database, now
from lianhu_desktop.store.rowversion import Loaded

# Rules an automatic item may name, with what each computes.
RULES = {
    "visits": "月度走访达标率（每月每户至少走访一次）",
    "meetings": "主题党日及组织生活出席率",
    "commitments": "公开承诺按期完成率",
    "requests": "群众诉求办结反馈率",
    "ballots": "民主测评票折算（党员、群众代表票按权重）",
}
# The same rules in a word or two, for narrow places (the scheme editor's rule column).
RULE_LABELS = {"visits": "联户走访", "meetings": "组织生活出席", "commitments": "承诺践诺",
               "requests": "诉求办理反馈", "ballots": "民主测评票"}

# One file per tier, in the order of vocab.TIERS.
SCHEME_FILES = {
    "党员干部": "cadre.json",
    "一般党员": "ordinary.json",
    "外出党员": "migrant.json",
    "老病残党员": "elderly.json",
}

FULL_MARKS_TENTHS = 1000


@dataclass(frozen=True)
class ItemSpec:
    name: str
    max_tenths: int
    criteria: str
    source: str
    rule: str = ""


@dataclass(frozen=True)
class SchemeSpec:
    tier: str
    name: str
    items: tuple[ItemSpec, ...]

    @property
    def total_tenths(self) -> int:
        return sum(item.max_tenths for item in self.items)


def _tenths(value, where: str) -> int:
    """Points as written in the file (10, 7.5, "2.5") → integer tenths."""
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"{where}：分值“{value}”不是数字") from None
    tenths = points * 10
    if tenths != tenths.to_integral_value() or tenths <= 0:
        raise ValidationError(f"{where}：分值应为正数，最多一位小数，现为“{value}”")
    return int(tenths)


def parse_scheme(data: dict, origin: str = "") -> SchemeSpec:
    """Check one scheme's JSON data and turn it into a SchemeSpec.

    A scheme must name a known tier and its items must add up to exactly 100.
    """
    where = origin or "考核方案"
    tier = data.get("tier", "")
    if tier not in TIERS:
        raise ValidationError(f"{where}：考核类别“{tier}”不在 {'、'.join(TIERS)} 之中")
    items = []
    for number, raw in enumerate(data.get("items") or (), start=1):
        place = f"{where}第 {number} 项"
        name = str(raw.get("name", "")).strip()
        if not name:
            raise ValidationError(f"{place}：缺少项目名称")
        source = raw.get("source", "手工")
        if source not in ITEM_SOURCES:
            raise ValidationError(f"{place}（{name}）：来源应为“手工”或“自动”")
        rule = raw.get("rule", "") if source == "自动" else ""
        if source == "自动" and rule not in RULES:
            raise ValidationError(f"{place}（{name}）：自动计分项目的规则“{rule}”未知")
        items.append(ItemSpec(name, _tenths(raw.get("points"), place), str(raw.get("criteria", "")),
                              source, rule))
    if not items:
        raise ValidationError(f"{where}：没有考核项目")
    spec = SchemeSpec(tier, str(data.get("name") or f"{tier}百分制考核方案"), tuple(items))
    if spec.total_tenths != FULL_MARKS_TENTHS:
        raise ValidationError(f"{where}：各项分值合计应为 100 分，现为 {Decimal(spec.total_tenths) / 10} 分")
    return spec


@functools.cache
def _default_schemes() -> tuple[SchemeSpec, ...]:
    specs = []
    for tier in TIERS:
        path = paths.resource("schemes", SCHEME_FILES[tier])
        data = json.loads(path.read_text(encoding="utf-8"))
        spec = parse_scheme(data, f"考核方案文件 {path.name}")
        if spec.tier != tier:
            raise ValidationError(f"考核方案文件 {path.name} 的考核类别应为“{tier}”")
        specs.append(spec)
    return tuple(specs)


def load_default_schemes() -> list[SchemeSpec]:
    """The four default schemes shipped with the program, in tier order (read once)."""
    return list(_default_schemes())


def install_default_schemes(year: int, village: Village | int | None = None) -> list[Scheme]:
    """Create the default schemes and their items for ``year``.

    ``village`` None makes the township-wide schemes. A tier that already has
    a scheme for that year and village is left alone, so calling twice is
    harmless. Returns the schemes created.
    """
    village_id = village.id if isinstance(village, Village) else village
    created = []
    with database.atomic():
        for spec in load_default_schemes():
            exists = Scheme.select().where(
                (Scheme.tier == spec.tier) & (Scheme.year == year)
                & (Scheme.village.is_null() if village_id is None else Scheme.village == village_id)
            ).exists()
            if exists:
                continue
            scheme = Scheme.create(village=village_id, tier=spec.tier, year=year,
                                   name=f"{year}年度{spec.name}")
            Item.insert_many([
                {"scheme": scheme.id, "name": item.name, "max_tenths": item.max_tenths,
                 "criteria": item.criteria, "source": item.source, "rule": item.rule,
                 "sort_order": order}
                for order, item in enumerate(spec.items)
            ]).execute()
            audit.record("新建考核方案", scheme, f"新建“{scheme.name}”（{len(spec.items)} 项，满分 100 分）")
            created.append(scheme)
    return created


# --------------------------------------------------------------------------- a village's schemes for a year
#
# A village scores its members on its own copy of the schemes for the year,
# made when its appraisal is first opened: from the township's schemes of
# that year (village NULL) where they exist, else from the default files.
# Each (village, tier, year) has versions 1, 2 …; the newest is the one in
# use. A version is frozen once scoring has begun on it (the first score sets
# ``frozen_at``): a change then makes the next version, and the scores stay
# with the items they were given on.

ITEM_NAME_MAX = 50
SCHEME_NAME_MAX = 100
UNSTORED = 0  # the item id of a default item not yet copied into the database


@dataclass(frozen=True)
class SchemeItem:
    """An item of a scheme as the appraisal reads it."""

    id: int  # UNSTORED for a default item not yet in the database
    name: str
    max_tenths: int
    criteria: str
    source: str
    rule: str

    def draft(self) -> ItemDraft:
        return ItemDraft(self.name, self.max_tenths, self.criteria, self.source, self.rule, self.id or None)


@dataclass(frozen=True)
class ItemDraft:
    """An item as the scheme editor holds it; ``origin`` is the stored item it edits (None: new)."""

    name: str
    max_tenths: int
    criteria: str = ""
    source: str = "手工"
    rule: str = ""
    origin: int | None = None

    def same_scoring(self, item: SchemeItem) -> bool:
        """Scores given on ``item`` still hold for this draft (only its name or place changed)."""
        return (self.max_tenths, self.criteria, self.source, self.rule) == \
            (item.max_tenths, item.criteria, item.source, item.rule)


@dataclass(frozen=True)
class YearScheme:
    """A tier's scheme in use for a village's year."""

    id: int | None  # None: the default file, not yet copied
    village_id: int | None  # None: the township's
    tier: str
    year: int
    name: str
    version: int
    frozen_at: object  # datetime or None
    items: tuple[SchemeItem, ...]

    @property
    def total_tenths(self) -> int:
        return sum(item.max_tenths for item in self.items)

    @property
    def usable(self) -> bool:
        """A scheme whose items do not total 100 points cannot be used."""
        return self.total_tenths == FULL_MARKS_TENTHS and bool(self.items)

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    def drafts(self) -> list[ItemDraft]:
        return [item.draft() for item in self.items]


def points_text(tenths: int) -> str:
    """Full points as said: 10 for 100 tenths, 7.5 for 75."""
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


def unusable_message(scheme: YearScheme) -> str:
    return (f"{scheme.tier}的考核方案各项分值合计 {points_text(scheme.total_tenths)} 分，不是 100 分，"
            "不能使用；请先在“考核方案”中修改")


def _items_of(scheme_ids) -> dict[int, list[SchemeItem]]:
    found: dict[int, list[SchemeItem]] = {sid: [] for sid in scheme_ids}
    ids = sorted(found)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for item_id, scheme_id, *rest in database.execute_sql(
                "SELECT id, scheme_id, name, max_tenths, criteria, source, rule FROM item "
                f"WHERE scheme_id IN ({', '.join('?' * len(chunk))}) ORDER BY sort_order, id", chunk):
            found[scheme_id].append(SchemeItem(item_id, *rest))
    return found


@dataclass(frozen=True)
class _Row:
    id: int
    village_id: int | None
    tier: str
    year: int
    name: str
    version: int
    frozen_at: object


_COLUMNS = "id, village_id, tier, year, name, version, frozen_at"


def _year_scheme(row: _Row, items: list[SchemeItem]) -> YearScheme:
    return YearScheme(row.id, row.village_id, row.tier, row.year, row.name, row.version, row.frozen_at,
                      tuple(items))


def _newest(rows) -> dict[str, _Row]:
    newest: dict[str, _Row] = {}
    for row in rows:
        held = newest.get(row.tier)
        if held is None or (row.version, row.id) > (held.version, held.id):
            newest[row.tier] = row
    return newest


def schemes_in_use(village_id: int, year: int) -> dict[str, YearScheme]:
    """Per tier, the scheme the village's year is scored on: its own newest version, else the
    township's for the year, else the default file's (read only: nothing is written)."""
    rows = [_Row(*row) for row in database.execute_sql(
        f"SELECT {_COLUMNS} FROM scheme WHERE year = ? AND (village_id = ? OR village_id IS NULL)",
        [year, village_id])]
    own = _newest(row for row in rows if row.village_id == village_id)
    township = _newest(row for row in rows if row.village_id is None)
    chosen = {tier: own.get(tier) or township.get(tier) for tier in TIERS}
    items = _items_of(row.id for row in chosen.values() if row is not None)
    found = {}
    defaults = {spec.tier: spec for spec in _default_schemes()}
    for tier in TIERS:
        row = chosen.get(tier)
        if row is not None:
            found[tier] = _year_scheme(row, items[row.id])
        else:
            spec = defaults[tier]
            found[tier] = YearScheme(
                None, None, tier, year, f"{year}年度{spec.name}", 1, None,
                tuple(SchemeItem(UNSTORED, i.name, i.max_tenths, i.criteria, i.source, i.rule) for i in spec.items))
    return found


def scheme_versions(village_id: int, year: int, tier: str) -> list[YearScheme]:
    """Every version of the village's scheme for a tier and year, oldest first."""
    rows = [_Row(*row) for row in database.execute_sql(
        f"SELECT {_COLUMNS} FROM scheme WHERE village_id = ? AND year = ? AND tier = ? ORDER BY version, id",
        [village_id, year, tier])]
    items = _items_of(row.id for row in rows)
    return [_year_scheme(row, items[row.id]) for row in rows]


def _create(village_id: int, tier: str, year: int, name: str, version: int, drafts, frozen_at=None) -> Scheme:
    scheme = Scheme.create(village=village_id, tier=tier, year=year, name=name, version=version,
                           frozen_at=frozen_at)
    Item.insert_many([
        {"scheme": scheme.id, "name": d.name, "max_tenths": d.max_tenths, "criteria": d.criteria,
         "source": d.source, "rule": d.rule, "sort_order": order}
        for order, d in enumerate(drafts)
    ]).execute()
    return scheme


def install_village_schemes(village_id: int, year: int) -> list[Scheme]:
    """Copy the year's schemes into the village (the township's, else the defaults) where it has none.

    Call inside the transaction that first writes the village's appraisal of the year.
    """
    created = []
    with database.atomic():
        for tier, scheme in schemes_in_use(village_id, year).items():
            if scheme.village_id == village_id:
                continue
            row = _create(village_id, tier, year, scheme.name, 1, scheme.drafts())
            source = "乡镇方案" if scheme.id is not None else "默认方案"
            audit.record("新建考核方案", row, f"从{source}复制“{row.name}”（{len(scheme.items)} 项，"
                                            f"合计 {points_text(scheme.total_tenths)} 分）")
            created.append(row)
    return created


def clean_drafts(drafts) -> list[ItemDraft]:
    """Check edited items (names, points, sources, rules); every refusal in Chinese, the first one raised."""
    cleaned, names, rules = [], set(), set()
    for number, draft in enumerate(drafts, start=1):
        name = " ".join(str(draft.name or "").split())
        where = f"第 {number} 项" + (f"（{name}）" if name else "")
        if not name:
            raise ValidationError(f"{where}：请填写项目名称", field="items")
        if len(name) > ITEM_NAME_MAX:
            raise ValidationError(f"{where}：项目名称不能超过 {ITEM_NAME_MAX} 个字", field="items")
        if name in names:
            raise ValidationError(f"{where}：有两个项目都叫“{name}”，请改名区分", field="items")
        names.add(name)
        if not isinstance(draft.max_tenths, int) or draft.max_tenths <= 0 or draft.max_tenths > FULL_MARKS_TENTHS:
            raise ValidationError(f"{where}：分值应大于 0、不超过 100 分", field="items")
        if draft.source not in ITEM_SOURCES:
            raise ValidationError(f"{where}：来源应为“手工”或“自动”", field="items")
        rule = draft.rule if draft.source == "自动" else ""
        if draft.source == "自动":
            if rule not in RULES:
                raise ValidationError(f"{where}：请为自动计分项目选择计分规则", field="items")
            if rule in rules:
                raise ValidationError(f"{where}：计分规则“{RULES[rule]}”已用于另一个项目", field="items")
            rules.add(rule)
        criteria = str(draft.criteria or "").strip()
        if len(criteria) > 500:
            raise ValidationError(f"{where}：评分标准不能超过 500 个字", field="items")
        cleaned.append(ItemDraft(name, draft.max_tenths, criteria, draft.source, rule, draft.origin))
    if not cleaned:
        raise ValidationError("考核方案至少要有一个项目", field="items")
    return cleaned


def _describe(before: tuple[SchemeItem, ...], after: list[ItemDraft]) -> str:
    """What an edit changed, in a line for the audit log."""
    old = {item.id: item for item in before}
    kept = {d.origin for d in after if d.origin in old}
    parts = [f"删除“{item.name}”" for item in before if item.id not in kept]
    for draft in after:
        item = old.get(draft.origin)
        if item is None:
            parts.append(f"新增“{draft.name}”（{points_text(draft.max_tenths)} 分）")
            continue
        if item.name != draft.name:
            parts.append(f"“{item.name}”改名为“{draft.name}”")
        if item.max_tenths != draft.max_tenths:
            parts.append(f"“{draft.name}”分值 {points_text(item.max_tenths)} → {points_text(draft.max_tenths)} 分")
        if item.criteria != draft.criteria:
            parts.append(f"“{draft.name}”评分标准修改")
        if (item.source, item.rule) != (draft.source, draft.rule):
            rule = f"（{RULES[draft.rule]}）" if draft.rule else ""
            parts.append(f"“{draft.name}”计分方式改为{draft.source}{rule}")
    if [d.origin for d in after if d.origin in old] != [i.id for i in before if i.id in kept]:
        parts.append("调整顺序")
    return "；".join(parts)


def load_scheme(scheme: YearScheme) -> Loaded | None:
    """The version of the scheme an editor shows (None: the default file, not in the database)."""
    return None if scheme.id is None else rowversion.load(Scheme, scheme.id, "考核方案不存在或已被删除")


def revise_scheme(appraisal, tier: str, drafts, name: str | None = None, loaded: Loaded | None = None) -> YearScheme:
    """Save the edited items of the village's scheme for a tier (the appraisal's village and year).

    Before scoring has begun the scheme is edited in place (a total other than
    100 is kept as a draft, which cannot be used). Once frozen, a change makes
    the next version, which must total 100: the old version keeps its scores,
    and the manual scores of items whose points, criteria and source are
    unchanged carry over to the new version. Returns the scheme now in use.
    The caller opened the appraisal and refused a sealed one. Every change
    moves the version of the scheme row on; one made against ``loaded`` (what
    the editor showed) is refused with ``StaleRecord`` if someone else saved
    the scheme since.
    """
    from lianhu_desktop.store.models import Score

    drafts = clean_drafts(drafts)
    with database.atomic():
        versions = scheme_versions(appraisal.village_id, appraisal.year, tier)
        if not versions:
            raise ValidationError(f"本村 {appraisal.year} 年度还没有{tier}的考核方案")
        current = versions[-1]
        by_id = {item.id: item for item in current.items}
        if any(d.origin is not None and d.origin not in by_id for d in drafts):
            raise ValidationError("考核方案已在别处修改，请关闭后重新打开再改")
        name = " ".join((name or current.name).split())[:SCHEME_NAME_MAX] or current.name
        change = _describe(current.items, drafts)
        if name != current.name:
            change = "；".join(filter(None, [f"方案名称改为“{name}”", change]))
        if not change:
            return current
        if loaded is not None and loaded.row_id != current.id:
            raise StaleRecord(f"{tier}的考核方案在您打开之后已被其他用户修改，现已是第 {current.version} 版，"
                              "为免覆盖对方的修改，刚才的保存没有进行。您在窗口中的输入仍然保留。"
                              "请重新载入最新方案，再把您的修改填上后保存。")
        rowversion.claim(Scheme, current.id, loaded)
        total = sum(d.max_tenths for d in drafts)
        if not current.frozen:
            Scheme.update(name=name).where(Scheme.id == current.id).execute()
            kept = {d.origin for d in drafts if d.origin is not None}
            gone = [item.id for item in current.items if item.id not in kept]
            if gone:
                Item.delete().where(Item.id.in_(gone)).execute()
            for order, d in enumerate(drafts):
                values = {"name": d.name, "max_tenths": d.max_tenths, "criteria": d.criteria, "source": d.source,
                          "rule": d.rule, "sort_order": order}
                if d.origin is None:
                    Item.create(scheme=current.id, **values)
                else:
                    item = by_id[d.origin]
                    if (item.name, item.max_tenths, item.criteria, item.source, item.rule, order) != \
                            (d.name, d.max_tenths, d.criteria, d.source, d.rule, _order(current, item)):
                        Item.update(**values, updated_at=now()).where(Item.id == d.origin).execute()
            row = Scheme.get_by_id(current.id)
            unusable = "" if total == FULL_MARKS_TENTHS else f"（合计 {points_text(total)} 分，须为 100 分才能使用）"
            audit.record("修改考核方案", row, f"“{name}”第 {current.version} 版：{change}{unusable}")
            return scheme_versions(appraisal.village_id, appraisal.year, tier)[-1]
        if total != FULL_MARKS_TENTHS:
            raise ValidationError(f"{tier}的考核方案已开始评分，修改后各项合计须为 100 分才能保存"
                                  f"（现为 {points_text(total)} 分）", field="items")
        row = _create(appraisal.village_id, tier, appraisal.year, name, current.version + 1, drafts)
        new_items = list(Item.select(Item.id).where(Item.scheme == row.id).order_by(Item.sort_order).tuples())
        carried_items = 0
        carried = []
        for (new_id,), d in zip(new_items, drafts):
            old = by_id.get(d.origin)
            if old is None or d.source != "手工" or not d.same_scoring(old):
                continue
            carried_items += 1
            carried += [{"appraisal": appraisal.id, "member": member_id, "item": new_id, "tenths": tenths,
                         "note": note, "computation": computation}
                        for member_id, tenths, note, computation in
                        Score.select(Score.member, Score.tenths, Score.note, Score.computation)
                        .where((Score.appraisal == appraisal.id) & (Score.item == old.id)).tuples()]
        for start in range(0, len(carried), 500):
            Score.insert_many(carried[start:start + 500]).execute()
        if carried:
            row.frozen_at = now()
            row.save()
        audit.record("修改考核方案", row, f"“{name}”已开始评分，修改后成为第 {row.version} 版（{change}）；"
                     f"第 {current.version} 版及其评分保留，未改动的 {carried_items} 个手工项目的 "
                     f"{len(carried)} 条评分转入新版")
        return scheme_versions(appraisal.village_id, appraisal.year, tier)[-1]


def _order(scheme: YearScheme, item: SchemeItem) -> int:
    return scheme.items.index(item)


def freeze(scheme_id: int) -> None:
    """Scoring has begun on this version: from now on a change makes the next version."""
    Scheme.update(**rowversion.bumped(Scheme, {"frozen_at": now()})) \
        .where((Scheme.id == scheme_id) & Scheme.frozen_at.is_null()).execute()

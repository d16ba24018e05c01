"""The default 100-point appraisal schemes (百分制考核方案), one per tier.

The schemes ship as JSON files under ``resources/schemes/``; each item has a
name, its maximum points, the criteria read out at the appraisal meeting, its
source (手工: scored by hand; 自动: computed) and, for automatic items, the
rule that computes it. Points are held as integers of tenths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lianhu_desktop import paths
from lianhu_desktop.domain import audit
from lianhu_desktop.domain.vocab import ITEM_SOURCES, TIERS
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Item, Scheme, Village, database

# Rules an automatic item may name, with what each computes.
RULES = {
    "visits": "月度走访达标率（每月每户至少走访一次）",
    "meetings": "主题党日及组织生活出席率",
    "commitments": "公开承诺按期完成率",
    "requests": "群众诉求办结反馈率",
}

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


def load_default_schemes() -> list[SchemeSpec]:
    """The four default schemes shipped with the program, in tier order."""
    specs = []
    for tier in TIERS:
        path = paths.resource("schemes", SCHEME_FILES[tier])
        data = json.loads(path.read_text(encoding="utf-8"))
        spec = parse_scheme(data, f"考核方案文件 {path.name}")
        if spec.tier != tier:
            raise ValidationError(f"考核方案文件 {path.name} 的考核类别应为“{tier}”")
        specs.append(spec)
    return specs


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

"""The default 100-point appraisal schemes."""

import pytest

from lianhu_desktop.domain import schemes
from lianhu_desktop.domain.vocab import ITEM_SOURCES, TIERS
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import AuditLog, Item, Scheme


def test_four_default_schemes_each_sum_to_100_points():
    specs = schemes.load_default_schemes()
    assert [s.tier for s in specs] == list(TIERS)
    for spec in specs:
        assert spec.total_tenths == 1000, spec.tier
        assert sum(item.max_tenths for item in spec.items) / 10 == 100.0
        assert all(item.source in ITEM_SOURCES and item.criteria for item in spec.items)
        automatic = [item for item in spec.items if item.source == "自动"]
        assert automatic and all(item.rule in schemes.RULES for item in automatic)
        assert all(item.rule == "" for item in spec.items if item.source == "手工")
    # Linking is what the appraisal is mainly about, for those who link.
    for spec in specs[:3]:
        assert any(item.rule == "visits" for item in spec.items)


def test_install_creates_schemes_and_items_once(db):
    created = schemes.install_default_schemes(2026)
    assert len(created) == 4 and Scheme.select().count() == 4
    for scheme in Scheme.select():
        assert scheme.village is None and scheme.year == 2026 and "2026" in scheme.name
        items = list(scheme.items.order_by(Item.sort_order))
        assert sum(i.max_tenths for i in items) == 1000
        assert [i.sort_order for i in items] == list(range(len(items)))
    assert schemes.install_default_schemes(2026) == []
    assert Scheme.select().count() == 4
    assert AuditLog.select().where(AuditLog.action == "新建考核方案").count() == 4


def test_install_for_a_village_and_another_year(village):
    assert len(schemes.install_default_schemes(2025, village)) == 4
    assert len(schemes.install_default_schemes(2025)) == 4
    assert len(schemes.install_default_schemes(2026, village.id)) == 4
    assert Scheme.select().where(Scheme.village == village).count() == 8


def test_tenths_keep_half_points_exact():
    data = {"tier": "一般党员", "items": [
        {"name": "甲", "points": 42.5, "criteria": "", "source": "手工"},
        {"name": "乙", "points": "57.5", "criteria": "", "source": "自动", "rule": "meetings"},
    ]}
    spec = schemes.parse_scheme(data)
    assert [i.max_tenths for i in spec.items] == [425, 575]


@pytest.mark.parametrize("change, message", [
    ({"tier": "普通党员"}, "考核类别"),
    ({"items": [{"name": "甲", "points": 90, "source": "手工"}]}, "合计应为 100 分"),
    ({"items": [{"name": "甲", "points": 100, "source": "自动", "rule": "luck"}]}, "规则"),
    ({"items": [{"name": "甲", "points": 100.05, "source": "手工"}]}, "一位小数"),
    ({"items": [{"name": "", "points": 100, "source": "手工"}]}, "名称"),
])
def test_bad_scheme_files_are_refused_in_chinese(change, message):
    data = {"tier": "一般党员", "items": [{"name": "甲", "points": 100, "source": "手工"}]} | change
    with pytest.raises(ValidationError, match=message):
        schemes.parse_scheme(data)

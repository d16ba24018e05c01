"""Two clerks on one year's appraisal: a save over figures, rules or thresholds someone else changed is refused."""

from __future__ import annotations

import pytest

from lianhu_desktop.domain import appraisal
from lianhu_desktop.domain import ballots as b
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.errors import StaleRecord
from tests.unit.ballotfixtures import YEAR, ballot_village


@pytest.fixture
def people(village):
    return ballot_village(village)


def test_meeting_figures_changed_by_another_clerk_are_not_overwritten(village, people):
    shown = b.meeting_figures(appraisal_for(village.id, YEAR))
    b.set_meeting_figures(village.id, YEAR, 40, 35, None, shown)  # the first clerk's save
    with pytest.raises(StaleRecord) as refused:
        b.set_meeting_figures(village.id, YEAR, 30, 36, 30, shown)  # the second, from the same screen
    assert "发出票数：对方改为“40”，您打开时为“未填”" in str(refused.value)
    assert "实到人数：" not in str(refused.value)  # not changed by the other clerk
    assert [c[0] for c in refused.value.changes] == ["发出票数", "应到人数"]
    assert b.meeting_figures(appraisal_for(village.id, YEAR)) == (40, 35, None)
    # Another part of the row (the thresholds) changed meanwhile does not stop a save of the figures.
    appraisal.set_thresholds(village.id, YEAR, {"优秀": 850, "合格": 700, "基本合格": 600})
    b.set_meeting_figures(village.id, YEAR, 40, 35, 33, (40, 35, None))
    assert b.meeting_figures(appraisal_for(village.id, YEAR)) == (40, 35, 33)


def test_counting_rules_changed_by_another_clerk_are_not_overwritten(village, people):
    shown = b.counting_rules(village.id, YEAR)
    b.set_counting_rules(village.id, YEAR, b.CountingRules(max_excellent_share=0.4), shown)
    mine = b.CountingRules(kind_weights={"党员": 0.7, "群众代表": 0.3})
    with pytest.raises(StaleRecord) as refused:
        b.set_counting_rules(village.id, YEAR, mine, shown)
    assert "优秀比例规则：对方改为“超过 40% 无效”，您打开时为“不启用”" in str(refused.value)
    assert b.counting_rules(village.id, YEAR).max_excellent_share == 0.4
    assert b.counting_rules(village.id, YEAR).kind_weights != mine.kind_weights
    b.set_counting_rules(village.id, YEAR, mine, b.counting_rules(village.id, YEAR))
    assert b.counting_rules(village.id, YEAR).kind_weights == {"党员": 0.7, "群众代表": 0.3}


def test_thresholds_changed_by_another_clerk_are_not_overwritten(village, people):
    shown = appraisal.get_thresholds(village.id, YEAR)
    appraisal.set_thresholds(village.id, YEAR, {"优秀": 850, "合格": 750, "基本合格": 600}, shown)
    with pytest.raises(StaleRecord) as refused:
        appraisal.set_thresholds(village.id, YEAR, {"优秀": 950, "合格": 750, "基本合格": 600}, shown)
    assert refused.value.changes == [("优秀分数线", "85 分", "90 分")]
    assert appraisal.get_thresholds(village.id, YEAR)["优秀"] == 850

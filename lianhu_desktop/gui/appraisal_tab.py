"""百分制考核: per member, the year's scheme and the figures it draws on.

Scores are entered and computed in a later issue; this tab shows only what
the data already holds (the tier's scheme, its items and maximum, visits,
meetings attended), never a made-up score.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QComboBox, QSpinBox

from lianhu_desktop.domain import listing
from lianhu_desktop.domain.vocab import TIERS
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change


class AppraisalTab(ListTab):
    key = "appraisal"
    spec = listing.APPRAISAL
    # Scheme and maximum per tier; links, visits and meetings of the year.
    depends = frozenset({Change.MEMBERS, Change.ORGANISATION, Change.LINKS, Change.VISITS, Change.MEETINGS,
                         Change.SCHEMES, Change.SCORES, Change.VILLAGES})
    title = "百分制考核"

    def build_filters(self) -> None:
        this_year = datetime.date.today().year
        self.year = QSpinBox(self)
        self.year.setObjectName("yearFilter")
        self.year.setRange(2000, this_year + 1)
        self.year.setValue(this_year)
        self.year.setSuffix(" 年")
        self.model.filters["year"] = this_year
        self.year.valueChanged.connect(lambda year: self.model.set_filters(year=year))
        self.add_filter_widget(self.year, "考核年度：")
        self.tier = QComboBox(self)
        self.tier.setObjectName("tierFilter")
        self.tier.addItem("全部类别", None)
        for tier in TIERS:
            self.tier.addItem(tier, tier)
        self.tier.currentIndexChanged.connect(
            lambda: self.model.set_filters(tier=self.tier.currentData()))
        self.add_filter_widget(self.tier, "考核类别：")

    def extra_status(self) -> str:
        return f"，{self.year.value()} 年度"

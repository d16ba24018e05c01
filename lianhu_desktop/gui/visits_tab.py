"""民情日记: the visits members made to their households, newest first."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QComboBox

from lianhu_desktop.domain import listing
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change

# A township holds ~600,000 visits a year; reading every id takes ~200 ms,
# three months ~55 ms. So the list opens on the last three months and the
# clerk widens the period when needed.
PERIODS = (
    ("近一个月", 31),
    ("近三个月", 92),
    ("近一年", 366),
    ("全部", None),
)
DEFAULT_PERIOD = 1


class VisitsTab(ListTab):
    key = "visits"
    spec = listing.VISITS
    depends = frozenset({Change.VISITS, Change.MEMBERS, Change.HOUSEHOLDS, Change.VILLAGES})
    title = "民情日记"
    search_hint = "搜索：党员或户主的姓名、拼音首字母、电话、门牌号"

    def build_filters(self) -> None:
        self.period = QComboBox(self)
        self.period.setObjectName("periodFilter")
        for text, days in PERIODS:
            self.period.addItem(text, days)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.model.filters["since"] = self._since(PERIODS[DEFAULT_PERIOD][1])
        self.period.currentIndexChanged.connect(
            lambda: self.model.set_filters(since=self._since(self.period.currentData())))
        self.add_filter_widget(self.period, "时间范围：")

    @staticmethod
    def _since(days: int | None) -> datetime.date | None:
        return None if days is None else datetime.date.today() - datetime.timedelta(days=days)

    def extra_status(self) -> str:
        return f"，时间范围：{self.period.currentText()}"

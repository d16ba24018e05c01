"""花名册: the members of the village (or of every village)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox

from lianhu_desktop.domain import listing
from lianhu_desktop.domain.vocab import TIERS
from lianhu_desktop.gui.list_tab import ListTab


class RosterTab(ListTab):
    spec = listing.MEMBERS
    title = "花名册"
    search_hint = "搜索：姓名、拼音或首字母、电话、身份证号"

    def build_filters(self) -> None:
        self.tier = QComboBox(self)
        self.tier.setObjectName("tierFilter")
        self.tier.addItem("全部类别", None)
        for tier in TIERS:
            self.tier.addItem(tier, tier)
        self.tier.currentIndexChanged.connect(
            lambda: self.model.set_filters(tier=self.tier.currentData()))
        self.add_filter_widget(self.tier, "考核类别：")
        self.archived = QCheckBox("含已归档党员（转出、去世等）", self)
        self.archived.setObjectName("archivedFilter")
        self.archived.toggled.connect(lambda on: self.model.set_filters(archived=on or None))
        self.add_filter_widget(self.archived)

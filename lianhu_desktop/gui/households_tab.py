"""联户网格: households with the member linked to each."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from lianhu_desktop.domain import listing
from lianhu_desktop.gui.list_tab import ListTab


class HouseholdsTab(ListTab):
    spec = listing.HOUSEHOLDS
    title = "联户网格"
    search_hint = "搜索：户主姓名、拼音或首字母、电话、门牌号"

    def build_filters(self) -> None:
        self.linked = QComboBox(self)
        self.linked.setObjectName("linkedFilter")
        for text, value in (("全部农户", None), ("已联户", True), ("未联户", False)):
            self.linked.addItem(text, value)
        self.linked.currentIndexChanged.connect(
            lambda: self.model.set_filters(linked=self.linked.currentData()))
        self.add_filter_widget(self.linked, "联户情况：")

"""民情日记: the visits members made to their households, newest first.

Three views: 日记列表 (the visits), 走访情况 (the month's 一次, ``compliance_view``)
and 全年矩阵 (member × household × month, ``matrix_view``). The two
compliance views follow the view protocol themselves; the tab passes the
village and the change notices on.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from lianhu_desktop.domain import listing
from lianhu_desktop.gui.compliance_view import ComplianceView
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.matrix_view import MatrixView
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
LIST_VIEW, COMPLIANCE_VIEW, MATRIX_VIEW = range(3)
VIEW_NAMES = ("日记列表", "走访情况", "全年矩阵")


class VisitsTab(ListTab):
    key = "visits"
    spec = listing.VISITS
    depends = frozenset({Change.VISITS, Change.MEMBERS, Change.HOUSEHOLDS, Change.VILLAGES})
    title = "民情日记"
    search_hint = "搜索：党员或户主的姓名、拼音首字母、电话、门牌号"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        ui = self.ui
        ui.mainLayout.removeItem(ui.filterBar)
        ui.mainLayout.removeWidget(ui.table)
        self.list_page = QWidget(self)
        page_layout = QVBoxLayout(self.list_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(ui.filterBar)
        page_layout.addWidget(ui.table)
        self.view_bar = QTabBar(self)
        self.view_bar.setObjectName("visitsViewBar")
        self.view_bar.setDrawBase(False)
        self.view_bar.setExpanding(False)
        for name in VIEW_NAMES:
            self.view_bar.addTab(name)
        self.view_bar.setToolTip("切换视图（Ctrl+1 / Ctrl+2 / Ctrl+3）")
        self.stack = QStackedWidget(self)
        self.compliance_view = ComplianceView(self.stack)
        self.matrix_view = MatrixView(self.stack)
        for page in (self.list_page, self.compliance_view, self.matrix_view):
            self.stack.addWidget(page)
        self.view_state.widget = self.list_page
        ui.mainLayout.addWidget(self.view_bar)
        ui.mainLayout.addWidget(self.stack, 1)
        self.view_bar.currentChanged.connect(self.show_view)
        for index in range(len(VIEW_NAMES)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=index: self.view_bar.setCurrentIndex(i))

    def views(self) -> tuple:
        """The views inside the tab that follow the view protocol themselves."""
        return self.compliance_view, self.matrix_view

    def show_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        if index == LIST_VIEW:
            self.model.ensure_loaded()
            self.view_state.shown()
        self._counts_changed()

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        if load is None:
            load = self.list_page.isVisible()
        super().set_village(village_id, load=load and self.stack.currentIndex() == LIST_VIEW)
        for view in self.views():
            view.set_village(village_id)

    def on_changes(self, changes, source=None) -> None:
        super().on_changes(changes, source)
        for view in self.views():
            view.on_changes(changes, source)

    def activate(self) -> None:
        if self.stack.currentIndex() == LIST_VIEW:
            super().activate()
        else:
            self._counts_changed()

    def focus_search(self) -> None:
        self.view_bar.setCurrentIndex(LIST_VIEW)
        super().focus_search()

    def status_text(self) -> str:
        view = self.stack.currentIndex()
        if view == COMPLIANCE_VIEW:
            return f"走访情况：{self.compliance_view.month.currentText()}"
        if view == MATRIX_VIEW:
            return f"全年矩阵：{self.matrix_view.year.value()} 年"
        return super().status_text()

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

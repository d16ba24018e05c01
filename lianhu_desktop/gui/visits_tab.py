"""民情日记: the visits members made, the requests raised, and who waits longest for a visit.

The tab is a view switcher like 联户网格's. The first view is the visit
list (the tab's own ``ListTab``); the others are listed in ``VIEWS``: a new
view is one line there (a title, the attribute the tab keeps it under and a
class following the view protocol: ``set_village``, ``on_changes`` and
``status_text``; a ``ListTab`` subclass also loads when activated and
reports its counts). 走访情况 and 全年矩阵 are the month's 一次 and the
year's member × household × month matrix (``compliance_view``,
``matrix_view``); 会议记录 the 一会 (``meetings_view``).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QHBoxLayout, QMessageBox, QStackedWidget, QTabBar, QToolButton, QVBoxLayout,
    QWidget,
)

from lianhu_desktop.domain import listing, visits, vocab
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.compliance_view import ComplianceView
from lianhu_desktop.gui.diary_views import LastVisitsView, RequestsView
from lianhu_desktop.gui.household_record import HouseholdRecordDialog
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.matrix_view import MatrixView
from lianhu_desktop.gui.meetings_view import MeetingsView
from lianhu_desktop.gui.month_sheet import MonthSheetDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.visit_entry import VisitEntryDialog

# A township holds ~600,000 visits a year; reading every id of the township
# demo took ~200 ms, of three months ~55 ms (when this list was written;
# ``python -m bench --only tabs`` times the list's first rows now).
# So the list opens on the last three months and the clerk widens the period
# when needed.
MONTH = "month"
PERIODS = (
    ("近一个月", 31),
    ("近三个月", 92),
    ("近一年", 366),
    ("全部", None),
    ("指定月份", MONTH),
)
DEFAULT_PERIOD = 1
LIST_VIEW_NAME = "日记列表"
# The views after the visit list: (title, attribute, class). One line adds a view.
VIEWS: tuple[tuple[str, str, type], ...] = (
    ("走访情况", "compliance_view", ComplianceView),
    ("全年矩阵", "matrix_view", MatrixView),
    ("诉求", "requests_view", RequestsView),
    ("走访间隔", "gaps_view", LastVisitsView),
    ("会议记录", "meetings_view", MeetingsView),
)
LIST_VIEW, COMPLIANCE_VIEW, MATRIX_VIEW, REQUESTS_VIEW, GAPS_VIEW, MEETINGS_VIEW = range(len(VIEWS) + 1)


class VisitsTab(ListTab):
    key = "visits"
    spec = listing.VISITS
    depends = frozenset({Change.VISITS, Change.MEMBERS, Change.HOUSEHOLDS, Change.VILLAGES,
                         Change.ORGANISATION})
    title = "民情日记"
    search_hint = "搜索：党员或户主的姓名、拼音首字母、电话、门牌号"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._build_views()
        self._build_toolbar()
        self.ui.table.activated.connect(lambda _index: self.edit_visit())
        self.ui.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.model.modelReset.connect(self.update_buttons)
        self.update_buttons()

    # ------------------------------------------------------------ building

    def build_filters(self) -> None:
        self.period = QComboBox(self)
        self.period.setObjectName("periodFilter")
        for text, days in PERIODS:
            self.period.addItem(text, days)
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.model.filters["since"] = self._since(PERIODS[DEFAULT_PERIOD][1])
        self.period.currentIndexChanged.connect(self._period_changed)
        self.add_filter_widget(self.period, "时间：")
        self.month = QDateEdit(self)
        self.month.setObjectName("monthFilter")
        self.month.setDisplayFormat("yyyy年MM月")
        self.month.setDate(QDate.currentDate())
        self.month.setMaximumDate(QDate.currentDate())
        self.month.setVisible(False)
        self.month.dateChanged.connect(self._period_changed)
        self.add_filter_widget(self.month)
        self.grid = QComboBox(self)
        self.grid.setObjectName("gridFilter")
        self.grid.currentIndexChanged.connect(lambda: self.model.set_filters(grid=self.grid.currentData()))
        self.add_filter_widget(self.grid, "网格：")
        self.member = QComboBox(self)
        self.member.setObjectName("memberFilter")
        self.member.setMinimumContentsLength(4)
        self.member.currentIndexChanged.connect(lambda: self.model.set_filters(member=self.member.currentData()))
        self.add_filter_widget(self.member, "党员：")
        self.form = QComboBox(self)
        self.form.setObjectName("formFilter")
        self.form.addItem("全部形式", None)
        for form in vocab.VISIT_FORMS:
            self.form.addItem(form, form)
        self.form.currentIndexChanged.connect(lambda: self.model.set_filters(form=self.form.currentData()))
        self.add_filter_widget(self.form)
        self.duty = QComboBox(self)
        self.duty.setObjectName("dutyFilter")
        self.duty.addItem("全部职责", None)
        for bit, duty in enumerate(vocab.DUTIES):
            self.duty.addItem(duty, bit)
        self.duty.currentIndexChanged.connect(lambda: self.model.set_filters(duty=self.duty.currentData()))
        self.add_filter_widget(self.duty)
        for combo in (self.grid, self.member, self.form, self.duty):
            combo.setMinimumContentsLength(4)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Shown while the list is narrowed to one household.
        self.household_chip = QToolButton(self)
        self.household_chip.setObjectName("householdChip")
        self.household_chip.setToolTip("单击取消此筛选")
        self.household_chip.clicked.connect(lambda: self.filter_household(None))
        self.household_chip.hide()
        self.add_filter_widget(self.household_chip)
        self._fill_choices(None)

    def _build_views(self) -> None:
        ui = self.ui
        ui.mainLayout.removeItem(ui.filterBar)
        ui.filterBar.setParent(None)
        ui.mainLayout.removeWidget(ui.table)
        self.list_page = QWidget(self)
        list_layout = QVBoxLayout(self.list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(ui.filterBar)
        list_layout.addWidget(ui.table)
        self.view_state.widget = self.list_page

        top = QHBoxLayout()
        top.setSpacing(8)
        self.view_bar = QTabBar(self)
        self.view_bar.setObjectName("viewBar")
        self.view_bar.setDrawBase(False)
        self.view_bar.setExpanding(False)
        self.view_bar.addTab(LIST_VIEW_NAME)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_page)
        self.extra_views: list[QWidget] = []
        for name, attribute, view_class in VIEWS:
            view = view_class(self.stack)
            if isinstance(view, ListTab):
                view.status_listener = lambda text, v=view: self._view_status(v, text)
            setattr(self, attribute, view)
            self.stack.addWidget(view)
            self.extra_views.append(view)
            self.view_bar.addTab(name)
            operations.subscribe(view)
        self.view_bar.setToolTip(f"切换视图（Ctrl+1 … Ctrl+{len(VIEWS) + 1}）")
        top.addWidget(self.view_bar)
        self.toolbar_layout = QHBoxLayout()
        self.toolbar_layout.setSpacing(2)
        top.addLayout(self.toolbar_layout, 1)
        ui.mainLayout.addLayout(top)
        ui.mainLayout.addWidget(self.stack, 1)
        self.view_bar.currentChanged.connect(self.show_view)
        for index in range(len(VIEWS) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda i=index: self.show_view(i))
        self.gaps_view.on_visit = self.visit_household

    def _build_toolbar(self) -> None:
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
                ("new", "记录走访", "逐条录入走访记录（Ctrl+N）", self.new_visit),
                ("sheet", "月走访表", "按党员和月份打勾录入（对照纸质民情日记）", self.open_month_sheet),
                ("edit", "修改", "修改选中的走访记录", self.edit_visit),
                ("delete", "删除", "删除选中的走访记录", self.delete_visit),
                ("record", "该户走访与诉求", "选中农户的全部走访和诉求", self.household_record)):
            button = QToolButton(self)
            button.setObjectName(f"visit_{key}")
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            self.toolbar_layout.addWidget(button)
            self.buttons[key] = button
        self.toolbar_layout.addStretch(1)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_visit)

    def _fill_choices(self, village_id: int | None) -> None:
        """Grids and members of the village; keeps the chosen ones that still exist."""
        for combo, first, choices in (
                (self.grid, "全部网格", [(g.name, g.id) for g in list_grids(village_id)] if village_id else []),
                (self.member, "全部党员", [(m.name, m.id) for m in visits.member_choices(village_id)]
                 if village_id else [])):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, value in choices:
                combo.addItem(text, value)
            index = combo.findData(kept) if kept is not None else -1
            combo.setCurrentIndex(max(index, 0))
            combo.setEnabled(village_id is not None)
            combo.setToolTip("" if village_id is not None else "选择一个村后可筛选")
            combo.blockSignals(False)
        for key, combo in (("grid", self.grid), ("member", self.member)):
            if combo.currentData() is None:
                self.model.filters.pop(key, None)
            else:
                self.model.filters[key] = combo.currentData()

    # ------------------------------------------------------------ views

    def views(self) -> tuple:
        """The views after the visit list; each follows the view protocol itself."""
        return tuple(self.extra_views)

    def view(self, key: str) -> ListTab:
        """The list view called ``key`` (requests, last_visits)."""
        return next(view for view in self.extra_views if getattr(view, "key", None) == key)

    def current_view(self) -> int:
        return self.stack.currentIndex()

    def show_view(self, index: int) -> None:
        """Switch views; a stale one refreshes as it is shown."""
        if self.view_bar.currentIndex() != index:
            self.view_bar.setCurrentIndex(index)  # calls back here
            return
        self.stack.setCurrentIndex(index)
        if index == 0:
            self.model.ensure_loaded()
            self.view_state.shown()
            self._counts_changed()
        else:
            view = self.extra_views[index - 1]
            if isinstance(view, ListTab):
                view.activate()
            elif self.status_listener is not None:
                self.status_listener(view.status_text())
        self.update_buttons()

    def _view_status(self, view: ListTab, text: str) -> None:
        if self.stack.currentWidget() is view and self.status_listener is not None:
            self.status_listener(text)

    def _counts_changed(self, *counts) -> None:
        if self.current_view() == 0:
            super()._counts_changed(*counts)

    def status_text(self) -> str:
        if self.current_view() == 0:
            return super().status_text()
        return self.extra_views[self.current_view() - 1].status_text()

    # ------------------------------------------------------------ ListTab hooks

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        if village_id != self.model.village_id or not self.model.loaded:
            if village_id != self.model.village_id:
                self.filter_household(None, reload=False)
            self._fill_choices(village_id)
        if load is None:
            load = self.isVisible()
        super().set_village(village_id, load=load and self.current_view() == 0)
        for index, view in enumerate(self.extra_views, 1):
            if isinstance(view, ListTab):
                view.set_village(village_id, load=load and self.current_view() == index)
            else:
                view.set_village(village_id)
        self.update_buttons()

    def refresh_for(self, changes) -> None:
        if changes & {Change.ORGANISATION, Change.MEMBERS, Change.VILLAGES}:
            self._fill_choices(self.model.village_id)
        super().refresh_for(changes)

    def activate(self) -> None:
        if self.current_view() == 0:
            super().activate()
        else:
            self.show_view(self.current_view())

    def refresh(self) -> None:
        super().refresh()
        for view in self.extra_views:
            view.refresh() if isinstance(view, ListTab) else view.reload()

    def focus_search(self) -> None:
        view = self.stack.currentWidget()
        if isinstance(view, ListTab):
            view.focus_search()
        else:
            self.show_view(LIST_VIEW)
            super().focus_search()

    # ------------------------------------------------------------ filters

    def _period_changed(self) -> None:
        value = self.period.currentData()
        self.month.setVisible(value == MONTH)
        if value == MONTH:
            first = self.month.date().toPython().replace(day=1)
            following = (first + datetime.timedelta(days=32)).replace(day=1)
            self.model.set_filters(since=first, until=following - datetime.timedelta(days=1))
        else:
            self.model.set_filters(since=self._since(value), until=None)

    @staticmethod
    def _since(days: int | None) -> datetime.date | None:
        return None if days is None else datetime.date.today() - datetime.timedelta(days=days)

    def filter_household(self, household_id: int | None, label: str = "", *, reload: bool = True) -> None:
        """Show one household's visits (None: all again)."""
        self.household_chip.setText(f"仅 {label} ×" if household_id else "")
        self.household_chip.setVisible(household_id is not None)
        if reload:
            self.model.set_filters(household=household_id)
        elif household_id is None:
            self.model.filters.pop("household", None)
        else:
            self.model.filters["household"] = household_id

    def extra_status(self) -> str:
        return f"，时间范围：{self.period.currentText()}"

    # ------------------------------------------------------------ actions

    def selected_visit(self) -> int | None:
        if self.current_view() != 0 or not self.ui.table.selectionModel().selectedRows():
            return None
        index = self.ui.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def update_buttons(self, *_args) -> None:
        on_list = self.current_view() == 0
        chosen = self.selected_visit() is not None
        village = self.model.village_id is not None
        self.buttons["new"].setEnabled(True)
        self.buttons["sheet"].setEnabled(True)
        for key in ("edit", "delete", "record"):
            self.buttons[key].setVisible(on_list)
            self.buttons[key].setEnabled(chosen)
        self.buttons["new"].setToolTip("逐条录入走访记录（Ctrl+N）" if village else
                                       "逐条录入走访记录（Ctrl+N）；可选全乡镇的党员")

    def new_visit(self, member_id: int | None = None, household_id: int | None = None) -> VisitEntryDialog:
        dialog = VisitEntryDialog(self, self.model.village_id, member_id=member_id or self.member.currentData(),
                                  household_id=household_id)
        dialog.setModal(True)
        dialog.show()
        dialog.member_search.setFocus() if dialog.member_id is None else dialog.household_list.setFocus()
        self.entry_dialog = dialog
        return dialog

    def visit_household(self, household_id: int) -> None:
        self.new_visit(visits.linking_member(household_id), household_id)

    def open_month_sheet(self) -> MonthSheetDialog:
        dialog = MonthSheetDialog(self, self.model.village_id, member_id=self.member.currentData())
        dialog.setModal(True)
        dialog.show()
        self.sheet_dialog = dialog
        return dialog

    def edit_visit(self) -> None:
        visit_id = self.selected_visit()
        if visit_id is None:
            return
        dialog = VisitEntryDialog(self, self.model.village_id, visit_id=visit_id)
        dialog.setModal(True)
        dialog.show()
        self.entry_dialog = dialog

    def delete_visit(self) -> None:
        visit_id = self.selected_visit()
        if visit_id is None:
            return
        row = self.model.row_values(self.ui.table.currentIndex().row())
        spec = self.spec
        summary = (f"{row[spec.column('date')]} {row[spec.column('member')]} 走访 "
                   f"{row[spec.column('head_name')]}") if row else ""
        loaded = operations.load_or_say(self, visits.load_visit, visit_id)
        if loaded is None:
            return
        answer = QMessageBox.question(self, "删除走访记录",
                                      f"删除这条走访记录吗？\n{summary}\n（走访中提出的诉求保留；删除可在操作记录中查到）")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, visits.delete_visit, visit_id, loaded, changes={Change.VISITS, Change.REQUESTS},
                              title="删除走访记录")

    def household_record(self) -> None:
        visit_id = self.selected_visit()
        if visit_id is None:
            return
        household_id = visits.visit_data(visit_id).household_id
        dialog = HouseholdRecordDialog(self, household_id)
        dialog.show()
        self.record_dialog = dialog

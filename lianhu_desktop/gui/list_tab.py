"""The base of the four list tabs: a search box, tab-specific filters, a table.

All four tabs share one Designer form (``ui/list_tab.ui``) because their
layout is the same: a filter bar over a table. What differs (the list, the
filters beside the search box) each tab adds in its own module. A tab that
outgrows this (the map board of issue 4) gets its own form.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from lianhu_desktop.domain import listing
from lianhu_desktop.gui.forms.ui_list_tab import Ui_ListTab
from lianhu_desktop.gui.tables import ListingModel


class ListTab(QWidget):
    """One list tab. Subclasses set ``spec``, ``title`` and ``search_hint``
    and add their filters in ``build_filters()``."""

    spec: listing.ListSpec
    title = ""
    search_hint = "搜索：姓名、拼音首字母、电话"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{self.spec.name}Tab")
        # Told the new status line (the main window shows it in its status bar).
        self.status_listener: Callable[[str], None] | None = None
        self.ui = Ui_ListTab()
        self.ui.setupUi(self)
        self.ui.search.setPlaceholderText(self.search_hint)
        self.ui.search.setToolTip(self.search_hint + "（Ctrl+F）")
        self.model = ListingModel(self.spec, self)
        self.ui.table.setModel(self.model)
        self._village_known = False
        self._setup_table()
        self.ui.search.textChanged.connect(self.model.set_search)
        self.ui.search.returnPressed.connect(
            lambda: self.model.set_search(self.ui.search.text(), immediately=True))
        self.model.counts_listeners.append(self._counts_changed)
        self._filter_widgets: list[QWidget] = []
        self.build_filters()
        # Tab order follows the eye: search, the filters left to right, the table.
        chain = [self.ui.search, *self._filter_widgets, self.ui.table]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------ set-up

    def _setup_table(self) -> None:
        table = self.ui.table
        header = table.horizontalHeader()
        # No sort indicator until the user clicks: the default order is the list's own.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Fixed widths scaled to the font: measuring 50,000 rows' contents is what
        # makes big tables slow.
        metrics = table.fontMetrics()
        scale = max(1.0, metrics.horizontalAdvance("中文字") / 39)
        for column, spec_column in enumerate(self.spec.columns):
            table.setColumnWidth(column, int(spec_column.width * scale))
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 10)
        table.setHorizontalScrollMode(table.ScrollMode.ScrollPerPixel)

    def _sort_indicator_changed(self, column: int, _order) -> None:
        # A column that cannot be sorted (duties, contents) keeps the old arrow.
        if 0 <= column < len(self.spec.columns) and self.spec.columns[column].sort is None:
            header = self.ui.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, Qt.SortOrder.DescendingOrder
                                    if self.model.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def build_filters(self) -> None:
        """Add tab-specific filter widgets with ``add_filter_widget``."""

    def add_filter_widget(self, widget: QWidget, label: str | None = None) -> None:
        """Put ``widget`` (after an optional label) in the filter bar, before the stretch."""
        bar = self.ui.filterBar
        position = bar.count() - 1
        if label:
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.insertWidget(position, caption)
            position += 1
        bar.insertWidget(position, widget)
        self._filter_widgets.append(widget)

    # ------------------------------------------------------------ behaviour

    def set_village(self, village_id: int | None, *, load: bool) -> None:
        """Show one village (or all, for None); load now only if visible."""
        village_column = self.spec.column("village")
        self.ui.table.setColumnHidden(village_column, village_id is not None)
        # In the township view (全部村) the village comes first: a grid or a
        # door number means nothing without it.
        header = self.ui.table.horizontalHeader()
        if village_id is None and header.visualIndex(village_column) != 0:
            header.moveSection(header.visualIndex(village_column), 0)
        if load:
            self.model.set_village(village_id)
        else:
            self.model.village_id = village_id
            self.model.invalidate()

    def activate(self) -> None:
        """The tab became visible: load its rows if they are not loaded."""
        self.model.ensure_loaded()
        self._counts_changed()

    def refresh(self) -> None:
        self.model.reload()

    def focus_search(self) -> None:
        self.ui.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search.selectAll()

    def status_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total
        noun = self.spec.noun
        text = f"共 {total} {noun}"
        if self.model.narrowed():
            text += f"（筛选后 {shown} {noun[0]}）"
        return text + self.extra_status()

    def extra_status(self) -> str:
        """More words for the status line (e.g. the period shown)."""
        return ""

    def _counts_changed(self, *_counts) -> None:
        if self.status_listener is not None:
            self.status_listener(self.status_text())

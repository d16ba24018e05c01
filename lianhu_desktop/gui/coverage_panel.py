"""覆盖情况: the clerk's linking checklist beside the 联户网格 tab.

Shows ``coverage.coverage_report`` as a percentage and a tree of findings;
each finding leads to the households or members concerned through
``on_finding(kind, value)``:

- ("unlinked", None): list the unlinked households;
- ("households", [ids]): list these households;
- ("household", id): open one household (double click or Enter);
- ("select", id): show one household in the list (a single click on it),
  after the finding it belongs to (e.g. ("unlinked", None)) was followed;
- ("member", id): list the households a member links.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from lianhu_desktop.gui.views import SharedDataView, SharedView

SHOWN = 200  # children listed under one finding; the rest are reached through its list
ROLE = Qt.ItemDataRole.UserRole


class CoveragePanel(SharedDataView, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("coveragePanel")
        self.on_finding: Callable[[str, object], None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        self.title = QLabel("<b>联户覆盖情况</b>", self)
        self.percent = QLabel(self)
        self.percent.setObjectName("coveragePercent")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("coverageTree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._clicked)
        hint = QLabel("单击项目在列表中查看，双击农户打开", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        for widget in (self.title, self.percent, self.bar, self.tree, hint):
            layout.addWidget(widget)
        self.report: dict | None = None

    # ------------------------------------------------------------ view protocol

    def attach(self, source) -> None:
        """Show the coverage part of ``source`` ((report, plates) per village, a ``SharedLoad``)."""
        self.shared = SharedView(self, source, lambda result, _village: self.set_report(result[0]),
                                 loading=lambda: self.set_report(None))


    def set_report(self, report: dict | None) -> None:
        """Show a ``coverage_report`` (None: nothing loaded)."""
        self.report = report
        self.tree.clear()
        if report is None:
            self.percent.setText("正在统计……")
            self.bar.setValue(0)
            return
        totals = report["totals"]
        villages = report["villages"]
        self.percent.setText(
            f"联户覆盖率 <b>{totals['percent']:.1f}%</b><br>"
            f"已联 {totals['linked']} 户 / 共 {totals['households']} 户")
        self.bar.setValue(int(totals["percent"] * 10))

        unlinked = [h for v in villages for h in v["unlinked"]]
        self._finding(f"未联户 {totals['unlinked']} 户", ("unlinked", None),
                      [(h["name"], ("household", h["household_id"]))
                       for h in unlinked], ok="全部农户均已联户")
        under = [m for v in villages for m in v["under_range"]]
        self._finding(f"联户不足的党员 {len(under)} 名", None,
                      [(f"{m['name']}：{m['count']} 户（应不少于 {m['min']} 户）", ("member", m["member_id"]))
                       for m in under], ok="没有联户不足的党员")
        over = [m for v in villages for m in v["over_range"]]
        self._finding(f"联户过多的党员 {len(over)} 名", None,
                      [(f"{m['name']}：{m['count']} 户（应不超过 {m['max']} 户）", ("member", m["member_id"]))
                       for m in over], ok="没有联户过多的党员")
        migrant = [h for v in villages for h in v["migrant_households"]]
        self._finding(f"流动党员户未由支委联系 {len(migrant)} 户",
                      ("households", [h["household_id"] for h in migrant]),
                      [(f"{h['name']}：{h['problem']}", ("household", h["household_id"])) for h in migrant],
                      ok="流动党员户均由支委联系")
        neighbours = [m for v in villages for m in v["migrants_linking_neighbours"]]
        self._finding(f"外出党员联系了邻居 {len(neighbours)} 名", None,
                      [(f"{m['name']}（{m['migrant_place'] or '外出'}）联系 {len(m['neighbours'])} 户邻居；"
                        f"{m['hint']}", ("member", m["member_id"])) for m in neighbours],
                      ok="外出党员均联系同城务工户")
        archived = [h for v in villages for h in v["archived_linkers"]]
        if archived:
            self._finding(f"联户党员已归档 {len(archived)} 户",
                          ("households", [h["household_id"] for h in archived]),
                          [(f"{h['name']}（{h['member_name']}已归档）", ("household", h["household_id"]))
                           for h in archived])
        if len(villages) > 1:
            top = QTreeWidgetItem(self.tree, [f"各村覆盖率（{len(villages)} 个村）"])
            for village in sorted(villages, key=lambda v: v["percent"]):
                QTreeWidgetItem(top, [f"{village['village_name']}：{village['percent']:.1f}%"
                                      f"（未联 {village['unlinked_count']} 户）"])
        elif villages:
            top = QTreeWidgetItem(self.tree, ["各网格覆盖率"])
            for grid in villages[0]["grids"]:
                QTreeWidgetItem(top, [f"{grid['grid_name']}：{grid['percent']:.1f}%"
                                      f"（{grid['linked']}/{grid['households']} 户）"])
            top.setExpanded(True)
        self._full_texts_as_tips()

    def _finding(self, title: str, action, children, ok: str | None = None) -> QTreeWidgetItem:
        if not children and ok is not None:
            item = QTreeWidgetItem(self.tree, [f"✓ {ok}"])
            item.setForeground(0, Qt.GlobalColor.darkGreen)
            return item
        item = QTreeWidgetItem(self.tree, [title])
        item.setForeground(0, Qt.GlobalColor.darkRed)
        item.setData(0, ROLE, action)
        for text, value in children[:SHOWN]:
            child = QTreeWidgetItem(item, [text])
            child.setData(0, ROLE, value)
            child.setToolTip(0, text)
        if len(children) > SHOWN:
            more = QTreeWidgetItem(item, [f"…… 另有 {len(children) - SHOWN} 项，单击上一级在列表中查看"])
            more.setData(0, ROLE, action)
        return item

    def _full_texts_as_tips(self) -> None:
        """A narrow panel (1024×768) cuts long findings: the whole text is the item's tooltip."""
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if not item.toolTip(0):
                item.setToolTip(0, item.text(0))
            stack.extend(item.child(i) for i in range(item.childCount()))

    def items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        action = item.data(0, ROLE)
        if action is None or self.on_finding is None:
            return
        kind, value = action
        if kind != "household":
            self.on_finding(kind, value)
            return
        # A household: show it in the list among its finding's households; it
        # opens on double click / Enter.
        parent = item.parent()
        scope = parent.data(0, ROLE) if parent is not None else None
        if scope is not None and scope[0] != "household":
            self.on_finding(*scope)
        self.on_finding("select", value)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        action = item.data(0, ROLE)
        if action is not None and self.on_finding is not None:
            self.on_finding(*action)

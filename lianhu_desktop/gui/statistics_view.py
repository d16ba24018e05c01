"""统计报表: the township report of one village or the whole township, with charts.

The figures are ``domain.stats.township_report``'s, shown as a township
reports them (seed 002): branches and members; women, ethnic minorities,
under 45, senior-high or above with percentages; tiers, party groups, at home
vs migrant; households per grid and per tag; a per-village table. 导出 Excel…
writes the same report through ``excel.stats_export``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFileDialog, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QMenu, QMessageBox, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain.activity import year_activity
from lianhu_desktop.domain.stats import MEMBER_SHARES, percent, township_report
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.domain.vocab import EDUCATIONS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.charts import PALETTE, BarChart, DonutChart
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import ViewState

ALL_VILLAGES = "全部村"
# What the report counts: members and their make-up, households, links, grids, visits.
STATISTICS_CHANGES = frozenset({Change.MEMBERS, Change.HOUSEHOLDS, Change.LINKS, Change.ORGANISATION,
                                Change.VILLAGES, Change.VISITS, Change.REQUESTS})
ACTIVITY_TAB = "走访与诉求(&5)"
SATISFACTION_COLOURS = ("#4e9a5b", "#e0a82c", "#b3261e")
# More grids than this go into a table: 200 bars are read by nobody.
MAX_BARS = 16


def _pct(value) -> str:
    return f"{value}%"


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _table(headers, rows, *, numeric_from: int = 1) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    # Columns share the width: a stretched last column pushed the numbers far away.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


class StatisticsDialog(QDialog):
    """The statistics of one village (``village_id``) or of all (None)."""

    def __init__(self, parent: QWidget | None = None, village_id: int | None = None,
                 today: datetime.date | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle("统计报表")
        self.today = today
        self.settings = settings if settings is not None else QSettings()
        self.report: dict = {}
        # The year's visits and requests (``domain.activity``), read apart: a township's takes a second.
        self.activity: dict | None = None
        self.figures: dict[str, QLabel] = {}
        self.charts: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        scope_label = QLabel("统计范围(&S)：")
        self.scope = QComboBox()
        self.scope.setObjectName("scopeCombo")
        scope_label.setBuddy(self.scope)
        villages = list_villages()
        if len(villages) > 1:
            self.scope.addItem(ALL_VILLAGES, None)
        for village in villages:
            self.scope.addItem(village.name, village.id)
        self.scope.setCurrentIndex(max(self.scope.findData(village_id), 0))
        self.as_of = QLabel()
        self.as_of.setObjectName("asOfLabel")
        self.as_of.setStyleSheet("color: #55606e;")
        self.export_button = QPushButton("导出 Excel(&E)…")
        self.export_button.setObjectName("exportButton")
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        top.addWidget(scope_label)
        top.addWidget(self.scope)
        top.addSpacing(12)
        top.addWidget(self.as_of, 1)
        top.addWidget(self.export_button)
        top.addWidget(close)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statisticsTabs")
        layout.addWidget(self.tabs, 1)
        self.scope.currentIndexChanged.connect(self.load)
        self.export_button.clicked.connect(self.export)
        self.resize(980, 700)
        self.view_state = ViewState(self, STATISTICS_CHANGES, lambda _changes: self.load())
        self.load()
        operations.subscribe(self)

    # ------------------------------------------------------------ view protocol

    def set_village(self, village_id: int | None) -> None:
        index = self.scope.findData(village_id)
        if index >= 0:
            self.scope.setCurrentIndex(index)

    def on_changes(self, changes, source=None) -> None:
        """A change notice: the figures are computed again now, or when the dialog is shown next."""
        self.view_state.on_changes(changes, source)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.view_state.shown()

    # ------------------------------------------------------------ data

    def village_id(self) -> int | None:
        return self.scope.currentData()

    def load(self) -> None:
        """Compute the report for the chosen scope and show it."""
        self.view_state.pending = frozenset()
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            report = township_report(self.village_id(), today=self.today)
        finally:
            self.unsetCursor()
        self.report = report
        self.activity = None
        self.show_report(self.report)
        self._load_activity()

    def _load_activity(self) -> None:
        """The year's visits and requests: a village at once, the township in a worker."""
        village_id, today = self.village_id(), self.today or datetime.date.today()
        if village_id is not None:
            self.show_activity(year_activity(today.year, village_id, today), village_id)
            return
        from lianhu_desktop.gui.workers import Job

        def task(*, progress):
            return year_activity(today.year, None, today)

        self._activity_job = Job(task, parent=self, on_done=lambda a: self.show_activity(a, village_id),
                                 on_error=lambda error: operations.handle_error(self, error))
        self._activity_job.start()

    def show_activity(self, activity: dict, village_id: int | None) -> None:
        if village_id != self.village_id():
            return  # another scope was chosen meanwhile
        self.activity = activity
        index = next(i for i in range(self.tabs.count()) if self.tabs.tabText(i) == ACTIVITY_TAB)
        current = self.tabs.currentIndex()
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        old.deleteLater()
        self.tabs.insertTab(index, _scroll(self._activity(activity)), ACTIVITY_TAB)
        self.tabs.setCurrentIndex(current)

    def show_report(self, report: dict) -> None:
        self.figures.clear()
        self.charts.clear()
        current = max(self.tabs.currentIndex(), 0)
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.as_of.setText(f"截至 {report['as_of']}　·　{report['scope']}")
        self.tabs.addTab(_scroll(self._overview(report)), "概况(&1)")
        self.tabs.addTab(_scroll(self._members(report)), "党员构成(&2)")
        self.tabs.addTab(_scroll(self._households(report)), "农户(&3)")
        if len(report["villages"]) > 1:
            self.tabs.addTab(_scroll(self._villages(report)), "各村(&4)")
        waiting = QLabel("正在统计本年度的走访和诉求……")
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.addTab(waiting, ACTIVITY_TAB)
        self.tabs.setCurrentIndex(min(current, self.tabs.count() - 1))

    # ------------------------------------------------------------ pages

    def _figure(self, key: str, text) -> QLabel:
        label = QLabel(str(text))
        label.setObjectName(f"figure_{key}")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.figures[key] = label
        return label

    def _tile(self, key: str, title: str, value, note: str = "") -> QFrame:
        tile = QFrame()
        tile.setFrameShape(QFrame.Shape.StyledPanel)
        tile.setStyleSheet("QFrame { background: #fbf6f5; border: 1px solid #ead8d6; border-radius: 6px; }"
                           "QLabel { border: none; background: transparent; }")
        box = QVBoxLayout(tile)
        caption = QLabel(title)
        caption.setStyleSheet("color: #55606e;")
        figure = self._figure(key, value)
        figure.setAlignment(Qt.AlignmentFlag.AlignLeft)
        font = figure.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        figure.setFont(font)
        figure.setStyleSheet("color: #8a1f17;")
        box.addWidget(caption)
        box.addWidget(figure)
        box.addWidget(QLabel(note))
        return tile

    def _overview(self, report: dict) -> QWidget:
        s, h = report["structure"], report["household_structure"]
        page = QWidget()
        layout = QVBoxLayout(page)
        tiles = QHBoxLayout()
        tiles.addWidget(self._tile("branches", "党支部", report["branches"],
                                   f"{len(report['villages'])} 个村"))
        tiles.addWidget(self._tile("members", "党员", s["members"],
                                   f"其中预备党员 {s['probationary']['count']} 人"))
        tiles.addWidget(self._tile("households", "农户", h["households"],
                                   f"{len(h['by_grid'])} 个网格"))
        tiles.addWidget(self._tile("linked", "联户覆盖率", _pct(h["linked"]["percent"]),
                                   f"已联户 {h['linked']['count']} 户"))
        layout.addLayout(tiles)
        box = QGroupBox("党员队伍结构")
        row = QHBoxLayout(box)
        grid = QGridLayout()
        for col, title in enumerate(("项目", "人数", "占比")):
            head = QLabel(f"<b>{title}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(head, 0, col)
        for number, (key, label) in enumerate(MEMBER_SHARES, 1):
            grid.addWidget(QLabel(label), number, 0)
            grid.addWidget(self._figure(f"{key}.count", s[key]["count"]), number, 1)
            grid.addWidget(self._figure(f"{key}.percent", _pct(s[key]["percent"])), number, 2)
        extra = len(MEMBER_SHARES) + 1
        grid.addWidget(QLabel("支委成员"), extra, 0)
        grid.addWidget(self._figure("committee", s["committee"]), extra, 1)
        if s.get("age_unknown"):
            note = QLabel(f"另有 {s['age_unknown']} 人缺出生日期，未计入 45 岁以下")
            note.setStyleSheet("color: #8a5a00;")
            grid.addWidget(note, extra + 1, 0, 1, 3)
        grid.setHorizontalSpacing(18)
        row.addLayout(grid)
        bars = BarChart()
        bars.set_items([(label, s[key]["percent"], _pct(s[key]["percent"])) for key, label in MEMBER_SHARES],
                       maximum=100)
        self.charts["shares"] = bars
        row.addWidget(bars, 1)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _members(self, report: dict) -> QWidget:
        s = report["structure"]
        page = QWidget()
        layout = QGridLayout(page)
        residence = DonutChart(unit="人")
        residence.set_items([("在家党员", s["at_home"]["count"]), ("外出党员", s["migrant"]["count"])])
        self.charts["residence"] = residence
        layout.addWidget(self._boxed("在家与外出", residence), 0, 0)
        gender = DonutChart(unit="人")
        gender.set_items(sorted(((k or "未填"), v) for k, v in s["by_gender"].items()),
                         colors=(PALETTE[2], PALETTE[0], PALETTE[6]))
        self.charts["gender"] = gender
        layout.addWidget(self._boxed("性别", gender), 0, 1)
        tiers = BarChart(color=PALETTE[0])
        tiers.set_items([(k or "未填", v["count"], f"{v['count']} 人（{v['percent']}%）")
                         for k, v in s["by_tier"].items()])
        self.charts["tiers"] = tiers
        layout.addWidget(self._boxed("考核类别", tiers), 1, 0)
        groups = BarChart(color=PALETTE[1])
        members = s["members"]
        groups.set_items([(k or "未分组", v, f"{v} 人（{percent(v, members)}%）")
                          for k, v in s["by_party_group"].items()])
        self.charts["groups"] = groups
        layout.addWidget(self._boxed("党小组", groups), 1, 1)
        education = BarChart(color=PALETTE[2])
        order = {name: index for index, name in enumerate(EDUCATIONS)}
        levels = sorted(s["by_education"].items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        education.set_items([(k or "未填", v, f"{v} 人（{percent(v, members)}%）") for k, v in levels])
        self.charts["education"] = education
        layout.addWidget(self._boxed("文化程度", education), 2, 0, 1, 2)
        layout.setRowStretch(3, 1)
        return page

    def _households(self, report: dict) -> QWidget:
        h = report["household_structure"]
        total = h["households"]
        page = QWidget()
        layout = QGridLayout(page)
        linked = DonutChart(unit="户")
        linked.set_items([("已联户", h["linked"]["count"]), ("未联户", total - h["linked"]["count"])],
                         colors=(PALETTE[3], "#c8ced6"))
        self.charts["linked"] = linked
        layout.addWidget(self._boxed("联户覆盖", linked), 0, 0)
        tags = BarChart(color=PALETTE[4])
        tags.set_items([(k, v, f"{v} 户") for k, v in h["by_tag"].items()])
        self.charts["tags"] = tags
        layout.addWidget(self._boxed("农户类别（一户可有多个类别）", tags), 0, 1, 2, 1)
        grids = list(h["by_grid"].items())
        if len(grids) <= MAX_BARS:
            chart = BarChart(color=PALETTE[2])
            chart.set_items([(k, v, f"{v} 户") for k, v in grids])
            self.charts["grids"] = chart
            layout.addWidget(self._boxed("各网格农户", chart), 1, 0)
        else:
            table = _table(("网格", "户数", "占农户"),
                           [(k, v, _pct(percent(v, total))) for k, v in grids])
            table.setObjectName("gridsTable")
            table.setMinimumHeight(320)
            self.charts["grids"] = table
            layout.addWidget(self._boxed(f"各网格农户（{len(grids)} 个网格）", table), 1, 0)
        layout.setRowStretch(2, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        return page

    def _villages(self, report: dict) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        rows = [(v["village"], v["members"], v["households"], v["links"],
                 _pct(percent(v["links"], v["households"])), v["visits"]) for v in report["villages"]]
        totals = [sum(v[key] for v in report["villages"]) for key in ("members", "households", "links", "visits")]
        rows.append((f"合计（{len(rows)} 个村）", totals[0], totals[1], totals[2],
                     _pct(percent(totals[2], totals[1])), totals[3]))
        table = _table(("村", "党员", "农户", "已联户", "联户率", "走访次数"), rows)
        table.setObjectName("villagesTable")
        table.setMinimumHeight(min(40 + 30 * len(rows), 420))
        bold = table.font()
        bold.setBold(True)
        for col in range(table.columnCount()):
            table.item(len(rows) - 1, col).setFont(bold)
        self.charts["villages_table"] = table
        layout.addWidget(table)
        chart = BarChart(color=PALETTE[0])
        chart.set_items([(v["village"], v["members"], f"{v['members']} 人") for v in report["villages"]])
        self.charts["villages"] = chart
        layout.addWidget(self._boxed("各村党员人数", chart))
        layout.addStretch(1)
        return page

    def _activity(self, a: dict) -> QWidget:
        v, r, c = a["visits"], a["requests"], a["compliance"]
        page = QWidget()
        layout = QGridLayout(page)
        tiles = QHBoxLayout()
        tiles.addWidget(self._tile("year_visits", f"{a['year']} 年走访", v["total"], "次（含电话、座谈等）"))
        tiles.addWidget(self._tile("compliance", "每月走访完成率", _pct(c["percent"]),
                                   f"{c['visited']}/{c['expected']} 户次（一次）"))
        tiles.addWidget(self._tile("requests", "诉求", r["total"], f"已办结 {r['done']} 件（{r['done_percent']}%）"))
        tiles.addWidget(self._tile("on_time", "按期办结率", _pct(r["on_time_percent"]),
                                   f"超期未办结 {r['overdue']} 件，未反馈 {r['not_fed_back']} 件"))
        tiles.addWidget(self._tile("satisfied", "群众满意率", _pct(r["satisfied_percent"]),
                                   f"已反馈 {r['fed_back']} 件，不满意 {r['satisfaction']['不满意']} 件"))
        layout.addLayout(tiles, 0, 0, 1, 2)
        if len(c["villages"]) > 1:
            chart = BarChart(color=PALETTE[3])
            chart.set_items([(x["village_name"], x["percent"], _pct(x["percent"])) for x in c["villages"]],
                            maximum=100)
            title = "各村每月走访完成率（全年）"
        else:
            months = c["villages"][0]["months"] if c["villages"] else []
            chart = BarChart(color=PALETTE[3])
            chart.set_items([(f"{m + 1}月", percent(done, due), f"{percent(done, due)}%（{done}/{due}）")
                             for m, (due, done) in enumerate(months) if due], maximum=100)
            title = "各月走访完成率（当月走访的户次 / 应走访户次）"
        self.charts["compliance"] = chart
        layout.addWidget(self._boxed(title, chart), 1, 0, 2, 1)
        forms = BarChart(color=PALETTE[2])
        forms.set_items([(k, n, f"{n} 次（{percent(n, v['total'])}%）") for k, n in v["by_form"].items()])
        self.charts["visit_forms"] = forms
        layout.addWidget(self._boxed("走访形式", forms), 1, 1)
        states = DonutChart(unit="件")
        states.set_items([(k or "未填", n) for k, n in r["by_state"].items() if n])
        self.charts["request_states"] = states
        layout.addWidget(self._boxed("诉求办理状态", states), 2, 1)
        duties = BarChart(color=PALETTE[0])
        duties.set_items([(k, n, f"{n} 次（{percent(n, v['total'])}%）") for k, n in v["by_duty"].items()])
        self.charts["duties"] = duties
        layout.addWidget(self._boxed("八个到位（一次走访可履行多项）", duties), 3, 0)
        satisfaction = DonutChart(unit="件")
        # 满意 green, 基本满意 amber, 不满意 red: every answer listed, so each keeps its colour.
        satisfaction.set_items(list(r["satisfaction"].items()), colors=SATISFACTION_COLOURS)
        self.charts["satisfaction"] = satisfaction
        layout.addWidget(self._boxed("群众满意度（已反馈的诉求）", satisfaction), 3, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(4, 1)
        return page

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        if not isinstance(widget, QTableWidget):
            inner.addStretch(1)  # charts keep their height at the top of a tall box
        return box

    # ------------------------------------------------------------ export

    def default_export_path(self) -> Path:
        folder = Path(str(self.settings.value("excel/folder", "") or Path.home()))
        day = (self.today or datetime.date.today()).strftime("%Y%m%d")
        return folder / f"{self.report['scope']}统计报表_{day}.xlsx"

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出统计报表", str(self.default_export_path()),
                                              "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        from lianhu_desktop.excel.stats_export import write_stats_report

        try:
            if self.activity is None:  # the township's is still being counted
                today = self.today or datetime.date.today()
                self.setCursor(Qt.CursorShape.WaitCursor)
                try:
                    self.activity = year_activity(today.year, self.village_id(), today)
                finally:
                    self.unsetCursor()
            write_stats_report(self.report | {"activity": self.activity}, path)
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error, "导出失败")
            return False
        self.settings.setValue("excel/folder", str(path.parent))
        QMessageBox.information(self, "导出完成", f"统计报表已导出到：\n{path}")
        return True


def open_statistics(window) -> StatisticsDialog | None:
    """Show the statistics of the window's current village (or all)."""
    if window.ui.stack.currentWidget() is not window.ui.tabsHolder:
        QMessageBox.information(window, "统计报表", "数据库中还没有村，请先新建村或载入演示数据。")
        return None
    dialog = StatisticsDialog(window, window.current_village_id(), settings=window.settings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.statistics_dialog = dialog
    dialog.show()
    return dialog


def _menu_titled(window, word: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and menu.title().replace("&", "").startswith(word):
            return menu
    return None


def install(window) -> None:
    """Add the 统计 menu (before 管理 if present, else before 帮助) with 统计报表… (Ctrl+T)."""
    menu = QMenu("统计(&S)", window.menuBar())
    menu.setObjectName("menuStatistics")
    before = _menu_titled(window, "管理") or window.ui.menuHelp
    window.menuBar().insertMenu(before.menuAction(), menu)
    action = QAction("统计报表(&T)…", window)
    action.setObjectName("actionStatistics")
    action.setShortcut(QKeySequence("Ctrl+T"))
    action.setStatusTip("本村或全乡镇的党员队伍结构、联户覆盖和农户统计，可导出 Excel")
    action.triggered.connect(lambda: open_statistics(window))
    menu.addAction(action)
    window.addAction(action)  # the shortcut works wherever the focus is

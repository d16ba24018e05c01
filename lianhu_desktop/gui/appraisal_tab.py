"""百分制考核: the year's appraisal of the chosen village — scores, totals, grades, ranks, the seal.

A table per member (one tier's items as columns, or every tier with the
items in one column), from ``appraisal.results`` (totals, grades and ranks
computed in the domain, never per row here). Enter or a double-click opens
the member's score dialog; the toolbar opens the scheme editor, the grade
thresholds, the ballot entry, the projector and 定稿封存. The whole township
(全部村) is computed in a worker and shown read-only.

The tab follows the view protocol of the other tabs (``set_village``,
``on_changes``, ``activate``; refreshed by change notices of scores,
schemes, ballots and the records the automatic items are computed from).
"""

from __future__ import annotations

import datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from lianhu_desktop.domain import appraisal
from lianhu_desktop.domain.appraisal_types import AppraisalResults, MemberResult
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES, TIERS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.appraisal_dialogs import ThresholdsDialog, open_score_dialog, seal_year, verify_code
from lianhu_desktop.gui.appraisal_table import ResultsModel, ResultsTable, columns_for
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import ViewState

ALL_TIERS = "全部类别"
NEEDS_VILLAGE = "请先在窗口上方选择一个村"


class AppraisalTab(QWidget):
    key = "appraisal"
    title = "百分制考核"
    depends = frozenset({Change.SCORES, Change.SCHEMES, Change.BALLOTS, Change.VISITS, Change.REQUESTS,
                         Change.COMMITMENTS, Change.MEETINGS, Change.MEMBERS, Change.LINKS, Change.VILLAGES,
                         Change.ORGANISATION})

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("appraisalTab")
        self.today = today
        self.status_listener: Callable[[str], None] | None = None
        self.village_id: int | None = None
        self.found: list[AppraisalResults] = []
        self._job = None
        self._again = False
        self._computing = False  # the township's results are being computed in a worker
        self._township_year: int | None = None  # the year of the whole township's results on screen
        self.model = ResultsModel(self)
        self.view_state = ViewState(self, self.depends, lambda _changes: self.reload())
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        this_year = (self.today or datetime.date.today()).year
        self.year = QSpinBox(self)
        self.year.setObjectName("yearFilter")
        self.year.setRange(2000, this_year + 1)
        self.year.setValue(this_year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _year: self.reload())
        self.tier = QComboBox(self)
        self.tier.setObjectName("tierFilter")
        self.tier.addItem(ALL_TIERS, None)
        for tier in TIERS:
            self.tier.addItem(tier, tier)
        self.tier.currentIndexChanged.connect(lambda _index: self.show_rows())
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("搜索姓名")
        self.search.setToolTip("搜索姓名（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(lambda _text: self.show_rows())
        filters = QHBoxLayout()
        for text, widget in (("考核年度(&Y)：", self.year), ("考核类别(&K)：", self.tier)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addWidget(self.search)
        filters.addStretch(1)

        self.buttons: dict[str, QPushButton] = {}
        self._tips: dict[str, str] = {}
        actions = QHBoxLayout()
        for key, text, tip, slot in (
                ("score", "评分(&S)…", "为选中的党员评分（Enter 或双击）", self.score_current),
                ("schemes", "考核方案(&M)…", "修改各类别的百分制考核方案，试算后保存", self.edit_schemes),
                ("thresholds", "等次分数线(&T)…", "优秀、合格、基本合格的最低总分", self.edit_thresholds),
                ("ballots", "测评票录入(&B)…", "录入民主测评票（每张票两次录入）", self.enter_ballots),
                ("projector", "投影(&P)…", "在投影屏上显示评议大会的结果", self.open_projector),
                ("seal", "定稿封存(&F)…", "定稿后封存结果，生成封存码", self.seal)):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}Button")
            button.setToolTip(tip)
            self._tips[key] = tip
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[key] = button
        actions.addStretch(1)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("appraisalState")
        self.state_label.setWordWrap(True)
        self.table = ResultsTable(self)
        self.table.on_resize = self._fit_columns
        self.table.setObjectName("resultsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        rows.hide()
        self.table.activated.connect(lambda _index: self.score_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self.summary = QLabel(self)
        self.summary.setObjectName("appraisalSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        chain = [self.year, self.tier, self.search, self.table, *self.buttons.values()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------ the view protocol

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        """Show one village (None: the whole township); load now if shown (``load`` overrides)."""
        self.village_id = village_id
        self.view_state.pending = frozenset()
        self._township_year = None
        if load is None:
            load = self.isVisible()
        if load:
            self.reload()
        else:
            self.model.invalidate()

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        self.view_state.on_changes(changes, source)

    def activate(self) -> None:
        """The tab became visible: read the results if not read yet, refresh if stale."""
        if self.model.loaded:
            self.view_state.shown()
        else:
            self.view_state.pending = frozenset()
            self.reload()
        self._report_status()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model.loaded:
            self.view_state.shown()

    def refresh(self) -> None:
        self.view_state.pending = frozenset()
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------ reading

    def reload(self) -> None:
        """Read the year's results again (the whole township in a worker)."""
        self.view_state.pending = frozenset()
        year, village_id, today = self.year.value(), self.village_id, self.today
        if village_id is not None:
            found = []
            operations.run_query(self, appraisal.results, village_id, year, today, on_success=found.append,
                                 title="无法读取考核结果")
            self.found = found
            self._township_year = None
            self.show_rows()
            return
        if self._job is not None and self._job.running:
            self._again = True
            return
        from lianhu_desktop.gui.workers import Job

        self.state_label.setText(f"正在计算全部村 {year} 年度的考核结果……")
        self._computing = True

        def stale() -> bool:
            return self._again or self.village_id is not None or self.year.value() != year

        handed = []

        def part(results) -> None:
            # The first village is on screen while the others are computed (a
            # refresh keeps the whole township's rows until the new ones are in).
            handed.append(results)
            if len(handed) == 1 and not stale() and self._township_year != year:
                self.found = [results]
                self.show_rows()

        def done(found) -> None:
            self._job = None
            self._computing = False
            if stale():
                self._again = False
                if self.village_id is None:
                    self.reload()
                return
            self.found = found
            self._township_year = year
            self.show_rows()

        def failed(error) -> None:
            self._job = None
            self._computing = False
            self._show_state()
            operations.handle_error(self, error, "无法读取考核结果")

        self._job = Job(lambda *, progress, part: appraisal.township_results(year, today, each=part),
                        parent=self, on_done=done, on_error=failed, on_part=part)
        self._job.start()

    def current_results(self) -> AppraisalResults | None:
        """The chosen village's results (None for the whole township)."""
        return self.found[0] if self.village_id is not None and self.found else None

    def show_rows(self) -> None:
        """Put the results read on screen, narrowed to the tier and the search."""
        tier = self.tier.currentData()
        word = "".join(self.search.text().split())
        rows = [(results.village_name, member) for results in self.found for member in results.members
                if (tier is None or member.tier == tier) and (not word or word in member.name)]
        kept = self.model.member_at(self.table.currentIndex().row())
        columns = columns_for(tier, [m for _v, m in rows], self.village_id is None)
        self.model.set_rows(rows, columns)
        # The summary column of every tier takes the rest of the width; one tier's items share it.
        self.table.horizontalHeader().setStretchLastSection(tier is None)
        self._fit_columns()
        lines = max((c.header.count("\n") + 1 for c in columns), default=1)
        self.table.horizontalHeader().setFixedHeight(self.table.fontMetrics().height() * lines + 12)
        row = self.model.row_of(kept.member_id) if kept is not None else -1
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        self._show_state()
        self._enable()
        self._report_status()

    def _fit_columns(self) -> None:
        """Columns at their widths for the font; on a wide screen the item columns share the room left."""
        columns = self.model.columns
        if not columns:
            return
        scale = max(1.0, self.table.fontMetrics().horizontalAdvance("中文字") / 39)
        widths = [int(column.width * scale) for column in columns]
        items = [i for i, column in enumerate(columns) if column.header.endswith(" 分")]
        room = self.table.viewport().width() - sum(widths) - 2
        if items and room > 0 and not self.table.horizontalHeader().stretchLastSection():
            extra = min(room // len(items), widths[items[0]])  # at most twice as wide
            for index in items:
                widths[index] += extra
        for index, width in enumerate(widths):
            self.table.setColumnWidth(index, width)

    def _show_state(self) -> None:
        results = self.current_results()
        if results is None:
            villages = len(self.found)
            sealed = sum(1 for r in self.found if r.sealed)
            if self._computing:
                self.state_label.setText(f"全部村 {self.year.value()} 年度：已显示 {villages} 个村，"
                                         "正在计算其余各村的考核结果……")
            else:
                self.state_label.setText(f"全部村 {self.year.value()} 年度：{villages} 个村，已封存 {sealed} 个村"
                                         "（只读；评分、方案和封存请先选择一个村）")
        else:
            t = results.thresholds
            lines = "、".join(f"{g} ≥ {points_text(t[g])}" for g in GRADES[:-1])
            seal = f"　封存码：<b>{results.seal_code}</b>" if results.sealed else ""
            self.state_label.setText(f"{results.village_name} {results.year} 年度民主评议：<b>{results.status}</b>"
                                     f"　等次分数线：{lines} 分{seal}")
        members = [m for r in self.found for m in r.members]
        counts = {g: sum(1 for m in members if m.grade == g) for g in GRADES}
        pending = sum(1 for m in members if not m.grade)
        text = "等次分布：" + "，".join(f"{g} {counts[g]} 名" for g in GRADES) + (f"；尚未评完 {pending} 名"
                                                                          if pending else "")
        if results is not None:
            s = results.ballots
            issued = "未登记" if s.issued is None else f"{s.issued} 张"
            text += (f"　测评票：发出 {issued}，收回 {s.returned} 张，有效 {s.valid} 张，无效 {s.invalid} 张，"
                     f"两次录入不一致 {s.mismatched} 张")
            if s.problems:
                text += "<br><span style='color:#b3261e'>" + "；".join(s.problems) + "</span>"
        self.summary.setText(text)

    def _enable(self) -> None:
        results = self.current_results()
        chosen = results is not None
        sealed = chosen and results.sealed
        member = self.model.member_at(self.table.currentIndex().row())
        for key, button in self.buttons.items():
            enabled = chosen and (key in ("ballots", "projector", "seal") or not sealed)
            if key == "score":
                enabled = chosen and member is not None
            button.setEnabled(bool(enabled))
            button.setToolTip(self._tips[key] if chosen else NEEDS_VILLAGE)
        self.buttons["score"].setText("查看评分(&S)…" if sealed else "评分(&S)…")
        seal = self.buttons["seal"]
        seal.setText("核对封存码(&F)…" if sealed else "定稿封存(&F)…")
        if sealed:
            seal.setToolTip("用纸面结果表上的封存码核对数据库中的结果是否被改动")

    def status_text(self) -> str:
        members = [m for r in self.found for m in r.members]
        done = sum(1 for m in members if m.grade)
        return f"共 {len(members)} 名党员，已定等次 {done} 名，{self.year.value()} 年度"

    def _report_status(self) -> None:
        if self.status_listener is not None:
            self.status_listener(self.status_text())

    # ------------------------------------------------------------ actions

    def _next_member(self, member_id: int) -> MemberResult | None:
        row = self.model.row_of(member_id)
        following = self.model.member_at(row + 1) if row >= 0 else None
        if following is not None:
            self.table.setCurrentIndex(self.model.index(row + 1, 0))
        return following

    def score_current(self):
        results = self.current_results()
        member = self.model.member_at(self.table.currentIndex().row())
        if results is None or member is None:
            return None
        return open_score_dialog(self, results.village_id, results.year, member, sealed=results.sealed,
                                 next_member=self._next_member)

    def edit_schemes(self):
        from lianhu_desktop.gui.scheme_editor import SchemeEditor

        results = self.current_results()
        if results is None or results.sealed:
            return None
        # The first change to a year's schemes opens its appraisal: the village gets its own copy.
        in_use = appraisal.schemes.schemes_in_use(results.village_id, results.year)
        if any(s.village_id != results.village_id for s in in_use.values()) and not operations.run_op(
                self, appraisal.open_appraisal, results.village_id, results.year, changes={Change.SCHEMES},
                title="无法打开考核方案"):
            return None
        tier = self.tier.currentData() or TIERS[1]
        dialog = SchemeEditor(self, results.village_id, results.year, tier)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_thresholds(self):
        results = self.current_results()
        if results is None or results.sealed:
            return None
        dialog = ThresholdsDialog(self, results.village_id, results.year)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def enter_ballots(self) -> None:
        results = self.current_results()
        if results is not None:
            from lianhu_desktop.gui.ballot_entry import open_ballot_entry

            open_ballot_entry(self, results.village_id, results.year)

    def open_projector(self) -> None:
        results = self.current_results()
        if results is not None:
            from lianhu_desktop.gui.projector import open_presenter

            open_presenter(self, results.village_id, results.year)

    def seal(self) -> bool:
        """定稿封存, or once sealed 核对封存码 (the code on paper against the database)."""
        results = self.current_results()
        if results is None:
            return False
        if results.sealed:
            verify_code(self, results.village_id, results.year)
            return False
        return seal_year(self, results.village_id, results.year, results.village_name)

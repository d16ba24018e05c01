"""走访情况: the month's 一次 per grid (or village), per member, the households not visited, contact points
and the 结对帮扶 pairings (each expected a visit from its helper every month of its year).

Self-contained: the 民情日记 tab hosts it and passes ``set_village`` and
``on_changes`` on. The figures are ``domain.compliance.monthly_compliance``'s
(a village in milliseconds, the township demo's month in about 0.3 s when this
was written, so the township's is read in a worker; ``python -m bench --only
compliance`` measures it now).
Clicking a grid or a member narrows the list of households not visited;
double-clicking a household or a member opens it.
"""

from __future__ import annotations

import datetime
from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import compliance, contact_points
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import StatefulView, ViewState

COMPLIANCE_CHANGES = frozenset({Change.VISITS, Change.LINKS, Change.HOUSEHOLDS, Change.MEMBERS,
                                Change.ORGANISATION, Change.VILLAGES, Change.PAIRINGS})
MONTHS_OFFERED = 24
LOW_RATE = 80.0  # below this a rate is shown in red
RED, GREEN, MUTED = QColor("#b3261e"), QColor("#2e7d32"), QColor("#6a7480")


def recent_months(today: datetime.date, count: int = MONTHS_OFFERED) -> list[datetime.date]:
    """The first days of this month and the ``count - 1`` before it, newest first."""
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of tuples; ``ids[row]`` is what the row stands for.

    ``numeric`` columns are right-aligned; ``colour(row, column)`` may give a text colour.
    """

    def __init__(self, headers: Sequence[str], parent=None, *, numeric: Sequence[int] = (),
                 colour: Callable[[tuple, int], QColor | None] | None = None):
        super().__init__(parent)
        self.headers, self.numeric, self.colour = list(headers), set(numeric), colour
        self.rows: list[tuple] = []
        self.ids: list = []

    def set_rows(self, rows: list[tuple], ids: list) -> None:
        self.beginResetModel()
        self.rows, self.ids = rows, ids
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.colour is not None:
            return self.colour(row, column)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def _table(model: RowsModel, parent: QWidget, name: str, widths: Sequence[int]) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    metrics = table.fontMetrics()
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    scale = max(1.0, metrics.horizontalAdvance("中文字") / 39)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, int(width * scale))
    return table


def _rate_colour(rate_column: int):
    def colour(row, column):
        if column != rate_column:
            return None
        value = float(str(row[column]).rstrip("%") or 0)
        return RED if value < LOW_RATE else None
    return colour


class RateBar(QStyledItemDelegate):
    """A rate column drawn as a bar with the percentage after it: red below 80%."""

    TRACK, FILL, LOW = QColor("#eef0f3"), QColor("#4e9a5b"), QColor("#d9534f")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        text = str(index.data() or "")
        try:
            value = float(text.rstrip("%"))
        except ValueError:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        metrics = option.fontMetrics
        label_width = metrics.horizontalAdvance("100.0%") + 8
        rect = option.rect.adjusted(4, 5, -4, -5)
        bar = QRect(rect.left(), rect.top(), max(0, rect.width() - label_width), rect.height())
        painter.fillRect(bar, self.TRACK)
        filled = QRect(bar.left(), bar.top(), int(bar.width() * min(value, 100.0) / 100), bar.height())
        painter.fillRect(filled, self.LOW if value < LOW_RATE else self.FILL)
        painter.setPen(RED if value < LOW_RATE else option.palette.text().color())
        painter.drawText(QRect(bar.right() + 4, option.rect.top(), label_width - 4, option.rect.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()


class ComplianceView(StatefulView, QWidget):
    """The month's visits: figures per grid/village and member, households not visited, contact points."""

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("complianceView")
        self.today = today or datetime.date.today()
        self.village_id: int | None = None
        self.report: dict | None = None
        self._complete: tuple | None = None  # (month, village) of the report shown when it is whole
        self.points: list[dict] = []
        self._job = None
        self._narrow: tuple[str, int | None] | None = None
        self.state = ViewState(self, COMPLIANCE_CHANGES, lambda _changes: self.reload())
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.month = QComboBox(self)
        self.month.setObjectName("complianceMonth")
        for day in recent_months(self.today):
            self.month.addItem(f"{day.year}年{day.month}月", day)
        self.month.currentIndexChanged.connect(self.reload)
        caption = QLabel("月份：", self)
        caption.setBuddy(self.month)
        bar.addWidget(caption)
        bar.addWidget(self.month)
        self.summary = QLabel(self)
        self.summary.setObjectName("complianceSummary")
        # A township's summary (and the one shown while it is counted) is longer than a
        # 1024-pixel screen is wide: it wraps instead of widening the window.
        self.summary.setWordWrap(True)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        self.manage_points = QPushButton("管理联系点…", self)
        self.manage_points.setObjectName("manageContactPoints")
        self.manage_points.clicked.connect(self.open_contact_points)
        bar.addWidget(self.manage_points)
        layout.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QSplitter(Qt.Orientation.Vertical, self.splitter)
        self.places_model = RowsModel(("网格", "应访", "已访", "走访率"), self, numeric=(1, 2, 3),
                                      colour=_rate_colour(3))
        self.places_title = QLabel("各网格", self)
        self.places = _table(self.places_model, self, "compliancePlaces", (80, 44, 44, 56))
        self.rate_bar = RateBar(self)
        self.places.setItemDelegateForColumn(3, self.rate_bar)
        left.addWidget(self._titled(self.places_title, self.places))
        self.points_model = RowsModel(("联系点干部", "网格", "到网格", "情况"), self, numeric=(2,),
                                      colour=lambda row, column: (RED if row[3] == "未达标" else GREEN)
                                      if column == 3 else None)
        self.points_title = QLabel("联系点（每月到网格 2 次）", self)
        self.points_table = _table(self.points_model, self, "complianceContactPoints", (70, 70, 50, 50))
        left.addWidget(self._titled(self.points_title, self.points_table))
        # 结对帮扶: the year's pairings, each expected a visit from its helper this month.
        self.pairings_model = RowsModel(("村", "帮扶党员", "结对农户", "本月走访"), self, numeric=(3,),
                                        colour=lambda row, column: (RED if row[3] == "未走访" else GREEN)
                                        if column == 3 else None)
        self.pairings_title = QLabel("结对帮扶", self)
        self.pairings_table = _table(self.pairings_model, self, "compliancePairings", (64, 64, 110, 56))
        left.addWidget(self._titled(self.pairings_title, self.pairings_table))
        # The 村 columns show for the township only.
        self.members_model = RowsModel(("村", "党员", "联系户", "已访", "未访", "走访率"), self,
                                       numeric=(2, 3, 4, 5), colour=_rate_colour(5))
        self.members_title = QLabel("各党员", self)
        self.members = _table(self.members_model, self, "complianceMembers", (64, 64, 50, 44, 44, 56))
        self.members.setItemDelegateForColumn(5, self.rate_bar)
        self.missed_model = RowsModel(("村", "网格", "农户（户主）", "联户党员"), self,
                                      colour=lambda _row, column: RED if column == 2 else None)
        self.missed_title = QLabel("本月未走访的农户", self)
        self.clear_narrow = QToolButton(self)
        self.clear_narrow.setText("显示全部")
        self.clear_narrow.setAutoRaise(True)
        self.clear_narrow.clicked.connect(lambda: self.narrow(None))
        self.clear_narrow.hide()
        self.missed = _table(self.missed_model, self, "complianceMissed", (64, 60, 120, 90))
        for widget in (left, self._titled(self.members_title, self.members),
                       self._titled(self.missed_title, self.missed, self.clear_narrow)):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 4)
        layout.addWidget(self.splitter, 1)
        self.hint = QLabel("双击农户或党员可打开其信息；单击网格或党员只看其未走访的农户。", self)
        self.hint.setStyleSheet("color: #6a7480;")
        layout.addWidget(self.hint)

        self.places.clicked.connect(lambda index: self.narrow(("place", self.places_model.ids[index.row()])))
        self.members.clicked.connect(lambda index: self.narrow(("member", self.members_model.ids[index.row()])))
        self.members.activated.connect(lambda index: self.open_member(self.members_model.ids[index.row()]))
        self.missed.activated.connect(lambda index: self.open_household(self.missed_model.ids[index.row()]))
        self.pairings_table.activated.connect(
            lambda index: self.open_household(self.pairings_model.ids[index.row()]))
        self.points_table.activated.connect(lambda _index: self.open_contact_points())

    def _titled(self, title: QLabel, table: QTableView, extra: QWidget | None = None) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(2, 2, 2, 2)
        column.setSpacing(2)
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        row = QHBoxLayout()
        row.addWidget(title, 1)
        if extra is not None:
            row.addWidget(extra)
        column.addLayout(row)
        column.addWidget(table, 1)
        return box

    # ------------------------------------------------------------ the view protocol

    def set_village(self, village_id: int | None) -> None:
        self.village_id = village_id
        self._narrow = None
        for table in (self.members, self.missed, self.pairings_table):
            table.setColumnHidden(0, village_id is not None)
        self.manage_points.setEnabled(village_id is not None)
        super().set_village(village_id)

    def status_text(self) -> str:
        """The status line while the view is shown."""
        return f"走访情况：{self.month.currentText()}"

    # ------------------------------------------------------------ loading

    def current_month(self) -> datetime.date:
        return self.month.currentData() or self.today.replace(day=1)

    @staticmethod
    def _load(month, village_id, *, progress=None, part=None):
        if village_id is None and part is not None:
            # The first village is on screen while the whole township is counted.
            first = list_villages()[:1]
            if first:
                part((first[0].name, compliance.monthly_compliance(month, first[0].id),
                      contact_points.contact_point_month(month, first[0].id)))
        return (compliance.monthly_compliance(month, village_id),
                contact_points.contact_point_month(month, village_id))

    def reload(self) -> None:
        """Read the chosen month for the village (the township in a worker, its first village shown first)."""
        self.state.pending = frozenset()
        month, village_id = self.current_month(), self.village_id
        if village_id is not None:
            try:
                result = self._load(month, village_id)
            except Exception as error:  # noqa: BLE001 - the one error policy
                operations.handle_error(self, error)
                return
            self.show_report(result, month, village_id)
            return
        from lianhu_desktop.gui.workers import Job

        # A refresh of the township's month keeps its rows until the new ones are in.
        refresh = self.report is not None and self._complete == (month, None)
        if not refresh:
            self.summary.setText("正在统计全乡镇的走访情况……")
            self.report = None
            self._complete = None
            for model in (self.places_model, self.members_model, self.missed_model, self.points_model,
                          self.pairings_model):
                model.set_rows([], [])

        def part(first) -> None:
            name, report, points = first
            if refresh or month != self.current_month() or self.village_id is not None:
                return
            self.show_report((report, points), month, None, complete=False)
            self.summary.setText(f"正在统计全乡镇的走访情况，先显示{name}：{self.summary.text()}")

        self._job = Job(self._load, month, village_id, parent=self, on_part=part,
                        on_done=lambda result: self.show_report(result, month, village_id),
                        on_error=lambda error: operations.handle_error(self, error))
        self._job.start()

    def show_report(self, result, month, village_id, *, complete: bool = True) -> None:
        """Show ``result`` (report, contact points) of ``month``; ``complete``: not the first village
        of a township still being counted."""
        if month != self.current_month() or village_id != self.village_id:
            return  # another month or village was chosen meanwhile
        self.report, self.points = result
        self._complete = (month, village_id) if complete else None
        township = village_id is None
        villages = self.report["villages"]
        totals = self.report["totals"]
        self.summary.setText(
            f"应走访 {totals['households']} 户，已走访 {totals['visited']} 户，"
            f"未走访 {totals['not_visited_count']} 户，走访率 {totals['rate']}%；"
            f"有未走访农户的党员 {totals['members_with_unvisited']} 名"
            + (f"；结对帮扶 {totals['pairings']['expected']} 户，已走访 {totals['pairings']['visited']} 户"
               if totals["pairings"]["expected"] else ""))
        if township:
            self.places_title.setText("各村")
            self.places_model.headers[0] = "村"
            places = [((v["village_name"], v["households"], v["visited"], f"{v['rate']}%"), v["village_id"])
                      for v in villages]
        else:
            self.places_title.setText("各网格")
            self.places_model.headers[0] = "网格"
            places = [((g["grid_name"], g["households"], g["visited"], f"{g['rate']}%"), g["grid_id"])
                      for v in villages for g in v["grids"]]
        self.places_model.set_rows([p for p, _ in places], [i for _, i in places])
        # Lowest rate first: the members the branch talks to on the theme party day.
        members = sorted(((m, v["village_name"]) for v in villages for m in v["members"]),
                         key=lambda item: (item[0]["rate"], -item[0]["not_visited_count"]))
        self.members_model.set_rows(
            [(name, m["name"], m["linked"], m["visited"], m["not_visited_count"], f"{m['rate']}%")
             for m, name in members], [m["member_id"] for m, _ in members])
        for table in (self.members, self.missed, self.pairings_table):
            table.setColumnHidden(0, not township)
        pairings = [(v["village_name"], line) for v in villages for line in v["pairing_lines"]]
        self.pairings_model.set_rows(
            [(name, line["member_name"], line["name"], f"{line['visits']} 次" if line["visited"] else "未走访")
             for name, line in pairings], [line["household_id"] for _name, line in pairings])
        figure = totals["pairings"]
        self.pairings_title.setText(f"结对帮扶（本月已走访 {figure['visited']}/{figure['expected']} 户）"
                                    if figure["expected"] else "结对帮扶：本年度尚未结对（管理 → 结对帮扶）")
        self.points_model.set_rows(
            [(p["member_name"], p["grid_name"], f"{p['visit_days']} 天", "达标" if p["met"] else "未达标")
             for p in self.points], [p["contact_point_id"] for p in self.points])
        self.points_title.setText(f"联系点（每月到网格 2 次，共 {len(self.points)} 个）" if self.points else
                                  "联系点：尚未设置" + ("" if township else "（点“管理联系点…”添加）"))
        self.manage_points.setEnabled(not township)
        self.manage_points.setToolTip("" if not township else "选择一个村后可管理其联系点")
        self._show_missed()

    def narrow(self, scope: tuple[str, int | None] | None) -> None:
        """Show only the households not visited of one grid/village or one member (None: all)."""
        self._narrow = scope
        self._show_missed()

    def _show_missed(self) -> None:
        if self.report is None:
            return
        township = self.village_id is None
        scope = self._narrow
        rows, ids, shown_for = [], [], ""
        member_households: set[int] | None = None
        if scope and scope[0] == "member":
            for village in self.report["villages"]:
                for m in village["members"]:
                    if m["member_id"] == scope[1]:
                        member_households, shown_for = set(m["not_visited"]), m["name"]
        for village in self.report["villages"]:
            if scope and scope[0] == "place" and township and village["village_id"] != scope[1]:
                continue
            for h in village["not_visited_households"]:
                if scope and scope[0] == "place" and not township and h["grid_id"] != scope[1]:
                    continue
                if member_households is not None and h["household_id"] not in member_households:
                    continue
                rows.append((village["village_name"], h["grid_name"], h["name"],
                             "、".join(m["name"] for m in h["members"])))
                ids.append(h["household_id"])
            if scope and scope[0] == "place":
                shown_for = village["village_name"] if township else next(
                    (g["grid_name"] for g in village["grids"] if g["grid_id"] == scope[1]), "")
        self.missed_model.set_rows(rows, ids)
        suffix = f"：{shown_for}" if shown_for else ""
        self.missed_title.setText(f"本月未走访的农户{suffix}（{len(rows)} 户）")
        self.clear_narrow.setVisible(scope is not None)

    # ------------------------------------------------------------ opening

    def open_household(self, household_id: int) -> None:
        open_household(self, household_id)

    def open_member(self, member_id: int) -> None:
        open_member(self, member_id)

    def open_contact_points(self) -> None:
        if self.village_id is None:
            return
        from lianhu_desktop.gui.dialogs.contact_points_dialog import ContactPointsDialog

        ContactPointsDialog(self, self.village_id).exec()


def open_household(parent: QWidget, household_id: int) -> None:
    """The household's dialog (it saves through the operations layer itself)."""
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog

    try:
        dialog = HouseholdDialog(parent, household_id=household_id)
    except Exception as error:  # noqa: BLE001 - the one error policy
        operations.handle_error(parent, error, "无法打开农户")
        return
    dialog.exec()


def open_member(parent: QWidget, member_id: int) -> None:
    """The member's dialog (it saves through the operations layer itself)."""
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    try:
        dialog = MemberDialog(parent, member_id=member_id)
    except Exception as error:  # noqa: BLE001 - the one error policy
        operations.handle_error(parent, error, "无法打开党员")
        return
    dialog.exec()

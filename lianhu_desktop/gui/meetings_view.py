"""会议记录 (一会): the village's meetings and the editor with its attendance grid.

The attendance grid lists everyone the meeting expects as 出席; the clerk
marks only the exceptions from the keyboard: ↑/↓ to a member, 1 出席,
2 请假, 3 缺席 (Space cycles), on every selected row at once, and the cursor
moves on. Saving goes through ``operations.run_op`` (``Change.MEETINGS``).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import meetings
from lianhu_desktop.domain.vocab import ATTENDANCE_STATUSES
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.form_parts import error_label, save_buttons, year_spin
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.views import StatefulView, ViewState

STATUS_COLOURS = {"出席": None, "请假": "#9a6700", "缺席": "#b3261e"}
KEYS = {Qt.Key.Key_1: "出席", Qt.Key.Key_2: "请假", Qt.Key.Key_3: "缺席"}
BRANCH = "（支部）"


def _item(value, *, align_center: bool = False, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def list_table(headers, stretch: int) -> QTableWidget:
    """A read-only table of whole rows with one stretched column."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class AttendanceGrid(QTableWidget):
    """Members × status; 1/2/3 (or Space) set the selected rows' status."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setObjectName("attendanceGrid")
        self.setHorizontalHeaderLabels(("党员", "党小组", "出席情况"))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setColumnWidth(0, 110)
        self.setColumnWidth(2, 90)
        self.setToolTip("按 1 出席、2 请假、3 缺席（空格键轮换），可先多选再按键")
        self.on_change = None

    def fill(self, attendees: list[meetings.Attendee], statuses: dict[int, str]) -> None:
        self.setRowCount(len(attendees))
        for row, person in enumerate(attendees):
            name = person.name + ("（支委）" if person.is_committee else "")
            self.setItem(row, 0, _item(name, data=person.id))
            self.setItem(row, 1, _item(person.party_group))
            self.setItem(row, 2, _item("", align_center=True))
            self._show(row, statuses.get(person.id, meetings.PRESENT))
        if attendees:
            self.setCurrentCell(0, 0)

    def _show(self, row: int, status: str) -> None:
        item = self.item(row, 2)
        item.setText(status)
        item.setData(Qt.ItemDataRole.UserRole, status)
        colour = STATUS_COLOURS[status]
        item.setForeground(QBrush(QColor(colour)) if colour else QBrush())

    def statuses(self) -> dict[int, str]:
        return {self.item(r, 0).data(Qt.ItemDataRole.UserRole): self.item(r, 2).data(Qt.ItemDataRole.UserRole)
                for r in range(self.rowCount())}

    def set_status(self, rows, status: str | None) -> None:
        """Give ``rows`` ``status`` (None: the next status of each)."""
        for row in rows:
            current = self.item(row, 2).data(Qt.ItemDataRole.UserRole)
            following = ATTENDANCE_STATUSES[(ATTENDANCE_STATUSES.index(current) + 1) % len(ATTENDANCE_STATUSES)]
            self._show(row, status or following)
        if self.on_change is not None:
            self.on_change()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in KEYS or key == Qt.Key.Key_Space:
            rows = sorted({index.row() for index in self.selectionModel().selectedRows()}) \
                or ([self.currentRow()] if self.currentRow() >= 0 else [])
            if rows:
                self.set_status(rows, KEYS.get(key))
                # One row marked: on to the next member, the way a list is read out.
                if len(rows) == 1 and rows[0] + 1 < self.rowCount():
                    self.setCurrentCell(rows[0] + 1, 0)
            return
        super().keyPressEvent(event)


class MeetingDialog(QDialog):
    """New (``meeting_id`` None) or stored meeting of ``village_id``."""

    def __init__(self, parent: QWidget | None, village_id: int, meeting_id: int | None = None,
                 today: datetime.date | None = None):
        super().__init__(parent)
        self.village_id, self.meeting_id = village_id, meeting_id
        self.today = today or datetime.date.today()
        self.saved = None
        self.setWindowTitle("修改会议记录" if meeting_id else "登记会议")
        # What the meeting was when loaded: the save is refused if someone else saved it since.
        self.loaded = meetings.load_meeting(meeting_id) if meeting_id else None
        data = meetings.meeting_data(meeting_id) if meeting_id else \
            meetings.MeetingData(village_id, self.today)
        self._recorded = set(data.attendance) if meeting_id else set()
        self._statuses = dict(data.attendance)

        self.date = QDateEdit(self)
        self.date.setObjectName("date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate(self.today))
        self.date.setDate(QDate(data.date or self.today))
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.addItems(meetings.KINDS)
        self.kind.setCurrentText(data.kind)
        self.topic = QLineEdit(data.topic, self)
        self.topic.setObjectName("topic")
        self.topic.setPlaceholderText("如：学习联户政策，汇报本月联户工作")
        self.topic.setMaxLength(meetings.TOPIC_MAX)
        self.notes = QPlainTextEdit(data.notes, self)
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText("会议记录：议程、发言要点、决定事项")
        self.notes.setTabChangesFocus(True)  # Tab goes on to the attendance grid
        self.grid = AttendanceGrid(self)
        self.grid.on_change = self._count
        self.summary = QLabel(self)
        self.summary.setObjectName("attendanceSummary")
        self.problems = QTableWidget(0, 2, self)
        self.problems.setObjectName("problems")
        self.problems.setHorizontalHeaderLabels(("研究的问题", "落实人"))
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.problems.setColumnWidth(1, 120)
        add = QPushButton("添加问题(&A)", self)
        add.setObjectName("addProblem")
        add.clicked.connect(lambda: self.add_problem())
        remove = QPushButton("删除问题", self)
        remove.setObjectName("removeProblem")
        remove.clicked.connect(self._remove_problem)
        self.error_label = error_label(self)
        buttons = save_buttons(self, self.save)

        form = QFormLayout()
        form.addRow("会议日期(&D)：", self.date)
        form.addRow("会议类型(&K)：", self.kind)
        form.addRow("会议主题(&T)：", self.topic)
        form.addRow("会议记录(&N)：", self.notes)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(QLabel("研究的问题及落实人：", self))
        left_layout.addWidget(self.problems, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        left_layout.addLayout(row)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("出席情况（默认全部出席，只需标出请假、缺席的）：按 1 出席、2 请假、3 缺席", self)
        hint.setWordWrap(True)
        right_layout.addWidget(hint)
        right_layout.addWidget(self.grid, 1)
        right_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, {"date": self.date, "kind": self.kind, "topic": self.topic,
                                         "notes": self.notes, "attendance": self.grid,
                                         "problems": self.problems}, self.error_label)

        self._members = meetings.expected_members(village_id, None)  # who may follow a problem up
        for problem in data.problems:
            self.add_problem(problem.content, problem.follow_up_id)
        self._fill_grid()
        self.date.dateChanged.connect(self._fill_grid)
        self.kind.currentIndexChanged.connect(self._fill_grid)
        self.resize(1000, 640)
        self.topic.setFocus()

    # ------------------------------------------------------------ attendance

    def _fill_grid(self) -> None:
        self._statuses.update(self.grid.statuses())
        attendees = meetings.expected_members(self.village_id, self.date.date().toPython(),
                                              self.kind.currentText(), also=self._recorded)
        self.grid.fill(attendees, self._statuses)
        self._count()

    def _count(self) -> None:
        values = list(self.grid.statuses().values())
        self.summary.setText(f"应到 {len(values)} 人，出席 {values.count('出席')} 人，"
                             f"请假 {values.count('请假')} 人，缺席 {values.count('缺席')} 人")

    # ------------------------------------------------------------ problems

    def add_problem(self, content: str = "", follow_up_id: int | None = None) -> None:
        row = self.problems.rowCount()
        self.problems.insertRow(row)
        self.problems.setItem(row, 0, QTableWidgetItem(content))
        combo = QComboBox(self.problems)
        combo.addItem(BRANCH, None)
        for person in self._members:
            combo.addItem(person.name, person.id)
        if follow_up_id is not None:
            index = combo.findData(follow_up_id)
            if index < 0:  # archived since: still shown as recorded
                combo.addItem("（已归档党员）", follow_up_id)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.problems.setCellWidget(row, 1, combo)
        if not content:
            self.problems.setCurrentCell(row, 0)
            self.problems.editItem(self.problems.item(row, 0))

    def _remove_problem(self) -> None:
        row = self.problems.currentRow()
        if row >= 0:
            self.problems.removeRow(row)

    def data(self) -> meetings.MeetingData:
        problems = []
        for row in range(self.problems.rowCount()):
            item = self.problems.item(row, 0)
            problems.append(meetings.ProblemData(item.text() if item else "",
                                                 self.problems.cellWidget(row, 1).currentData()))
        return meetings.MeetingData(self.village_id, self.date.date().toPython(), self.kind.currentText(),
                                    self.topic.text(), self.notes.toPlainText(), self.grid.statuses(), problems)

    def save(self) -> None:
        self.errors.clear()

        def saved(meeting) -> None:
            self.saved = meeting
            self.accept()

        operations.run_op(self, meetings.save_meeting, self.data(), self.meeting_id, self.today, self.loaded,
                          changes={Change.MEETINGS}, on_success=saved, inline_errors=self.errors,
                          title="无法保存会议记录", reload=self.reload if self.meeting_id else None)

    def reload(self) -> None:
        """Show the meeting as saved now (someone else saved it since this dialog opened)."""
        self.loaded = meetings.load_meeting(self.meeting_id)
        data = meetings.meeting_data(self.meeting_id)
        self._recorded = set(data.attendance)
        self._statuses = dict(data.attendance)
        self.grid.fill([], {})  # the grid's own statuses are the input replaced
        self.date.setDate(QDate(data.date))
        self.kind.setCurrentText(data.kind)
        self.topic.setText(data.topic)
        self.notes.setPlainText(data.notes)
        self.problems.setRowCount(0)
        for problem in data.problems:
            self.add_problem(problem.content, problem.follow_up_id)
        self._fill_grid()


class MeetingsView(StatefulView, QWidget):
    """The meetings of the chosen village and year, newest first."""

    depends = frozenset({Change.MEETINGS, Change.MEMBERS, Change.VILLAGES})

    def __init__(self, parent: QWidget | None = None, today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("meetingsView")
        self.today = today or datetime.date.today()
        self.village_id: int | None = None
        self.rows: list[meetings.MeetingRow] = []
        self.state = ViewState(self, self.depends, lambda _changes: self.reload())
        self.year = year_spin(self, "meetingYear", self.today.year, self.reload)
        self.new_button = QPushButton("登记会议(&N)…", self)
        self.new_button.setObjectName("newMeeting")
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button = QPushButton("修改(&E)…", self)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.delete_button = QPushButton("删除(&D)", self)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.report_button = QPushButton("打印主题党日月报(&P)…", self)
        self.report_button.setObjectName("printMonthly")
        self.report_button.setToolTip("每名党员本月走访、诉求办理、未走访农户、逾期诉求和待研究的问题")
        self.report_button.clicked.connect(self.print_monthly)
        self.table = list_table(("日期", "会议类型", "会议主题", "应到", "出席", "请假", "缺席", "研究问题"), 2)
        self.table.setObjectName("meetingsTable")
        for column, width in ((0, 100), (1, 90), (3, 50), (4, 50), (5, 50), (6, 50), (7, 70)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_meeting())
        self.table.itemSelectionChanged.connect(self._enable)
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度：", self))
        bar.addWidget(self.year)
        bar.addSpacing(12)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self._enable()

    # ------------------------------------------------------------ view protocol




    def status_text(self) -> str:
        return f"会议记录：{self.status.text()}"

    def reload(self) -> None:
        self.state.pending = frozenset()
        self.rows = meetings.list_meetings(self.village_id, self.year.value()) if self.village_id else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (f"{row.date:%Y-%m-%d}", row.kind, row.topic, row.expected, row.present, row.leave,
                      row.absent, row.problems)
            for c, value in enumerate(values):
                item = _item(value, align_center=c != 2, data=row.id if c == 0 else None)
                if c == 6 and row.absent:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS["缺席"])))
                self.table.setItem(r, c, item)
        themes = sum(1 for row in self.rows if row.kind == "主题党日")
        self.status.setText("请先在上方选择一个村" if self.village_id is None else
                            f"{self.year.value()}年共 {len(self.rows)} 次会议，其中主题党日 {themes} 次")
        self.new_button.setEnabled(self.village_id is not None)
        self._enable()

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.report_button.setEnabled(self.village_id is not None)

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().hasSelection():
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    # ------------------------------------------------------------ actions

    def new_meeting(self) -> MeetingDialog | None:
        if self.village_id is None:
            return None
        dialog = MeetingDialog(self, self.village_id, today=self.today)
        dialog.open()
        return dialog

    def edit_meeting(self) -> MeetingDialog | None:
        meeting_id = self.current_id()
        if meeting_id is None:
            return None
        dialog = MeetingDialog(self, self.village_id, meeting_id, today=self.today)
        dialog.open()
        return dialog

    def delete_meeting(self) -> None:
        meeting_id = self.current_id()
        if meeting_id is None:
            return
        row = next(r for r in self.rows if r.id == meeting_id)
        loaded = operations.load_or_say(self, meetings.load_meeting, meeting_id)
        if loaded is None:
            return
        answer = QMessageBox.question(
            self, "删除会议记录", f"确定删除 {row.date:%Y年%m月%d日}的{row.kind}“{row.topic}”？\n"
            "出席情况和研究的问题一并删除；操作记录中会保留删除前的内容。")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, meetings.delete_meeting, meeting_id, loaded, changes={Change.MEETINGS},
                              title="无法删除会议记录", source=self)

    def print_monthly(self) -> None:
        """The month's report in the 打印中心: the chosen meeting's month, else this month."""
        chosen = next((r for r in self.rows if r.id == self.current_id()), None)
        day = chosen.date if chosen is not None else self.today
        center = open_print(self, "monthly")
        if center is not None:
            center.ui.yearSpin.setValue(day.year)
            center.ui.monthSpin.setValue(day.month)


def open_print(widget: QWidget, kind: str):
    """The 打印中心 of the main window ``widget`` is shown in, with ``kind`` chosen."""
    from lianhu_desktop.gui.print_center import open_print_center

    host = widget.window()
    while host is not None and not hasattr(host, "current_village_id"):
        host = host.parentWidget()
    return open_print_center(host if host is not None else widget.window(), kind)

"""The 民情日记 tab's views beside the visit list: requests (诉求) and households by last visit.

Each is a ``ListTab`` (search, filters, a table of ids fetched in pages)
living inside the tab's view switcher, following the view protocol itself.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QMessageBox, QPushButton

from lianhu_desktop.domain import diary_lists, visits
from lianhu_desktop.domain import requests as rq
from lianhu_desktop.domain.diary_lists import QUEUE_NAMES
from lianhu_desktop.errors import StaleRecord
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.request_dialog import RequestDialog, StepDialog
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change

STEP_BUTTONS = ((rq.START, "开始办理"), (rq.FINISH, "办结"), (rq.FEEDBACK, "反馈"), (rq.REOPEN, "退回重办"))


def request_summary(request_id: int):
    request = rq.get_request(request_id)
    return request, rq.describe(request)


class RequestsView(ListTab):
    """Requests with the queues the branch works from and the buttons that move them on."""

    key = "requests"
    spec = diary_lists.REQUESTS
    title = "诉求"
    search_hint = "搜索：户主、党员、门牌号、内容"
    depends = frozenset({Change.REQUESTS, Change.VISITS, Change.HOUSEHOLDS, Change.MEMBERS, Change.VILLAGES})

    def build_filters(self) -> None:
        self.queue = QComboBox(self)
        self.queue.setObjectName("queueFilter")
        for text, key in QUEUE_NAMES:
            self.queue.addItem(text, key)
        self.queue.currentIndexChanged.connect(lambda: self.show_queue(self.queue.currentData()))
        self.add_filter_widget(self.queue, "查看：")
        # The buttons go on a row of their own under the filters: one row is too wide for 1024 pixels.
        self.action_bar = QHBoxLayout()
        self.action_bar.setSpacing(4)
        self.ui.mainLayout.insertLayout(1, self.action_bar)
        self.step_buttons: dict[str, QPushButton] = {}
        for action, text in STEP_BUTTONS:
            button = QPushButton(text, self)
            button.setObjectName(f"step_{action}")
            button.clicked.connect(lambda _checked=False, a=action: self.step(a))
            self.action_bar.addWidget(button)
            self.step_buttons[action] = button
        self.new_button = QPushButton("登记", self)
        self.new_button.setObjectName("newRequest")
        self.new_button.setToolTip("登记不是在走访中提出的诉求")
        self.new_button.clicked.connect(self.new_request)
        self.edit_button = QPushButton("修改", self)
        self.edit_button.setObjectName("editRequest")
        self.edit_button.clicked.connect(self.edit_request)
        self.delete_button = QPushButton("删除", self)
        self.delete_button.setObjectName("deleteRequest")
        self.delete_button.clicked.connect(self.delete_request)
        self.action_bar.addSpacing(16)
        for button in (self.new_button, self.edit_button, self.delete_button):
            self.action_bar.addWidget(button)
        self.action_bar.addStretch(1)
        self.ui.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.model.modelReset.connect(self.update_buttons)
        self.ui.table.activated.connect(lambda _index: self.edit_request())
        self.update_buttons()

    def show_queue(self, queue: str | None) -> None:
        """Show one queue (overdue, unfed, reopened …; None: all)."""
        index = self.queue.findData(queue)
        if self.queue.currentIndex() != index:
            self.queue.setCurrentIndex(index)  # calls back here
            return
        self.model.set_filters(**diary_lists.queue_filters(queue))

    def selected_id(self) -> int | None:
        index = self.ui.table.currentIndex()
        rows = self.ui.table.selectionModel().selectedRows()
        if not rows or not index.isValid():
            return None
        return self.model.id_at(index.row())

    def update_buttons(self, *_args) -> None:
        request_id = self.selected_id()
        status = None
        if request_id is not None:
            row = self.model.row_values(self.ui.table.currentIndex().row())
            status = row[self.spec.column("status")] if row else None
        allowed = set(rq.allowed_actions(status)) if status else set()
        for action, button in self.step_buttons.items():
            button.setEnabled(action in allowed)
        self.edit_button.setEnabled(request_id is not None)
        self.delete_button.setEnabled(request_id is not None)
        self.new_button.setEnabled(self.model.village_id is not None)
        self.new_button.setToolTip("登记不是在走访中提出的诉求" if self.model.village_id is not None
                                   else "请先选择一个村")

    def step(self, action: str) -> None:
        request_id = self.selected_id()
        if request_id is None:
            return
        loaded = operations.load_or_say(self, rq.load_request, request_id)
        if loaded is None:
            return
        request, summary = request_summary(request_id)
        values = {"loaded": loaded}
        if action != rq.START:
            dialog = StepDialog(self, action, summary)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values.update(dialog.values())
        operations.run_op(self, rq.advance, request_id, action, changes={Change.REQUESTS},
                          title="诉求办理", **values)

    def new_request(self) -> None:
        households = visits.households_of_village(self.model.village_id)
        if not households:
            QMessageBox.information(self, "登记诉求", "这个村还没有农户")
            return
        dialog = RequestDialog(self, raised_on=datetime.date.today(), title="登记诉求", households=households,
                               check=lambda data: rq.clean_request(data))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            operations.run_op(self, rq.create_request, dialog.value(), changes={Change.REQUESTS},
                              title="登记诉求")

    def edit_request(self) -> None:
        request_id = self.selected_id()
        if request_id is None:
            return
        loaded = operations.load_or_say(self, rq.load_request, request_id)
        if loaded is None:
            return
        data = None
        while True:  # opened again, with the input kept, after someone else saved the request first
            if data is None:
                request, _ = request_summary(request_id)
                data = rq.RequestData(household_id=request.household_id, content=request.content,
                                      category=request.category, raised_on=request.raised_on,
                                      handling=request.handling, department=request.department,
                                      deadline=request.deadline, result=request.result)
            dialog = RequestDialog(self, data, raised_on=data.raised_on or datetime.date.today(), title="修改诉求",
                                   check=lambda value: rq.clean_request(value))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            typed, outcome = dialog.value(), {}
            if operations.run_op(self, rq.update_request, request_id, typed, None, loaded, changes={Change.REQUESTS},
                                 title="修改诉求", on_failure=lambda error, out=outcome: out.update(error=error),
                                 reload=lambda out=outcome: out.update(reload=True)):
                return
            error = outcome.get("error")
            if not isinstance(error, StaleRecord) or error.deleted:
                return
            if outcome.get("reload"):
                loaded, data = rq.load_request(request_id), None
            else:
                data = typed

    def delete_request(self) -> None:
        request_id = self.selected_id()
        if request_id is None:
            return
        loaded = operations.load_or_say(self, rq.load_request, request_id)
        if loaded is None:
            return
        _, summary = request_summary(request_id)
        answer = QMessageBox.question(self, "删除诉求", f"删除这条诉求吗？\n{summary}\n（删除后可在操作记录中查到）")
        if answer == QMessageBox.StandardButton.Yes:
            operations.run_op(self, rq.delete_request, request_id, loaded, changes={Change.REQUESTS},
                              title="删除诉求")


class LastVisitsView(ListTab):
    """Households by days since their last visit: never visited first, then the longest."""

    key = "last_visits"
    spec = diary_lists.LAST_VISITS
    title = "走访间隔"
    search_hint = "搜索：户主姓名、拼音或首字母、电话、门牌号"
    depends = frozenset({Change.VISITS, Change.HOUSEHOLDS, Change.LINKS, Change.MEMBERS, Change.VILLAGES})

    def build_filters(self) -> None:
        hint = QPushButton("记录走访…", self)
        hint.setObjectName("visitFromGap")
        hint.setToolTip("为选中农户的联户党员记录一次走访")
        hint.clicked.connect(self.visit_selected)
        self.add_filter_widget(hint)
        self.on_visit = None  # set by the tab: open the entry form for (member, household)

    def visit_selected(self) -> None:
        index = self.ui.table.currentIndex()
        if not index.isValid() or self.on_visit is None:
            return
        self.on_visit(self.model.id_at(index.row()))

"""A request (诉求): new in a visit, new on its own, or edited; and the steps that move it on.

``RequestDialog`` edits what a request is (category, content, handling,
deadline). ``StepDialog`` asks what a step needs: the day, the result when
finishing, the household's satisfaction when feeding back.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import requests as rq
from lianhu_desktop.domain import vocab
from lianhu_desktop.domain.requests import RequestData
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors

DEFAULT_DAYS = 15  # a deadline offered: two weeks and a day


def _date_edit(parent: QWidget, value: datetime.date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(QDate(value))
    return edit


class RequestDialog(QDialog):
    """The fields of one request. ``value()`` gives the ``RequestData``; with
    ``check`` (a function of it) the dialog refuses to close on a refusal."""

    def __init__(self, parent: QWidget | None, data: RequestData | None = None, *, raised_on: datetime.date,
                 title: str = "诉求", check=None, households: list | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("requestDialog")
        self.check = check
        data = data or RequestData(raised_on=raised_on)
        form = QFormLayout()
        self.household = None
        if households is not None:
            self.household = QComboBox(self)
            self.household.setObjectName("requestHousehold")
            for household in households:
                self.household.addItem(household.label, household.id)
            form.addRow("农户：", self.household)
        self.category = QComboBox(self)
        self.category.setObjectName("requestCategory")
        self.category.setEditable(True)
        self.category.addItems(vocab.REQUEST_CATEGORIES)
        self.category.setCurrentText(data.category or "其他")
        self.category.setToolTip("可从列表选择，也可直接输入新的类别")
        self.content = QPlainTextEdit(self)
        self.content.setObjectName("requestContent")
        self.content.setPlainText(data.content)
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(self.fontMetrics().height() * 4)
        self.raised = _date_edit(self, data.raised_on or raised_on)
        self.raised.setObjectName("requestRaised")
        self.raised.setMaximumDate(QDate.currentDate())
        self.handling = QComboBox(self)
        self.handling.setObjectName("requestHandling")
        self.handling.addItems(vocab.REQUEST_HANDLINGS)
        self.handling.setCurrentText(data.handling)
        self.department = QLineEdit(data.department, self)
        self.department.setObjectName("requestDepartment")
        self.department.setPlaceholderText("转交部门办理时填写，如 镇民政办")
        self.deadline = _date_edit(self, data.deadline or (data.raised_on or raised_on)
                                   + datetime.timedelta(days=DEFAULT_DAYS))
        self.deadline.setObjectName("requestDeadline")
        self.result = QLineEdit(data.result, self)
        self.result.setObjectName("requestResult")
        self.result.setPlaceholderText("当场办结时可写明如何解决")
        form.addRow("类别：", self.category)
        form.addRow("诉求内容：", self.content)
        form.addRow("提出日期：", self.raised)
        form.addRow("办理方式：", self.handling)
        form.addRow("承办部门：", self.department)
        form.addRow("办理时限：", self.deadline)
        form.addRow("办理结果：", self.result)
        self.general = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, {
            "category": self.category, "content": self.content, "raised_on": self.raised,
            "handling": self.handling, "department": self.department, "deadline": self.deadline,
            "result": self.result, "household": self.household or self.general}, self.general)
        self.handling.currentTextChanged.connect(self._handling_changed)
        self._handling_changed(self.handling.currentText())
        self.resize(460, self.sizeHint().height())

    def _handling_changed(self, handling: str) -> None:
        self.department.setEnabled(handling == vocab.HANDED_TO_DEPARTMENT)
        self.deadline.setEnabled(handling != vocab.ON_THE_SPOT)
        self.result.setEnabled(handling == vocab.ON_THE_SPOT)

    def value(self) -> RequestData:
        handling = self.handling.currentText()
        return RequestData(
            household_id=self.household.currentData() if self.household is not None else None,
            content=self.content.toPlainText(), category=self.category.currentText(),
            raised_on=self.raised.date().toPython(), handling=handling,
            department=self.department.text() if handling == vocab.HANDED_TO_DEPARTMENT else "",
            deadline=None if handling == vocab.ON_THE_SPOT else self.deadline.date().toPython(),
            result=self.result.text() if handling == vocab.ON_THE_SPOT else "")

    def accept(self) -> None:
        if self.check is not None:
            try:
                self.check(self.value())
            except ValidationError as error:
                errors = getattr(error, "errors", [error])
                self.errors.show(errors[0].message, errors[0].field)
                return
        super().accept()


class StepDialog(QDialog):
    """What one step of a request needs: its day, and the result or the satisfaction."""

    def __init__(self, parent: QWidget | None, action: str, summary: str):
        super().__init__(parent)
        verb = rq.ACTIONS[action][2]
        self.setWindowTitle(f"诉求{verb}")
        self.setObjectName("requestStepDialog")
        self.action = action
        form = QFormLayout()
        form.addRow(QLabel(summary, self))
        self.day = _date_edit(self, datetime.date.today())
        self.day.setObjectName("stepDay")
        self.day.setMaximumDate(QDate.currentDate())
        form.addRow({rq.FINISH: "办结日期：", rq.FEEDBACK: "反馈日期："}.get(action, "日期："), self.day)
        self.result = QLineEdit(self)
        self.result.setObjectName("stepResult")
        self.satisfaction = QComboBox(self)
        self.satisfaction.setObjectName("stepSatisfaction")
        self.satisfaction.addItems(vocab.SATISFACTIONS)
        if action == rq.FINISH:
            form.addRow("办理结果：", self.result)
        if action == rq.FEEDBACK:
            form.addRow("群众满意度：", self.satisfaction)
            form.addRow(QLabel("选“不满意”时，诉求退回重办。", self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(verb)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def values(self) -> dict:
        return {"on": self.day.date().toPython(), "result": self.result.text(),
                "satisfaction": self.satisfaction.currentText() if self.action == rq.FEEDBACK else ""}

"""A date field that may be left empty (未填), for dates a clerk may not know."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

EMPTY_TEXT = "未填"
# The minimum date stands for "empty" and shows as 未填.
_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A ``QDateEdit`` whose lowest value means "not filled in".

    Empty shows 未填; typing a digit starts a date (from ``start_date``), the
    calendar opens on ``start_date`` when empty, and Delete empties the field.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMinimumDate(_EMPTY)
        self.setMaximumDate(QDate.currentDate())
        self.setSpecialValueText(EMPTY_TEXT)
        self.setDate(_EMPTY)
        self.start_date = datetime.date(1970, 1, 1)
        self.setToolTip("可直接输入，如 1965-03-05；按 Delete 键清空")
        self.calendarWidget().installEventFilter(self)

    def value(self) -> datetime.date | None:
        """The date, or None when empty."""
        if self.is_empty():
            return None
        return self.date().toPython()

    def set_value(self, value: datetime.date | None) -> None:
        self.setDate(QDate(value) if value is not None else _EMPTY)

    def is_empty(self) -> bool:
        return self.date() == _EMPTY

    def clear_value(self) -> None:
        self.setDate(_EMPTY)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.clear_value()
            event.accept()
            return
        if self.is_empty() and event.text().isdigit():
            # Start from a real date and overwrite its year with what is typed.
            self.setDate(QDate(self.start_date))
            self.setCurrentSection(QDateEdit.Section.YearSection)
            self.lineEdit().setSelection(0, 4)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.is_empty():
            start = self.start_date
            self.calendarWidget().setCurrentPage(start.year, start.month)
        return super().eventFilter(watched, event)

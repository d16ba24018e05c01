"""Date fields that take a date the way a clerk types it.

``QDateEdit`` edits a date section by section: typing ``1965-03-05`` into it
stored 1965-01-03, and ``1965年3月5日`` or ``19650305`` could not be typed at
all. These fields are line edits instead: the text is read as a whole by the
same parser as the Excel import (``1965-03-05``, ``1965.3.5``, ``1965/3/5``,
``19650305``, ``1965年3月5日``, full-width digits too), shown back as
``1965-03-05`` when the field is left, and refused with a Chinese reason when
it is not a date: a date other than the one typed is never stored. A date
known only to the month (``1990-07``, ``1990年7月``) stays one: it is a
``MonthDate`` and shows as ``1990-07``, never as 1990-07-01.
A small calendar button beside the text opens a calendar to pick from.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFocusEvent, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel.dates import parse_date

EMPTY_TEXT = "未填"
DISPLAY = "%Y-%m-%d"
EXAMPLES = "1965-03-05、1965.3.5、1965/3/5、19650305 或 1965年3月5日"


def read_date(text: str) -> datetime.date | None:
    """The date in ``text`` (a ``MonthDate`` when only the month is given; None
    when blank); ValidationError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        parsed = parse_date(text)
    except ValidationError as error:
        if str(error).startswith("日期不存在"):
            raise
        raise ValidationError(f"无法识别的日期：{text}（可写成 {EXAMPLES}）") from None
    if parsed is None:
        return None
    if not parsed.day_known:
        return MonthDate.of(parsed.date)
    return parsed.date


def date_text(value: datetime.date) -> str:
    """1965-03-05; a month-only date as 1990-07."""
    return value.month_text() if isinstance(value, MonthDate) else f"{value:{DISPLAY}}"


def _calendar_icon() -> QIcon:
    """A small drawn calendar (no icon font or theme needed)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#55606e"), 2.5))
    painter.drawRoundedRect(QRectF(4, 6, 24, 22), 3, 3)
    painter.fillRect(QRectF(4, 6, 24, 7), QColor("#55606e"))
    painter.drawLine(10, 2, 10, 8)
    painter.drawLine(22, 2, 22, 8)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRectF(8 + column * 6.5, 16 + row * 6, 3.5, 3.5), QColor("#55606e"))
    painter.end()
    return QIcon(pixmap)


class _CalendarPopup(QWidget):
    """The calendar under a date field; a click picks the day and closes it."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget):
        super().__init__(parent, Qt.WindowType.Popup)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def _picked(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(day)


class DateEdit(QLineEdit):
    """A date typed as text (see the module docstring), required by default.

    ``value()`` is the date (None when empty and ``optional``); it raises a
    ``ValidationError`` carrying ``field`` when the text is not one whole date
    or lies outside ``minimumDate()``…``maximumDate()``.
    """

    #: The date now shown, None when empty or not (yet) a whole date.
    dateChanged = Signal(object)

    optional = False
    #: Whether a date known only to the month is accepted (else 请写到日).
    months = False

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.field: str | None = None
        self.start_date = datetime.date(1970, 1, 1)
        self._minimum = datetime.date(1900, 1, 1)
        self._maximum: datetime.date | None = None
        self._last: datetime.date | None = None
        self.setMaxLength(24)
        self.setPlaceholderText(EMPTY_TEXT if self.optional else "如 1965-03-05")
        tip = f"可直接输入，如 {EXAMPLES}；也可点右侧日历选择"
        self.setToolTip(tip + ("；清空表示未填" if self.optional else ""))
        self._popup: _CalendarPopup | None = None
        self.calendar_action = QAction(_calendar_icon(), "选择日期", self)
        self.calendar_action.setObjectName("calendarAction")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self._tidy)

    # ------------------------------------------------------------ value

    def value(self) -> datetime.date | None:
        """The date typed; None when empty (optional fields only)."""
        try:
            day = read_date(self.text())
        except ValidationError as error:
            raise ValidationError(str(error), field=self.field) from None
        if day is None:
            if self.optional:
                return None
            raise ValidationError("请填写日期", field=self.field)
        if isinstance(day, MonthDate) and not self.months:
            raise ValidationError(f"请写到日：{self.text().strip()}（如 {day.month_text()}-05）", field=self.field)
        if day < self._minimum:
            raise ValidationError(f"日期不能早于 {self._minimum:{DISPLAY}}：{day:{DISPLAY}}",
                                  field=self.field)
        if self._maximum is not None and day > self._maximum:
            latest = "今天" if self._maximum == datetime.date.today() else f"{self._maximum:{DISPLAY}}"
            raise ValidationError(f"日期不能晚于{latest}：{day:{DISPLAY}}", field=self.field)
        return day

    def set_value(self, value: datetime.date | None) -> None:
        self.setText(date_text(value) if value is not None else "")

    def is_empty(self) -> bool:
        return not self.text().strip()

    def clear_value(self) -> None:
        self.clear()

    # QDateEdit's names, for callers written against it.
    def date(self) -> QDate:
        value = self.value()
        return QDate(value) if value is not None else QDate()

    def setDate(self, value: QDate) -> None:  # noqa: N802 - Qt's name
        self.set_value(value.toPython() if value.isValid() else None)

    def setMinimumDate(self, value: QDate) -> None:  # noqa: N802
        self._minimum = value.toPython()

    def setMaximumDate(self, value: QDate) -> None:  # noqa: N802
        self._maximum = value.toPython()

    def minimumDate(self) -> QDate:  # noqa: N802
        return QDate(self._minimum)

    def maximumDate(self) -> QDate:  # noqa: N802
        return QDate(self._maximum) if self._maximum is not None else QDate(2100, 12, 31)

    # ------------------------------------------------------------ behaviour

    def _current(self) -> datetime.date | None:
        try:
            return read_date(self.text())
        except ValidationError:
            return None

    def _text_changed(self, _text: str) -> None:
        current = self._current()
        if current != self._last:
            self._last = current
            self.dateChanged.emit(current)

    def _tidy(self) -> None:
        """Show a whole date the one way (1965.3.5 → 1965-03-05) once typed."""
        current = self._current()
        if current is not None and self.text() != date_text(current):
            self.set_value(current)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._tidy()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    def calendar(self) -> QCalendarWidget:
        """The popup's calendar (made on first use)."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._calendar_picked)
        return self._popup.calendar

    def show_calendar(self) -> None:
        """Open the calendar on the date typed, else on ``start_date`` (or today)."""
        calendar = self.calendar()
        calendar.setMinimumDate(QDate(self._minimum))
        calendar.setMaximumDate(self.maximumDate())
        current = self._current()
        if current is not None:
            calendar.setSelectedDate(QDate(current))
        else:
            start = self.start_date if self.optional else datetime.date.today()
            if self._maximum is not None and start > self._maximum:
                start = self._maximum
            calendar.setSelectedDate(QDate(start))
        popup = self._popup
        popup.adjustSize()
        where = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            where.setX(max(screen.left(), min(where.x(), screen.right() - popup.width())))
            if where.y() + popup.height() > screen.bottom():
                where.setY(self.mapToGlobal(QPoint(0, 0)).y() - popup.height())
        popup.move(where)
        popup.show()
        calendar.setFocus()

    def _calendar_picked(self, day: QDate) -> None:
        self.set_value(day.toPython())
        self.setFocus()
        self.editingFinished.emit()


class OptionalDateEdit(DateEdit):
    """A date a clerk may not know (empty means 未填), or know only to the month."""

    optional = True
    months = True

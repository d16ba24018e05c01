"""Dialog widgets bound to an entity's fields (``domain.fields``).

Each field names the widget that edits it (its objectName in the .ui form);
``Binding`` shows a data class in those widgets and reads it back, by the
widget's type, so a new field needs its registry entry and its widget in
the form, not new lines in the dialog. A field whose widget is not a plain
one (a group of check boxes, a searchable combo) is bound by the dialog
with a (getter, setter) pair.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from lianhu_desktop.domain.fields import REF, Entity, Field
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit


def select_data(combo: QComboBox, value) -> None:
    """Select the item whose data is ``value`` (none when absent, the first for None)."""
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else (0 if value is None and combo.count() else -1))


def limit_length(widget: QWidget, limit: int) -> None:
    """Type no more than ``limit`` characters (``domain.limits``, as the import
    refuses): a line edit's maxLength; a text box cut back to the limit, as a
    line edit cuts a paste."""
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(limit)
    elif isinstance(widget, QPlainTextEdit):
        def cut() -> None:
            text = widget.toPlainText()
            if len(text) > limit:
                cursor = widget.textCursor()
                position = min(cursor.position(), limit)
                widget.setPlainText(text[:limit])
                cursor = widget.textCursor()
                cursor.setPosition(position)
                widget.setTextCursor(cursor)

        widget.textChanged.connect(cut)
        widget.setProperty("maxLength", limit)


class Binding:
    """Shows and reads an entity's data fields in a form's widgets."""

    def __init__(self, entity: Entity, ui, custom: dict | None = None):
        self.entity = entity
        self.custom = custom or {}
        self.widgets: dict[str, QWidget] = {key: getattr(ui, name) for key, name in entity.widgets().items()}
        self._loaded: dict[str, object] = {}
        for spec in entity.data_fields:
            widget = self.widgets.get(spec.data_key)
            if spec.max_length and widget is not None:
                limit_length(widget, spec.max_length)

    def fields(self) -> dict[str, QWidget]:
        """data_key → widget, for showing a refusal at its field."""
        return dict(self.widgets)

    def show(self, data) -> None:
        """Show ``data`` (the entity's data class) in the widgets."""
        values = vars(data) if not isinstance(data, dict) else data
        for spec in self.entity.data_fields:
            if spec.data_key not in self.widgets:
                continue
            value = values.get(spec.data_key)
            if spec.data_key in self.custom:
                self.custom[spec.data_key][1](value)
            else:
                self._set(spec, self.widgets[spec.data_key], value, values)

    def values(self) -> dict:
        """What the widgets say now, by data_key."""
        result = {}
        for spec in self.entity.data_fields:
            if spec.data_key not in self.widgets:
                continue
            if spec.data_key in self.custom:
                result[spec.data_key] = self.custom[spec.data_key][0]()
            else:
                result[spec.data_key] = self._get(spec, self.widgets[spec.data_key])
        return result

    # ------------------------------------------------------------ by widget type

    def _set(self, spec: Field, widget: QWidget, value, values: dict) -> None:
        if isinstance(widget, OptionalDateEdit):
            self._loaded[spec.data_key] = value
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            if widget.findData(value) < 0 and spec.default != "" and value in ("", None):
                default = spec.default(values) if callable(spec.default) else spec.default
                value = default
            select_data(widget, value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QSpinBox):
            try:
                widget.setValue(int(value) if value not in (None, "") else widget.minimum())
            except (TypeError, ValueError):
                widget.setValue(widget.minimum())
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        else:
            raise TypeError(f"no binding for {type(widget).__name__} ({spec.key})")

    def _get(self, spec: Field, widget: QWidget):
        if isinstance(widget, OptionalDateEdit):
            value = widget.value()
            loaded = self._loaded.get(spec.data_key)
            # A month-only date stays one while the clerk leaves it as shown.
            if isinstance(loaded, MonthDate) and value == datetime.date(loaded.year, loaded.month, 1):
                return loaded
            return value
        if isinstance(widget, QComboBox):
            value = widget.currentData()
            return value if value is not None or spec.kind == REF else ""
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QLineEdit):
            return widget.text()
        raise TypeError(f"no binding for {type(widget).__name__} ({spec.key})")

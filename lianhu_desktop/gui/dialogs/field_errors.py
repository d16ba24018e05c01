"""Refusals shown at the field: a red frame, the Chinese reason under it, the cursor there.

Dialogs map the ``field`` of a ``ValidationError`` to their widgets; a
message for a field the dialog does not show goes to a general label.

A dense form (the member dialog) uses ``overlay=True``: the message floats
just under the field, over the row below, and the general label keeps its
place when empty, so nothing in the dialog moves when a refusal appears.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox, QCheckBox, QComboBox, QFormLayout, QLabel, QLayout, QLineEdit, QPlainTextEdit,
    QWidget,
)

ERROR_COLOR = "#b3261e"
HINT_STYLE = "color: #55606e;"
OVERLAY_STYLE = (f"color: {ERROR_COLOR}; background: #fff8f7; border: 1px solid {ERROR_COLOR};"
                 " border-radius: 3px; padding: 2px 4px;")


def _contains(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return True
        if item.layout() is not None and _contains(item.layout(), widget):
            return True
    return False


class FieldErrors:
    """Shows one refusal at a time under the field it concerns."""

    def __init__(self, owner: QWidget, fields: dict[str, QWidget], fallback: QLabel, *,
                 overlay: bool = False):
        self.owner = owner
        self.fields = fields
        self.fallback = fallback
        self.overlay = overlay
        self.fallback.setStyleSheet(f"color: {ERROR_COLOR};")
        if overlay:
            policy = self.fallback.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.fallback.setSizePolicy(policy)
            self.fallback.setMinimumHeight(self.fallback.fontMetrics().height() * 2 + 4)
        self.fallback.hide()
        self._labels: dict[int, tuple[QFormLayout | None, QLabel]] = {}
        self._hint_field: str | None = None  # overlay mode: the field the general label notes
        self._marked: QWidget | None = None
        for widget in set(fields.values()):
            self._watch(widget)

    def show(self, message: str, field: str | None = None, *, select: bool = True) -> QWidget | None:
        """Show ``message`` at ``field``'s widget (or in the general label); focus it
        (and select its text unless ``select`` is False: the user is still typing)."""
        self.clear()
        widget = self.fields.get(field or "")
        placed = self._label_for(widget) if widget is not None else None
        if placed is None:
            self._hint_field = None
            self.fallback.setStyleSheet(f"color: {ERROR_COLOR};")
            self.fallback.setText(message)
            self.fallback.show()
        else:
            self._show_label(placed, widget, message)
        if widget is not None:
            self._marked = widget
            if not isinstance(widget, QCheckBox):
                widget.setStyleSheet(_frame_for(widget))
            widget.setFocus()
            if select and isinstance(widget, QLineEdit):
                widget.selectAll()
        return widget

    def hint(self, field: str, message: str) -> None:
        """A calm (grey) note under a field, e.g. what was filled in from the ID number.

        In overlay mode the note goes to the general label: a lasting note must
        not cover the row below."""
        if self.overlay:
            if message:
                self.fallback.setStyleSheet(HINT_STYLE)
                self.fallback.setText(message)
                self.fallback.show()
                self._hint_field = field
            elif self._hint_field == field:
                self.fallback.hide()
                self._hint_field = None
            return
        widget = self.fields.get(field)
        placed = self._label_for(widget) if widget is not None else None
        if placed is None:
            return
        placed[1].setStyleSheet("color: #55606e;")
        if message:
            self._show_label(placed, widget, message)
        else:
            placed[0].setRowVisible(placed[1], False)

    def message(self, field: str | None = None) -> str:
        """The text shown under ``field`` now ('' when none); without ``field``,
        whatever refusal is shown (at a field or in the general label)."""
        if self._hint_field is not None and field == self._hint_field and self.fallback.isVisibleTo(self.owner):
            return self.fallback.text()
        if field is None:
            if self.fallback.isVisibleTo(self.owner):
                return self.fallback.text()
            widget = self._marked
        else:
            widget = self.fields.get(field)
        placed = self._labels.get(id(widget)) if widget is not None else None
        if placed is None or not placed[1].isVisibleTo(self.owner):
            return ""
        return placed[1].text()

    @property
    def marked(self) -> QWidget | None:
        """The field framed in red now, if any."""
        return self._marked

    def label(self, field: str) -> QLabel | None:
        """The message label under ``field``'s row, once one was shown there."""
        widget = self.fields.get(field)
        placed = self._labels.get(id(widget)) if widget is not None else None
        return placed[1] if placed is not None else None

    def clear(self) -> None:
        if self._hint_field is None:
            self.fallback.hide()
        for form, label in self._labels.values():
            if form is None:
                label.hide()
            else:
                form.setRowVisible(label, False)
        if self._marked is not None:
            self._marked.setStyleSheet("")
            self._marked = None

    # ------------------------------------------------------------ inner

    def _show_label(self, placed: tuple[QFormLayout | None, QLabel], widget: QWidget, message: str) -> None:
        form, label = placed
        label.setText(message)
        if form is None:  # overlay: float under the field, over the row below
            width = max(widget.width(), 200)
            label.setFixedWidth(width)
            label.setFixedHeight(label.heightForWidth(width))
            corner = widget.mapTo(self.owner, widget.rect().bottomLeft())
            label.move(corner.x(), corner.y() + 1)
            label.raise_()
            label.show()
            return
        # Layouts do not ask a wrapped label for its height in the dialog's
        # minimum size: reserve the lines it needs at the field's width.
        label.setMinimumHeight(label.heightForWidth(max(widget.width(), 200)))
        form.setRowVisible(label, True)

    def _label_for(self, widget: QWidget) -> tuple[QFormLayout, QLabel] | None:
        """The message label under ``widget``'s form row, made on first use."""
        key = id(widget)
        if key in self._labels:
            form, label = self._labels[key]
            label.setStyleSheet(OVERLAY_STYLE if form is None else f"color: {ERROR_COLOR};")
            return self._labels[key]
        if self.overlay:
            label = QLabel(self.owner)
            label.setWordWrap(True)
            label.setStyleSheet(OVERLAY_STYLE)
            label.hide()
            self._labels[key] = (None, label)
            return self._labels[key]
        for form in self.owner.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                if item is None:
                    continue
                if item.widget() is widget or (item.layout() is not None
                                               and _contains(item.layout(), widget)):
                    label = QLabel(self.owner)
                    label.setWordWrap(True)
                    label.setStyleSheet(f"color: {ERROR_COLOR};")
                    form.insertRow(row + 1, "", label)
                    form.setRowVisible(label, False)
                    self._labels[key] = (form, label)
                    return form, label
        return None

    def _watch(self, widget: QWidget) -> None:
        """Editing the marked field takes its refusal away."""
        def changed(*_args, w=widget) -> None:
            if self._marked is w:
                self.clear()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)
            if widget.isEditable():
                widget.editTextChanged.connect(changed)
        elif isinstance(widget, QAbstractSpinBox) and hasattr(widget, "dateChanged"):
            widget.dateChanged.connect(changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(changed)


def _frame_for(widget: QWidget) -> str:
    """A red frame for ``widget`` only (not for the popups it owns)."""
    base = next((cls for cls in ("QLineEdit", "QComboBox", "QDateEdit", "QPlainTextEdit")
                 if widget.inherits(cls)), type(widget).__name__)
    return (f"{base}{{border: 1px solid {ERROR_COLOR}; border-radius: 3px;"
            " padding: 2px 3px; background: #fff8f7;}")

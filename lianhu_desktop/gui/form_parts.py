"""Small widgets the branch-work and appraisal dialogs and views build alike.

The red line a refused save explains itself in, the 保存 / 取消 buttons of a
form dialog, and the year box of a view or a form.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSpinBox, QWidget

ERROR_STYLE = "color: #b3261e;"


def error_label(parent: QWidget, name: str = "") -> QLabel:
    """A hidden, wrapping red label for the reasons a save was refused."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def save_buttons(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    """保存 (calls ``save``, which accepts the dialog once saved) and 取消."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                               dialog)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def year_spin(parent: QWidget, name: str, year: int, on_change: Callable[[], None] | None = None) -> QSpinBox:
    """A year box (2000–2100, shown as “2026 年”)."""
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(2000, 2100)
    box.setSuffix(" 年")
    box.setValue(year)
    if on_change is not None:
        box.valueChanged.connect(on_change)
    return box

"""A small warning beside a name field when the name holds a character no bundled font has.

Such a character shows and prints blank (on plates, cards, handbooks). The
check is ``reports.fonts.unprintable_characters``; the warning does not
block saving: the name may still be right, the clerk is told it will not print.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit

# Characters every bundled font setup has: no need to load the fonts to check them.
_COMMON = {*range(0x20, 0x7F), *range(0x4E00, 0x9FA6), 0x00B7, 0x3000, 0x3001, 0x3002}


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` that would print blank (see ``reports.fonts``)."""
    if all(ord(char) in _COMMON for char in text):
        return []
    from lianhu_desktop.reports.fonts import unprintable_characters

    return unprintable_characters(text)


def warn_unprintable(edit: QLineEdit) -> QLabel:
    """Put a warning label beside ``edit`` (same row, so the dialog does not jump) and keep it current."""
    label = QLabel(edit.parentWidget())
    label.setObjectName(f"{edit.objectName()}Unprintable")
    label.setStyleSheet("color: #B26A00;")
    label.setWordWrap(False)
    label.hide()
    _beside(edit, label)

    def update(text: str) -> None:
        missing = unprintable(text)
        if missing:
            chars = "".join(missing)
            # The character itself would show as an empty box: name it by its code.
            codes = "、".join(f"U+{ord(char):04X}" for char in missing)
            label.setText(f"⚠ 有字无法打印（{codes}）")
            label.setToolTip(f"“{chars}”（{codes}）不在程序自带的字体中，联户牌、名片等打印件上会显示为空白。"
                             "可以保存；如是录入错误请改正，如确为本名用字，打印后请手写补上。")
        label.setVisible(bool(missing))

    edit.textChanged.connect(update)
    update(edit.text())
    return label


def _holding(layout, widget):
    """The layout, among ``layout`` and those nested in it, that holds ``widget`` directly."""
    if layout is None:
        return None
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return layout
        found = _holding(item.layout(), widget)
        if found is not None:
            return found
    return None


def _beside(edit: QLineEdit, label: QLabel) -> None:
    parent = edit.parentWidget()
    top = parent.layout() if parent is not None else None
    layout = _holding(top, edit) or top
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    if isinstance(layout, QFormLayout):
        index, role = layout.getWidgetPosition(edit)
        if index >= 0:
            layout.removeWidget(edit)
            row.addWidget(edit, 1)
            row.addWidget(label)
            layout.setLayout(index, role, row)
            return
    if isinstance(layout, QGridLayout):
        index = layout.indexOf(edit)
        if index >= 0:
            position = layout.getItemPosition(index)
            layout.removeWidget(edit)
            row.addWidget(edit, 1)
            row.addWidget(label)
            layout.addLayout(row, *position)
            return
    # Elsewhere: let the label float right after the field's parent layout.
    if layout is not None:
        layout.addWidget(label)

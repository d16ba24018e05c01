"""The dialogs take the same length limits as the import (``domain.limits``), and
the member dialog's 转正日期 / 预备期 row."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from lianhu_desktop.domain import fields, limits


@pytest.mark.parametrize("which", ["member", "household"])
def test_dialog_widgets_take_the_registrys_limits(app, qtbot, village, which):
    if which == "member":
        from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog as Dialog
        entity = fields.MEMBER
    else:
        from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog as Dialog
        entity = fields.HOUSEHOLD
    dialog = Dialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    checked = 0
    for spec in entity.data_fields:
        widget = getattr(dialog.ui, spec.widget, None) if spec.widget else None
        if not spec.max_length or widget is None:
            continue
        if isinstance(widget, QLineEdit):
            assert widget.maxLength() == spec.max_length, spec.key
            widget.setText("长" * (spec.max_length + 10))
            assert len(widget.text()) == spec.max_length
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("长" * (spec.max_length + 10))
            assert len(widget.toPlainText()) == spec.max_length == limits.NOTES_MAX
        checked += 1
    names = {"member": "name", "household": "head_name"}[which]
    assert entity.field(names).max_length == limits.NAME_MAX and checked >= 4


def test_member_dialog_confirm_date_and_probation(app, qtbot, village):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = MemberDialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    ui.membership.setCurrentIndex(ui.membership.findData("正式党员"))
    assert ui.confirmDate.isVisible() and not ui.probationInfo.isVisible()
    join = datetime.date.today() - datetime.timedelta(days=400)
    ui.joinDate.set_value(join)
    ui.membership.setCurrentIndex(ui.membership.findData("预备党员"))
    assert not ui.confirmDate.isVisible() and ui.probationInfo.isVisible()
    assert "已满，尚未转正" in ui.probationInfo.text()

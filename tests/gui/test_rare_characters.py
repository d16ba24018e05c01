"""Rare characters of names: shown through the bundled fallback fonts, warned of when no font has them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics

RARE = "𠮷"  # CJK Extension B: only in the fallback font
NO_FONT = "\U00030000"  # CJK Extension G: in no bundled font


def test_the_application_font_falls_back_to_hanamin(app):
    families = app.font().families()
    assert families[0].startswith("WenQuanYi") and {"HanaMinA", "HanaMinB"} <= set(families[1:])
    assert QFontMetrics(app.font()).inFontUcs4(ord(RARE))


@pytest.fixture
def member_dialog(app, qtbot, village):
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    dialog = MemberDialog(None, village_id=village.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, dialog.ui.name


@pytest.fixture
def household_dialog(app, qtbot, filled_db):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog
    from lianhu_desktop.store.models import Village

    dialog = HouseholdDialog(None, village_id=Village.select().first().id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, dialog.ui.headName


@pytest.mark.parametrize("which", ["member_dialog", "household_dialog"])
def test_a_name_no_font_can_print_is_warned_of_beside_the_field(request, which, tmp_path):
    dialog, edit = request.getfixturevalue(which)
    warning = dialog.name_warning
    size = dialog.size()
    edit.setText(f"{RARE}田春")
    assert warning.isHidden()  # the fallback font prints it
    dialog.grab().save(str(tmp_path / f"{which}-rare.png"))
    edit.setText(f"张{NO_FONT}")
    assert warning.isVisible() and "U+30000" in warning.text() and "无法打印" in warning.text()
    assert abs(warning.geometry().center().y() - edit.geometry().center().y()) <= 2  # beside, same row
    assert dialog.size() == size  # nothing jumps
    dialog.grab().save(str(tmp_path / f"{which}.png"))
    edit.setText("王建国")
    assert warning.isHidden()

"""Small screens: every window and dialog opens inside the available screen and can be maximised."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from lianhu_desktop.gui import screens

# 1024×768 and 1366×768 screens, each with a 40-pixel taskbar at the bottom.
AREAS = {"1024x768": QRect(0, 0, 1024, 728), "1366x768": QRect(0, 0, 1366, 728)}


@pytest.fixture(params=sorted(AREAS))
def area(request, monkeypatch):
    rect = AREAS[request.param]
    monkeypatch.setattr(screens, "available_geometry", lambda _widget: rect)
    return rect


def assert_fits(widget, area: QRect) -> None:
    assert area.contains(widget.geometry()), (type(widget).__name__, widget.geometry(), area)
    hint = widget.minimumSizeHint()
    # Nothing is clipped: what the layout needs fits the screen.
    assert hint.width() <= area.width() and hint.height() <= area.height(), (type(widget).__name__, hint)


def test_main_window_fits(area, window):
    assert_fits(window, area)
    assert window.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    window.showMaximized()
    assert window.isMaximized()


def test_print_center_fits_and_can_be_maximised(area, window):
    from lianhu_desktop.gui.print_center import open_print_center

    dialog = open_print_center(window)
    assert_fits(dialog, area)
    assert dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    dialog.close()


@pytest.mark.parametrize("name", ["member", "household", "statistics", "organisation", "villages", "wizard"])
def test_dialogs_fit(area, window, qtbot, name):
    village = window.current_village_id() or window.village_combo.itemData(1)
    if name == "member":
        from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog
        dialog = MemberDialog(window, village_id=village)
    elif name == "household":
        from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog
        dialog = HouseholdDialog(window, village_id=village)
    elif name == "statistics":
        from lianhu_desktop.gui.statistics_view import StatisticsDialog
        dialog = StatisticsDialog(window)
    elif name == "organisation":
        from lianhu_desktop.gui.organisation_dialog import OrganisationDialog
        dialog = OrganisationDialog(window, village)
    elif name == "villages":
        from lianhu_desktop.gui.village_admin import VillagesDialog
        dialog = VillagesDialog(window, village)
    else:
        from lianhu_desktop.gui.import_wizard import ImportWizard
        dialog = ImportWizard(window, kind="roster")
    qtbot.addWidget(dialog)
    dialog.show()
    assert_fits(dialog, area)
    assert dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    dialog.close()


def test_a_window_remembered_from_a_bigger_screen_opens_inside(area, window, db_path, settings, qtbot):
    from lianhu_desktop.gui.main_window import MainWindow

    window.setGeometry(300, 200, 1600, 1000)  # as last closed on a big screen
    window.save_settings()
    again = MainWindow(db_path, settings)
    qtbot.addWidget(again)
    again.show()
    assert area.contains(again.geometry()), again.geometry()


def test_a_window_restored_off_screen_comes_back(area, window):
    window.move(area.right() - 100, area.bottom() - 50)
    window.hide()
    window.show()
    assert area.contains(window.geometry())

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


def test_every_tab_and_view_fits_a_1024_screen_with_the_longest_township_texts(window, qtbot):
    """What a tab needs must not widen the window past a 1024-pixel screen: the filter rows with
    every filter, and the township's 走访情况 summary (longest while the township is counted)."""
    window.village_combo.setCurrentIndex(0)  # 全部村
    tabs = window.ui.tabs
    visits = window.tab("visits")
    long_summary = ("正在统计全乡镇的走访情况，先显示李家庄村：应走访 50544 户，已走访 45323 户，未走访 5221 户，"
                    "走访率 89.7%；有未走访农户的党员 1273 名；结对帮扶 240 户，已走访 223 户")
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        tab = tabs.widget(index)
        bar = getattr(tab, "view_bar", None)
        for view in range(bar.count() if bar is not None else 1):
            if bar is not None:
                bar.setCurrentIndex(view)
            if tab is visits:
                visits.compliance_view.summary.setText(long_summary)
            qtbot.wait(20)
            width = window.minimumSizeHint().width()
            shown = tabs.tabText(index) + (" · " + bar.tabText(view) if bar is not None else "")
            assert width <= 1024, (shown, width)


def test_the_fitter_pauses_while_windows_are_built_and_comes_back(area, window, qtbot):
    """``fitter_paused`` (building the main window and its tabs): inside the block the
    fitter watches nothing (a dialog shown there keeps its size, which no code of the
    program does), nested blocks keep it paused, and after the block a dialog is fitted."""
    from PySide6.QtWidgets import QDialog

    dialogs = []
    for _ in range(2):
        dialog = QDialog(window)
        dialog.resize(3000, 2000)
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
    with screens.fitter_paused():
        with screens.fitter_paused():
            pass
        dialogs[0].show()
        assert dialogs[0].width() == 3000  # not fitted: the fitter was not watching
    dialogs[1].show()
    assert area.contains(dialogs[1].geometry()), dialogs[1].geometry()
